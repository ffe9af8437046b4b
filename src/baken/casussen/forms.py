"""Forms of the casusaanpak. They parse and check input; the services decide and store."""

from typing import Any, cast

from django import forms

from baken.casussen import services
from baken.casussen.models import Actie, Casus, Interventie
from baken.core.keuzevelden import MeervoudigeKeuze
from baken.informatieplein.forms import pakketlabel
from baken.meldingen.forms import DatumInvoer
from baken.meldingen.models import Doorzetting, Signaal
from baken.organisaties.models import Gemeente, Ketenpartner

DATUM_FOUT = {
    "required": "Vul de datum in.",
    "invalid": "Vul een geldige datum in, bijvoorbeeld 14-03-2026.",
}
KEUZE_FOUT = {"invalid_choice": services.KEUZE_FOUT, "invalid_pk_value": services.KEUZE_FOUT}


def _te_lang(n: int) -> dict[str, str]:
    return {"max_length": f"Gebruik hoogstens {n} tekens."}


class VoorstelBesluitForm(forms.Form):
    """The casusoverleg's decision: accept (with the case's details) or reject (a reason)."""

    AANNEMEN, AFWIJZEN = "aannemen", "afwijzen"

    besluit = forms.ChoiceField(
        label="Besluit van het casusoverleg",
        choices=[(AANNEMEN, "Aannemen: er komt een casus"), (AFWIJZEN, "Afwijzen")],
        widget=forms.RadioSelect,
        error_messages={"required": "Kies het besluit.", **KEUZE_FOUT},
    )
    titel = forms.CharField(
        label="Werktitel van de casus",
        max_length=services.TITEL_MAX,
        required=False,
        help_text="Zonder namen, adressen of andere persoonsgegevens. Alleen bij aannemen.",
        error_messages=_te_lang(services.TITEL_MAX),
    )
    omschrijving = forms.CharField(
        label="Omschrijving van de casus",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        required=False,
        help_text="Alleen bij aannemen.",
        error_messages=_te_lang(5000),
    )
    gemeenten = MeervoudigeKeuze(
        label="Betrokken gemeenten",
        queryset=Gemeente.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="De gemeenten van de signalen staan al aangevinkt. Alleen bij aannemen.",
        error_messages=KEUZE_FOUT,
    )
    ketenpartners = MeervoudigeKeuze(
        label="Ketenpartners in de casus",
        queryset=Ketenpartner.objects.order_by("naam"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Alleen bij aannemen.",
        error_messages=KEUZE_FOUT,
    )
    reden = forms.CharField(
        label="Reden van afwijzen",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        help_text="Alleen bij afwijzen.",
        error_messages=_te_lang(2000),
    )

    def __init__(self, *args: Any, gemeenten: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelMultipleChoiceField, self.fields["gemeenten"]).queryset = gemeenten

    def clean(self) -> dict[str, Any]:
        d = super().clean() or {}
        if d.get("besluit") == self.AANNEMEN:
            if not (d.get("titel") or "").strip() and "titel" not in self.errors:
                self.add_error("titel", "Geef de casus een werktitel.")
            if not d.get("gemeenten") and "gemeenten" not in self.errors:
                self.add_error("gemeenten", "Kies minstens één betrokken gemeente.")
        elif (
            d.get("besluit") == self.AFWIJZEN
            and not (d.get("reden") or "").strip()
            and "reden" not in self.errors
        ):
            self.add_error("reden", "Schrijf kort op waarom het voorstel is afgewezen.")
        return d


class _Keuzeveld(forms.ModelChoiceField):
    """A choice of an object by its UUID: a malformed id is 'not in the list', like any
    other unknown value, instead of the model field's technical message."""

    def to_python(self, value: Any) -> Any:
        try:
            return super().to_python(value)
        except forms.ValidationError as fout:
            if fout.code == "invalid_choice":
                raise
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from None


def _signaallabel(signaal: Signaal) -> str:
    return f"{signaal.referentie} ({signaal.gemeente.naam})"


def _gemeentekeuze(casus: Casus, *, leeg: str | None) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label="Gemeente",
        queryset=casus.gemeenten.order_by("naam"),
        required=leeg is None,
        empty_label=leeg or "Kies een gemeente",
        error_messages={"required": "Kies de gemeente.", **KEUZE_FOUT},
    )


