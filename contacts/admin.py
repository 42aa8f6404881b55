from django.contrib import admin

from .models import (
    Adres,
    Emailadres,
    Kanaal,
    KanaalVertaling,
    Onderwerp,
    OnderwerpVertaling,
    Partij,
    Telefoonnummer,
)


@admin.register(Kanaal)
class KanaalAdmin(admin.ModelAdmin):
    list_display = ["naam", "code", "digitaal", "actief", "volgorde"]


@admin.register(Onderwerp)
class OnderwerpAdmin(admin.ModelAdmin):
    list_display = ["naam", "domein", "actief"]
    list_filter = ["domein", "actief"]
    search_fields = ["naam", "code"]


@admin.register(KanaalVertaling)
class KanaalVertalingAdmin(admin.ModelAdmin):
    """Channels of KISS and other systems, and which of ours each is."""

    list_display = ["tekst", "kanaal"]
    search_fields = ["tekst"]


@admin.register(OnderwerpVertaling)
class OnderwerpVertalingAdmin(admin.ModelAdmin):
    """Subjects of KISS, ITA and other systems, and which of ours each is."""

    list_display = ["tekst", "prefix", "onderwerp"]
    list_filter = ["prefix", "onderwerp__domein"]
    search_fields = ["tekst"]
    autocomplete_fields = ["onderwerp"]


class AdresInline(admin.TabularInline):
    model = Adres
    extra = 0


class TelefoonnummerInline(admin.TabularInline):
    model = Telefoonnummer
    extra = 0


class EmailadresInline(admin.TabularInline):
    model = Emailadres
    extra = 0


@admin.register(Partij)
class PartijAdmin(admin.ModelAdmin):
    # Resident data is not browsed in the admin list: look people up by identifier only.
    list_display = ["__str__", "soort", "bron"]
    list_filter = ["soort"]
    search_fields = ["=bsn", "=kvk_nummer"]
    show_full_result_count = False
    inlines = [AdresInline, TelefoonnummerInline, EmailadresInline]
