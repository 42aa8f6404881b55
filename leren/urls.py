from django.urls import path

from . import api, views

app_name = "leren"

# Public, without log-in: the survey (Dutch; English under /en/).
publiek = [
    path("vragenlijst/<str:token>/", views.vragenlijst, name="vragenlijst"),
    path("v/<str:code>/", views.kort, name="kort"),
]

urlpatterns = [
    path("nijmegenaren/<int:pk>/vragenlijst/", views.toestemming, name="toestemming"),
    path("nijmegenaren/<int:pk>/klacht/", views.klacht_vastleggen, name="klacht"),
    path("afspraken/<int:pk>/briefje/", views.briefje, name="briefje"),
    path("klachten/", views.klachten_lijst, name="klachten"),
    path("klachten/<int:pk>/afhandelen/", views.klacht_afhandelen, name="klacht-afhandelen"),
    path("klachten/<int:pk>/horen/", views.klacht_horen, name="klacht-horen"),
    path("klachten/<int:pk>/verdagen/", views.klacht_verdagen, name="klacht-verdagen"),
    path("klachten/register.csv", views.klachtenregister, name="klachtenregister"),
    path("signalen/", views.signalen_lijst, name="signalen"),
    path("signalen/api/", api.signalen_ontvangen, name="signalen-api"),
    path("signalen/nieuw/", views.signaal_melden, name="signaal-melden"),
    path("signalen/<int:pk>/", views.signaal_bijwerken, name="signaal-bijwerken"),
]
