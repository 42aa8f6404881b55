"""Writes for zaken: object grants (django-guardian, direct foreign-key models), and the
read model of the zaaksysteem (upsert, removal, zaaktypen), which the source adapters feed."""

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from guardian.shortcuts import assign_perm

from .models import Zaak, ZaakGroupObjectPermission, Zaaktype, ZaakUserObjectPermission


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


# --- the read model of the zaaksysteem ----------------------------------------------------
# The source adapters (sources.zaken, sources.zgw) match a zaak to its Nijmegenaar,
# zaaktype, afdeling and behandelaar; what they found is written here, in one place.

ZAAK_VELDEN = [
    "zaaktype",
    "partij",
    "omschrijving",
    "toelichting",
    "status",
    "afdeling",
    "behandelaar",
    "startdatum",
    "einddatum_gepland",
    "uiterlijke_einddatum",
    "einddatum",
    "vertrouwelijkheidaanduiding",
    "bron",
    "bron_url",
    "bron_gezien",
]


def zaken_bijwerken(*, rijen: dict[str, dict]) -> tuple[int, int]:
    """Upserts zaken by identificatie (``rijen``: identificatie → the fields of ZAAK_VELDEN,
    with ``partij_id``, ``zaaktype``, ``afdeling`` and ``behandelaar`` resolved) with one
    INSERT … ON CONFLICT. Returns (new, updated). Runs in the caller's transaction or its own."""
    if not rijen:
        return 0, 0
    with transaction.atomic():
        bestaand = set(
            Zaak.objects.filter(identificatie__in=list(rijen)).values_list(
                "identificatie", flat=True
            )
        )
        Zaak.objects.bulk_create(
            [Zaak(identificatie=i, **velden) for i, velden in rijen.items()],
            update_conflicts=True,
            unique_fields=["identificatie"],
            update_fields=ZAAK_VELDEN,
        )
    bijgewerkt = len(bestaand)
    return len(rijen) - bijgewerkt, bijgewerkt


def zaken_verwijderen(*, bron_url: str = "", bron: str = "", gezien_voor=None) -> int:
    """Removes zaken the zaaksysteem no longer has: the one at ``bron_url``, or every zaak
    of ``bron`` not seen since ``gezien_voor`` (a full load's end). Returns how many."""
    if bron_url:
        weg = Zaak.objects.filter(bron_url=bron_url)
    elif bron and gezien_voor is not None:
        weg = Zaak.objects.filter(bron=bron, bron_gezien__lt=gezien_voor)
    else:
        raise ValueError("zaken_verwijderen needs bron_url, or bron and gezien_voor")
    with transaction.atomic():
        return weg.delete()[0]


def zaaktype_bijwerken(*, code: str, omschrijving: str, domein, doorlooptijd_dagen=None):
    """The catalogue's zaaktype by code, created or brought up to date."""
    zaaktype, _nieuw = Zaaktype.objects.update_or_create(
        code=code,
        defaults={
            "omschrijving": omschrijving,
            "domein": domein,
            "doorlooptijd_dagen": doorlooptijd_dagen,
        },
    )
    return zaaktype
