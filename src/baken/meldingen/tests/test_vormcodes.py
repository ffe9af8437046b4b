"""`Signaal.vormcodes` follows the M2M `vormen` on every write (figures group on it)."""

import uuid
from collections.abc import Callable

from baken.kennis.models import Uitbuitingsvorm
from baken.meldingen import services
from baken.meldingen.models import Signaal
from baken.organisaties.models import Gebruiker


def test_vormcodes_volgen_de_vormen_bij_concept_en_indienen(
    melder: Gebruiker, dien_in: Callable[..., Signaal]
) -> None:
    arbeid, seksueel = (Uitbuitingsvorm.objects.get(code=c) for c in ("arbeid", "seksueel"))
    token = uuid.uuid4()
    concept = services.signaal_concept_opslaan(
        melder=melder,
        indientoken=token,
        gegevens=services.SignaalGegevens(feiten="x", vormen=[seksueel, arbeid]),
        betrokkenen=[],
    )
    concept.refresh_from_db()
    assert concept.vormcodes == "arbeid,seksueel"
    services.signaal_concept_opslaan(
        melder=melder,
        indientoken=token,
        gegevens=services.SignaalGegevens(feiten="x", vormen=[seksueel]),
        betrokkenen=[],
    )
    concept.refresh_from_db()
    assert concept.vormcodes == "seksueel"
    assert [v.code for v in concept.vormen.all()] == ["seksueel"]

    zonder = dien_in(melder)
    zonder.refresh_from_db()
    assert zonder.vormcodes == ""
