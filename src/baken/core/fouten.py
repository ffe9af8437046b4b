"""Errors a service raises when a request cannot be carried out; views turn them into 4xx."""


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
