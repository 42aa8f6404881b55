from django.urls import path

from . import klantreizen, terugbellen, views, zoeken

app_name = "klantbeeld"

urlpatterns = [
    path("zoeken/", zoeken.zoeken, name="zoeken"),
    path("zoeken/uit-brp/", zoeken.uit_brp_overnemen, name="uit-brp"),
    path("zoeken/uit-kvk/", zoeken.uit_kvk_overnemen, name="uit-kvk"),
    path("nijmegenaren/nieuw/", zoeken.persoon_nieuw, name="persoon-nieuw"),
    path("nijmegenaren/<int:pk>/", views.klantbeeld, name="klantbeeld"),
    path("nijmegenaren/<int:pk>/brp/", zoeken.brp_koppelen, name="brp-koppelen"),
    path("nijmegenaren/<int:pk>/samenvoegen/", zoeken.samenvoegen, name="samenvoegen"),
    path(
        "nijmegenaren/<int:pk>/contactmomenten/",
        views.contactmoment_registreren,
        name="contactmoment-registreren",
    ),
    path("nijmegenaren/<int:pk>/bsn/", views.bsn_tonen, name="bsn-tonen"),
    path(
        "contactmomenten/<int:pk>/corrigeren/",
        views.contactmoment_corrigeren,
        name="contactmoment-corrigeren",
    ),
    path("contactmomenten/<int:pk>/vraag/", klantreizen.klantreis_wijzigen, name="klantreis"),
    path(
        "nijmegenaren/<int:pk>/terugbelverzoeken/",
        terugbellen.terugbelverzoek_maken,
        name="terugbelverzoek-maken",
    ),
    path("nijmegenaren/<int:pk>/gegevens/", views.gegevens_toevoegen, name="gegevens-toevoegen"),
]
