"""Answers, workflow, optimistic locking, frozen outcome, comparison and action plan."""

from collections.abc import Callable

import pytest
from django.http import Http404

from baken.basisniveau import selectors, services
from baken.basisniveau.models import Actiepunt, Antwoord, Beoordeling, Criterium, Stap
from baken.core.fouten import Conflict, ServiceFout
from baken.organisaties.models import Gebruiker
from baken.privacy.models import Auditregel

from .conftest import JAAR


def crit(b: Beoordeling, code: str) -> Criterium:
    return Criterium.objects.get(thema__kader=b.kader, code=code)


def stap(actor: Gebruiker, b: Beoordeling, naar: str, toelichting: str = "") -> Beoordeling:
    b.refresh_from_db()
    return services.status_wijzigen(
        actor=actor, beoordeling=b, naar=naar, toelichting=toelichting, verwachte_versie=b.versie
    )


def test_starten_gebruikt_het_actuele_kader_en_logt(beoordeling: Beoordeling) -> None:
    assert beoordeling.status == "concept"
    assert beoordeling.kader.versie
    assert Stap.objects.filter(beoordeling=beoordeling, naar_status="concept").exists()
    assert Auditregel.objects.filter(
        object_type="Beoordeling",
        object_id=str(beoordeling.pk),
        actie="aanmaken",
        doel="basisniveau",
    ).exists()


def test_een_tweede_beoordeling_voor_hetzelfde_jaar_kan_niet(
    beoordeling: Beoordeling, coordinator: Gebruiker
) -> None:
    with pytest.raises(Conflict, match="al een beoordeling"):
        services.beoordeling_starten(actor=coordinator, gemeente=beoordeling.gemeente, jaar=JAAR)


def test_starten_voor_een_andere_gemeente_is_404(
    kader: object, coordinator_haarlem: Gebruiker, alkmaar: object
) -> None:
    with pytest.raises(Http404):
        services.beoordeling_starten(actor=coordinator_haarlem, gemeente=alkmaar, jaar=JAAR)  # type: ignore[arg-type]


def test_antwoord_opslaan_en_bijwerken(beoordeling: Beoordeling, coordinator: Gebruiker) -> None:
    c = crit(beoordeling, "T1.1")
    services.antwoord_opslaan(
        actor=coordinator, beoordeling=beoordeling, criterium_id=c.pk, keuze="deels", toelichting=""
    )
    services.antwoord_opslaan(
        actor=coordinator,
        beoordeling=beoordeling,
        criterium_id=c.pk,
        keuze="voldaan",
        toelichting=" x ",
    )
    a = Antwoord.objects.get(beoordeling=beoordeling, criterium=c)
    assert (a.keuze, a.toelichting) == ("voldaan", "x")
    assert Auditregel.objects.filter(object_type="Antwoord", actie="wijzigen").count() == 2


def test_nvt_zonder_toelichting_wordt_geweigerd_en_niets_opgeslagen(
    beoordeling: Beoordeling, coordinator: Gebruiker
) -> None:
    c = crit(beoordeling, "T6.1")
    with pytest.raises(ServiceFout, match="toelichting verplicht"):
        services.antwoord_opslaan(
            actor=coordinator,
            beoordeling=beoordeling,
            criterium_id=c.pk,
            keuze="nvt",
            toelichting=" ",
        )
    assert not Antwoord.objects.filter(beoordeling=beoordeling).exists()


def test_onbekende_keuze_wordt_geweigerd(beoordeling: Beoordeling, coordinator: Gebruiker) -> None:
    with pytest.raises(ServiceFout):
        services.antwoord_opslaan(
            actor=coordinator,
            beoordeling=beoordeling,
            criterium_id=crit(beoordeling, "T1.1").pk,
            keuze="misschien",
            toelichting="",
        )


def test_indienen_met_open_criteria_noemt_wat_ontbreekt(
    beoordeling: Beoordeling, coordinator: Gebruiker, alles_invullen: Callable[..., None]
) -> None:
    services.antwoord_opslaan(
        actor=coordinator,
        beoordeling=beoordeling,
        criterium_id=crit(beoordeling, "T1.1").pk,
        keuze="voldaan",
        toelichting="",
    )
    with pytest.raises(services.OnvolledigFout) as fout:
        stap(coordinator, beoordeling, "ingediend")
    assert "T1.2: nog geen antwoord." in fout.value.regels
    assert not any(r.startswith("T1.1") for r in fout.value.regels)
    beoordeling.refresh_from_db()
    assert beoordeling.status == "concept"


