from typing import Any

from django import forms, template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def invoer(veld: forms.BoundField, **attrs: Any) -> str:
    """Render a widget with aria-describedby pointing at its help text and errors."""
    beschreven = []
    if veld.help_text:
        beschreven.append(f"{veld.auto_id}-hulp")
    if veld.errors:
        beschreven.append(f"{veld.auto_id}-fout")
    extra: dict[str, Any] = dict(attrs)
    if beschreven and not isinstance(
        veld.field.widget, forms.CheckboxSelectMultiple | forms.RadioSelect
    ):
        extra["aria-describedby"] = " ".join(beschreven)
    if veld.errors:
        extra["aria-invalid"] = "true"
    return veld.as_widget(attrs=extra)


@register.filter
def is_keuzelijst(veld: forms.BoundField) -> bool:
    return isinstance(veld.field.widget, forms.CheckboxSelectMultiple | forms.RadioSelect)


@register.filter
def is_vinkje(veld: forms.BoundField) -> bool:
    return isinstance(veld.field.widget, forms.CheckboxInput)


@register.simple_tag
def label_sterkte(waarde: str, tekst: str = "") -> str:
    if not waarde:
        return ""
    return format_html(
        '<span class="label-sterkte sterkte-{}">{}</span>', waarde, tekst or waarde.capitalize()
    )


@register.filter
def get(mapping: dict[str, Any], sleutel: str) -> Any:
    return mapping.get(sleutel)
