from django.contrib import admin

from .models import Afdeling, Domein, Medewerker, Rolkoppeling, Team, Zichtbaarheidsregel


@admin.register(Domein)
class DomeinAdmin(admin.ModelAdmin):
    list_display = ["naam", "code"]
    search_fields = ["naam", "code"]


class TeamInline(admin.TabularInline):
    model = Team
    extra = 0


@admin.register(Afdeling)
class AfdelingAdmin(admin.ModelAdmin):
    list_display = ["naam", "code", "email", "terugbeltermijn_werkdagen", "actief"]
    list_filter = ["actief", "domeinen"]
    search_fields = ["naam", "code"]
    filter_horizontal = ["domeinen"]
    inlines = [TeamInline]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["naam", "afdeling", "email"]
    list_filter = ["afdeling"]
    search_fields = ["naam"]


@admin.register(Medewerker)
class MedewerkerAdmin(admin.ModelAdmin):
    list_display = ["naam", "afdeling", "team", "functie"]
    list_filter = ["afdeling", "user__groups"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    list_select_related = ["user", "afdeling", "team__afdeling"]
    autocomplete_fields = ["user"]


@admin.register(Zichtbaarheidsregel)
class ZichtbaarheidsregelAdmin(admin.ModelAdmin):
    list_display = ["rol", "afdeling", "domein", "niveau"]
    list_filter = ["rol", "afdeling", "domein", "niveau"]
    # no list_editable: Django renders those selects without a label (axe: select-name)
    list_select_related = ["rol", "afdeling", "domein"]


@admin.register(Rolkoppeling)
class RolkoppelingAdmin(admin.ModelAdmin):
    list_display = ["claimwaarde", "rol", "afdeling", "team"]
    list_filter = ["rol", "afdeling"]
    search_fields = ["claimwaarde"]
    list_select_related = ["rol", "afdeling", "team"]
