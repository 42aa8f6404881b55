from django.urls import path

from . import views

app_name = "leren"

# Public, without log-in: the survey (Dutch; English under /en/).
publiek = [
    path("vragenlijst/<str:token>/", views.vragenlijst, name="vragenlijst"),
]

urlpatterns = [
    path("nijmegenaren/<int:pk>/vragenlijst/", views.toestemming, name="toestemming"),
]
