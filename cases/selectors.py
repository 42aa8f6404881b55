"""What the pages show of zaken: the running zaken of a Nijmegenaar, as far as the user may
see them."""

from dataclasses import dataclass
from datetime import date

from django.db.models import F

from core.voorbereid import rijen
from core.weergave import naam_van
from permissions.models import Niveau
from permissions.visibility import redacted

from .models import Zaak


@dataclass(frozen=True)
class ZaakRegel:
    id: int
    identificatie: str
    zaaktype: str
    domein: str
    status: str
    startdatum: date
    einddatum_gepland: date | None
    uiterlijke_einddatum: date | None
    afdeling: str
    behandelaar: str
    niveau: int
    omschrijving: str | None  # FULL only
    toelichting: str | None  # FULL only

    @property
    def volledig(self):
        return self.niveau == Niveau.FULL


def lopende_zaken(user, partij_id: int, *, limit: int = 20) -> list[ZaakRegel]:
    values = rijen(
        lambda user, partij_id: (
            Zaak.objects.visible_to(user)
            .filter(partij_id=partij_id, einddatum__isnull=True)
            .order_by("-startdatum", "-id")
            .values(
                "id",
                "identificatie",
                "status",
                "startdatum",
                "einddatum_gepland",
                "uiterlijke_einddatum",
                "niveau",
                "omschrijving",
                "toelichting",
                zaaktype_naam=F("zaaktype__omschrijving"),
                domein_naam=F("zaaktype__domein__naam"),
                afdeling_naam=F("afdeling__naam"),
                behandelaar_voornaam=F("behandelaar__user__first_name"),
                behandelaar_achternaam=F("behandelaar__user__last_name"),
            )[:limit]
        ),
        user=user,
        partij_id=partij_id,
    )
    return [
        ZaakRegel(
            id=v["id"],
            identificatie=v["identificatie"],
            zaaktype=v["zaaktype_naam"],
            domein=v["domein_naam"],
            status=v["status"],
            startdatum=v["startdatum"],
            einddatum_gepland=v["einddatum_gepland"],
            uiterlijke_einddatum=v["uiterlijke_einddatum"],
            afdeling=v["afdeling_naam"],
            behandelaar=naam_van(v["behandelaar_voornaam"], v["behandelaar_achternaam"]),
            niveau=v["niveau"],
            omschrijving=redacted(v["niveau"], v["omschrijving"]),
            toelichting=redacted(v["niveau"], v["toelichting"]),
        )
        for v in values
    ]
