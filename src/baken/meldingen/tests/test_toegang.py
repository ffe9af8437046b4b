"""Access matrix: every role against every page and action of the meldroute.

Objects outside a user's scope and pages a role does not have answer 404 (design.md §2);
anonymous users are sent to the login page. The data is built once per module inside an
outer transaction; every test runs in its own savepoint on top of it, so one request never
sees what another test changed.
"""

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse

from baken.kennis.catalogus import actuele_catalogus, catalogus_laden
from baken.kennis.models import Indicator
from baken.meldingen import selectors, services
from baken.meldingen.betrokkenen import BetrokkeneGegevens
from baken.meldingen.models import Bijlage, Doorzetting, Signaal, Status, Weging
from baken.organisaties.models import Cluster, Gebruiker, Gemeente, Ketenpartner, Rol
from baken.organisaties.referentiedata import referentiedata_laden
from baken.organisaties.tests.factories import GebruikerFactory, RoltoewijzingFactory

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
GEHEIME_NOTITIE = "Notitie-alleen-voor-AF-7f3a"
GEHEIME_MOTIVATIE = "Motivatie-alleen-voor-AF-91bc"
GEHEIM_BERICHT = "Bericht-van-de-zorgcoordinator-5d2e"
TERUGKOPPELING = "Bedankt, wij pakken dit op met een collega-afdeling."
SED_CLUSTER = "SED-gemeenten (Stede Broec, Enkhuizen, Drechterland)"

ROLLEN = [
    "melder_eigen",  # reported the signals below (Enkhuizen)
    "melder_collega",  # works in the same municipality, did not report them
    "melder_ander",  # works in Haarlem
    "af_eigen",  # AF of Enkhuizen
    "af_cluster",  # AF of the SED cluster, which contains Enkhuizen (clusters.yaml)
    "af_ander",  # AF of Haarlem
    "partner_geadresseerd",  # zorgcoordinator: the referral is addressed to it
    "partner_niet_geadresseerd",  # politie: got nothing
    "beheerder",
    "anoniem",
]
MELDERS = ("melder_eigen", "melder_collega", "melder_ander")
AF_IN_SCOPE = ("af_eigen", "af_cluster")
AFS = (*AF_IN_SCOPE, "af_ander")
PARTNERS = ("partner_geadresseerd", "partner_niet_geadresseerd")


@dataclass
class Wereld:
    gebruikers: dict[str, Gebruiker]
    gemeld: Signaal
    doorgezet: Signaal
    concept: Signaal
    doorzetting: Doorzetting
    bijlage: Bijlage
    politie: Ketenpartner


def _gebruiker(rol: str, **scope: Any) -> Gebruiker:
    gemeente = scope.pop("gemeente", None)
    gebruiker: Gebruiker = GebruikerFactory.create(
        gemeente=gemeente if rol == Rol.MEDEWERKER else None,
        **scope.pop("velden", {}),
    )
    RoltoewijzingFactory(
        gebruiker=gebruiker,
        rol=rol,
        gemeente=gemeente if rol == Rol.AANDACHTSFUNCTIONARIS else None,
        **scope,
    )
    return gebruiker


def _indienen(melder: Gebruiker, **velden: Any) -> Signaal:
    signaal, _ = services.signaal_indienen(
        melder=melder,
        indientoken=uuid.uuid4(),
        gegevens=services.SignaalGegevens(
            feiten=velden.pop("feiten", "Tien mensen op één adres."),
            indicatoren=list(
                Indicator.objects.filter(
                    catalogus=actuele_catalogus(), code__in=["ARB-01", "ARB-03"]
                )
            ),
            **velden,
        ),
        betrokkenen=[BetrokkeneGegevens("adres", {"postcode": "1601AB", "huisnummer": 3})],
    )
    return signaal


