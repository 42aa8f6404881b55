from django.contrib import admin

from .models import Wachtrij


@admin.register(Wachtrij)
class WachtrijAdmin(admin.ModelAdmin):
    """The functioneel beheerder links the telephony platform's queues to the teams that
    answer them: the figures per team (and each team lead's own) follow."""

    list_display = ["naam", "omschrijving", "team"]
    list_filter = ["team__afdeling"]
    search_fields = ["naam", "omschrijving"]
    list_select_related = ["team", "team__afdeling"]
