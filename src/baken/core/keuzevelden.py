"""Form fields shared by the apps."""

from typing import Any

from django import forms

# What a 64-bit signed integer column can hold (SQLite and PostgreSQL bigint alike).
GROOTSTE_ID = 2**63 - 1


class MeervoudigeKeuze(forms.ModelMultipleChoiceField):
    """A multiple choice of objects by integer id that refuses an id outside 64 bits as an
    invalid value. Django's own field hands such a number to the database driver, and
    SQLite's raises OverflowError (a 500) where a wrong choice must be a 400."""

    def _check_values(self, value: Any) -> Any:
        for pk in value:
            try:
                getal = int(str(pk))
            except ValueError:
                continue  # not a number at all: Django's own check names it
            if not -GROOTSTE_ID - 1 <= getal <= GROOTSTE_ID:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)  # type: ignore[misc]
