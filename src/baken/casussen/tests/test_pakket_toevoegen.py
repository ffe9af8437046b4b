"""A later RIEC packet joins an open case: its signal, its municipality (whose AF then sees
its part), a timeline event and the audit, exactly as accepting the proposal links them; every
refusal leaves the case as it was."""

from collections.abc import Callable

import pytest
from django.http import Http404
from django.test import Client
from django.urls import reverse

from baken.casussen import selectors, services
from baken.casussen.models import Casus
from baken.core.fouten import Conflict, ServiceFout
from baken.meldingen import services as meldroute
from baken.meldingen.betrokkenen import BetrokkeneGegevens
from baken.meldingen.models import Doorzetting, Gebeurtenis, Signaal
from baken.organisaties.models import Gebruiker, Ketenpartner, Regio, Rol
from baken.organisaties.tests.factories import RoltoewijzingFactory
from baken.privacy.models import Auditregel, Verwerkingsregel

from .conftest import gemeente, naar_riec
from .test_html import controleer
from .test_services import gebeurtenissen


def client_voor(gebruiker: Gebruiker) -> Client:
    c = Client()
    c.force_login(gebruiker)
    return c


@pytest.fixture
def melder_enkhuizen(maak_gebruiker: Callable[..., Gebruiker]) -> Gebruiker:
    return maak_gebruiker(Rol.MEDEWERKER, gemeente="Enkhuizen", domein="burgerzaken")


@pytest.fixture
def later_pakket(
    melder_enkhuizen: Gebruiker, af_enkhuizen: Gebruiker, dien_in: Callable[..., Signaal]
) -> Doorzetting:
    """A packet from Enkhuizen, a municipality of the region that is not in the case yet,
    forwarded to the RIEC after the case started."""
    return naar_riec(af_enkhuizen, dien_in(melder_enkhuizen))


@pytest.fixture
def pakket_elders(
    analist_elders: Gebruiker,
    maak_gebruiker: Callable[..., Gebruiker],
    dien_in: Callable[..., Signaal],
) -> Doorzetting:
    """A packet to the RIEC of another region (Elderstad, made with `analist_elders`)."""
    melder = maak_gebruiker(Rol.MEDEWERKER, gemeente="Elderstad", domein="burgerzaken")
    af = maak_gebruiker(Rol.AANDACHTSFUNCTIONARIS, gemeente="Elderstad")
    return naar_riec(af, dien_in(melder))


def toestand(casus: Casus) -> tuple[set[object], set[int], int, int]:
    """What an added packet changes: signals, municipalities, events, audit entries."""
    return (
        set(casus.signalen.values_list("pk", flat=True)),
        set(casus.gemeenten.values_list("pk", flat=True)),
        Gebeurtenis.objects.filter(soort=Gebeurtenis.Soort.CASUS).count(),
        Auditregel.objects.filter(actie="wijzigen", object_type="Casus").count(),
    )


# --- Service ---------------------------------------------------------------------------------


def test_pakket_toevoegen_neemt_signaal_en_gemeente_op(
    analist: Gebruiker, casus: Casus, later_pakket: Doorzetting
) -> None:
    signaal = later_pakket.signaal
    enkhuizen = gemeente("Enkhuizen")
    assert not casus.gemeenten.filter(pk=enkhuizen.pk).exists()

    uit = services.pakket_toevoegen(actor=analist, casus=casus, doorzetting=later_pakket)

    assert uit.pk == casus.pk
    assert casus.signalen.filter(pk=signaal.pk).exists()
    assert casus.signalen.count() == 3
    assert {g.naam for g in casus.gemeenten.all()} == {"Alkmaar", "Haarlem", "Enkhuizen"}
    assert gebeurtenissen(signaal, Gebeurtenis.Soort.CASUS) == [
        f"Signaal opgenomen in casus {casus.nummer}."
    ]
    regels = list(
        Auditregel.objects.filter(
            doel="casusaanpak", actie="wijzigen", object_type="Casus", object_id=str(casus.pk)
        )
    )
    assert len(regels) == 1
    assert regels[0].actor == analist
    assert regels[0].details == {
        "pakket_toegevoegd": str(later_pakket.pk),
        "signaal": str(signaal.pk),
        "gemeente": enkhuizen.pk,
        "gemeente_toegevoegd": True,
    }
    # The packet's betrokkenen (none in this signal) and no names in the details.
    assert "Enkhuizen" not in str(regels[0].details)
    assert not Verwerkingsregel.objects.filter(
        verwerkingsactiviteit="casusaanpak", trace_id=regels[0].trace_id
    ).exists()


