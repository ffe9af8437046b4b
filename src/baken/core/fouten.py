"""Errors a service raises when a request cannot be carried out; views turn them into 4xx."""

import uuid

from django.http import Http404


class ServiceFout(Exception):
    """Bad or conflicting input. `bericht` is shown to the user as it is (Dutch, B1)."""

    http_status = 400

    def __init__(self, bericht: str, *, veld: str | None = None) -> None:
        super().__init__(bericht)
        self.bericht = bericht
        self.veld = veld


class Conflict(ServiceFout):
    """The request does not fit the current state (for example a forbidden status step)."""

    http_status = 409


def uuid_of_404(waarde: object) -> uuid.UUID:
    """An id from a URL or form as a UUID; anything else is an object that does not exist."""
    try:
        return waarde if isinstance(waarde, uuid.UUID) else uuid.UUID(str(waarde))
    except (TypeError, ValueError, AttributeError):
        raise Http404 from None
