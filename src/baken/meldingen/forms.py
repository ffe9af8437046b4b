"""Forms of the meldroute. They validate and normalise input; the services do the work."""

import uuid
from datetime import date
from typing import Any, cast

from django import forms
from django.conf import settings
from django.forms import formset_factory
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from baken.core.keuzevelden import MeervoudigeKeuze
from baken.kennis.catalogus import actuele_catalogus_query
from baken.kennis.models import Domein, Indicator, Uitbuitingsvorm
from baken.linkage import identifiers as ident
from baken.meldingen.betrokkenen import BetrokkeneGegevens
from baken.meldingen.doorzetprofielen import profiel_voor, profielen
from baken.meldingen.models import Betrokkene, JaNeeOnbekend, Status, Weging
from baken.meldingen.services import ALARMNUMMER_VERPLICHT, FEITEN_VERPLICHT, SignaalGegevens
from baken.organisaties.models import Ketenpartner

VANDAAG_OF_EERDER = "Deze datum ligt in de toekomst. Kies vandaag of een eerdere dag."


class DatumInvoer(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class SignaalForm(forms.Form):
    indientoken = forms.UUIDField(widget=forms.HiddenInput)
    domein = forms.ModelChoiceField(
        queryset=Domein.objects.all(),
        label="Uw werkveld",
        required=False,
        empty_label="Kies uw werkveld",
    )
    vormen = MeervoudigeKeuze(
        queryset=Uitbuitingsvorm.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Welke vorm van uitbuiting denkt u? (als u het weet)",
    )
    indicatoren = MeervoudigeKeuze(
        queryset=Indicator.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Wat heeft u gezien?",
        error_messages={"invalid_choice": "Een gekozen signaal bestaat niet (meer). Kies opnieuw."},
    )
    feiten = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
        label="Feiten: wat heeft u gezien of gehoord?",
        help_text="Alleen wat u zelf zag of hoorde. Wanneer en waar.",
    )
    omstandigheden = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
        label="Omstandigheden",
        help_text="De situatie eromheen: waar was het, wie waren erbij?",
    )
    interpretatie = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
        label="Wat denkt u zelf?",
        help_text="Uw eigen indruk of gevoel. Schrijf dit apart van de feiten.",
    )
    bron = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
        label="Bron",
        help_text="Hoe weet u dit? Zelf gezien, verteld door iemand, uit een dossier?",
    )
    datum_waarneming = forms.DateField(
        required=False,
        label="Datum van de waarneming",
        widget=DatumInvoer(),
        error_messages={"invalid": "Vul een geldige datum in, bijvoorbeeld 14-03-2026."},
    )
    plaats_waarneming = forms.CharField(
        required=False,
        max_length=200,
        label="Plaats van de waarneming",
        help_text="Bijvoorbeeld: balie stadhuis, bedrijfspand aan de Industrieweg.",
    )
    minderjarigen = forms.ChoiceField(
        choices=JaNeeOnbekend.choices,
        widget=forms.RadioSelect,
        initial=JaNeeOnbekend.ONBEKEND,
        label="Zijn er kinderen (jonger dan 18) bij betrokken?",
    )
    acuut_gevaar = forms.BooleanField(required=False, label="Er is nu acuut gevaar voor iemand")
    alarmnummer_gebeld = forms.BooleanField(required=False, label="Ik heb 112 gebeld")

    def __init__(self, *args: Any, indienen: bool = False, **kwargs: Any) -> None:
        # Submitting asks more than saving a draft; checking it here shows every problem in
        # one round instead of first the betrokkenen and then the facts.
        self.indienen = indienen
        super().__init__(*args, **kwargs)
        indicatoren = cast(forms.ModelMultipleChoiceField, self.fields["indicatoren"])
        indicatoren.queryset = (
            Indicator.objects.filter(catalogus__in=actuele_catalogus_query())
            .select_related("dimensie", "catalogus")
            .order_by("code")
        )

    def clean(self) -> dict[str, Any]:
        d = super().clean() or {}
        if self.indienen and not (d.get("feiten") or "").strip() and "feiten" not in self.errors:
            self.add_error("feiten", FEITEN_VERPLICHT)
        if self.indienen and d.get("acuut_gevaar") and not d.get("alarmnummer_gebeld"):
            self.add_error("alarmnummer_gebeld", ALARMNUMMER_VERPLICHT)
        return d

    def clean_datum_waarneming(self) -> date | None:
        datum: date | None = self.cleaned_data.get("datum_waarneming")
        if datum and datum > timezone.localdate():
            raise forms.ValidationError(VANDAAG_OF_EERDER)
        if datum and datum.year < 1990:
            raise forms.ValidationError("Deze datum is te lang geleden. Controleer het jaar.")
        return datum

    def gegevens(self) -> SignaalGegevens:
        d = self.cleaned_data
        return SignaalGegevens(
            domein=d.get("domein"),
            vormen=list(d.get("vormen") or []),
            indicatoren=list(d.get("indicatoren") or []),
            feiten=d.get("feiten", ""),
            omstandigheden=d.get("omstandigheden", ""),
            interpretatie=d.get("interpretatie", ""),
            bron=d.get("bron", ""),
            datum_waarneming=d.get("datum_waarneming"),
            plaats_waarneming=d.get("plaats_waarneming", ""),
            minderjarigen=d.get("minderjarigen") or JaNeeOnbekend.ONBEKEND,
            acuut_gevaar=bool(d.get("acuut_gevaar")),
            alarmnummer_gebeld=bool(d.get("alarmnummer_gebeld")),
        )


