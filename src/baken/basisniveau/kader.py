"""Loading the basisniveau framework from its data file, one immutable version at a time.

A new version in the file is loaded beside the earlier ones; assessments keep pointing at the
version they were made with. Loading the same version again is a no-op; the same version with
different content is refused, because assessments made with it would silently change meaning.
"""

from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from baken.basisniveau.models import Criterium, Kader, Thema

KADER_BESTAND = Path(__file__).parent / "data" / "basisniveau.yaml"
PLATEAUS = {c.value for c in Criterium.Plateau}


class KaderFout(ValueError):
    """The framework file cannot be loaded; the message says what to fix (Dutch, B1)."""


def kader_laden(pad: Path = KADER_BESTAND) -> Kader:
    """Load the version in the file (idempotent per version) and return it."""
    try:
        data = yaml.safe_load(Path(pad).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as fout:
        raise KaderFout(f"Het bestand {Path(pad).name} kan niet worden gelezen: {fout}") from fout
    bron = _gecontroleerd(data)
    versie = bron["versie"]
    with transaction.atomic():
        bestaand = Kader.objects.select_for_update().filter(versie=versie).first()
        if bestaand is not None:
            if bestaand.bron != bron:
                raise KaderFout(
                    f"Versie {versie} is al geladen met andere inhoud. Geef het gewijzigde kader "
                    f"een nieuwe versie in {Path(pad).name}."
                )
            return bestaand
        kader = Kader.objects.create(versie=versie, bron=bron)
        for t_nr, t in enumerate(bron["themas"], start=1):
            thema = Thema.objects.create(kader=kader, code=t["code"], naam=t["naam"], volgorde=t_nr)
            Criterium.objects.bulk_create(
                Criterium(
                    thema=thema,
                    code=c["code"],
                    plateau=c["plateau"],
                    ibp=c["ibp"],
                    vraag=c["vraag"],
                    bewijs=c["bewijs"],
                    handvat=c["handvat"],
                    live_meting=c["live"]["meting"] if c["live"] else "",
                    live_norm=c["live"]["norm"] if c["live"] else "",
                    volgorde=c_nr,
                )
                for c_nr, c in enumerate(t["criteria"], start=1)
            )
    return kader


def actueel_kader() -> Kader:
    """The most recently loaded version: new assessments are made with it."""
    kader = Kader.objects.order_by("-geladen_op", "-pk").first()
    if kader is None:
        raise KaderFout("Er is nog geen basisniveau-kader geladen (manage.py basisniveau_laden).")
    return kader


def _gecontroleerd(data: Any) -> dict[str, Any]:
    """The file's content in a normal form, or KaderFout naming every problem found."""
    fouten: list[str] = []
    if not isinstance(data, dict):
        raise KaderFout("Het kader moet een YAML-object zijn met 'versie' en 'themas'.")
    versie = str(data.get("versie") or "").strip()
    if not versie:
        fouten.append("'versie' ontbreekt.")
    elif len(versie) > Kader._meta.get_field("versie").max_length:  # type: ignore[operator]
        fouten.append(f"'versie' is te lang: {versie!r}.")
    themas_in = data.get("themas")
    if not isinstance(themas_in, list) or not themas_in:
        fouten.append("'themas' ontbreekt of is leeg.")
        themas_in = []
    themas: list[dict[str, Any]] = []
    thema_codes: set[str] = set()
    criterium_codes: set[str] = set()
    for i, t in enumerate(themas_in, start=1):
        if not isinstance(t, dict):
            fouten.append(f"Thema {i} is geen object.")
            continue
        code = str(t.get("code") or "").strip()
        waar = f"Thema {code or i}"
        if not code or not str(t.get("naam") or "").strip():
            fouten.append(f"{waar}: 'code' en 'naam' zijn verplicht.")
        if code in thema_codes:
            fouten.append(f"{waar}: de code komt twee keer voor.")
        thema_codes.add(code)
        criteria: list[dict[str, Any]] = []
        criteria_in = t.get("criteria")
        if not isinstance(criteria_in, list) or not criteria_in:
            fouten.append(f"{waar}: 'criteria' ontbreekt of is leeg.")
            criteria_in = []
        for j, c in enumerate(criteria_in, start=1):
            c_fouten, criterium = _criterium(c, f"{waar}, criterium {j}")
            fouten.extend(c_fouten)
            if criterium is None:
                continue
            if criterium["code"] in criterium_codes:
                fouten.append(f"Criterium {criterium['code']}: de code komt twee keer voor.")
            criterium_codes.add(criterium["code"])
            criteria.append(criterium)
        themas.append(
            {"code": code, "naam": str(t.get("naam") or "").strip(), "criteria": criteria}
        )
    if fouten:
        raise KaderFout("Het kader klopt niet:\n- " + "\n- ".join(fouten))
    return {"versie": versie, "themas": themas}


def _criterium(c: Any, waar: str) -> tuple[list[str], dict[str, Any] | None]:
    if not isinstance(c, dict):
        return [f"{waar} is geen object."], None
    fouten: list[str] = []
    code = str(c.get("code") or "").strip()
    waar = f"Criterium {code}" if code else waar
    for veld in ("code", "vraag", "handvat"):
        if not str(c.get(veld) or "").strip():
            fouten.append(f"{waar}: '{veld}' is verplicht.")
    if len(code) > 10:
        fouten.append(f"{waar}: de code is langer dan 10 tekens.")
    plateau = c.get("plateau")
    if plateau not in PLATEAUS:
        fouten.append(f"{waar}: 'plateau' moet 'basis' of 'verdieping' zijn, niet {plateau!r}.")
    if not isinstance(c.get("ibp", False), bool):
        fouten.append(f"{waar}: 'ibp' moet true of false zijn.")
    bewijs = c.get("bewijs", [])
    if not isinstance(bewijs, list) or not all(isinstance(b, str) for b in bewijs):
        fouten.append(f"{waar}: 'bewijs' moet een lijst met teksten zijn.")
        bewijs = []
    live = c.get("live")
    if live is not None:
        if (
            not isinstance(live, dict)
            or not str(live.get("meting") or "").strip()
            or not str(live.get("norm") or "").strip()
        ):
            fouten.append(f"{waar}: 'live' heeft 'meting' en 'norm' nodig.")
            live = None
        else:
            live = {"meting": str(live["meting"]).strip(), "norm": str(live["norm"]).strip()}
            if len(live["meting"]) > 60 or len(live["norm"]) > 200:
                fouten.append(f"{waar}: 'live' meting of norm is te lang.")
    return fouten, {
        "code": code,
        "plateau": plateau,
        "ibp": bool(c.get("ibp", False)),
        "vraag": str(c.get("vraag") or "").strip(),
        "bewijs": list(bewijs),
        "handvat": str(c.get("handvat") or "").strip(),
        "live": live,
    }
