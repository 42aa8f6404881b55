from django.contrib import admin

from .models import Routeringsregel, Sluitingsdag


@admin.register(Routeringsregel)
class RouteringsregelAdmin(admin.ModelAdmin):
    """The functioneel beheerder maintains where callbacks go and how fast."""

    list_display = ["onderwerp", "afdeling", "team", "termijn_werkdagen"]
    list_filter = ["afdeling"]
    search_fields = ["onderwerp__naam", "afdeling__naam"]
    autocomplete_fields = []
    list_select_related = ["onderwerp", "afdeling", "team"]


@admin.register(Sluitingsdag)
class SluitingsdagAdmin(admin.ModelAdmin):
    """Closing days besides the public holidays: no callback deadline runs on them."""

    list_display = ["omschrijving", "soort", "datum"]
    list_filter = ["soort"]
