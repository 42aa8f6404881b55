from django.urls import path

from . import views

app_name = "bronnen"

urlpatterns = [
    path("zgw/notificaties/", views.notificatie_ontvangen, name="notificaties"),
    path(
        "telefonie/gebeurtenissen/", views.telefonie_gebeurtenissen, name="telefonie-gebeurtenissen"
    ),
]
