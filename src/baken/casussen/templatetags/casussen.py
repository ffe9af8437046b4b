from typing import Any

from django import template

from baken.casussen import selectors
from baken.organisaties.models import Gebruiker

register = template.Library()


@register.inclusion_tag("casussen/_casussen_bij_signaal.html", takes_context=True)
def casussen_bij_signaal(context: dict[str, Any], signaal: Any) -> dict[str, Any]:
    """The cases and interventions this signal is part of, as far as the AF may see them."""
    request = context.get("request")
    actor = getattr(request, "user", None)
    casussen = (
        selectors.casussen_bij_signaal(actor=actor, signaal=signaal)
        if isinstance(actor, Gebruiker)
        else []
    )
    return {"signaal": signaal, "casussen": casussen, "request": request}
