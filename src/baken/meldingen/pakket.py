"""The minimised packet that goes to a chain partner: only the chosen parts of a signal."""

from typing import Any

from baken.meldingen.models import Betrokkene, Signaal

BETROKKENEN_PER_VELD = {
    "personen": Betrokkene.Soort.PERSOON,
    "adressen": Betrokkene.Soort.ADRES,
    "bedrijven": Betrokkene.Soort.BEDRIJF,
    "voertuigen": Betrokkene.Soort.VOERTUIG,
    "telefoonnummers": Betrokkene.Soort.TELEFOON,
    "rekeningen": Betrokkene.Soort.REKENING,
}


def betrokkene_als_tekst(b: Betrokkene) -> dict[str, str]:
    """A betrokkene as label -> value, for display and for the packet."""
    rijen: dict[str, str] = {}
    if b.soort == Betrokkene.Soort.PERSOON:
        rijen["Naam"] = b.naam
        if b.geboortedatum:
            rijen["Geboortedatum"] = b.geboortedatum.strftime("%d-%m-%Y")
        if b.geschatte_leeftijd is not None:
            rijen["Geschatte leeftijd"] = f"{b.geschatte_leeftijd} jaar"
        if b.nationaliteit:
            rijen["Nationaliteit"] = b.nationaliteit
    elif b.soort == Betrokkene.Soort.ADRES:
        rijen["Postcode"] = f"{b.postcode[:4]} {b.postcode[4:]}"
        rijen["Huisnummer"] = f"{b.huisnummer}" + (f"-{b.toevoeging}" if b.toevoeging else "")
    elif b.soort == Betrokkene.Soort.BEDRIJF:
        rijen["Naam"] = b.bedrijfsnaam
        rijen["KvK-nummer"] = b.kvk_nummer
        if b.vestigingsnummer:
            rijen["Vestigingsnummer"] = b.vestigingsnummer
    elif b.soort == Betrokkene.Soort.VOERTUIG:
        rijen["Kenteken"] = b.kenteken
    elif b.soort == Betrokkene.Soort.TELEFOON:
        rijen["Telefoonnummer"] = b.telefoon
    elif b.soort == Betrokkene.Soort.REKENING:
        rijen["IBAN"] = " ".join(b.iban[i : i + 4] for i in range(0, len(b.iban), 4))
    if b.toelichting:
        rijen["Toelichting"] = b.toelichting
    return {k: v for k, v in rijen.items() if v}


def pakket_samenstellen(signaal: Signaal, velden: list[str]) -> dict[str, Any]:
    from baken.meldingen.doorzetprofielen import profielen

    namen = profielen().velden
    onderdelen: list[dict[str, Any]] = []
    for veld in velden:
        waarde: Any
        if veld == "vormen":
            waarde = [v.naam for v in signaal.vormen.all()]
        elif veld == "indicatoren":
            waarde = [f"{i.code}: {i.tekst}" for i in signaal.indicatoren.all()]
        elif veld == "signaalsterkte":
            waarde = signaal.get_signaalsterkte_display()
        elif veld in ("feiten", "omstandigheden", "interpretatie", "bron"):
            waarde = getattr(signaal, veld)
        elif veld == "waarneming":
            datum = (
                signaal.datum_waarneming.strftime("%d-%m-%Y") if signaal.datum_waarneming else ""
            )
            waarde = ", ".join(x for x in (datum, signaal.plaats_waarneming) if x)
        elif veld == "minderjarigen":
            waarde = signaal.get_minderjarigen_display()
        elif veld == "acuut_gevaar":
            waarde = "Ja" if signaal.acuut_gevaar else "Nee"
        elif veld in BETROKKENEN_PER_VELD:
            soort = BETROKKENEN_PER_VELD[veld]
            # A restricted betrokkene (AVG art. 18) is kept but never forwarded.
            waarde = [
                betrokkene_als_tekst(b)
                for b in signaal.betrokkenen.all()
                if b.soort == soort and not b.verwerking_beperkt
            ]
        else:  # pragma: no cover - guarded by the service
            continue
        onderdelen.append({"veld": veld, "naam": namen[veld], "waarde": waarde})
    return {
        "referentie": signaal.referentie,
        "gemeente": signaal.gemeente.naam,
        "ingediend_op": signaal.ingediend_op.isoformat() if signaal.ingediend_op else None,
        "onderdelen": onderdelen,
    }


def betrokkenen_in_pakket(signaal: Signaal, velden: list[str]) -> list[Betrokkene]:
    """The betrokkenen whose data a packet with these fields carries (for the processing log)."""
    soorten = {BETROKKENEN_PER_VELD[v] for v in velden if v in BETROKKENEN_PER_VELD}
    if not soorten:
        return []
    return [b for b in signaal.betrokkenen.all() if b.soort in soorten and not b.verwerking_beperkt]