def test_de_hele_workflow_met_bevriezen(
    beoordeling: Beoordeling,
    coordinator: Gebruiker,
    programmaleider: Gebruiker,
    alles_invullen: Callable[..., None],
) -> None:
    alles_invullen(coordinator, beoordeling, {"T6.1": "nvt", "T6.2": "niet"})
    b = stap(coordinator, beoordeling, "ingediend")
    assert b.status == "ingediend"
    assert b.ingediend_op
    assert b.uitkomst["basisniveau_behaald"] is False
    assert b.uitkomst["basis_niet_gehaald"] == ["T6.2"]
    assert "af_benoemd" in b.metingen
    # Answers are closed once submitted.
    with pytest.raises(Conflict, match="niet meer worden gewijzigd"):
        services.antwoord_opslaan(
            actor=coordinator,
            beoordeling=b,
            criterium_id=crit(b, "T1.1").pk,
            keuze="niet",
            toelichting="",
        )
    # Besproken needs what was discussed.
    with pytest.raises(ServiceFout, match="besproken"):
        stap(programmaleider, b, "besproken")
    services.opmerking_plaatsen(
        actor=programmaleider, beoordeling=b, criterium_id=crit(b, "T6.2").pk, tekst="Bibob?"
    )
    b = stap(programmaleider, b, "besproken")
    b = stap(programmaleider, b, "vastgesteld")
    assert b.status == "vastgesteld"
    assert b.vastgesteld_op
    bevroren = dict(b.uitkomst)
    assert selectors.uitkomst_berekenen(b).als_dict()["basis_niet_gehaald"] == ["T6.2"]
    assert [s.naar_status for s in Stap.objects.filter(beoordeling=b)] == [
        "concept",
        "ingediend",
        "besproken",
        "vastgesteld",
    ]
    assert set(
        Auditregel.objects.filter(object_type="Beoordeling", doel="basisniveau").values_list(
            "actie", flat=True
        )
    ) >= {"aanmaken", "indienen", "status_wijzigen"}
    with pytest.raises(Conflict):
        stap(programmaleider, b, "concept", "nog eens")
    b.refresh_from_db()
    assert b.uitkomst == bevroren


def test_wie_welke_stap_mag_zetten(
    beoordeling: Beoordeling,
    coordinator: Gebruiker,
    coordinator_haarlem: Gebruiker,
    programmaleider: Gebruiker,
    alles_invullen: Callable[..., None],
) -> None:
    alles_invullen(coordinator, beoordeling)
    with pytest.raises(Conflict, match="alleen de coördinator"):
        stap(programmaleider, beoordeling, "ingediend")
    with pytest.raises(Http404):
        stap(coordinator_haarlem, beoordeling, "ingediend")
    b = stap(coordinator, beoordeling, "ingediend")
    with pytest.raises(Conflict, match="alleen de programmaleider"):
        stap(coordinator, b, "besproken", "zelf besproken")
    with pytest.raises(Conflict):
        stap(programmaleider, b, "vastgesteld")  # skipping besproken
    with pytest.raises(ServiceFout, match="waarom"):
        stap(programmaleider, b, "concept")
    b = stap(programmaleider, b, "concept", "T1.2 graag aanvullen")
    assert b.status == "concept"
    assert b.uitkomst == {}
    assert Stap.objects.filter(beoordeling=b).last().toelichting == "T1.2 graag aanvullen"  # type: ignore[union-attr]


def test_verouderde_versie_geeft_409_en_wijzigt_niets(
    beoordeling: Beoordeling, coordinator: Gebruiker, alles_invullen: Callable[..., None]
) -> None:
    beoordeling.refresh_from_db()
    gezien = beoordeling.versie
    alles_invullen(coordinator, beoordeling)
    with pytest.raises(services.VersieConflict) as fout:
        services.status_wijzigen(
            actor=coordinator, beoordeling=beoordeling, naar="ingediend", verwachte_versie=gezien
        )
    assert fout.value.http_status == 409
    beoordeling.refresh_from_db()
    assert beoordeling.status == "concept"


def test_uitkomst_en_vergelijking_met_vorig_jaar_over_kaderversies_heen(
    beoordeling: Beoordeling,
    coordinator: Gebruiker,
    alles_invullen: Callable[..., None],
) -> None:
    vorig = Beoordeling.objects.create(
        gemeente=beoordeling.gemeente,
        jaar=JAAR - 1,
        kader=beoordeling.kader,
        aangemaakt_door=coordinator,
    )
    Antwoord.objects.create(
        beoordeling=vorig, criterium=crit(vorig, "T1.1"), keuze="niet", bijgewerkt_door=coordinator
    )
    Antwoord.objects.create(
        beoordeling=vorig,
        criterium=crit(vorig, "T1.2"),
        keuze="voldaan",
        bijgewerkt_door=coordinator,
    )
    alles_invullen(coordinator, beoordeling)
    rijen = {r.code: r for r in selectors.vergelijking(beoordeling, vorig)}
    assert rijen["T1.1"].vorig == "niet"
    assert rijen["T1.1"].veranderd
    assert rijen["T1.2"].vorig == "voldaan"
    assert not rijen["T1.2"].veranderd
    assert rijen["T1.3"].vorig == ""  # existed, not answered
    assert selectors.vorige_beoordeling(actor=coordinator, beoordeling=beoordeling) == vorig


