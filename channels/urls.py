from django.urls import path

from . import views

app_name = "channels"

# Public: in Dutch at /contact/, in English at /en/contact/ (see nijmegen_kcc.urls).
publiek = [
    path("contact/", views.webformulier, name="webformulier"),
    path("contact/ontvangen/<uuid:token>/", views.ontvangen, name="ontvangen"),
]

urlpatterns = [
    path("te-koppelen/", views.te_koppelen, name="te-koppelen"),
    path("te-koppelen/<int:pk>/koppelen/", views.koppelen, name="koppelen"),
]
