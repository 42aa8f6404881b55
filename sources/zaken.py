"""Where the Zaak read model comes from: a replaceable source adapter.

The demo data writes zaken directly; a Zaken API (Open Zaak) source implements ``ZakenBron``
later and feeds the same ``zaken_synchroniseren`` service, so nothing else changes.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from django.conf import settings
from django.db import transaction
from django.utils import timezone

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
    rsin: str = ""  # an organisation as the zaaksysteem names it (ZGW innNnpId)
    vestigingsnummer: str = ""
    omschrijving: str = ""
    toelichting: str = ""
    status: str = ""
    afdeling_code: str = ""  # empty: the behandelaar's, or the one serving the zaaktype
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

    def optellen(self, ander: "SyncResultaat"):
        self.nieuw += ander.nieuw
        self.bijgewerkt += ander.bijgewerkt
        for reden, n in ander.overgeslagen.items():
            self.overgeslagen[reden] = self.overgeslagen.get(reden, 0) + n


@dataclass
class LijstBron:
    """A source from a list: for tests, imports from a file, and one page of an API."""

    naam: str
    items: list

    def zaken(self):
        return iter(self.items)


_VELDEN = [
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


def zaken_synchroniseren(
    *, bron: ZakenBron, gezien=None, partij_overnemen=None, organisatie_overnemen=None
) -> SyncResultaat:
    """Upserts every zaak of the source by identificatie, in one transaction, with a fixed
    number of queries per batch (one INSERT … ON CONFLICT for all of them).

    Idempotent: a second run with the same data changes nothing. A zaak whose Nijmegenaar,
    zaaktype or afdeling is unknown is skipped and counted, never half-stored.
    ``partij_overnemen(bsn)`` may take an unknown person in (from the BRP) first, and
    ``organisatie_overnemen(kvk_nummer=, vestigingsnummer=, rsin=)`` an unknown organisation
    (from the KVK). An organisation is matched by KVK number (and vestiging), else by RSIN.
    """
    result = SyncResultaat()
    items = list(bron.zaken())
    gezien = gezien or timezone.now()
    zaaktypen = {z.code: z for z in Zaaktype.objects.all()}
    afdelingen = {a.code: a for a in Afdeling.objects.all()}
    per_domein: dict = {}
    for dienst in (
        Afdeling.objects.filter(actief=True).prefetch_related("domeinen").order_by("code")
    ):
        for domein in dienst.domeinen.all():
            per_domein.setdefault(domein.id, dienst)
    with transaction.atomic():
        bsns = {i.bsn for i in items if i.bsn}
        kvks = {i.kvk_nummer for i in items if i.kvk_nummer and not i.bsn}
        op_bsn = dict(Partij.objects.filter(bsn__in=bsns).values_list("bsn", "id")) if bsns else {}
        op_kvk: dict = {}
        if kvks:
            for kvk, vestiging, pk in Partij.objects.filter(kvk_nummer__in=kvks).values_list(
                "kvk_nummer", "vestigingsnummer", "id"
            ):
                op_kvk.setdefault((kvk, vestiging), pk)
                op_kvk.setdefault((kvk, ""), pk)
        rsins = {i.rsin for i in items if i.rsin and not i.bsn and not i.kvk_nummer}
        op_rsin: dict = {}
        for rsin, pk in (
            Partij.objects.filter(rsin__in=rsins).order_by("id").values_list("rsin", "id")
        ):
            op_rsin.setdefault(rsin, pk)
        if partij_overnemen is not None:
            for bsn in sorted(bsns - op_bsn.keys()):
                partij = partij_overnemen(bsn)
                if partij is not None:
                    op_bsn[bsn] = partij.id
        if organisatie_overnemen is not None:
            for kvk, vestiging in sorted(
                {(i.kvk_nummer, i.vestigingsnummer) for i in items if i.kvk_nummer and not i.bsn}
                - op_kvk.keys()
            ):
                partij = organisatie_overnemen(kvk_nummer=kvk, vestigingsnummer=vestiging)
                if partij is not None:
                    op_kvk[(kvk, vestiging)] = partij.id
            for rsin in sorted(rsins - op_rsin.keys()):
                partij = organisatie_overnemen(rsin=rsin)
                if partij is not None:
                    op_rsin[rsin] = partij.id
        namen = {i.behandelaar_gebruikersnaam for i in items if i.behandelaar_gebruikersnaam}
        medewerkers = {
            m.user.username: m
            for m in Medewerker.objects.filter(user__username__in=namen).select_related("user")
        }
        bestaand = set(
            Zaak.objects.filter(identificatie__in=[i.identificatie for i in items]).values_list(
                "identificatie", flat=True
            )
        )
        rijen = {}
        for item in items:
            partij_id = op_bsn.get(item.bsn) if item.bsn else None
            if partij_id is None and item.kvk_nummer:
                partij_id = op_kvk.get((item.kvk_nummer, item.vestigingsnummer)) or op_kvk.get(
                    (item.kvk_nummer, "")
                )
            if partij_id is None and item.rsin:
                partij_id = op_rsin.get(item.rsin)
            behandelaar = medewerkers.get(item.behandelaar_gebruikersnaam)
            zaaktype = zaaktypen.get(item.zaaktype_code)
            afdeling: Afdeling | None = None
            if item.afdeling_code:
                afdeling = afdelingen.get(item.afdeling_code)
            elif behandelaar is not None and behandelaar.afdeling_id:
                afdeling = next(
                    (a for a in afdelingen.values() if a.id == behandelaar.afdeling_id), None
                )
            elif zaaktype is not None:
                code = settings.KCC_ZGW_AFDELINGEN.get(item.zaaktype_code)
                afdeling = afdelingen.get(code) if code else per_domein.get(zaaktype.domein_id)
            reden = None
            if partij_id is None:
                reden = "unknown Nijmegenaar"
            elif zaaktype is None:
                reden = "unknown zaaktype"
            elif afdeling is None:
                reden = "unknown afdeling"
            elif item.vertrouwelijkheidaanduiding not in Vertrouwelijkheid.values:
                reden = "unknown confidentiality"
            elif item.startdatum is None:
                reden = "no start date"  # would fail the whole batch on the NOT NULL column
            if reden or partij_id is None or item.startdatum is None:
                reden = reden or "unknown Nijmegenaar"
                result.overgeslagen[reden] = result.overgeslagen.get(reden, 0) + 1
                continue
            rijen[item.identificatie] = Zaak(
                identificatie=item.identificatie,
                zaaktype=zaaktype,
                partij_id=partij_id,
                omschrijving=item.omschrijving[:300],
                toelichting=item.toelichting,
                status=item.status[:60],
                afdeling=afdeling,
                behandelaar=behandelaar,
                startdatum=item.startdatum,
                einddatum_gepland=item.einddatum_gepland,
                uiterlijke_einddatum=item.uiterlijke_einddatum,
                einddatum=item.einddatum,
                vertrouwelijkheidaanduiding=item.vertrouwelijkheidaanduiding,
                bron=bron.naam,
                bron_url=item.bron_url,
                bron_gezien=gezien,
            )
        if rijen:
            Zaak.objects.bulk_create(
                rijen.values(),
                update_conflicts=True,
                unique_fields=["identificatie"],
                update_fields=_VELDEN,
            )
        for identificatie in rijen:
            if identificatie in bestaand:
                result.bijgewerkt += 1
            else:
                result.nieuw += 1
    return result
