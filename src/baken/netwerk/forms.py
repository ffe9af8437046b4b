"""Forms of the AF network. They parse and check input; the services decide and store."""

from typing import Any, cast

from django import forms
from django.utils import timezone

from baken.kennis.models import Domein
from baken.linkage.identifiers import IdentifierError, normaliseer_telefoon
from baken.meldingen.forms import DatumInvoer
from baken.netwerk import services
from baken.netwerk.models import Cursus, Trainingsregistratie
from baken.netwerk.selectors import Kandidaat
from baken.organisaties.models import District, Gebruiker, Gemeente

DATUM_FOUT = {
    "required": "Vul de datum in.",
    "invalid": "Vul een geldige datum in, bijvoorbeeld 14-03-2026.",
}
KEUZE_FOUT = "Kies een waarde uit de lijst."


def _naam(gebruiker: Gebruiker) -> str:
    return gebruiker.get_full_name() or gebruiker.username


def _cursuslabel(cursus: Cursus) -> str:
    return f"{cursus.naam} ({cursus.get_doelgroep_display().lower()})"


# --- Directory -------------------------------------------------------------------------------


class GidsFilterForm(forms.Form):
    district = forms.ModelChoiceField(
        label="District",
        queryset=District.objects.none(),
        required=False,
        empty_label="Alle districten",
        error_messages={"invalid_choice": "Kies een district uit de lijst."},
    )
    zoek = forms.CharField(
        label="Zoek op gemeente",
        max_length=100,
        required=False,
        error_messages={"max_length": "Gebruik hoogstens 100 tekens."},
    )

    def __init__(self, *args: Any, districten: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["district"]).queryset = districten


class ContactkaartForm(forms.Form):
    functie = forms.CharField(
        label="Functie",
        max_length=100,
        required=False,
        help_text="Bijvoorbeeld: aandachtsfunctionaris mensenhandel, beleidsadviseur.",
        error_messages={"max_length": "Gebruik hoogstens 100 tekens."},
    )
    telefoon = forms.CharField(
        label="Telefoonnummer (werk)",
        max_length=25,
        required=False,
        help_text="Voorbeeld: 06 12345678 of 072 5123456.",
        error_messages={"max_length": "Dit telefoonnummer is te lang."},
    )
    bereikbaarheid = forms.CharField(
        label="Bereikbaarheid",
        max_length=200,
        required=False,
        help_text="Wanneer bent u te bereiken? Bijvoorbeeld: maandag tot en met donderdag, "
        "9-17 uur.",
        error_messages={"max_length": "Gebruik hoogstens 200 tekens."},
    )

    def clean_telefoon(self) -> str:
        waarde = (self.cleaned_data.get("telefoon") or "").strip()
        if not waarde:
            return ""
        try:
            return normaliseer_telefoon(waarde).weergave
        except IdentifierError as fout:
            raise forms.ValidationError(str(fout)) from None


# --- Trainings -------------------------------------------------------------------------------


class TrainingFilterForm(forms.Form):
    gemeente = forms.ModelChoiceField(
        label="Gemeente",
        queryset=Gemeente.objects.none(),
        required=False,
        empty_label="Alle gemeenten",
        error_messages={"invalid_choice": "Kies een gemeente uit de lijst."},
    )
    cursus = forms.ModelChoiceField(
        label="Cursus",
        queryset=Cursus.objects.none(),
        required=False,
        empty_label="Alle cursussen",
        error_messages={"invalid_choice": "Kies een cursus uit de lijst."},
    )
    jaar = forms.TypedChoiceField(
        label="Jaar",
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": "Kies een jaar uit de lijst."},
    )

    def __init__(
        self, *args: Any, gemeenten: Any, cursussen: Any, jaren: list[int], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["gemeente"]).queryset = gemeenten
        cast(forms.ModelChoiceField, self.fields["cursus"]).queryset = cursussen
        cast(forms.ChoiceField, self.fields["jaar"]).choices = [("", "Alle jaren")] + [
            (str(j), str(j)) for j in jaren
        ]


