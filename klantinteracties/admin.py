"""API clients in /beheer/: the functioneel beheerder makes one per system (KISS, ITA, a form
system) or portal, with its role and department. The token is shown once, when it is made
or renewed; only its hash is kept."""

from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .clients import client_opslaan, nieuw_token
from .models import ApiClient


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    list_display = ["naam", "soort", "rol", "afdeling", "token_begin", "actief", "laatst_gebruikt"]
    list_filter = ["soort", "actief", "rol"]
    search_fields = ["naam"]
    list_select_related = ["rol", "afdeling"]
    readonly_fields = ["token_begin", "aangemaakt", "laatst_gebruikt"]
    fields = [
        "naam",
        "soort",
        "rol",
        "afdeling",
        "actief",
        "portaal_interne_velden",
        "jwt_client_id",
        "jwt_secret",
        "token_begin",
        "aangemaakt",
        "laatst_gebruikt",
    ]
    actions = ["token_vernieuwen"]

    def save_model(self, request, obj, form, change):
        token = client_opslaan(obj)
        if token:
            self._token_tonen(request, obj, token)

    def _token_tonen(self, request, obj, token):
        messages.warning(
            request,
            _(
                "The token of %(naam)s is %(token)s — copy it now: it is shown only this once. "
                "The client sends it as 'Authorization: Token …'."
            )
            % {"naam": obj.naam, "token": token},
        )

    @admin.action(description=gettext_lazy("Give a new token (the old one stops working)"))
    def token_vernieuwen(self, request, queryset):
        for client in queryset:
            self._token_tonen(request, client, nieuw_token(client))

    def has_delete_permission(self, request, obj=None):
        # a client's user is named in the access log; switch a client off instead
        return False
