from django import template

from baken.meldingen.models import Doorzetting, Status

register = template.Library()


@register.filter
def signaalstatus(code: str) -> str:
    """'in_weging' -> 'in weging': the words users know, not the code."""
    return Status(code).label.lower() if code in Status.values else code


@register.filter
def doorzettingstatus(code: str) -> str:
    return Doorzetting.Status(code).label.lower() if code in Doorzetting.Status.values else code
