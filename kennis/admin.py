"""The knowledge base in /beheer/: the sources (their state; synchronise now) and — for a
municipality without an Objects API — the VACs written here, published by a second person
and exported in the community VAC objecttype's form."""

import json

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Bron, Vac


@admin.register(Bron)
class BronAdmin(admin.ModelAdmin):
    list_display = ["naam", "soort", "actief", "laatst_gelukt", "fout"]
    readonly_fields = ["laatst_geprobeerd", "laatst_gelukt", "fout"]
    actions = ["nu_synchroniseren"]

    @admin.action(description=_("Synchronise now"))
    def nu_synchroniseren(self, request, queryset):
        from .tasks import synchroniseren

        for bron in queryset.filter(actief=True):
            synchroniseren.delay(bron.code)
        messages.success(request, _("Synchronisation started. The state shows here shortly."))


@admin.register(Vac)
class VacAdmin(admin.ModelAdmin):
    list_display = ["vraag", "afdeling", "status", "geschreven_door", "gepubliceerd_door"]
    list_filter = ["status", "afdeling"]
    search_fields = ["vraag", "antwoord"]
    fields = ["vraag", "antwoord", "toelichting", "afdeling", "trefwoorden", "doelgroep"]
    actions = ["publiceren", "intrekken", "exporteren"]

    def save_model(self, request, obj, form, change):
        """Through the service: a change goes back to draft, a second person publishes."""
        velden = {naam: form.cleaned_data[naam] for naam in self.fields}
        opgeslagen = services.vac_opslaan(
            door=request.user, vac_id=obj.pk if change else None, velden=velden
        )
        obj.pk, obj.status = opgeslagen.pk, opgeslagen.status

    def has_delete_permission(self, request, obj=None):
        return False  # withdrawn, not deleted: the contacts that used it keep their link

    @admin.action(description=_("Publish (by someone other than who wrote it)"))
    def publiceren(self, request, queryset):
        for vac in queryset:
            try:
                services.vac_publiceren(door=request.user, vac_id=vac.pk)
            except ValidationError as e:
                messages.error(request, f"{vac}: {' '.join(e.messages)}")
            else:
                messages.success(request, _("Published: %(vraag)s") % {"vraag": vac.vraag})

    @admin.action(description=_("Withdraw"))
    def intrekken(self, request, queryset):
        for vac in queryset:
            services.vac_intrekken(door=request.user, vac_id=vac.pk)
        messages.success(request, _("Withdrawn."))

    @admin.action(description=_("Export as VAC objecttype (JSON)"))
    def exporteren(self, request, queryset):
        data = [services.vac_als_objecttype(v) for v in queryset.select_related("afdeling")]
        antwoord = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
        )
        antwoord["Content-Disposition"] = 'attachment; filename="vacs.json"'
        return antwoord
