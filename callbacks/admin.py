from django.contrib import admin

from .models import Routeringsregel


@admin.register(Routeringsregel)
class RouteringsregelAdmin(admin.ModelAdmin):
    """The functioneel beheerder maintains where callbacks go and how fast."""

    list_display = ["onderwerp", "afdeling", "team", "termijn_werkdagen"]
    list_filter = ["afdeling"]
    search_fields = ["onderwerp__naam", "afdeling__naam"]
    autocomplete_fields = []
    list_select_related = ["onderwerp", "afdeling", "team"]
