"""Rendering a PDF from a Django template's HTML: one place, one safe way.

Nothing is fetched while rendering: only `data:` URLs (charts embedded as SVG) are allowed, so a
name or a link in user text can never make the server request anything. The style comes from
a `.css` file next to the app (templates hold no inline style). WeasyPrint 70 needs a
`URLFetcher` object for this; a plain function would fail on the first embedded image.
"""

from pathlib import Path

import weasyprint
from django.conf import settings


def pdf_maken(html: str, *, stijl: Path) -> bytes:
    return weasyprint.HTML(
        string=html,
        base_url=str(settings.BASE_DIR),
        url_fetcher=weasyprint.URLFetcher(allowed_protocols={"data"}),
    ).write_pdf(stylesheets=[weasyprint.CSS(filename=str(stijl))])
