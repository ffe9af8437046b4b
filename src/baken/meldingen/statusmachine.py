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


# Steps of the table that belong to their own action, so that each leaves its own record:
# forwarding leaves a referral, a decision after weighing leaves a motivated Weging.
VIA_EIGEN_ACTIE: dict[tuple[str, str], str] = {
    (Status.IN_WEGING, Status.DOORGEZET): (
        "Zet het signaal door via 'Doorzetten': dan is vastgelegd aan wie, waarom en wat."
    ),
    (Status.IN_WEGING, Status.INTERN_OPGEPAKT): (
        "Leg een weging vast met het besluit 'Intern oppakken'; dan staat de motivatie erbij."
    ),
    (Status.IN_WEGING, Status.MONITOREN): (
        "Leg een weging vast met het besluit 'Monitoren'; dan staat de motivatie erbij."
    ),
    (Status.IN_WEGING, Status.AFGESLOTEN): (
        "Leg een weging vast met het besluit 'Geen actie'; dan staat de motivatie erbij."
    ),
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


def handmatige_stappen(van: str) -> list[str]:
    """The next statuses an AF can choose directly (the rest go through their own action)."""
    return [naar for naar in volgende_statussen(van) if (van, naar) not in VIA_EIGEN_ACTIE]


def controleer_overgang(van: str, naar: str) -> str:
    """Return the reason for the step, or raise with a message the user can act on."""
    try:
        return OVERGANGEN[(van, naar)]
    except KeyError:
        raise OvergangNietToegestaan(van, naar) from None
