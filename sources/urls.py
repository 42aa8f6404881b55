from django.urls import path

from . import views

app_name = "bronnen"

urlpatterns = [
    path("zgw/notificaties/", views.notificatie_ontvangen, name="notificaties"),
    # the older caller-id form: part of the same adapter (one call id)
    path("telefonie/gebeurtenis/", views.telefonie_gebeurtenis, name="telefonie-gebeurtenis"),
    path(
        "telefonie/gebeurtenissen/", views.telefonie_gebeurtenissen, name="telefonie-gebeurtenissen"
    ),
]
