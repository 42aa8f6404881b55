"""Where the Zaak read model comes from: a replaceable source adapter.

The demo data writes zaken directly; a Zaken API (Open Zaak) source implements ``ZakenBron``
later and feeds the same ``zaken_synchroniseren`` service, so nothing else changes.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from django.db import transaction

from cases.models import Vertrouwelijkheid, Zaak, Zaaktype
from contacts.models import Partij
from permissions.models import Afdeling, Medewerker


@dataclass(frozen=True)
class ZaakGegevens:
    """One zaak as a source delivers it, in the source's identifiers."""

    identificatie: str
    zaaktype_code: str
    bsn: str = ""
    kvk_nummer: str = ""
    omschrijving: str = ""
    toelichting: str = ""
    status: str = ""
    afdeling_code: str = ""
    behandelaar_gebruikersnaam: str = ""
    startdatum: datetime.date | None = None
    einddatum_gepland: datetime.date | None = None
    uiterlijke_einddatum: datetime.date | None = None
    einddatum: datetime.date | None = None
    vertrouwelijkheidaanduiding: str = Vertrouwelijkheid.ZAAKVERTROUWELIJK
    bron_url: str = ""


class ZakenBron(Protocol):
    naam: str

    def zaken(self) -> Iterable[ZaakGegevens]: ...


@dataclass
class SyncResultaat:
    nieuw: int = 0
    bijgewerkt: int = 0
    overgeslagen: dict = field(default_factory=dict)  # reason → count


@dataclass
class LijstBron:
    """A source from a list: for tests and imports from a file."""

    naam: str
    items: list

    def zaken(self):
        return iter(self.items)


def zaken_synchroniseren(*, bron: ZakenBron) -> SyncResultaat:
    """Upserts every zaak of the source by identificatie, in one transaction.

    Idempotent: a second run with the same data changes nothing. A zaak whose Nijmegenaar,
    zaaktype or afdeling is unknown is skipped and counted, never half-stored.
    """
    result = SyncResultaat()
    zaaktypen = {z.code: z for z in Zaaktype.objects.all()}
    afdelingen = {a.code: a for a in Afdeling.objects.all()}
    with transaction.atomic():
        for item in bron.zaken():
            reden = None
            partij = None
            if item.bsn:
                partij = Partij.objects.filter(bsn=item.bsn).first()
            elif item.kvk_nummer:
                partij = Partij.objects.filter(kvk_nummer=item.kvk_nummer).first()
            if partij is None:
                reden = "unknown Nijmegenaar"
            elif item.zaaktype_code not in zaaktypen:
                reden = "unknown zaaktype"
            elif item.afdeling_code not in afdelingen:
                reden = "unknown afdeling"
            elif item.vertrouwelijkheidaanduiding not in Vertrouwelijkheid.values:
                reden = "unknown confidentiality"
            elif item.startdatum is None:
                reden = "no start date"  # would fail the whole run on the NOT NULL column
            if reden or partij is None or item.startdatum is None:
                reden = reden or "unknown Nijmegenaar"
                result.overgeslagen[reden] = result.overgeslagen.get(reden, 0) + 1
                continue
            behandelaar = (
                Medewerker.objects.filter(user__username=item.behandelaar_gebruikersnaam).first()
                if (item.behandelaar_gebruikersnaam)
                else None
            )
            _, created = Zaak.objects.update_or_create(
                identificatie=item.identificatie,
                defaults={
                    "zaaktype": zaaktypen[item.zaaktype_code],
                    "partij": partij,
                    "omschrijving": item.omschrijving,
                    "toelichting": item.toelichting,
                    "status": item.status,
                    "afdeling": afdelingen[item.afdeling_code],
                    "behandelaar": behandelaar,
                    "startdatum": item.startdatum,
                    "einddatum_gepland": item.einddatum_gepland,
                    "uiterlijke_einddatum": item.uiterlijke_einddatum,
                    "einddatum": item.einddatum,
                    "vertrouwelijkheidaanduiding": item.vertrouwelijkheidaanduiding,
                    "bron": bron.naam,
                    "bron_url": item.bron_url,
                },
            )
            if created:
                result.nieuw += 1
            else:
                result.bijgewerkt += 1
    return result
