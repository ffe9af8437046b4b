"""Test data for the monitor and document tests, made directly with the ORM: the framework
from its data file, assessments with chosen answers, users per role."""

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import yaml

from baken.basisniveau.models import Antwoord, Beoordeling, Criterium, Kader, Thema
from baken.basisniveau.uitkomst import CriteriumStand, bereken
from baken.organisaties.models import Gebruiker, Gemeente, Regio, Rol
from baken.organisaties.tests.factories import GebruikerFactory, RoltoewijzingFactory

APP = Path(__file__).resolve().parent.parent
KADERBESTANDEN = [
    APP / "data" / "basisniveau.yaml",
    APP.parent / "kennis" / "data" / "basisniveau.yaml",
]


def kader_maken() -> Kader:
    """The framework of the data file, parsed here so these tests do not depend on the loader."""
    bestand = next(p for p in KADERBESTANDEN if p.exists())
    data = yaml.safe_load(bestand.read_text(encoding="utf-8"))
    kader, nieuw = Kader.objects.get_or_create(versie=str(data["versie"]), defaults={"bron": {}})
    if not nieuw:
        return kader
    for i, t in enumerate(data["themas"], start=1):
        thema = Thema.objects.create(kader=kader, code=t["code"], naam=t["naam"], volgorde=i)
        for j, c in enumerate(t["criteria"], start=1):
            live = c.get("live") or {}
            Criterium.objects.create(
                thema=thema,
                code=c["code"],
                plateau=c["plateau"],
                ibp=bool(c.get("ibp")),
                vraag=c["vraag"],
                bewijs=c.get("bewijs", []),
                handvat=c["handvat"],
                live_meting=live.get("meting", ""),
                live_norm=live.get("norm", ""),
                volgorde=j,
            )
    return kader


def gebruiker(rol: str, **scope: Any) -> Gebruiker:
    g: Gebruiker = GebruikerFactory.create()
    RoltoewijzingFactory(gebruiker=g, rol=rol, **scope)
    return g


def programmaleider() -> Gebruiker:
    return gebruiker(Rol.PROGRAMMALEIDER, regio=Regio.objects.get())


def coordinator(gemeente: str) -> Gebruiker:
    return gebruiker(Rol.COORDINATOR, gemeente=Gemeente.objects.get(naam=gemeente))


def af(gemeente: str) -> Gebruiker:
    return gebruiker(Rol.AANDACHTSFUNCTIONARIS, gemeente=Gemeente.objects.get(naam=gemeente))


def alles(keuze: str) -> Callable[[Criterium], str]:
    return lambda c: keuze


def beoordeling_maken(
    gemeente: Gemeente | str,
    *,
    jaar: int,
    kader: Kader,
    door: Gebruiker,
    keuzes: Callable[[Criterium], str] | Mapping[str, str] | None = None,
    toelichting: Callable[[Criterium], str] | str = "",
    status: str = Beoordeling.Status.CONCEPT,
    metingen: dict[str, Any] | None = None,
) -> Beoordeling:
    """An assessment with an answer per criterion; submitted or later: outcome frozen on it."""
    if isinstance(gemeente, str):
        gemeente = Gemeente.objects.get(naam=gemeente)
    b = Beoordeling.objects.create(
        gemeente=gemeente, jaar=jaar, kader=kader, status=status, aangemaakt_door=door
    )
    criteria = list(Criterium.objects.filter(thema__kader=kader).select_related("thema"))
    standen = []
    for c in criteria:
        if keuzes is None:
            keuze = "voldaan"
        elif isinstance(keuzes, Mapping):
            keuze = keuzes.get(c.code, "")
        else:
            keuze = keuzes(c)
        tekst = toelichting(c) if callable(toelichting) else toelichting
        if keuze or tekst:
            Antwoord.objects.create(
                beoordeling=b, criterium=c, keuze=keuze, toelichting=tekst, bijgewerkt_door=door
            )
        standen.append(
            CriteriumStand(
                code=c.code,
                thema=c.thema.code,
                plateau=c.plateau,
                keuze=keuze,
                toelichting=tekst,
                live_meting=c.live_meting,
            )
        )
    if status != Beoordeling.Status.CONCEPT:
        from baken.basisniveau.monitor import metingen_uit_dict

        themas = list(
            Thema.objects.filter(kader=kader).order_by("volgorde").values_list("code", "naam")
        )
        uitkomst = bereken(
            themas=themas, criteria=standen, metingen=metingen_uit_dict(metingen or {})
        )
        b.uitkomst = uitkomst.als_dict()
        b.metingen = metingen or {}
        b.save(update_fields=["uitkomst", "metingen"])
    return b
