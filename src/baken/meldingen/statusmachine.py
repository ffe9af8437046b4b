"""The one status machine of a signal (design.md §4): an explicit table with a reason per edge."""

from baken.meldingen.models import Status

# (from, to) -> why this step exists. Anything not in the table is forbidden.
OVERGANGEN: dict[tuple[str, str], str] = {
    (Status.CONCEPT, Status.GEMELD): "De melder dient het signaal in.",
    (Status.GEMELD, Status.IN_WEGING): "De aandachtsfunctionaris begint met wegen.",
    (Status.IN_WEGING, Status.DOORGEZET): "Doorgezet naar een of meer ketenpartners.",
    (Status.IN_WEGING, Status.INTERN_OPGEPAKT): "De gemeente pakt het signaal zelf op.",
    (Status.IN_WEGING, Status.MONITOREN): "Het signaal wordt in de gaten gehouden.",
    (Status.IN_WEGING, Status.AFGESLOTEN): "Na weging is geen actie nodig.",
    (Status.DOORGEZET, Status.AFGESLOTEN): "De opvolging is klaar.",
    (Status.INTERN_OPGEPAKT, Status.AFGESLOTEN): "De interne actie is klaar.",
    (Status.MONITOREN, Status.AFGESLOTEN): "Monitoren is gestopt.",
    (Status.AFGESLOTEN, Status.HEROPEND): "Er is nieuwe informatie; het signaal gaat weer open.",
    (Status.HEROPEND, Status.IN_WEGING): "De aandachtsfunctionaris weegt opnieuw.",
}


class OvergangNietToegestaan(Exception):
    def __init__(self, van: str, naar: str) -> None:
        self.van, self.naar = van, naar
        toegestaan = ", ".join(Status(n).label.lower() for n in volgende_statussen(van))
        super().__init__(
            f"Een signaal met status '{Status(van).label.lower()}' kan niet naar "
            f"'{Status(naar).label.lower()}'. "
            + (f"Wel mogelijk: {toegestaan}." if toegestaan else "Er is geen volgende stap.")
        )


def volgende_statussen(van: str) -> list[str]:
    return [naar for (v, naar) in OVERGANGEN if v == van]


def controleer_overgang(van: str, naar: str) -> str:
    """Return the reason for the step, or raise with a message the user can act on."""
    try:
        return OVERGANGEN[(van, naar)]
    except KeyError:
        raise OvergangNietToegestaan(van, naar) from None
