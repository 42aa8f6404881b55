from django.contrib import admin

from .models import Definitie


@admin.register(Definitie)
class DefinitieAdmin(admin.ModelAdmin):
    """One definition: the functioneel beheerder changes it, nobody adds a second or removes
    it (the figures always have one)."""

    list_display = ["__str__", "doel_procent", "drempels", "kort_opgehangen_seconden", "gewijzigd"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not Definitie.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
