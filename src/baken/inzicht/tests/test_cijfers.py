"""Each figure on signals with known counts, made through the real services."""

from datetime import date, datetime, time, timedelta

from hypothesis import given
from hypothesis import strategies as st

from baken.inzicht import cijfers
from baken.inzicht.tests.conftest import Wereld
from baken.kennis.models import Domein, Uitbuitingsvorm
from baken.meldingen.models import Signaalsterkte
from baken.organisaties.models import Ketenpartner

JAAR = {"van": date(2026, 1, 1), "tot": date(2027, 1, 1)}


def _rij(tabel: cijfers.Tabel, label: str) -> dict[str, int]:
    cellen = tabel.cellen[tabel.rij_labels.index(label)]
    return {k: w for k, w in zip(tabel.kolom_labels, cellen, strict=True) if w}


def test_maanden_van_de_periode() -> None:
    assert cijfers.maanden(date(2025, 12, 1), date(2026, 3, 1)) == [
        (2025, 12),
        (2026, 1),
        (2026, 2),
    ]
    assert cijfers.maandlabel(2026, 3) == "mrt 2026"


def test_signalen_per_maand_per_vorm(wereld: Wereld) -> None:
    tabel = cijfers.signalen_per_maand(gemeente_ids=[wereld.alkmaar.pk], **JAAR)
    assert len(tabel.kolom_labels) == 12
    arbeid = Uitbuitingsvorm.objects.get(code="arbeid").naam
    seksueel = Uitbuitingsvorm.objects.get(code="seksueel").naam
    # In the catalogue's order, 'Onbekend' (no form given) last.
    assert tabel.rij_labels == [seksueel, arbeid, "Onbekend"]
    assert _rij(tabel, arbeid) == {"mrt 2026": 4}
    assert _rij(tabel, seksueel) == {"mrt 2026": 1}
    assert _rij(tabel, "Onbekend") == {"apr 2026": 1}
    assert tabel.rij_labels[-1] == "Onbekend"


def test_andere_gemeente_en_periode_tellen_niet_mee(wereld: Wereld) -> None:
    tabel = cijfers.signalen_per_maand(
        gemeente_ids=[wereld.haarlem.pk], van=date(2026, 3, 1), tot=date(2026, 4, 1)
    )
    assert sum(map(sum, tabel.cellen)) == 1
    leeg = cijfers.signalen_per_maand(
        gemeente_ids=[wereld.alkmaar.pk], van=date(2025, 1, 1), tot=date(2026, 1, 1)
    )
    assert leeg.cellen == []


def test_signalen_per_domein(wereld: Wereld) -> None:
    tabel = cijfers.signalen_per_domein(gemeente_ids=[wereld.alkmaar.pk], **JAAR)
    per_label = {label: sum(r) for label, r in zip(tabel.rij_labels, tabel.cellen, strict=True)}
    naam = {d.code: d.naam for d in Domein.objects.all()}
    assert per_label == {naam["burgerzaken"]: 3, naam["wijkteam"]: 1, "Onbekend": 1}


def test_signalen_per_sterkte(wereld: Wereld) -> None:
    tabel = cijfers.signalen_per_sterkte(gemeente_ids=[wereld.alkmaar.pk], **JAAR)
    verwacht: dict[str, int] = {}
    namen = dict(Signaalsterkte.choices)
    for naam, s in wereld.signalen.items():
        if naam != "h1":
            label = namen.get(s.signaalsterkte, "Nog niet bepaald")
            verwacht[label] = verwacht.get(label, 0) + 1
    per_label = {label: sum(r) for label, r in zip(tabel.rij_labels, tabel.cellen, strict=True)}
    assert per_label == verwacht
    assert sum(per_label.values()) == 5


def test_trechter(wereld: Wereld) -> None:
    reeks = cijfers.trechter(gemeente_ids=[wereld.alkmaar.pk], **JAAR)
    assert dict(zip(reeks.labels, reeks.waarden, strict=True)) == {
        "Gemeld": 5,
        "Gewogen": 3,
        "Doorgezet naar een ketenpartner": 1,
        "Intern opgepakt": 0,
        "Monitoren": 1,
        "Geen actie": 1,
        "Afgesloten": 1,
    }


