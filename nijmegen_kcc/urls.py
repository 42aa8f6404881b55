from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from channels import urls as channels_urls
from core import views as core_views
from demo.views import demo_login
from klantbeeld.views import home
from leren import urls as leren_urls
from permissions import aanmelden
from permissions.views import inzage, toegangslog
from proactief import urls as proactief_urls

admin.site.site_header = "KCC klantbeeld – beheer"
admin.site.site_title = "KCC klantbeeld"

urlpatterns = [
    path("", home, name="home"),
    path("inloggen/", aanmelden.Inloggen.as_view(), name="login"),
    path("uitloggen/", aanmelden.uitloggen, name="logout"),
    path("oidc/inloggen/", aanmelden.oidc_inloggen, name="oidc-inloggen"),
    path("oidc/terug/", aanmelden.oidc_terug, name="oidc-terug"),
    path("oidc/afmelden/", aanmelden.oidc_afmelden, name="oidc-afmelden"),
    path("wachtwoord/", aanmelden.WachtwoordWijzigen.as_view(), name="wachtwoord"),
    path("sessie/verlengen/", aanmelden.sessie_verlengen, name="sessie-verlengen"),
    path("health/", core_views.health, name="health"),
    path("health/live/", core_views.health_live, name="health-live"),
    path("health/ready/", core_views.health_ready, name="health-ready"),
    path("metrics", core_views.metrics, name="metrics"),
    path("version", core_views.versie, name="versie"),
    path("", include("klantbeeld.urls")),
    path("", include("callbacks.urls")),
    path("", include("channels.urls")),
    path("", include("sources.urls")),
    path("", include("cijfers.urls")),
    path("proactief/", include("proactief.urls")),
    path("", include("leren.urls")),
    path("kennis/", include("kennis.urls")),
    path("klantinteracties/api/v1/", include("klantinteracties.urls")),
    # Answers 404 unless KCC_DEMO is on.
    path("demo/", demo_login, name="demo-login"),
    path("privacy/toegangslog/", toegangslog, name="toegangslog"),
    path("privacy/inzage/", inzage, name="inzage"),
    path("beheer/", admin.site.urls),
]

# The public web form, in Dutch without a prefix and in English under /en/.
urlpatterns += i18n_patterns(
    path("", include((channels_urls.publiek, "publiek"))),
    path("", include((proactief_urls.publiek, "proactief-publiek"))),
    path("", include((leren_urls.publiek, "leren-publiek"))),
    prefix_default_language=False,
)

# Dutch error pages; 503 "tijdelijk niet beschikbaar" when the database is away
handler500 = "core.views.serverfout"
