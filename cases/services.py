"""Writes for zaken: object grants (django-guardian, direct foreign-key models)."""

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from guardian.shortcuts import assign_perm

from .models import Zaak, ZaakGroupObjectPermission, ZaakUserObjectPermission


def toegang_verlenen(*, zaak: Zaak, aan, geldig_tot=None):
    """Gives a user or a group (a case team) FULL view of one zaak, optionally until a time.

    Idempotent: granting again only moves ``geldig_tot``."""
    model = ZaakGroupObjectPermission if isinstance(aan, Group) else ZaakUserObjectPermission
    field = "group" if isinstance(aan, Group) else "user"
    with transaction.atomic():
        assign_perm("cases.view_zaak", aan, zaak)
        model.objects.filter(
            content_object=zaak, permission__codename="view_zaak", **{field: aan}
        ).update(geldig_tot=geldig_tot)


def verlopen_toegang_opruimen(*, now=None) -> int:
    """Removes grants whose time is up. Returns how many. (Expired grants already give no
    access: the visibility query checks ``geldig_tot`` itself.)"""
    now = now or timezone.now()
    removed = 0
    for model in (ZaakUserObjectPermission, ZaakGroupObjectPermission):
        removed += model.objects.filter(geldig_tot__lte=now).delete()[0]
    return removed
