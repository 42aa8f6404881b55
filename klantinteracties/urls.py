from django.urls import path, re_path

from . import views

app_name = "klantinteracties"

_UUID = "<str:uuid>"

urlpatterns = [
    path("schema/", views.schema, name="schema"),
    path("klantcontacten", views.klantcontacten, name="klantcontacten"),
    path(f"klantcontacten/{_UUID}", views.klantcontact, name="klantcontact"),
    path("betrokkenen", views.betrokkenen, name="betrokkenen"),
    path(f"betrokkenen/{_UUID}", views.betrokkene, name="betrokkene"),
    path("partijen", views.partijen, name="partijen"),
    path(f"partijen/{_UUID}", views.partij, name="partij"),
    path("partij-identificatoren", views.partij_identificatoren, name="partij-identificatoren"),
    path(
        f"partij-identificatoren/{_UUID}", views.partij_identificator, name="partij-identificator"
    ),
    path("digitaleadressen", views.digitaleadressen, name="digitaleadressen"),
    path(f"digitaleadressen/{_UUID}", views.digitaal_adres, name="digitaaladres"),
    path("actoren", views.actoren, name="actoren"),
    path(f"actoren/{_UUID}", views.actor, name="actor"),
    path("actorklantcontacten", views.actorklantcontacten, name="actorklantcontacten"),
    path(f"actorklantcontacten/{_UUID}", views.actorklantcontact, name="actorklantcontact"),
    path("internetaken", views.internetaken, name="internetaken"),
    path(f"internetaken/{_UUID}", views.internetaak, name="internetaak"),
    path("onderwerpobjecten", views.onderwerpobjecten, name="onderwerpobjecten"),
    path(f"onderwerpobjecten/{_UUID}", views.onderwerpobject, name="onderwerpobject"),
    re_path(
        r"^(?P<resource>" + "|".join(views.NIET_GEBOUWD) + r")(?:/(?P<uuid>[^/]+))?/?$",
        views.niet_gebouwd,
        name="niet-gebouwd",
    ),
]
