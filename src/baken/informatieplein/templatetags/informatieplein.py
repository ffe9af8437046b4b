from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("informatieplein/_treffers_bij_signaal.html", takes_context=True)
def treffers_bij_signaal(context: dict[str, Any], signaal: Any) -> dict[str, Any]:
    """The treffers of this signal for the AF on its page (kind, date, other municipality)."""
    return {"signaal": signaal, "treffers": [], "request": context.get("request")}