# Which fields a betrokkene of each kind shows, in order.
VELDEN_PER_SOORT: dict[str, list[str]] = {
    Betrokkene.Soort.PERSOON: ["naam", "geboortedatum", "geschatte_leeftijd", "nationaliteit"],
    Betrokkene.Soort.ADRES: ["postcode", "huisnummer", "toevoeging"],
    Betrokkene.Soort.BEDRIJF: ["bedrijfsnaam", "kvk_nummer", "vestigingsnummer"],
    Betrokkene.Soort.VOERTUIG: ["kenteken"],
    Betrokkene.Soort.TELEFOON: ["telefoon"],
    Betrokkene.Soort.REKENING: ["iban"],
}


class BetrokkeneForm(forms.Form):
    soort = forms.ChoiceField(choices=Betrokkene.Soort.choices, widget=forms.HiddenInput)
    naam = forms.CharField(required=False, max_length=200, label="Naam")
    geboortedatum = forms.DateField(
        required=False,
        label="Geboortedatum",
        widget=DatumInvoer(),
        error_messages={"invalid": "Vul een geldige datum in, bijvoorbeeld 14-03-1990."},
    )
    geschatte_leeftijd = forms.IntegerField(
        required=False,
        min_value=0,
        max_value=120,
        label="Of: geschatte leeftijd (jaren)",
        error_messages={
            "invalid": "Vul een leeftijd in jaren in, bijvoorbeeld 25.",
            "min_value": "Een leeftijd kan niet lager zijn dan 0.",
            "max_value": "Vul een leeftijd tot 120 jaar in.",
        },
    )
    nationaliteit = forms.CharField(
        required=False,
        max_length=2,
        label="Nationaliteit (landcode)",
        help_text="Twee letters, bijvoorbeeld NL, PL, RO.",
    )
    postcode = forms.CharField(required=False, max_length=10, label="Postcode")
    huisnummer = forms.CharField(required=False, max_length=6, label="Huisnummer")
    toevoeging = forms.CharField(required=False, max_length=6, label="Toevoeging")
    bedrijfsnaam = forms.CharField(required=False, max_length=200, label="Naam van het bedrijf")
    kvk_nummer = forms.CharField(required=False, max_length=12, label="KvK-nummer")
    vestigingsnummer = forms.CharField(
        required=False, max_length=16, label="Vestigingsnummer (als u het weet)"
    )
    kenteken = forms.CharField(required=False, max_length=10, label="Kenteken")
    telefoon = forms.CharField(required=False, max_length=25, label="Telefoonnummer")
    iban = forms.CharField(required=False, max_length=42, label="Rekeningnummer (IBAN)")
    toelichting = forms.CharField(
        required=False,
        max_length=300,
        label="Toelichting",
        help_text="Bijvoorbeeld: werkgever, huisbaas, bestuurder van het busje.",
    )

    def velden_voor_soort(self) -> list[forms.BoundField]:
        soort = self["soort"].value()
        namen = VELDEN_PER_SOORT.get(str(soort), [])
        return [self[n] for n in [*namen, "toelichting"]]

    def soort_label(self) -> str:
        soort = str(self["soort"].value())
        return Betrokkene.Soort(soort).label if soort in Betrokkene.Soort.values else ""

    def clean(self) -> dict[str, Any]:
        d = super().clean() or {}
        soort = d.get("soort")
        if not soort or self.cleaned_data.get("DELETE"):
            return d
        try:
            self._normaliseer(soort, d)
        except ident.IdentifierError as fout:
            veld = getattr(fout, "veld", None) or VELDEN_PER_SOORT[soort][0]
            self.add_error(veld, fout.message)
        return d

    def _verplicht(self, d: dict[str, Any], veld: str, bericht: str) -> None:
        # A field that already failed (e.g. too long) is not in `d`: it was not left empty.
        if not d.get(veld) and veld not in self.errors:
            self.add_error(veld, bericht)

    def _normaliseer(self, soort: str, d: dict[str, Any]) -> None:
        def probeer(veld: str, functie: Any) -> Any:
            try:
                return functie(d[veld])
            except ident.IdentifierError as fout:
                self.add_error(veld, fout.message)
                return None

        if soort == Betrokkene.Soort.PERSOON:
            self._verplicht(d, "naam", "Vul een naam in. Een bijnaam mag ook.")
            if d.get("naam"):
                genormaliseerd = probeer("naam", ident.normaliseer_naam)
                if genormaliseerd:
                    d["naam"] = genormaliseerd.weergave
            geboren = d.get("geboortedatum")
            if geboren and geboren > timezone.localdate():
                self.add_error("geboortedatum", VANDAAG_OF_EERDER)
            elif geboren and geboren.year < 1900:
                self.add_error("geboortedatum", "Controleer het geboortejaar.")
            if d.get("nationaliteit"):
                d["nationaliteit"] = probeer("nationaliteit", ident.normaliseer_nationaliteit) or ""
        elif soort == Betrokkene.Soort.ADRES:
            self._verplicht(d, "postcode", "Vul de postcode in, bijvoorbeeld 1234 AB.")
            self._verplicht(d, "huisnummer", "Vul het huisnummer in.")
            # add_error() drops the field from cleaned_data: only write back what is valid.
            if d.get("postcode"):
                pc = probeer("postcode", ident.normaliseer_postcode)
                if pc:
                    d["postcode"] = pc.sleutel
            if d.get("huisnummer"):
                d["huisnummer"] = probeer("huisnummer", ident.normaliseer_huisnummer)
            if d.get("toevoeging"):
                d["toevoeging"] = probeer("toevoeging", ident.normaliseer_toevoeging) or ""
        elif soort == Betrokkene.Soort.BEDRIJF:
            if not (d.get("bedrijfsnaam") or d.get("kvk_nummer")):
                self.add_error("bedrijfsnaam", "Vul de naam of het KvK-nummer van het bedrijf in.")
            if d.get("kvk_nummer"):
                kvk = probeer("kvk_nummer", ident.normaliseer_kvk)
                d["kvk_nummer"] = kvk.sleutel if kvk else ""
            if d.get("vestigingsnummer"):
                vest = probeer("vestigingsnummer", ident.normaliseer_vestigingsnummer)
                d["vestigingsnummer"] = vest.sleutel if vest else ""
        else:
            per_soort: dict[str, tuple[str, Any, str]] = {
                Betrokkene.Soort.VOERTUIG: (
                    "kenteken",
                    ident.normaliseer_kenteken,
                    "Vul het kenteken in.",
                ),
                Betrokkene.Soort.TELEFOON: (
                    "telefoon",
                    ident.normaliseer_telefoon,
                    "Vul het telefoonnummer in.",
                ),
                Betrokkene.Soort.REKENING: (
                    "iban",
                    ident.normaliseer_iban,
                    "Vul het rekeningnummer (IBAN) in.",
                ),
            }
            veld, functie, bericht = per_soort[soort]
            self._verplicht(d, veld, bericht)
            if d.get(veld):
                waarde = probeer(veld, functie)
                d[veld] = (
                    (waarde.weergave if veld == "kenteken" else waarde.sleutel) if waarde else ""
                )

    def gegevens(self) -> BetrokkeneGegevens:
        d = self.cleaned_data
        velden = {n: d.get(n) for n in [*VELDEN_PER_SOORT[d["soort"]], "toelichting"]}
        return BetrokkeneGegevens(soort=d["soort"], velden=velden)


