"""Settings for `make bench`: the project's own settings module plus two bench overrides.

The base module is whatever DJANGO_SETTINGS_MODULE was when `bench/run.py` started (the
Makefile passes `baken.config.settings.test`). Only two things change:

* ROOT_URLCONF points at `bench_urls`, which mounts the project's URLconf unchanged and adds
  the bare-insert view, so both intake paths go through the same resolver and middleware.
* TASKS uses the database queue (as in production) instead of the test settings' immediate
  backend: a submission queues its notification, a separate worker would send it.

The database (DATABASE_URL) and BAKEN_VAR_DIR are set by `benchlib.django_opzetten` to a
throwaway temp dir before this module is imported.
"""

import importlib
import os

_basis = importlib.import_module(os.environ["BAKEN_BENCH_BASIS_SETTINGS"])
globals().update({naam: waarde for naam, waarde in vars(_basis).items() if naam.isupper()})

ROOT_URLCONF = "bench_urls"
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
