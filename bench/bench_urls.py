"""URLconf for the bench: the project's URLconf as-is, plus the bench's baseline views.

The bare view is the baseline for the intake figure: same server, same middleware (sessions,
CSRF, auth, audit origin, no-cache), same login; it only inserts one row with a cursor.
The plain views (`bench_plain`) are the baselines for the privacy overhead figures: the real
intake and worklist work on unencrypted models, without audit logging.
"""

from bench_plain import views as plain_views
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from baken.config import urls as baken_urls

BARE_TABEL = "bench_bare_insert"
BARE_TABEL_SQL = (
    f"CREATE TABLE IF NOT EXISTS {BARE_TABEL} ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " token CHAR(36) NOT NULL UNIQUE,"
    " ontvangen_op TEXT NOT NULL)"
)


@login_required
@require_POST
def bare_insert(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {BARE_TABEL} (token, ontvangen_op) VALUES (%s, %s)",  # noqa: S608
            [request.POST.get("token", ""), timezone.now().isoformat()],
        )
    # Answer like the real view does: a redirect after POST.
    return HttpResponseRedirect("/bench/bare-insert/")


urlpatterns = [
    path("bench/bare-insert/", bare_insert, name="bench_bare_insert"),
    # Same url_name as the real pages (outside their namespace): the base template marks the
    # current page in the menu by url_name, so both paths render the same HTML.
    path("bench/plain/melden/", plain_views.melden, name="melden"),
    path("bench/plain/werklijst/", plain_views.werklijst, name="werklijst"),
    *baken_urls.urlpatterns,
]

handler400 = baken_urls.handler400
handler403 = baken_urls.handler403
handler404 = baken_urls.handler404
handler500 = baken_urls.handler500