# One form class per kind, holding only that kind's fields: a person form does not carry
# (and clean) thirteen empty address, vehicle and bank fields.
_SOORTVELDEN = {veld for velden in VELDEN_PER_SOORT.values() for veld in velden}
FORM_PER_SOORT: dict[str, type[BetrokkeneForm]] = {
    soort: type(
        f"Betrokkene{soort.capitalize()}Form",
        (BetrokkeneForm,),
        dict.fromkeys(_SOORTVELDEN - set(velden)),
    )
    for soort, velden in VELDEN_PER_SOORT.items()
}


class BasisBetrokkeneFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    def _construct_form(self, i: int, **kwargs: Any) -> forms.Form:
        self.form = FORM_PER_SOORT.get(self._soort(i), BetrokkeneForm)
        try:
            return super()._construct_form(i, **kwargs)  # type: ignore[misc]
        finally:
            self.form = BetrokkeneForm

    def _soort(self, i: int) -> str:
        if self.is_bound:
            return str(self.data.get(self.add_prefix(i) + "-soort", ""))
        initieel = self.initial[i] if self.initial and i < len(self.initial) else {}
        return str(initieel.get("soort", ""))


BetrokkeneFormSet = formset_factory(
    BetrokkeneForm,
    formset=BasisBetrokkeneFormSet,
    extra=0,
    can_delete=True,
    max_num=30,
    validate_max=True,
    absolute_max=30,
)