def test_vergelijking_noemt_nieuw_criterium(
    beoordeling: Beoordeling, coordinator: Gebruiker, tmp_path: object
) -> None:
    from pathlib import Path

    import yaml

    from baken.basisniveau.kader import KADER_BESTAND, kader_laden

    data = yaml.safe_load(KADER_BESTAND.read_text(encoding="utf-8"))
    data["versie"] = "2099.1"
    data["themas"][0]["criteria"].append(
        {"code": "T1.9", "plateau": "basis", "vraag": "Nieuw?", "handvat": "Doe het."}
    )
    pad = Path(str(tmp_path)) / "k.yaml"
    pad.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    nieuw_kader = kader_laden(pad)
    vorig = Beoordeling.objects.create(
        gemeente=beoordeling.gemeente,
        jaar=JAAR - 1,
        kader=beoordeling.kader,
        aangemaakt_door=coordinator,
    )
    Beoordeling.objects.filter(pk=beoordeling.pk).update(kader=nieuw_kader)
    beoordeling.refresh_from_db()
    rijen = {r.code: r for r in selectors.vergelijking(beoordeling, vorig)}
    assert rijen["T1.9"].vorig is None
    assert rijen["T1.1"].vorig == ""


def test_actieplan_uit_handvatten_is_idempotent(
    beoordeling: Beoordeling, coordinator: Gebruiker, alles_invullen: Callable[..., None]
) -> None:
    alles_invullen(coordinator, beoordeling, {"T1.1": "niet", "T2.2": "deels", "T1.5": "niet"})
    Antwoord.objects.filter(beoordeling=beoordeling, criterium__code__in=["T3.1", "T3.3"]).update(
        keuze=""
    )
    assert services.actiepunten_maken(actor=coordinator, beoordeling=beoordeling) == 4
    codes = sorted(
        Actiepunt.objects.filter(beoordeling=beoordeling).values_list("criterium__code", flat=True)
    )
    # T3.3 is verdieping and open: no item; T3.1 is basis and open: an item.
    assert codes == ["T1.1", "T1.5", "T2.2", "T3.1"]
    punt = Actiepunt.objects.get(beoordeling=beoordeling, criterium__code="T1.1")
    assert punt.omschrijving == crit(beoordeling, "T1.1").handvat
    services.actiepunt_wijzigen(
        actor=coordinator,
        actiepunt=punt,
        omschrijving="Beleid laten vaststellen",
        eigenaar="Team OOV",
        deadline=None,
        status="bezig",
    )
    assert services.actiepunten_maken(actor=coordinator, beoordeling=beoordeling) == 0
    assert Actiepunt.objects.filter(beoordeling=beoordeling).count() == 4
    punt.refresh_from_db()
    assert (punt.omschrijving, punt.status) == ("Beleid laten vaststellen", "bezig")


def test_actiepunt_met_lege_omschrijving_wordt_geweigerd(
    beoordeling: Beoordeling, coordinator: Gebruiker
) -> None:
    services.actiepunten_maken(actor=coordinator, beoordeling=beoordeling)
    punt = Actiepunt.objects.filter(beoordeling=beoordeling).first()
    assert punt is not None
    with pytest.raises(ServiceFout, match="Beschrijf"):
        services.actiepunt_wijzigen(
            actor=coordinator,
            actiepunt=punt,
            omschrijving=" ",
            eigenaar="",
            deadline=None,
            status="open",
        )


def test_link_moet_http_of_https_zijn(beoordeling: Beoordeling, coordinator: Gebruiker) -> None:
    c = crit(beoordeling, "T1.1")
    for url in ("javascript:alert(1)", "ftp://x.example/a", "https://"):
        with pytest.raises(ServiceFout, match="https://"):
            services.bewijs_link_toevoegen(
                actor=coordinator,
                beoordeling=beoordeling,
                criterium_id=c.pk,
                omschrijving="",
                url=url,
            )
    bewijs = services.bewijs_link_toevoegen(
        actor=coordinator,
        beoordeling=beoordeling,
        criterium_id=c.pk,
        omschrijving="",
        url="https://alkmaar.example/beleid",
    )
    assert bewijs.omschrijving == "alkmaar.example"
