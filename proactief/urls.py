from django.urls import path

from . import api, views

app_name = "proactief"

# Public, without log-in: the opt-out link (Dutch; English under /en/).
publiek = [
    path("afmelden/<str:token>/", views.afmelden, name="afmelden"),
]

urlpatterns = [
    path("campagnes/", views.lijst, name="lijst"),
    path("campagnes/nieuw/", views.bewerken, name="nieuw"),
    path("campagnes/<int:pk>/", views.campagne, name="campagne"),
    path("campagnes/<int:pk>/bewerken/", views.bewerken, name="bewerken"),
    path("campagnes/<int:pk>/goedkeuren/", views.goedkeuren, name="goedkeuren"),
    path("campagnes/<int:pk>/activeren/", views.activeren, name="activeren"),
    path("campagnes/<int:pk>/afronden/", views.afronden, name="afronden"),
    path("campagnes/<int:pk>/importeren/", views.importeren, name="importeren"),
    path("campagnes/<int:pk>/beoordelen/", views.beoordelen, name="beoordelen"),
    path("campagnes/<int:pk>/api-sleutel/", views.api_sleutel, name="api-sleutel"),
    path("campagnes/<int:pk>/api/kandidaten/", api.kandidaten, name="api-kandidaten"),
    path("campagnes/<int:pk>/rapport.csv", views.rapport_csv, name="rapport"),
    path("campagnes/<int:pk>/rapport.xlsx", views.rapport_xlsx, name="rapport-xlsx"),
    path("campagnes/<int:pk>/terugkoppeling.csv", views.terugkoppeling, name="terugkoppeling"),
    path("campagnes/bellen/<int:pk>/", views.bellen, name="bellen"),
    path(
        "nijmegenaren/<int:pk>/afmelden/",
        views.afmelden_bij_contact,
        name="afmelden-bij-contact",
    ),
    path("nijmegenaren/<int:pk>/campagne-besproken/", views.besproken, name="besproken"),
    path("notifynl/status/", views.notifynl_status, name="notifynl-status"),
]