def test_pakket_van_een_betrokken_gemeente_voegt_geen_gemeente_toe(
    analist: Gebruiker,
    casus: Casus,
    melder: Gebruiker,
    af: Gebruiker,
    dien_in: Callable[..., Signaal],
) -> None:
    persoon = BetrokkeneGegevens("persoon", {"naam": "Kees Later"})
    pakket = naar_riec(af, dien_in(melder, betrokkenen=[persoon]))
    gemeenten_voor = set(casus.gemeenten.all())

    services.pakket_toevoegen(actor=analist, casus=casus, doorzetting=pakket)

    assert set(casus.gemeenten.all()) == gemeenten_voor
    assert casus.signalen.filter(pk=pakket.signaal_id).exists()
    regel = Auditregel.objects.get(actie="wijzigen", object_type="Casus")
    assert regel.details["gemeente_toegevoegd"] is False
    # The packet's betrokkene is in the processing log under the casusaanpak.
    assert (
        Verwerkingsregel.objects.filter(
            verwerkingsactiviteit="casusaanpak",
            object_id=str(casus.pk),
            trace_id=regel.trace_id,
        ).count()
        == 1
    )


def test_gesloten_casus_krijgt_geen_pakket(
    analist: Gebruiker, casus: Casus, later_pakket: Doorzetting
) -> None:
    services.casus_afsluiten(actor=analist, casus=casus)
    voor = toestand(casus)
    with pytest.raises(Conflict, match="afgesloten"):
        services.pakket_toevoegen(actor=analist, casus=casus, doorzetting=later_pakket)
    assert toestand(casus) == voor


def test_pakket_dat_al_in_de_casus_zit_wordt_geweigerd(
    analist: Gebruiker, casus: Casus, pakketten: dict[str, Doorzetting]
) -> None:
    voor = toestand(casus)
    with pytest.raises(ServiceFout, match="zit al in deze casus") as fout:
        services.pakket_toevoegen(actor=analist, casus=casus, doorzetting=pakketten["Alkmaar"])
    assert fout.value.veld == "doorzetting"
    assert toestand(casus) == voor


def test_ingetrokken_pakket_wordt_geweigerd(
    analist: Gebruiker, af_enkhuizen: Gebruiker, casus: Casus, later_pakket: Doorzetting
) -> None:
    meldroute.doorzetting_status_wijzigen(
        actor=af_enkhuizen,
        doorzetting=later_pakket,
        naar=Doorzetting.Status.INGETROKKEN,
        tekst="Toch niet.",
        namens="gemeente",
    )
    voor = toestand(casus)
    with pytest.raises(ServiceFout, match="ingetrokken") as fout:
        services.pakket_toevoegen(actor=analist, casus=casus, doorzetting=later_pakket)
    assert fout.value.veld == "doorzetting"
    assert toestand(casus) == voor
    assert later_pakket not in selectors.pakketten_voor_casus(actor=analist, casus=casus)


def test_pakket_uit_een_andere_regio_wordt_geweigerd(
    analist: Gebruiker, casus: Casus, pakket_elders: Doorzetting
) -> None:
    voor = toestand(casus)
    with pytest.raises(ServiceFout, match="RIEC van uw regio") as fout:
        services.pakket_toevoegen(actor=analist, casus=casus, doorzetting=pakket_elders)
    assert fout.value.veld == "doorzetting"
    assert toestand(casus) == voor


def test_analist_van_twee_regios_voegt_geen_pakket_van_de_andere_regio_toe(
    analist: Gebruiker, casus: Casus, pakket_elders: Doorzetting
) -> None:
    """Seeing the packet (analyst of both regions) is not enough: it must be the case's."""
    RoltoewijzingFactory(
        gebruiker=analist, rol=Rol.RIEC_ANALIST, regio=Regio.objects.get(code="elders")
    )
    analist = Gebruiker.objects.get(pk=analist.pk)  # its roles are cached on the object
    assert selectors.pakketten_voor_casus(actor=analist, casus=casus) == []
    voor = toestand(casus)
    with pytest.raises(ServiceFout, match="andere regio"):
        services.pakket_toevoegen(actor=analist, casus=casus, doorzetting=pakket_elders)
    assert toestand(casus) == voor


