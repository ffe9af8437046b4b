"""Settings for `make bench`: the project's own settings module plus three bench overrides.

The base module is whatever DJANGO_SETTINGS_MODULE was when `bench/run.py` started (the
Makefile passes `baken.config.settings.test`). Only three things change:

* ROOT_URLCONF points at `bench_urls`, which mounts the project's URLconf unchanged and adds
  the bench views (bare insert, plain intake and worklist), so every path goes through the
  same resolver and middleware.
* INSTALLED_APPS gains `bench_plain`, the unencrypted, unlogged mirror of the signal models
  that the privacy phase compares against (no migrations: its tables are created by that
  phase; the other phases never touch them).
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
INSTALLED_APPS = [*_basis.INSTALLED_APPS, "bench_plain"]
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
