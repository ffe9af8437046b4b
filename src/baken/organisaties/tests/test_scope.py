import pytest

from baken.organisaties.models import Cluster, Gemeente, Rol
from baken.organisaties.scope import (
    aandachtsfunctionarissen_voor,
    gemeenten_als_af,
    heeft_rol,
    ketenpartners_van,
)


@pytest.fixture
def sed_cluster(referentie) -> Cluster:
    return Cluster.objects.get(naam__startswith="SED")


def test_referentiedata_heeft_32_gemeenten_in_3_districten(referentie):
    assert Gemeente.objects.count() == 32
    assert set(Gemeente.objects.values_list("district__naam", flat=True)) == {
        "Noord-Holland Noord",
        "Zaanstreek-Waterland",
        "Kennemerland",
    }


def test_af_van_een_gemeente_ziet_alleen_die_gemeente(af):
    assert gemeenten_als_af(af) == {Gemeente.objects.get(naam="Alkmaar").pk}


def test_af_van_een_cluster_ziet_alle_gemeenten_van_het_cluster(maak_gebruiker, sed_cluster):
    af_cluster = maak_gebruiker(Rol.AANDACHTSFUNCTIONARIS, cluster=sed_cluster)
    namen = set(
        Gemeente.objects.filter(pk__in=gemeenten_als_af(af_cluster)).values_list("naam", flat=True)
    )
    assert namen == {"Stede Broec", "Enkhuizen", "Drechterland"}


def test_melder_is_geen_af_en_ziet_geen_gemeenten(melder):
    assert gemeenten_als_af(melder) == set()
    assert heeft_rol(melder, Rol.MEDEWERKER)
    assert not heeft_rol(melder, Rol.AANDACHTSFUNCTIONARIS)


def test_ketenpartner_ziet_alleen_de_eigen_organisatie(zorgcoordinator, politie):
    assert ketenpartners_van(zorgcoordinator) != ketenpartners_van(politie)
    assert len(ketenpartners_van(zorgcoordinator)) == 1


def test_af_ontvangers_volgen_gemeente_en_cluster(af, af_haarlem, maak_gebruiker, sed_cluster):
    af_cluster = maak_gebruiker(Rol.AANDACHTSFUNCTIONARIS, cluster=sed_cluster)
    alkmaar = Gemeente.objects.get(naam="Alkmaar")
    enkhuizen = Gemeente.objects.get(naam="Enkhuizen")
    assert list(aandachtsfunctionarissen_voor(alkmaar.pk)) == [af]
    assert list(aandachtsfunctionarissen_voor(enkhuizen.pk)) == [af_cluster]


def test_gebruiker_met_meerdere_rollen(maak_gebruiker):
    from baken.organisaties.models import Roltoewijzing

    persoon = maak_gebruiker(Rol.MEDEWERKER, gemeente="Hoorn")
    Roltoewijzing.objects.create(
        gebruiker=persoon,
        rol=Rol.AANDACHTSFUNCTIONARIS,
        gemeente=Gemeente.objects.get(naam="Hoorn"),
    )
    persoon.refresh_from_db()
    assert heeft_rol(persoon, Rol.MEDEWERKER)
    assert heeft_rol(persoon, Rol.AANDACHTSFUNCTIONARIS)


def test_gemeenten_voor_rol_volgt_de_grens_van_de_toewijzing(referentie: None) -> None:
    from baken.organisaties.models import District, Gemeente, Regio, Rol
    from baken.organisaties.scope import (
        gemeenten_als_coordinator,
        gemeenten_als_fg,
        gemeenten_als_programmaleider,
        gemeenten_voor_rol,
    )
    from baken.organisaties.tests.factories import GebruikerFactory, RoltoewijzingFactory

    alkmaar = Gemeente.objects.get(naam="Alkmaar")
    coordinator = GebruikerFactory.create()
    RoltoewijzingFactory(gebruiker=coordinator, rol=Rol.COORDINATOR, gemeente=alkmaar)
    assert gemeenten_als_coordinator(coordinator) == {alkmaar.pk}
    assert gemeenten_als_programmaleider(coordinator) == set()

    leider = GebruikerFactory.create()
    RoltoewijzingFactory(gebruiker=leider, rol=Rol.PROGRAMMALEIDER, regio=Regio.objects.get())
    assert len(gemeenten_als_programmaleider(leider)) == 32
    assert gemeenten_als_fg(leider) == set()

    district = alkmaar.district
    zvh = GebruikerFactory.create()
    RoltoewijzingFactory(gebruiker=zvh, rol=Rol.FG, district=district)
    assert gemeenten_voor_rol(zvh, Rol.FG) == set(
        District.objects.get(pk=district.pk).gemeenten.values_list("pk", flat=True)
    )