class TrainingForm(forms.Form):
    cursus = forms.ModelChoiceField(
        label="Cursus",
        queryset=Cursus.objects.none(),
        empty_label="Kies een cursus",
        error_messages={"required": "Kies een cursus.", "invalid_choice": KEUZE_FOUT},
    )
    datum = forms.DateField(
        label="Datum van de training",
        widget=DatumInvoer(),
        help_text="De (laatste) dag van de training.",
        error_messages=DATUM_FOUT,
    )
    deelnemer = forms.ModelChoiceField(
        label="Wie volgde de training?",
        queryset=Gebruiker.objects.none(),
        required=False,
        empty_label="Kies de aandachtsfunctionaris",
        help_text="Alleen bij een cursus voor aandachtsfunctionarissen.",
        error_messages={"invalid_choice": services.DEELNEMER_ONBEKEND},
    )
    gemeente = forms.ModelChoiceField(
        label="Gemeente van de medewerkers",
        queryset=Gemeente.objects.none(),
        required=False,
        empty_label="Kies een gemeente",
        help_text="Alleen bij een cursus voor medewerkers.",
        error_messages={"invalid_choice": services.GEMEENTE_ONBEKEND},
    )
    domein = forms.ModelChoiceField(
        label="Werkveld van de medewerkers",
        queryset=Domein.objects.all(),
        required=False,
        empty_label="Kies een werkveld",
        help_text="Alleen bij een cursus voor medewerkers.",
        error_messages={"invalid_choice": KEUZE_FOUT},
    )
    aantal_deelnemers = forms.IntegerField(
        label="Aantal deelnemers",
        required=False,
        min_value=1,
        max_value=services.MAX_DEELNEMERS,
        help_text="Alleen bij een cursus voor medewerkers.",
        error_messages={
            "invalid": "Vul een heel getal in, bijvoorbeeld 12.",
            "min_value": services.AANTAL_FOUT,
            "max_value": services.AANTAL_FOUT,
        },
    )

    def __init__(
        self,
        *args: Any,
        cursussen: Any,
        deelnemers: list[Gebruiker] | None = None,
        gemeenten: Any = None,
        correctie: Trainingsregistratie | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cursus = cast(forms.ModelChoiceField, self.fields["cursus"])
        cursus.queryset = cursussen
        cursus.label_from_instance = _cursuslabel  # type: ignore[method-assign,assignment]
        self.correctie = correctie
        if correctie is not None:
            # Who and for which municipality stay fixed; only what was followed when changes.
            del self.fields["deelnemer"], self.fields["gemeente"]
            if correctie.gebruiker_id is not None:
                del self.fields["domein"], self.fields["aantal_deelnemers"]
            return
        deelnemer = cast(forms.ModelChoiceField, self.fields["deelnemer"])
        deelnemer.queryset = Gebruiker.objects.filter(pk__in=[d.pk for d in deelnemers or []])
        deelnemer.label_from_instance = _naam  # type: ignore[method-assign,assignment]
        if deelnemers and len(deelnemers) == 1:
            deelnemer.initial = deelnemers[0].pk
        cast(forms.ModelChoiceField, self.fields["gemeente"]).queryset = gemeenten

    def clean(self) -> dict[str, Any]:
        """Check the fields that depend on the course's target group, all in one round."""
        d = super().clean() or {}
        cursus: Cursus | None = d.get("cursus")
        datum = d.get("datum")
        if datum and datum > timezone.localdate():
            self.add_error("datum", services.TOEKOMST)
        elif datum and datum < services.VROEGSTE_DATUM:
            self.add_error("datum", services.TE_VROEG)
        if cursus is None:
            return d
        if self.correctie is not None:
            if cursus.doelgroep != self.correctie.cursus.doelgroep:
                self.add_error("cursus", services.ANDERE_DOELGROEP)
        elif cursus.doelgroep == Cursus.Doelgroep.AANDACHTSFUNCTIONARIS:
            if d.get("deelnemer") is None and "deelnemer" not in self.errors:
                self.add_error("deelnemer", services.DEELNEMER_VERPLICHT)
            return d
        elif d.get("gemeente") is None and "gemeente" not in self.errors:
            self.add_error("gemeente", services.GEMEENTE_VERPLICHT)
        if "domein" not in self.fields:
            return d
        if d.get("domein") is None and "domein" not in self.errors:
            self.add_error("domein", services.DOMEIN_VERPLICHT)
        if d.get("aantal_deelnemers") is None and "aantal_deelnemers" not in self.errors:
            self.add_error("aantal_deelnemers", services.AANTAL_FOUT)
        return d


class CursusForm(forms.Form):
    naam = forms.CharField(
        label="Naam van de cursus",
        max_length=200,
        error_messages={
            "required": "Vul de naam van de cursus in.",
            "max_length": "Gebruik hoogstens 200 tekens.",
        },
    )
    aanbieder = forms.CharField(
        label="Aanbieder",
        max_length=200,
        required=False,
        error_messages={"max_length": "Gebruik hoogstens 200 tekens."},
    )
    doelgroep = forms.ChoiceField(
        label="Voor wie is de cursus?",
        choices=Cursus.Doelgroep.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Kies voor wie de cursus is.", "invalid_choice": KEUZE_FOUT},
    )
    omschrijving = forms.CharField(
        label="Omschrijving",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        error_messages={"max_length": "Gebruik hoogstens 2000 tekens."},
    )
    actief = forms.BooleanField(label="Deze cursus wordt nog gegeven", required=False, initial=True)


# --- Meetings --------------------------------------------------------------------------------


class BijeenkomstForm(forms.Form):
    titel = forms.CharField(
        label="Titel",
        max_length=200,
        error_messages={
            "required": "Vul de titel van de bijeenkomst in.",
            "max_length": "Gebruik hoogstens 200 tekens.",
        },
    )
    datum = forms.DateField(label="Datum", widget=DatumInvoer(), error_messages=DATUM_FOUT)
    locatie = forms.CharField(
        label="Locatie",
        max_length=200,
        required=False,
        error_messages={"max_length": "Gebruik hoogstens 200 tekens."},
    )
    omschrijving = forms.CharField(
        label="Omschrijving",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        help_text="Bijvoorbeeld het thema of de sprekers.",
        error_messages={"max_length": "Gebruik hoogstens 2000 tekens."},
    )

    def clean_datum(self) -> Any:
        datum = self.cleaned_data["datum"]
        if datum < services.VROEGSTE_DATUM:
            raise forms.ValidationError(services.TE_VROEG)
        return datum


def namens_veld(gebruiker_id: int) -> str:
    return f"namens_{gebruiker_id}"


class AanwezigheidForm(forms.Form):
    """One checkbox per person; per person serving several municipalities (a cluster AF) a
    choice of the municipalities it attended for, none meaning all."""

    aanwezig = forms.MultipleChoiceField(
        label="Wie was er aanwezig?",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": services.GEEN_KANDIDAAT},
    )

    def __init__(self, *args: Any, kandidaten: list[Kandidaat], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kandidaten = kandidaten
        aanwezig = cast(forms.MultipleChoiceField, self.fields["aanwezig"])
        aanwezig.choices = [
            (
                str(k.gebruiker.pk),
                f"{k.naam} ({', '.join(k.rollen).lower()}; "
                f"{', '.join(g.naam for g in k.gemeenten)})",
            )
            for k in kandidaten
        ]
        aanwezig.initial = [str(k.gebruiker.pk) for k in kandidaten if k.aanwezig_namens]
        self.namens_velden: list[str] = []
        for k in kandidaten:
            if len(k.gemeenten) < 2:
                continue
            naam = namens_veld(k.gebruiker.pk)
            self.fields[naam] = forms.MultipleChoiceField(
                label=f"Namens welke gemeenten was {k.naam} er?",
                choices=[(str(g.pk), g.naam) for g in k.gemeenten],
                widget=forms.CheckboxSelectMultiple,
                required=False,
                initial=[str(pk) for pk in k.aanwezig_namens],
                help_text="Niets aangevinkt: namens alle gemeenten van deze persoon.",
                error_messages={"invalid_choice": services.GEMEENTE_NIET_VAN_PERSOON},
            )
            self.namens_velden.append(naam)

    def namens_boundfields(self) -> list[forms.BoundField]:
        return [self[naam] for naam in self.namens_velden]

    def clean(self) -> dict[str, Any]:
        d = super().clean() or {}
        aanwezig = set(d.get("aanwezig") or [])
        for k in self.kandidaten:
            naam = namens_veld(k.gebruiker.pk)
            if d.get(naam) and str(k.gebruiker.pk) not in aanwezig:
                self.add_error(
                    naam, f"Vink ook aan dat {k.naam} aanwezig was, of haal deze vinkjes weg."
                )
        return d

    def aanwezigheid(self) -> dict[int, set[int]]:
        uit: dict[int, set[int]] = {}
        for pk in self.cleaned_data.get("aanwezig") or []:
            namens = self.cleaned_data.get(namens_veld(int(pk))) or []
            uit[int(pk)] = {int(g) for g in namens}
        return uit
