from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("casussen/_casussen_bij_signaal.html", takes_context=True)
def casussen_bij_signaal(context: dict[str, Any], signaal: Any) -> dict[str, Any]:
    """The cases and interventions this signal is part of, as far as the AF may see them."""
    return {"signaal": signaal, "casussen": [], "request": context.get("request")}