def test_pakket_aan_een_andere_partner_wordt_geweigerd(
    analist: Gebruiker, casus: Casus, later_pakket: Doorzetting
) -> None:
    Doorzetting.objects.filter(pk=later_pakket.pk).update(
        ketenpartner=Ketenpartner.objects.get(code="politie")
    )
    voor = toestand(casus)
    with pytest.raises(ServiceFout, match="RIEC van uw regio"):
        services.pakket_toevoegen(actor=analist, casus=casus, doorzetting=later_pakket)
    assert toestand(casus) == voor


@pytest.mark.parametrize("wie", ["af", "af_enkhuizen", "analist_elders", "programmaleider"])
def test_alleen_de_analist_van_de_regio_voegt_een_pakket_toe(
    request: pytest.FixtureRequest, casus: Casus, later_pakket: Doorzetting, wie: str
) -> None:
    voor = toestand(casus)
    with pytest.raises(Http404):
        services.pakket_toevoegen(
            actor=request.getfixturevalue(wie), casus=casus, doorzetting=later_pakket
        )
    assert toestand(casus) == voor


def test_af_van_de_nieuwe_gemeente_ziet_daarna_haar_deel(
    analist: Gebruiker, af_enkhuizen: Gebruiker, casus: Casus, later_pakket: Doorzetting
) -> None:
    with pytest.raises(Http404):
        selectors.casus_voor(actor=af_enkhuizen, casus_id=casus.pk)

    services.pakket_toevoegen(actor=analist, casus=casus, doorzetting=later_pakket)

    weergave = selectors.casus_voor(actor=af_enkhuizen, casus_id=casus.pk)
    assert not weergave.volledig
    assert weergave.eigen_gemeenten == {gemeente("Enkhuizen").pk}
    assert weergave.signalen == [later_pakket.signaal]
    assert casus.pk in {r.casus.pk for r in selectors.casussen_voor(actor=af_enkhuizen)}
    bij_signaal = selectors.casussen_bij_signaal(actor=af_enkhuizen, signaal=later_pakket.signaal)
    assert [c.casus.pk for c in bij_signaal] == [casus.pk]


# --- Pages -----------------------------------------------------------------------------------


def _url(casus: Casus) -> str:
    return reverse("casussen:pakket_toevoegen", kwargs={"casus_id": casus.pk})


def test_formulier_toont_alleen_pakketten_die_nog_niet_in_de_casus_zitten(
    analist: Gebruiker,
    casus: Casus,
    later_pakket: Doorzetting,
    pakketten: dict[str, Doorzetting],
    pakket_elders: Doorzetting,
) -> None:
    c = client_voor(analist)
    casuspagina = c.get(reverse("casussen:casus", kwargs={"casus_id": casus.pk})).content.decode()
    assert _url(casus) in casuspagina
    assert "Pakket toevoegen" in casuspagina
    antwoord = c.get(_url(casus))
    assert antwoord.status_code == 200
    inhoud = antwoord.content.decode()
    assert f'value="{later_pakket.pk}"' in inhoud
    assert str(later_pakket.signaal.referentie) in inhoud
    assert f"uit Enkhuizen, doorgezet op {later_pakket.verzonden_op:%d-%m-%Y}" in inhoud
    assert 'type="radio"' in inhoud
    assert "<legend>Welk pakket voegt u toe?" in inhoud
    for d in (*pakketten.values(), pakket_elders):
        assert str(d.pk) not in inhoud


def test_pakket_toevoegen_via_de_pagina(
    analist: Gebruiker, casus: Casus, later_pakket: Doorzetting
) -> None:
    c = client_voor(analist)
    antwoord = c.post(_url(casus), {"doorzetting": str(later_pakket.pk)})
    assert antwoord.status_code == 302
    assert antwoord["Location"] == reverse("casussen:casus", kwargs={"casus_id": casus.pk})
    assert casus.signalen.filter(pk=later_pakket.signaal_id).exists()
    pagina = c.get(antwoord["Location"]).content.decode()
    assert "Het pakket is toegevoegd." in pagina
    assert str(later_pakket.signaal.referentie) in pagina
    assert "Enkhuizen" in pagina
    # Nothing left to add: the form says so instead of an empty list.
    leeg = c.get(_url(casus)).content.decode()
    assert "Er zijn nu geen pakketten om toe te voegen." in leeg
    assert 'type="radio"' not in leeg


