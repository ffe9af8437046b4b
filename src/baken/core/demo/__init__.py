"""The Noord-Holland demo: accounts for every role and about 200 synthetic signals.

All people, companies and identifiers are fictional; the identifiers are valid (checksums,
formats) so the demo exercises the same validation and matching as real use.
"""

from baken.core.demo.laden import DemoResultaat, demo_laden

__all__ = ["DemoResultaat", "demo_laden"]
