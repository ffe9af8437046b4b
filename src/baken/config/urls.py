import os

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from baken.core import oidc
from baken.core import views as core_views

admin.site.site_header = "Baken beheer"
admin.site.site_title = "Baken beheer"

urlpatterns = [
    path("", core_views.start, name="start"),
    path(
        "inloggen/",
        # oidc.aan is called at every render: whether to show the button for OIDC.
        auth_views.LoginView.as_view(
            redirect_authenticated_user=True, extra_context={"oidc_aan": oidc.aan}
        ),
        name="login",
    ),
    path("inloggen/code/", core_views.inloggen_code, name="inloggen_code"),
    path("inloggen/instellen/", core_views.inloggen_instellen, name="inloggen_instellen"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/", core_views.account, name="account"),
    path("account/overal-uitloggen/", core_views.overal_uitloggen, name="overal_uitloggen"),
    path("oidc/", include("baken.core.oidc")),
    path("", include("baken.meldingen.urls")),
    path("privacy/", include("baken.privacy.urls")),
    path("basisniveau/", include("baken.basisniveau.urls")),
    path("inzicht/", include("baken.inzicht.urls")),
    path("netwerk/", include("baken.netwerk.urls")),
    path("kennis/", include("baken.kennis.urls")),
    path("informatieplein/", include("baken.informatieplein.urls")),
    path("casussen/", include("baken.casussen.urls")),
    path(os.environ.get("BAKEN_ADMIN_PAD", "beheer/"), admin.site.urls),
]

handler400 = "baken.core.views.fout_400"
handler403 = "baken.core.views.fout_403"
handler404 = "baken.core.views.fout_404"
handler500 = "baken.core.views.fout_500"