def betrokkenen_initieel(betrokkenen: list[Betrokkene]) -> list[dict[str, Any]]:
    initieel = []
    for b in betrokkenen:
        rij: dict[str, Any] = {"soort": b.soort, "toelichting": b.toelichting}
        for veld in VELDEN_PER_SOORT[b.soort]:
            rij[veld] = getattr(b, veld)
        initieel.append(rij)
    return initieel


def nieuw_indientoken() -> uuid.UUID:
    return uuid.uuid4()


VERSIE_ONGELDIG = (
    "Dit formulier is niet compleet. Laad de pagina opnieuw en probeer het nog een keer."
)


class SignaalVersieForm(forms.Form):
    """The signal version the page showed. The service refuses the change if it moved on.

    Optional, like the services' `verwachte_versie`: every form on our pages sends it, and a
    request without one is not checked. A malformed value is an error of the whole form,
    because the user cannot see or fix a hidden field.
    """

    # A plain Field: no field-level validation, so every bad value ends up in clean().
    versie = forms.Field(required=False, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        gegevens = super().clean() or {}
        ruw = str(gegevens.get("versie") or "").strip()
        if not ruw:
            gegevens["versie"] = None
        elif ruw.isascii() and ruw.isdigit() and 0 < len(ruw) <= 10:
            gegevens["versie"] = int(ruw)
        else:
            gegevens["versie"] = None
            self.add_error(None, VERSIE_ONGELDIG)
        return gegevens


class WegingForm(SignaalVersieForm):
    besluit = forms.ChoiceField(
        choices=Weging.Besluit.choices, widget=forms.RadioSelect, label="Besluit"
    )
    motivatie = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        label="Motivatie",
        help_text="Waarom dit besluit? Welke signalen wegen zwaar?",
    )


class StatusForm(SignaalVersieForm):
    naar = forms.ChoiceField(choices=Status.choices, label="Nieuwe status")
    reden = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, label="Reden"
    )


class NotitieForm(forms.Form):
    # Own id prefix: the signal page also holds TerugkoppelingForm with a "tekst" field.
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_notitie_%s")
        super().__init__(*args, **kwargs)

    tekst = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        label="Nieuwe notitie",
        error_messages={"required": "Een notitie mag niet leeg zijn."},
    )


class BijlageForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        soorten = list(settings.BIJLAGE_TOEGESTANE_TYPES.values())
        self.fields["bestand"].help_text = (
            f"{', '.join(soorten[:-1])} of {soorten[-1]}. "
            f"Hoogstens {filesizeformat(settings.BIJLAGE_MAX_BYTES)}."
        )

    bestand = forms.FileField(
        label="Bestand toevoegen",
        help_text="",
        error_messages={
            "required": "Kies een bestand.",
            "empty": "Het bestand is leeg.",
            "invalid": "Er is geen bestand meegestuurd. Kies een bestand.",
        },
    )


