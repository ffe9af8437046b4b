"""Forms only parse input; the rules are in services.py (so a direct POST meets them too)."""

from typing import Any, cast

from django import forms
from django.db.models import QuerySet

from baken.kennis.models import Artikel, Domein
from baken.kennis.services import MAX_INHOUD, MAX_SAMENVATTING, MAX_TITEL, ArtikelGegevens
from baken.organisaties.models import Gemeente


class ZoekForm(forms.Form):
    q = forms.CharField(label="Zoekwoorden", required=False, max_length=200)
    soort = forms.ChoiceField(
        label="Soort",
        required=False,
        choices=[("", "Alles"), *Artikel.Soort.choices],
    )
    tag = forms.ChoiceField(label="Onderwerp (tag)", required=False, choices=[("", "Alle")])

    def __init__(self, *args: Any, tags: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        veld = cast(forms.ChoiceField, self.fields["tag"])
        veld.choices = [("", "Alle onderwerpen"), *((t.slug, t.naam) for t in tags)]


class ArtikelForm(forms.Form):
    titel = forms.CharField(label="Titel", max_length=MAX_TITEL)
    soort = forms.ChoiceField(label="Soort", choices=Artikel.Soort.choices)
    gemeente = forms.ModelChoiceField(
        label="Gemeente",
        queryset=Gemeente.objects.none(),
        required=False,
        help_text="De gemeente die deze goede praktijk deelt.",
    )
    samenvatting = forms.CharField(
        label="Samenvatting",
        max_length=MAX_SAMENVATTING,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Twee of drie zinnen: waar gaat het over, voor wie is het nuttig?",
    )
    inhoud = forms.CharField(
        label="Tekst",
        max_length=MAX_INHOUD,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=(
            "In Markdown: ## Kop, *schuin*, **vet**, - lijstje, [linktekst](https://...). "
            "Afbeeldingen en HTML worden niet getoond."
        ),
    )
    tags = forms.CharField(
        label="Tags",
        required=False,
        max_length=600,
        help_text="Onderwerpen, gescheiden door komma's. Bijvoorbeeld: arbeidsuitbuiting, Bibob",
    )

    def __init__(
        self, *args: Any, gemeenten: QuerySet[Gemeente] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if gemeenten is None:
            # A regional item (programmaleider): no municipality to choose.
            del self.fields["gemeente"]
        else:
            veld = cast(forms.ModelChoiceField, self.fields["gemeente"])
            veld.queryset = gemeenten
            veld.required = True
            # Someone sharing for a municipality always shares a good practice.
            cast(forms.ChoiceField, self.fields["soort"]).choices = [
                (Artikel.Soort.GOEDE_PRAKTIJK, Artikel.Soort.GOEDE_PRAKTIJK.label)
            ]

    def gegevens(self) -> ArtikelGegevens:
        d = self.cleaned_data
        return ArtikelGegevens(
            titel=d["titel"],
            samenvatting=d["samenvatting"],
            inhoud=d["inhoud"],
            soort=d["soort"],
            tags=[t.strip() for t in d["tags"].split(",") if t.strip()],
        )

    def gemeente_id(self) -> int | None:
        gemeente = self.cleaned_data.get("gemeente")
        return gemeente.pk if gemeente else None


class AfwijsForm(forms.Form):
    reden = forms.CharField(
        label="Reden van afwijzen",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="De gemeente ziet deze reden en kan de praktijk aanpassen.",
    )


class KaartForm(forms.Form):
    gemeente = forms.ModelChoiceField(label="Gemeente", queryset=Gemeente.objects.none())
    domein = forms.ModelChoiceField(
        label="Werkveld (domein)", queryset=Domein.objects.all(), to_field_name="code"
    )

    def __init__(self, *args: Any, gemeenten: QuerySet[Gemeente], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        veld = cast(forms.ModelChoiceField, self.fields["gemeente"])
        veld.queryset = gemeenten
        veld.empty_label = None
        domein = cast(forms.ModelChoiceField, self.fields["domein"])
        domein.empty_label = None
