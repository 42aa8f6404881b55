from django.contrib import admin

from .models import Zaaktype


@admin.register(Zaaktype)
class ZaaktypeAdmin(admin.ModelAdmin):
    list_display = ["omschrijving", "code", "domein", "doorlooptijd_dagen"]
    list_filter = ["domein"]
    search_fields = ["omschrijving", "code"]
