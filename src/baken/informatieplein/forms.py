from typing import Any, cast

from django import forms

from baken.informatieplein.pakketten import pakket_lezen
from baken.meldingen.models import Doorzetting
from baken.organisaties.models import Regio


class RegioForm(forms.Form):
    """Which region a link run covers (only the analyst's own are offered)."""

    regio = forms.TypedChoiceField(
        label="Regio",
        coerce=int,
        error_messages={
            "required": "Kies een regio.",
            "invalid_choice": "Kies een regio uit de lijst.",
        },
    )

    def __init__(self, *args: Any, regios: list[Regio], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        veld = cast(forms.TypedChoiceField, self.fields["regio"])
        veld.choices = [(r.pk, r.naam) for r in regios]
        if len(regios) == 1:
            veld.widget = forms.HiddenInput()
            self.initial.setdefault("regio", regios[0].pk)


def pakketlabel(d: Doorzetting) -> str:
    p = pakket_lezen(d)
    return f"{p.referentie} uit {p.gemeente}, doorgezet op {d.verzonden_op:%d-%m-%Y}"


class VoorstelForm(forms.Form):
    titel = forms.CharField(
        label="Titel",
        max_length=150,
        help_text="Een werktitel zonder namen, adressen of andere persoonsgegevens.",
        error_messages={
            "required": "Geef het voorstel een titel.",
            "max_length": "De titel mag hoogstens 150 tekens lang zijn.",
        },
    )
    aanleiding = forms.CharField(
        label="Aanleiding",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Waarom is dit een casus voor het casusoverleg?",
    )
    voorgestelde_aanpak = forms.CharField(
        label="Voorgestelde aanpak",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Welke partners, welke stappen, welke bestuurlijke interventies?",
    )
    pakketten = forms.MultipleChoiceField(
        label="Pakketten in dit voorstel",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Kies minstens één pakket voor het voorstel.",
            "invalid_choice": "Kies alleen pakketten uit de lijst.",
        },
    )

    def __init__(self, *args: Any, pakketten: list[Doorzetting], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        veld = cast(forms.MultipleChoiceField, self.fields["pakketten"])
        veld.choices = [(str(d.pk), pakketlabel(d)) for d in pakketten]