def _bouw_wereld() -> Wereld:
    referentiedata_laden()
    catalogus_laden()
    enkhuizen = Gemeente.objects.get(naam="Enkhuizen")
    haarlem = Gemeente.objects.get(naam="Haarlem")
    zorg = Ketenpartner.objects.get(code="zorgcoordinator")
    politie = Ketenpartner.objects.get(code="politie")
    g = {
        "melder_eigen": _gebruiker(Rol.MEDEWERKER, gemeente=enkhuizen),
        "melder_collega": _gebruiker(Rol.MEDEWERKER, gemeente=enkhuizen),
        "melder_ander": _gebruiker(Rol.MEDEWERKER, gemeente=haarlem),
        "af_eigen": _gebruiker(Rol.AANDACHTSFUNCTIONARIS, gemeente=enkhuizen),
        "af_cluster": _gebruiker(
            Rol.AANDACHTSFUNCTIONARIS, cluster=Cluster.objects.get(naam=SED_CLUSTER)
        ),
        "af_ander": _gebruiker(Rol.AANDACHTSFUNCTIONARIS, gemeente=haarlem),
        "partner_geadresseerd": _gebruiker(Rol.KETENPARTNER, ketenpartner=zorg),
        "partner_niet_geadresseerd": _gebruiker(Rol.KETENPARTNER, ketenpartner=politie),
        "beheerder": _gebruiker(Rol.BEHEERDER, velden={"is_staff": True, "is_superuser": True}),
    }
    melder, af = g["melder_eigen"], g["af_eigen"]
    gemeld = _indienen(melder)
    bijlage = services.bijlage_toevoegen(
        actor=af, signaal=gemeld, bestand=SimpleUploadedFile("verslag.pdf", PDF)
    )
    doorgezet = _indienen(melder, feiten="Bus met arbeiders, elke nacht.")
    services.weging_vastleggen(
        actor=af, signaal=doorgezet, besluit=Weging.Besluit.DOORZETTEN, motivatie=GEHEIME_MOTIVATIE
    )
    services.notitie_toevoegen(actor=af, signaal=doorgezet, tekst=GEHEIME_NOTITIE)
    doorzetting = services.doorzetting_aanmaken(
        actor=af,
        signaal=doorgezet,
        ketenpartner=zorg,
        grondslag="avg_6e_wmo",
        velden=["vormen", "feiten"],
    )
    services.doorzetting_status_wijzigen(
        actor=g["partner_geadresseerd"],
        doorzetting=doorzetting,
        naar=Doorzetting.Status.ONTVANGEN,
        tekst=GEHEIM_BERICHT,
        namens="ketenpartner",
    )
    services.terugkoppeling_versturen(actor=af, signaal=doorgezet, tekst=TERUGKOPPELING)
    concept = services.signaal_concept_opslaan(
        melder=melder,
        indientoken=uuid.uuid4(),
        gegevens=services.SignaalGegevens(feiten="Nog niet af."),
        betrokkenen=[],
    )
    gemeld.refresh_from_db()
    doorgezet.refresh_from_db()
    doorzetting.refresh_from_db()
    return Wereld(g, gemeld, doorgezet, concept, doorzetting, bijlage, politie)


@pytest.fixture(scope="module")
def wereld(django_db_setup: None, django_db_blocker: Any) -> Iterator[Wereld]:
    with django_db_blocker.unblock():
        buiten = transaction.atomic()
        buiten.__enter__()
        try:
            gebouwd = _bouw_wereld()
        except BaseException:
            transaction.set_rollback(True)
            buiten.__exit__(None, None, None)
            raise
    yield gebouwd
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        buiten.__exit__(None, None, None)


def _lege_betrokkenen() -> dict[str, str]:
    return {
        "betrokkene-TOTAL_FORMS": "0",
        "betrokkene-INITIAL_FORMS": "0",
        "betrokkene-MIN_NUM_FORMS": "0",
        "betrokkene-MAX_NUM_FORMS": "30",
    }


@dataclass(frozen=True)
class Eindpunt:
    naam: str
    methode: str
    url: Callable[[Wereld], str]
    toegestaan: dict[str, int]
    data: Callable[[Wereld], dict[str, Any]] | None = None
    htmx: bool = False