class BesluitForm(forms.Form):
    datum = forms.DateField(
        label="Datum van het besluit", widget=DatumInvoer(), error_messages=DATUM_FOUT
    )
    tekst = forms.CharField(
        label="Besluit",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={"required": "Schrijf het besluit op.", **_te_lang(5000)},
    )

    def __init__(self, *args: Any, casus: Casus, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["gemeente"] = _gemeentekeuze(casus, leeg="Hele casus (alle gemeenten)")
        self.fields["gemeente"].help_text = (
            "Kies een gemeente als het besluit alleen over haar deel gaat. Alleen die gemeente "
            "ziet het dan."
        )


class ActieForm(forms.Form):
    omschrijving = forms.CharField(
        label="Wat moet er gebeuren?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Beschrijf de actie.", **_te_lang(2000)},
    )
    eigenaar = forms.CharField(
        label="Wie voert de actie uit?",
        max_length=services.EIGENAAR_MAX,
        help_text="Een organisatie of functie, geen naam. Bijvoorbeeld: team Bibob gemeente "
        "Alkmaar.",
        error_messages={
            "required": "Vul in welke organisatie of functie de actie uitvoert.",
            **_te_lang(services.EIGENAAR_MAX),
        },
    )
    deadline = forms.DateField(label="Klaar op", widget=DatumInvoer(), error_messages=DATUM_FOUT)

    def __init__(self, *args: Any, casus: Casus, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["gemeente"] = _gemeentekeuze(casus, leeg="Hele casus (geen gemeente)")
        self.fields["gemeente"].help_text = (
            "Kies een gemeente als zij de actie uitvoert. Haar aandachtsfunctionaris ziet de "
            "actie en kan de status bijwerken."
        )


class PakketForm(forms.Form):
    """One further RIEC packet for the case, out of those the analyst may still add."""

    def __init__(self, *args: Any, pakketten: list[Doorzetting], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        veld = _Keuzeveld(
            label="Welk pakket voegt u toe?",
            queryset=Doorzetting.objects.filter(pk__in=[d.pk for d in pakketten])
            .select_related("gemeente")
            .order_by("-verzonden_op", "pk"),
            widget=forms.RadioSelect,
            empty_label=None,
            help_text="Het signaal van het pakket komt in de casus. De gemeente van het signaal "
            "wordt betrokken bij de casus, als zij dat nog niet was.",
            error_messages={"required": "Kies een pakket.", **KEUZE_FOUT},
        )
        # The same label as on the proposal form: reference, municipality, date.
        veld.label_from_instance = pakketlabel  # type: ignore[method-assign,assignment]
        self.fields["doorzetting"] = veld


class ActieStatusForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        choices=Actie.Status.choices,
        error_messages={"required": "Kies de status.", **KEUZE_FOUT},
    )


class InterventieForm(forms.Form):
    soort = forms.ChoiceField(
        label="Soort interventie",
        choices=[("", "Kies een soort"), *Interventie.Soort.choices],
        error_messages={"required": "Kies de soort interventie uit de lijst.", **KEUZE_FOUT},
    )
    soort_anders = forms.CharField(
        label="Welke interventie?",
        max_length=services.SOORT_ANDERS_MAX,
        required=False,
        help_text="Alleen bij soort 'Anders'. Zonder namen of adressen.",
        error_messages=_te_lang(services.SOORT_ANDERS_MAX),
    )
    datum = forms.DateField(
        label="Datum",
        widget=DatumInvoer(),
        help_text="De geplande of uitgevoerde datum.",
        error_messages=DATUM_FOUT,
    )
    status = forms.ChoiceField(
        label="Status",
        choices=Interventie.Status.choices,
        error_messages={"required": "Kies de status.", **KEUZE_FOUT},
    )
    uitkomst = forms.CharField(
        label="Uitkomst",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        required=False,
        help_text="De aandachtsfunctionaris van de gemeente ziet de uitkomst bij het signaal.",
        error_messages=_te_lang(5000),
    )

    def __init__(self, *args: Any, casus: Casus, signalen: list[Signaal], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["gemeente"] = _gemeentekeuze(casus, leeg=None)
        self.fields["gemeente"].label = "Gemeente die de interventie uitvoert"
        signaal = _Keuzeveld(
            label="Volgt op signaal",
            queryset=Signaal.objects.filter(pk__in=[s.pk for s in signalen]).order_by("referentie"),
            required=False,
            empty_label="Geen signaal",
            help_text="Kies een signaal van dezelfde gemeente. Bij dat signaal komt de "
            "interventie in de tijdlijn.",
            error_messages=KEUZE_FOUT,
        )
        signaal.label_from_instance = _signaallabel  # type: ignore[method-assign,assignment]
        self.fields["signaal"] = signaal
        self.order_fields(["soort", "soort_anders", "gemeente", "signaal", "datum", "status"])

    def clean(self) -> dict[str, Any]:
        d = super().clean() or {}
        if d.get("soort") == Interventie.Soort.ANDERS and not (d.get("soort_anders") or "").strip():
            self.add_error("soort_anders", "Vul in welke interventie het is.")
        signaal, gemeente = d.get("signaal"), d.get("gemeente")
        if signaal is not None and gemeente is not None and signaal.gemeente_id != gemeente.pk:
            self.add_error(
                "signaal",
                "Dit signaal is van een andere gemeente. Kies een signaal van de gemeente die "
                "de interventie uitvoert.",
            )
        return d


class InterventieBijwerkenForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        choices=Interventie.Status.choices,
        error_messages={"required": "Kies de status.", **KEUZE_FOUT},
    )
    uitkomst = forms.CharField(
        label="Uitkomst",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        required=False,
        error_messages=_te_lang(5000),
    )
