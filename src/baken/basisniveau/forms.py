"""Input parsing only; the rules live in services.py."""

from django import forms

from baken.basisniveau.models import Actiepunt, Antwoord, Beoordeling


class StartForm(forms.Form):
    gemeente = forms.TypedChoiceField(label="Gemeente", coerce=int)
    jaar = forms.IntegerField(label="Jaar", min_value=2000, max_value=2100)

    def __init__(self, *args: object, gemeenten: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["gemeente"].choices = gemeenten  # type: ignore[attr-defined]


class AntwoordForm(forms.Form):
    keuze = forms.ChoiceField(
        label="Antwoord",
        required=False,
        choices=[("", "Nog niet ingevuld"), *Antwoord.Keuze.choices],
    )
    toelichting = forms.CharField(label="Toelichting", required=False, strip=False)


class BewijsForm(forms.Form):
    omschrijving = forms.CharField(label="Omschrijving", required=False, max_length=200)
    url = forms.CharField(label="Link", required=False, max_length=500)
    bestand = forms.FileField(label="Bestand", required=False)

    def clean(self) -> dict:
        data = super().clean() or {}
        heeft_url, heeft_bestand = bool(data.get("url", "").strip()), bool(data.get("bestand"))
        if heeft_url == heeft_bestand:
            raise forms.ValidationError("Kies een bestand óf vul een link in.")
        return data


class StatusForm(forms.Form):
    naar = forms.ChoiceField(choices=Beoordeling.Status.choices)
    toelichting = forms.CharField(label="Toelichting", required=False, strip=False)
    versie = forms.IntegerField(min_value=1)


class OpmerkingForm(forms.Form):
    tekst = forms.CharField(label="Opmerking", strip=False)
    criterium = forms.IntegerField(required=False)


class ActiepuntForm(forms.Form):
    omschrijving = forms.CharField(label="Actie", strip=False)
    eigenaar = forms.CharField(label="Eigenaar", required=False, max_length=200)
    deadline = forms.DateField(label="Deadline", required=False)
    status = forms.ChoiceField(label="Status", choices=Actiepunt.Status.choices)