def _alle(rollen: tuple[str, ...], status: int) -> dict[str, int]:
    return dict.fromkeys(rollen, status)


def _url(naam: str, *args: Any) -> str:
    return reverse(f"meldingen:{naam}", args=list(args))


EINDPUNTEN = [
    # --- Melder ---
    Eindpunt("melden GET", "get", lambda w: _url("melden"), _alle(MELDERS, 200)),
    Eindpunt(
        "melden POST",
        "post",
        lambda w: _url("melden"),
        _alle(MELDERS, 302),
        lambda w: {
            "indientoken": str(uuid.uuid4()),
            "actie": "indienen",
            "feiten": "Gezien bij de balie.",
            "minderjarigen": "onbekend",
            **_lege_betrokkenen(),
        },
    ),
    Eindpunt("concept GET", "get", lambda w: _url("concept", w.concept.pk), {"melder_eigen": 200}),
    Eindpunt(
        "concept POST",
        "post",
        lambda w: _url("concept", w.concept.pk),
        {"melder_eigen": 302},
        lambda w: {
            "indientoken": str(w.concept.indientoken),
            "actie": "concept",
            "feiten": "Nog steeds niet af.",
            "minderjarigen": "onbekend",
            **_lege_betrokkenen(),
        },
    ),
    Eindpunt("mijn_meldingen GET", "get", lambda w: _url("mijn_meldingen"), _alle(MELDERS, 200)),
    Eindpunt(
        "mijn_signaal GET",
        "get",
        lambda w: _url("mijn_signaal", w.doorgezet.pk),
        {"melder_eigen": 200},
    ),
    Eindpunt(
        "mijn_signaal GET (concept)",
        "get",
        lambda w: _url("mijn_signaal", w.concept.pk),
        {"melder_eigen": 302},  # on to the draft form
    ),
    # --- Aandachtsfunctionaris ---
    Eindpunt("werklijst GET", "get", lambda w: _url("werklijst"), _alle(AFS, 200)),
    Eindpunt("werklijst htmx", "get", lambda w: _url("werklijst"), _alle(AFS, 200), htmx=True),
    Eindpunt("signaal GET", "get", lambda w: _url("signaal", w.gemeld.pk), _alle(AF_IN_SCOPE, 200)),
    Eindpunt("signaal GET (concept)", "get", lambda w: _url("signaal", w.concept.pk), {}),
    Eindpunt(
        "wegen POST",
        "post",
        lambda w: _url("wegen", w.gemeld.pk),
        _alle(AF_IN_SCOPE, 302),
        lambda w: {"besluit": "monitoren", "motivatie": "Eerst meer weten."},
    ),
    Eindpunt(
        "in_weging POST",
        "post",
        lambda w: _url("in_weging", w.gemeld.pk),
        _alle(AF_IN_SCOPE, 302),
        lambda w: {},
    ),
    Eindpunt(
        "status POST",
        "post",
        lambda w: _url("status", w.gemeld.pk),
        _alle(AF_IN_SCOPE, 302),
        lambda w: {"naar": "in_weging", "reden": "Ik begin."},
    ),
    Eindpunt(
        "notitie POST",
        "post",
        lambda w: _url("notitie", w.gemeld.pk),
        _alle(AF_IN_SCOPE, 302),
        lambda w: {"tekst": "Gebeld met de wijkagent."},
    ),
    Eindpunt(
        "bijlage_toevoegen POST",
        "post",
        lambda w: _url("bijlage_toevoegen", w.gemeld.pk),
        _alle(AF_IN_SCOPE, 302),
        lambda w: {"bestand": SimpleUploadedFile("foto.pdf", PDF)},
    ),
    Eindpunt(
        "bijlage GET", "get", lambda w: _url("bijlage", w.bijlage.pk), _alle(AF_IN_SCOPE, 200)
    ),
    Eindpunt(
        "doorzetten GET",
        "get",
        lambda w: _url("doorzetten", w.doorgezet.pk) + f"?ketenpartner={w.politie.pk}",
        _alle(AF_IN_SCOPE, 200),
    ),
    Eindpunt(
        "doorzetten POST",
        "post",
        lambda w: _url("doorzetten", w.doorgezet.pk),
        _alle(AF_IN_SCOPE, 302),
        lambda w: {"ketenpartner": w.politie.pk, "grondslag": "avg_6e_uavg_33", "velden": "feiten"},
    ),
    Eindpunt(
        "terugkoppelen POST",
        "post",
        lambda w: _url("terugkoppelen", w.gemeld.pk),
        _alle(AF_IN_SCOPE, 302),
        lambda w: {"tekst": "Wij kijken ernaar."},
    ),
    Eindpunt(
        "doorzetting_intrekken POST",
        "post",
        lambda w: _url("doorzetting_intrekken", w.doorzetting.pk),
        _alle(AF_IN_SCOPE, 302),
        lambda w: {"tekst": "Toch niet nodig."},
    ),
    # --- Ketenpartner ---
    Eindpunt("doorzettingen GET", "get", lambda w: _url("doorzettingen"), _alle(PARTNERS, 200)),
    Eindpunt(
        "doorzetting GET",
        "get",
        lambda w: _url("doorzetting", w.doorzetting.pk),
        {"partner_geadresseerd": 200},
    ),
    Eindpunt(
        "doorzetting POST",
        "post",
        lambda w: _url("doorzetting", w.doorzetting.pk),
        {"partner_geadresseerd": 302},
        lambda w: {"naar": "geaccepteerd", "tekst": ""},
    ),
]


