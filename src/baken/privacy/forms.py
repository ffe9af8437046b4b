"""Forms of the data-subject request pages. They parse input; the services decide."""

from datetime import date

from django import forms
from django.utils import timezone

from baken.linkage.identifiers import IdentifierError, normaliseer_naam
from baken.meldingen.forms import DatumInvoer
from baken.privacy.betrokkenenrechten import (
    GEBOORTEDATUM_VERPLICHT,
    NAAM_VERPLICHT,
    TOELICHTING_MAX,
    TOELICHTING_VERPLICHT,
)

TOELICHTING_TE_LANG = f"De toelichting mag hoogstens {TOELICHTING_MAX} tekens hebben."


def _toelichtingveld(label: str, hulp: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=hulp,
        max_length=TOELICHTING_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": TOELICHTING_VERPLICHT,
            "max_length": TOELICHTING_TE_LANG,
            "null_characters_not_allowed": "De toelichting bevat een teken dat niet kan.",
        },
    )


class ZoekForm(forms.Form):
    naam = forms.CharField(
        label="Naam van de betrokkene",
        max_length=200,
        help_text="Zoals de betrokkene die opgeeft. Hoofdletters en accenten maken niet uit.",
        error_messages={
            "required": NAAM_VERPLICHT,
            "max_length": "Een naam heeft hoogstens 200 tekens.",
            "null_characters_not_allowed": "De naam bevat een teken dat niet kan.",
        },
    )
    geboortedatum = forms.DateField(
        label="Geboortedatum",
        widget=DatumInvoer(),
        error_messages={
            "required": GEBOORTEDATUM_VERPLICHT,
            "invalid": "Vul een geldige datum in, bijvoorbeeld 14-03-1990.",
        },
    )
    toelichting = _toelichtingveld(
        "Over het verzoek",
        "Wanneer en hoe kwam het verzoek binnen? Bijvoorbeeld: brief van 3 maart 2026, "
        "identiteit gecontroleerd aan de balie.",
    )

    def clean_naam(self) -> str:
        naam: str = self.cleaned_data["naam"]
        try:
            normaliseer_naam(naam)
        except IdentifierError as fout:
            raise forms.ValidationError(NAAM_VERPLICHT) from fout
        return naam

    def clean_geboortedatum(self) -> date:
        datum: date = self.cleaned_data["geboortedatum"]
        if datum > timezone.localdate():
            raise forms.ValidationError(
                "Deze geboortedatum ligt in de toekomst. Controleer de datum."
            )
        if datum.year < 1900:
            raise forms.ValidationError("Controleer het geboortejaar.")
        return datum


class CorrectieToelichtingForm(forms.Form):
    toelichting = _toelichtingveld(
        "Over het verzoek tot correctie",
        "Wanneer en hoe vroeg de betrokkene om correctie? Wat klopte er niet?",
    )


class BeperkingForm(forms.Form):
    beperkt = forms.TypedChoiceField(
        choices=[("ja", "Beperken"), ("nee", "Opheffen")],
        coerce=lambda waarde: waarde == "ja",
        widget=forms.HiddenInput,
        error_messages={
            "required": "Kies: beperken of opheffen.",
            "invalid_choice": "Kies: beperken of opheffen.",
        },
    )
    toelichting = _toelichtingveld(
        "Over het verzoek tot beperking",
        "Wanneer en hoe vroeg de betrokkene erom? Waarom wordt de verwerking beperkt of weer "
        "vrijgegeven?",
    )
