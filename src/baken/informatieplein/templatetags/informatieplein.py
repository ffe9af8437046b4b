from typing import Any

from django import template

from baken.informatieplein import selectors
from baken.informatieplein.pakketten import RIEC
from baken.meldingen.models import Status
from baken.meldingen.services import LOPENDE_DOORZETTING
from baken.organisaties.models import Gebruiker, Ketenpartner

register = template.Library()


@register.inclusion_tag("informatieplein/_treffers_bij_signaal.html", takes_context=True)
def treffers_bij_signaal(context: dict[str, Any], signaal: Any) -> dict[str, Any]:
    """The treffers of this signal for the AF on its page (kind, date, other municipality),
    with a way to forward the signal to the RIEC."""
    request = context.get("request")
    actor = getattr(request, "user", None)
    if not isinstance(actor, Gebruiker):
        return {"treffers": []}
    treffers = selectors.treffers_bij_signaal(actor=actor, signaal=signaal)
    riec = Ketenpartner.objects.filter(code=RIEC).first() if treffers else None
    al_bij_riec = riec is not None and any(
        d.ketenpartner_id == riec.pk and d.status in LOPENDE_DOORZETTING
        for d in signaal.doorzettingen.all()
    )
    doorzetbaar = signaal.status in (Status.IN_WEGING, Status.DOORGEZET) and bool(
        signaal.gewogen_op
    )
    return {
        "signaal": signaal,
        "treffers": treffers,
        "riec": riec,
        "al_bij_riec": al_bij_riec,
        "doorzetbaar": doorzetbaar,
        "request": request,
    }