class TerugkoppelingForm(SignaalVersieForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_terugkoppeling_%s")
        super().__init__(*args, **kwargs)

    tekst = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        label="Bericht aan de melder",
        help_text="Vertel wat er met het signaal gebeurt. Geen vertrouwelijke details.",
        error_messages={"required": "Schrijf een bericht voor de melder."},
    )


class KetenpartnerKeuzeForm(SignaalVersieForm):
    ketenpartner = forms.ModelChoiceField(
        queryset=Ketenpartner.objects.all(),
        label="Naar welke ketenpartner?",
        empty_label="Kies een ketenpartner",
        error_messages={"invalid_choice": "Kies een ketenpartner uit de lijst."},
    )


class DoorzettingForm(SignaalVersieForm):
    grondslag = forms.ChoiceField(label="Grondslag", widget=forms.RadioSelect)
    velden = forms.MultipleChoiceField(
        label="Welke gegevens gaan mee?",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Kies welke gegevens meegaan (minstens één)."},
    )
    toestemming_vastgelegd = forms.BooleanField(
        required=False, label="De betrokkene heeft schriftelijk toestemming gegeven"
    )
    toestemming_toelichting = forms.CharField(
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Waar is de toestemming bewaard?",
        help_text="Bijvoorbeeld: getekend formulier van 12-03-2026 in het dossier.",
    )

    def __init__(self, *args: Any, ketenpartner: Ketenpartner, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        profiel = profiel_voor(ketenpartner.code)
        grondslagen = profiel.grondslagen if profiel else ()
        grondslag = cast(forms.ChoiceField, self.fields["grondslag"])
        grondslag.choices = [(g.code, g.naam) for g in grondslagen]
        if len(grondslagen) == 1:
            grondslag.initial = grondslagen[0].code
        velden = cast(forms.MultipleChoiceField, self.fields["velden"])
        velden.choices = list(profielen().velden.items())
        velden.initial = list(profiel.standaard_velden) if profiel else []
        self.toestemming_vereist = bool(profiel and profiel.toestemming_vereist)
        if not self.toestemming_vereist:
            del self.fields["toestemming_vastgelegd"]
            del self.fields["toestemming_toelichting"]


class IntrekkenForm(forms.Form):
    tekst = forms.CharField(
        required=False, max_length=1000, label="Reden voor intrekken",
        error_messages={"max_length": "Schrijf de reden in hoogstens 1000 tekens."},
    )  # fmt: skip


class PartnerReactieForm(forms.Form):
    naar = forms.ChoiceField(
        choices=[
            ("geaccepteerd", "Accepteren"),
            ("afgewezen", "Afwijzen"),
            ("afgerond", "Afronden"),
        ],
        label="Wat doet u met deze doorzetting?",
        widget=forms.RadioSelect,
    )
    tekst = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=3000,
        label="Bericht aan de gemeente",
    )


class WerklijstFilterForm(forms.Form):
    status = forms.ChoiceField(required=False, label="Status")
    vorm = forms.ChoiceField(required=False, label="Vorm")
    signaalsterkte = forms.ChoiceField(required=False, label="Signaalsterkte")
    domein = forms.ChoiceField(required=False, label="Werkveld")
    termijn = forms.ChoiceField(required=False, label="Termijn")

    def __init__(
        self, *args: Any, gemeenten: list[tuple[int, str]] | None = None, **kwargs: Any
    ) -> None:
        from baken.meldingen.models import Signaalsterkte
        from baken.meldingen.termijnen import STANDEN

        super().__init__(*args, **kwargs)
        alle = [("", "Alle")]
        if gemeenten and len(gemeenten) > 1:
            # An AF for a cluster can narrow the list down to one of its municipalities.
            self.fields = {
                "gemeente": forms.TypedChoiceField(
                    required=False,
                    label="Gemeente",
                    coerce=int,
                    empty_value=None,
                    choices=[("", "Alle"), *gemeenten],
                ),
                **self.fields,
            }
        keuzes = {
            "status": [c for c in Status.choices if c[0] != Status.CONCEPT],
            "vorm": list(Uitbuitingsvorm.objects.values_list("code", "naam")),
            "signaalsterkte": list(Signaalsterkte.choices),
            "domein": list(Domein.objects.values_list("code", "naam")),
            "termijn": list(STANDEN.items()),
        }
        for naam, opties in keuzes.items():
            cast(forms.ChoiceField, self.fields[naam]).choices = alle + opties
