"""Forms of the FG workspace. They parse input; `werkplek` decides."""

from typing import Any

from django import forms

from baken.meldingen.forms import DatumInvoer
from baken.organisaties.models import Gebruiker
from baken.privacy.models import Auditregel

REFERENTIE_FOUT = "Een referentie ziet er zo uit: S2026-K7M2QX9P."
REFERENTIE = r"^\s*[Ss]\d{4}-[A-Za-z0-9]{8}\s*$"
DATUM_FOUT = {"invalid": "Vul een geldige datum in."}


class LogboekFilterForm(forms.Form):
    referentie = forms.RegexField(
        label="Referentie van het signaal",
        regex=REFERENTIE,
        required=False,
        error_messages={"invalid": REFERENTIE_FOUT},
    )
    gebruiker = forms.ModelChoiceField(
        label="Medewerker",
        queryset=Gebruiker.objects.none(),
        required=False,
        empty_label="Alle medewerkers",
        error_messages={"invalid_choice": "Kies een medewerker uit de lijst."},
    )
    van = forms.DateField(
        label="Vanaf", required=False, widget=DatumInvoer(), error_messages=DATUM_FOUT
    )
    tot = forms.DateField(
        label="Tot en met", required=False, widget=DatumInvoer(), error_messages=DATUM_FOUT
    )
    resultaat = forms.ChoiceField(
        label="Resultaat",
        choices=[("", "Alle resultaten"), *Auditregel.Resultaat.choices],
        required=False,
        error_messages={"invalid_choice": "Kies een resultaat uit de lijst."},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Ids, not names, travel in the URL of a search.
        self.fields["gebruiker"].queryset = Gebruiker.objects.order_by("username")  # type: ignore[attr-defined]
        self.fields["gebruiker"].label_from_instance = lambda g: g.get_full_name() or g.username  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        van, tot = data.get("van"), data.get("tot")
        if van and tot and van > tot:
            self.add_error("tot", "De einddatum ligt voor de begindatum.")
        return data


class PersoonZoekenForm(forms.Form):
    naam = forms.CharField(
        label="Naam",
        max_length=200,
        error_messages={"required": "Vul de naam in."},
    )
    geboortedatum = forms.DateField(
        label="Geboortedatum",
        widget=DatumInvoer(),
        error_messages={
            "required": "Vul de geboortedatum in.",
            "invalid": "Vul een geldige datum in.",
        },
    )


class DoorbraakForm(forms.Form):
    referentie = forms.RegexField(
        label="Referentie van het signaal",
        regex=REFERENTIE,
        error_messages={"invalid": REFERENTIE_FOUT, "required": "Vul de referentie in."},
    )
    reden = forms.CharField(
        label="Waarom moet u de inhoud zien?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text="De aandachtsfunctionaris van de gemeente leest deze reden.",
        error_messages={"required": "Schrijf op waarom u de inhoud moet zien."},
    )
