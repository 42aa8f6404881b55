from django.urls import path

from . import views

app_name = "cijfers"

urlpatterns = [
    path("teamleider/wallboard/", views.wallboard, name="wallboard"),
    path("teamleider/cijfers/", views.dashboard, name="dashboard"),
    path("teamleider/cijfers/export.csv", views.export, {"formaat": "csv"}, name="export-csv"),
    path("teamleider/cijfers/export.xlsx", views.export, {"formaat": "xlsx"}, name="export-xlsx"),
    path("teamleider/cijfers/maandrapport/", views.maandrapport, name="maandrapport"),
]
