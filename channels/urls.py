from django.urls import path

from . import balie, views

app_name = "channels"

# Public: in Dutch at /contact/, in English at /en/contact/ (see nijmegen_kcc.urls).
publiek = [
    path("contact/", views.webformulier, name="webformulier"),
    path("contact/ontvangen/<uuid:token>/", views.ontvangen, name="ontvangen"),
    path(
        "contact/ontvangen/<uuid:token>/vraag/",
        views.vragenlijst_antwoord,
        name="vragenlijst-antwoord",
    ),
]

urlpatterns = [
    path("te-koppelen/", views.te_koppelen, name="te-koppelen"),
    path("te-koppelen/<int:pk>/koppelen/", views.koppelen, name="koppelen"),
    path("telefonie/oproep/", views.oproep, name="oproep"),
    path("post/", views.brief_registreren, name="brief"),
    path("email/uploaden/", views.eml_uploaden, name="eml"),
    path("email/inkomend/", views.email_inkomend, name="email-inkomend"),
    path("bijlagen/<int:pk>/", views.bijlage, name="bijlage"),
    path("nijmegenaren/<int:pk>/afspraken/", balie.afspraak_maken, name="afspraak-maken"),
    path("afspraken/<int:pk>/bezoek/", balie.bezoek_registreren, name="bezoek"),
    path("afspraken/<int:pk>/niet-gekomen/", balie.niet_gekomen, name="niet-gekomen"),
    path("balie/afspraken/", balie.afspraken_vandaag, name="afspraken"),
]
