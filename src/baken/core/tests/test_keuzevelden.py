import pytest
from django import forms

from baken.core.keuzevelden import MeervoudigeKeuze
from baken.kennis.models import Domein

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("waarde", ["99999999999999999999999", str(2**63), str(-(2**63) - 1)])
def test_te_groot_id_is_een_ongeldige_keuze_geen_databasefout(waarde: str) -> None:
    veld = MeervoudigeKeuze(queryset=Domein.objects.all())
    with pytest.raises(forms.ValidationError) as fout:
        veld.clean([waarde])
    assert fout.value.code == "invalid_pk_value"


def test_gewone_ids_werken_nog(referentie: None) -> None:
    veld = MeervoudigeKeuze(queryset=Domein.objects.all())
    domein = Domein.objects.first()
    assert domein is not None
    assert list(veld.clean([str(domein.pk)])) == [domein]
    with pytest.raises(forms.ValidationError):
        veld.clean([str(2**63 - 1)])  # in range, but no such object
