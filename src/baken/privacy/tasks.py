"""Background work of the privacy app, run by the task worker (`manage.py db_worker`)."""

from datetime import date
from typing import Any

from django_tasks import task


@task()
def bewaartermijnen_toepassen(peildatum: str | None = None) -> dict[str, Any]:
    """Apply the retention rules (see `baken.privacy.bewaren`); returns counts, no personal data."""
    from baken.privacy.bewaren import toepassen

    return toepassen(date.fromisoformat(peildatum) if peildatum else None).als_dict()