def test_doorlooptijd_weging_in_werkdagen(wereld: Wereld) -> None:
    tijd = cijfers.doorlooptijd_weging(gemeente_ids=[wereld.alkmaar.pk], **JAAR)
    # Weighed after 0, 2 and 7 working days; the deadline is 5 working days.
    assert tijd.verdeling == {0: 1, 2: 1, 7: 1}
    assert tijd.aantal == 3
    assert tijd.mediaan_werkdagen == 2
    assert tijd.binnen_termijn == 2
    assert tijd.percentage_binnen_termijn == 67


def test_doorlooptijd_terugkoppeling(wereld: Wereld) -> None:
    tijd = cijfers.doorlooptijd_terugkoppeling(gemeente_ids=[wereld.alkmaar.pk], **JAAR)
    assert (tijd.aantal, tijd.mediaan_werkdagen, tijd.binnen_termijn) == (1, 1, 1)
    leeg = cijfers.doorlooptijd_terugkoppeling(gemeente_ids=[wereld.haarlem.pk], **JAAR)
    assert leeg.aantal == 0
    assert leeg.mediaan_werkdagen is None
    assert leeg.percentage_binnen_termijn is None


def test_doorzettingen_per_partner(wereld: Wereld) -> None:
    tabel = cijfers.doorzettingen_per_partner(gemeente_ids=[wereld.alkmaar.pk], **JAAR)
    partner = Ketenpartner.objects.get(code="zorgcoordinator").naam
    assert tabel.rij_labels == [partner]
    assert _rij(tabel, partner) == {"Verzonden": 1}


def test_elk_cijfer_is_een_query(wereld: Wereld, django_assert_num_queries: object) -> None:
    """One GROUP BY over the signals; forms and domains add one read of their small lookup
    table, joined in Python, which keeps the GROUP BY on the signal's own columns."""
    for functie, aantal in (
        (cijfers.signalen_per_maand, 2),
        (cijfers.signalen_per_domein, 2),
        (cijfers.signalen_per_sterkte, 1),
        (cijfers.trechter, 1),
        (cijfers.doorlooptijd_weging, 1),
        (cijfers.doorlooptijd_terugkoppeling, 1),
        (cijfers.doorzettingen_per_partner, 2),
    ):
        with django_assert_num_queries(aantal):  # type: ignore[operator]
            functie(gemeente_ids=[wereld.alkmaar.pk], **JAAR)


@given(
    st.lists(
        st.tuples(
            st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31)),
            st.integers(min_value=0, max_value=40),
            st.integers(min_value=1, max_value=5),
        ),
        min_size=1,
        max_size=30,
    )
)
def test_doorlooptijd_rekent_als_werkdagen_tussen_en_median_low(
    paren: list[tuple[date, int, int]],
) -> None:
    from statistics import median_low

    # The lead time is derived on the signal when it is saved (Signaal.afgeleiden_bijwerken);
    # the figure groups on it. Submitted and weighed at noon, Amsterdam time.
    from django.utils import timezone

    from baken.meldingen.models import Signaal
    from baken.meldingen.werkdagen import werkdagen_tussen

    def middag(dag: date) -> datetime:
        return timezone.make_aware(datetime.combine(dag, time(12)))

    rijen = []
    for start, extra, n in paren:
        s = Signaal(ingediend_op=middag(start), gewogen_op=middag(start + timedelta(days=extra)))
        s.afgeleiden_bijwerken()
        rijen.append({"dagen": s.weging_werkdagen, "n": n, "op_tijd": 0})
    uit = cijfers._doorlooptijd(rijen)
    verwacht = [
        werkdagen_tussen(start, start + timedelta(days=extra))
        for start, extra, n in paren
        for _ in range(n)
    ]
    assert uit.aantal == len(verwacht)
    assert uit.mediaan_werkdagen == median_low(verwacht)
