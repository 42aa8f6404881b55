from django.urls import path

from . import views

app_name = "callbacks"

urlpatterns = [
    path("terugbelverzoeken/", views.wachtrij, name="wachtrij"),
    path("terugbelverzoeken/oppakken/", views.oppakken, name="oppakken"),
    path("terugbelverzoeken/<int:pk>/", views.detail, name="detail"),
    path("terugbelverzoeken/<int:pk>/poging/", views.poging, name="poging"),
    path("terugbelverzoeken/<int:pk>/afsluiten/", views.afsluiten, name="afsluiten"),
    path("teamleider/terugbelverzoeken/", views.overzicht, name="overzicht"),
    path("teamleider/terugbelverzoeken/toewijzen/", views.toewijzen, name="toewijzen"),
    path("teamleider/terugbelverzoeken/export.csv", views.export, name="export"),
]
