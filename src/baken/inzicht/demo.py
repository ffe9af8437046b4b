"""Demo for the dashboards. Inzicht stores nothing of its own: its figures are counted from the
demo signals (`core.demo`). What it needs are the two viewing roles the core demo creates
(coordinator.alkmaar, programmaleider); this makes sure they are there, idempotently."""

from baken.organisaties.models import Gebruiker, Gemeente, Regio, Rol, Roltoewijzing


def demo_laden() -> None:
    """Give the demo coördinator (Alkmaar) and programmaleider (the region) their role, if the
    accounts exist and lack it. Deterministic: no randomness is needed for this part."""
    alkmaar = Gemeente.objects.filter(naam="Alkmaar").first()
    coordinator = Gebruiker.objects.filter(username="coordinator.alkmaar").first()
    if coordinator and alkmaar:
        Roltoewijzing.objects.get_or_create(
            gebruiker=coordinator, rol=Rol.COORDINATOR, gemeente=alkmaar
        )
    regio = Regio.objects.order_by("pk").first()
    programmaleider = Gebruiker.objects.filter(username="programmaleider").first()
    if programmaleider and regio:
        Roltoewijzing.objects.get_or_create(
            gebruiker=programmaleider, rol=Rol.PROGRAMMALEIDER, regio=regio
        )