def _client_voor(wereld: Wereld, rol: str) -> Client:
    client = Client()
    if rol != "anoniem":
        client.force_login(wereld.gebruikers[rol])
    return client


@pytest.mark.parametrize("rol", ROLLEN)
@pytest.mark.parametrize("eindpunt", EINDPUNTEN, ids=lambda e: e.naam)
def test_toegangsmatrix(wereld: Wereld, db: None, eindpunt: Eindpunt, rol: str) -> None:
    client = _client_voor(wereld, rol)
    url = eindpunt.url(wereld)
    headers = {"HX-Request": "true"} if eindpunt.htmx else {}
    if eindpunt.methode == "get":
        antwoord = client.get(url, headers=headers)
    else:
        antwoord = client.post(url, eindpunt.data(wereld) if eindpunt.data else {})

    if rol == "anoniem":
        assert antwoord.status_code == 302
        assert antwoord["Location"].startswith(reverse("login") + "?next=")
        return
    verwacht = eindpunt.toegestaan.get(rol, 404)
    assert antwoord.status_code == verwacht, antwoord.content.decode()[:2000]
    if verwacht == 302:
        assert not antwoord["Location"].startswith(reverse("login"))
    if verwacht == 404:
        # The same page as for a path that does not exist: it reveals nothing.
        assert "Pagina niet gevonden" in antwoord.content.decode()


# --- What the allowed pages show --------------------------------------------------------------


def _tekst(client: Client, url: str, **headers: str) -> str:
    antwoord = client.get(url, headers=headers)
    assert antwoord.status_code == 200
    return antwoord.content.decode()


def test_werklijst_toont_alleen_signalen_binnen_bereik(wereld: Wereld, db: None) -> None:
    referenties = {wereld.gemeld.referentie, wereld.doorgezet.referentie}
    for rol in ("af_eigen", "af_cluster"):
        pagina = _tekst(_client_voor(wereld, rol), _url("werklijst"))
        assert all(r and r in pagina for r in referenties), rol
    client = _client_voor(wereld, "af_ander")
    pagina = _tekst(client, _url("werklijst"))
    assert not any(r and r in pagina for r in referenties)
    fragment = _tekst(client, _url("werklijst"), **{"HX-Request": "true"})
    assert "0 signaal/signalen gevonden." in fragment


def test_lege_werklijst_zegt_niet_dat_een_filter_niet_klopt(wereld: Wereld, db: None) -> None:
    pagina = _tekst(_client_voor(wereld, "af_ander"), _url("werklijst"))
    assert "Een filter klopt niet" not in pagina
    assert "0 signaal/signalen gevonden." in pagina


