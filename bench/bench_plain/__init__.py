"""A bench-only Django app: `Signaal`, `Betrokkene` and `Gebeurtenis` with plain fields.

Only `bench/bench_settings.py` installs it; it has no migrations (its tables are created with
`schema_editor.create_model` when the privacy phase starts), so it never reaches `src/`, the
project's migrations or `makemigrations --check`. It is the baseline of the privacy overhead
figures: the same intake and worklist work, without encryption and without audit logging.
"""