@pytest.mark.parametrize(
    ("data", "tekst"),
    [
        ({}, "Kies een pakket."),
        ({"doorzetting": "geen-uuid"}, "Kies een waarde uit de lijst."),
        ({"doorzetting": "00000000-0000-0000-0000-000000000000"}, "Kies een waarde uit de lijst."),
        ({"doorzetting": "ALKMAAR"}, "Kies een waarde uit de lijst."),
        ({"doorzetting": "ELDERS"}, "Kies een waarde uit de lijst."),
        ({"doorzetting": "INGETROKKEN"}, "Kies een waarde uit de lijst."),
    ],
)
def test_foute_invoer_is_400_met_de_melding(
    analist: Gebruiker,
    af_enkhuizen: Gebruiker,
    casus: Casus,
    pakketten: dict[str, Doorzetting],
    pakket_elders: Doorzetting,
    later_pakket: Doorzetting,
    data: dict[str, str],
    tekst: str,
) -> None:
    meldroute.doorzetting_status_wijzigen(
        actor=af_enkhuizen,
        doorzetting=later_pakket,
        naar=Doorzetting.Status.INGETROKKEN,
        tekst="Toch niet.",
        namens="gemeente",
    )
    vervang = {
        "ALKMAAR": str(pakketten["Alkmaar"].pk),
        "ELDERS": str(pakket_elders.pk),
        "INGETROKKEN": str(later_pakket.pk),
    }
    data = {k: vervang.get(v, v) for k, v in data.items()}
    voor = toestand(casus)
    antwoord = client_voor(analist).post(_url(casus), data)
    assert antwoord.status_code == 400
    inhoud = antwoord.content.decode()
    assert tekst in inhoud
    assert "Controleer het formulier" in inhoud  # the error summary
    assert 'href="#id_doorzetting-groep"' in inhoud
    assert toestand(casus) == voor


def test_gesloten_casus_is_409_en_toont_geen_knop(
    analist: Gebruiker, casus: Casus, later_pakket: Doorzetting
) -> None:
    services.casus_afsluiten(actor=analist, casus=casus)
    c = client_voor(analist)
    casuspagina = c.get(reverse("casussen:casus", kwargs={"casus_id": casus.pk})).content.decode()
    assert "Pakket toevoegen" not in casuspagina
    antwoord = c.post(_url(casus), {"doorzetting": str(later_pakket.pk)})
    assert antwoord.status_code == 409
    assert "Heropen de casus" in antwoord.content.decode()
    assert not casus.signalen.filter(pk=later_pakket.signaal_id).exists()


@pytest.mark.parametrize(
    "wie", ["af", "af_enkhuizen", "analist_elders", "programmaleider", "coordinator", "melder"]
)
def test_pagina_is_404_buiten_de_regio(
    request: pytest.FixtureRequest, casus: Casus, later_pakket: Doorzetting, wie: str
) -> None:
    c = client_voor(request.getfixturevalue(wie))
    assert c.get(_url(casus)).status_code == 404
    assert c.post(_url(casus), {"doorzetting": str(later_pakket.pk)}).status_code == 404
    assert not casus.signalen.filter(pk=later_pakket.signaal_id).exists()


def test_af_ziet_geen_knop_en_onbekende_casus_is_404(
    analist: Gebruiker, af: Gebruiker, casus: Casus
) -> None:
    pagina = client_voor(af).get(reverse("casussen:casus", kwargs={"casus_id": casus.pk}))
    assert "Pakket toevoegen" not in pagina.content.decode()
    onbekend = "/casussen/00000000-0000-0000-0000-000000000000/pakketten/nieuw/"
    assert client_voor(analist).get(onbekend).status_code == 404


def test_formulier_is_toegankelijk_met_en_zonder_fouten_en_leeg(
    analist: Gebruiker, casus: Casus, later_pakket: Doorzetting
) -> None:
    """Every radio button labelled, the group a fieldset with legend, one h1, unique ids."""
    c = client_voor(analist)
    pagina = c.get(_url(casus)).content.decode()
    controleer(pagina)
    assert 'id="id_doorzetting-groep"' in pagina
    assert '<label for="id_doorzetting_0">' in pagina
    fout = c.post(_url(casus), {})
    assert fout.status_code == 400
    controleer(fout.content.decode())
    assert c.post(_url(casus), {"doorzetting": str(later_pakket.pk)}).status_code == 302
    controleer(c.get(_url(casus)).content.decode())