def test_werklijst_htmx_geeft_alleen_het_tabelfragment(wereld: Wereld, db: None) -> None:
    client = _client_voor(wereld, "af_cluster")
    fragment = _tekst(client, _url("werklijst"), **{"HX-Request": "true"})
    volledig = _tekst(client, _url("werklijst"))
    assert "<html" not in fragment
    assert "<html" in volledig
    assert "2 signaal/signalen gevonden." in fragment
    assert str(wereld.gemeld.referentie) in fragment


def test_ketenpartner_ziet_alleen_doorzettingen_aan_de_eigen_organisatie(
    wereld: Wereld, db: None
) -> None:
    referentie = str(wereld.doorgezet.referentie)
    eigen = _tekst(_client_voor(wereld, "partner_geadresseerd"), _url("doorzettingen"))
    ander = _tekst(_client_voor(wereld, "partner_niet_geadresseerd"), _url("doorzettingen"))
    assert referentie in eigen
    assert referentie not in ander
    politie = wereld.gebruikers["partner_niet_geadresseerd"]
    assert list(selectors.doorzettingen_voor_partner(actor=politie)) == []


def test_melder_ziet_van_het_eigen_signaal_alleen_status_en_terugkoppeling(
    wereld: Wereld, db: None
) -> None:
    client = _client_voor(wereld, "melder_eigen")
    pagina = _tekst(client, _url("mijn_signaal", wereld.doorgezet.pk))
    assert TERUGKOPPELING in pagina
    assert "Doorgezet" in pagina
    lijst = _tekst(client, _url("mijn_meldingen"))
    for geheim in (
        GEHEIME_NOTITIE,
        GEHEIME_MOTIVATIE,
        GEHEIM_BERICHT,
        "Zorgcoördinator",
        str(wereld.doorzetting.trace_id),
        "1601",  # the address of the betrokkene
    ):
        assert geheim not in pagina
        assert geheim not in lijst
    # The AF does see all of it on the signal page.
    af_pagina = _tekst(_client_voor(wereld, "af_eigen"), _url("signaal", wereld.doorgezet.pk))
    assert GEHEIME_NOTITIE in af_pagina
    assert GEHEIME_MOTIVATIE in af_pagina
    assert GEHEIM_BERICHT in af_pagina


def test_collega_melder_ziet_andermans_meldingen_niet(wereld: Wereld, db: None) -> None:
    pagina = _tekst(_client_voor(wereld, "melder_collega"), _url("mijn_meldingen"))
    assert "U heeft nog geen signalen gemeld." in pagina
    assert str(wereld.gemeld.referentie) not in pagina
    eigen = _tekst(_client_voor(wereld, "melder_eigen"), _url("mijn_meldingen"))
    assert str(wereld.gemeld.referentie) in eigen
    assert str(wereld.doorgezet.referentie) in eigen


def test_concept_is_onzichtbaar_voor_de_af(wereld: Wereld, db: None) -> None:
    for rol in AF_IN_SCOPE:
        af = wereld.gebruikers[rol]
        zichtbaar = set(selectors.signalen_voor_af(actor=af).values_list("pk", flat=True))
        assert zichtbaar == {wereld.gemeld.pk, wereld.doorgezet.pk}
        client = _client_voor(wereld, rol)
        assert client.get(_url("signaal", wereld.concept.pk)).status_code == 404
        # "concept" is not even a status one can filter on.
        assert client.get(_url("werklijst") + "?status=concept").status_code == 400
        fragment = _tekst(client, _url("werklijst"), **{"HX-Request": "true"})
        assert "2 signaal/signalen gevonden." in fragment
    assert wereld.concept.status == Status.CONCEPT


def test_onbekend_signaal_en_kapotte_id_geven_404(wereld: Wereld, db: None) -> None:
    client = _client_voor(wereld, "af_eigen")
    assert client.get(_url("signaal", uuid.uuid4())).status_code == 404
    assert client.get("/signalen/geen-uuid/").status_code == 404
