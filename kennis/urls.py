from django.urls import path

from . import views

app_name = "kennis"

urlpatterns = [
    path("", views.zoeken, name="zoeken"),
    path("suggesties/", views.suggesties, name="suggesties"),
    path("<uuid:uuid>/", views.artikel, name="artikel"),
    path("<uuid:uuid>/kiezen/", views.kiezen, name="kiezen"),
    path("<uuid:uuid>/versturen/", views.versturen, name="versturen"),
    path("<uuid:uuid>/feedback/", views.feedback, name="feedback"),
]
