"""Security test suite (issue 3). A package so the test modules can import the shared helpers
from conftest.py."""
