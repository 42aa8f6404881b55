"""Where the Zaak read model comes from: a replaceable source adapter.

A source (the Zaken API of Open Zaak in ``sources.zgw``, a list in tests) implements
``ZakenBron``; ``zaken_synchroniseren`` matches its zaken to the register in named steps and
hands the rows to ``cases.services.zaken_bijwerken``, the one place that writes zaken.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from stdnum.nl import bsn as stdnum_bsn

from cases.models import Vertrouwelijkheid, Zaaktype
from cases.services import zaken_bijwerken
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


@dataclass
class _Kenners:
    """What a batch of zaken is matched against: read once per batch."""

    zaaktypen: dict
    afdelingen: dict
    per_domein: dict
    medewerkers: dict
    op_bsn: dict
    op_kvk: dict
    op_rsin: dict


def zaken_synchroniseren(
    *, bron: ZakenBron, gezien=None, partij_overnemen=None, organisatie_overnemen=None
) -> SyncResultaat:
    """Upserts every zaak of the source by identificatie, in one transaction, with a fixed
    number of queries per batch (one INSERT … ON CONFLICT for all of them, written by
    ``cases.services.zaken_bijwerken``).

    Idempotent: a second run with the same data changes nothing. A zaak whose Nijmegenaar,
    zaaktype or afdeling is unknown is skipped and counted, never half-stored.
    ``partij_overnemen(bsn)`` may take an unknown person in (from the BRP) first, and
    ``organisatie_overnemen(kvk_nummer=, vestigingsnummer=, rsin=)`` an unknown organisation
    (from the KVK). An organisation is matched by KVK number (and vestiging), else by RSIN.
    """
    result = SyncResultaat()
    items = list(bron.zaken())
    gezien = gezien or timezone.now()
    with transaction.atomic():
        kenners = _kenners_lezen(items)
        _onbekenden_overnemen(items, kenners, partij_overnemen, organisatie_overnemen)
        rijen = {}
        for item in items:
            velden, reden = _zaak_velden(item, kenners)
            if reden:
                result.overgeslagen[reden] = result.overgeslagen.get(reden, 0) + 1
                continue
            rijen[item.identificatie] = {
                **velden,
                "bron": bron.naam,
                "bron_url": item.bron_url,
                "bron_gezien": gezien,
            }
        result.nieuw, result.bijgewerkt = zaken_bijwerken(rijen=rijen)
    return result


def _kenners_lezen(items: list[ZaakGegevens]) -> _Kenners:
    per_domein: dict = {}
    for dienst in (
        Afdeling.objects.filter(actief=True).prefetch_related("domeinen").order_by("code")
    ):
        for domein in dienst.domeinen.all():
            per_domein.setdefault(domein.id, dienst)
    namen = {i.behandelaar_gebruikersnaam for i in items if i.behandelaar_gebruikersnaam}
    return _Kenners(
        zaaktypen={z.code: z for z in Zaaktype.objects.all()},
        afdelingen={a.code: a for a in Afdeling.objects.all()},
        per_domein=per_domein,
        medewerkers={
            m.user.username: m
            for m in Medewerker.objects.filter(user__username__in=namen).select_related("user")
        },
        op_bsn=_op_bsn(items),
        op_kvk=_op_kvk(items),
        op_rsin=_op_rsin(items),
    )


def _op_bsn(items) -> dict:
    bsns = {i.bsn for i in items if i.bsn and stdnum_bsn.is_valid(i.bsn)}
    return dict(Partij.objects.filter(bsn__in=bsns).values_list("bsn", "id")) if bsns else {}


def _op_kvk(items) -> dict:
    kvks = {i.kvk_nummer for i in items if i.kvk_nummer and not i.bsn}
    op_kvk: dict = {}
    if kvks:
        for kvk, vestiging, pk in Partij.objects.filter(kvk_nummer__in=kvks).values_list(
            "kvk_nummer", "vestigingsnummer", "id"
        ):
            op_kvk.setdefault((kvk, vestiging), pk)
            op_kvk.setdefault((kvk, ""), pk)
    return op_kvk


def _rsins(items) -> set:
    return {i.rsin for i in items if i.rsin and not i.bsn and not i.kvk_nummer}


def _op_rsin(items) -> dict:
    op_rsin: dict = {}
    rsins = _rsins(items)
    if rsins:
        for rsin, pk in (
            Partij.objects.filter(rsin__in=rsins).order_by("id").values_list("rsin", "id")
        ):
            op_rsin.setdefault(rsin, pk)
    return op_rsin


def _onbekenden_overnemen(items, k: _Kenners, partij_overnemen, organisatie_overnemen):
    """Persons and organisations the register does not have yet, taken in from the BRP and
    the KVK when the caller gave a way to."""
    if partij_overnemen is not None:
        geldig = {i.bsn for i in items if i.bsn and stdnum_bsn.is_valid(i.bsn)}
        for bsn in sorted(geldig - k.op_bsn.keys()):
            partij = partij_overnemen(bsn)
            if partij is not None:
                k.op_bsn[bsn] = partij.id
    if organisatie_overnemen is None:
        return
    for kvk, vestiging in sorted(
        {(i.kvk_nummer, i.vestigingsnummer) for i in items if i.kvk_nummer and not i.bsn}
        - k.op_kvk.keys()
    ):
        partij = organisatie_overnemen(kvk_nummer=kvk, vestigingsnummer=vestiging)
        if partij is not None:
            k.op_kvk[(kvk, vestiging)] = partij.id
    for rsin in sorted(_rsins(items) - k.op_rsin.keys()):
        partij = organisatie_overnemen(rsin=rsin)
        if partij is not None:
            k.op_rsin[rsin] = partij.id


def _partij_id(item: ZaakGegevens, k: _Kenners) -> int | None:
    partij_id = k.op_bsn.get(item.bsn) if item.bsn else None
    if partij_id is None and item.kvk_nummer:
        partij_id = k.op_kvk.get((item.kvk_nummer, item.vestigingsnummer)) or k.op_kvk.get(
            (item.kvk_nummer, "")
        )
    if partij_id is None and item.rsin:
        partij_id = k.op_rsin.get(item.rsin)
    return partij_id


def _afdeling(item: ZaakGegevens, k: _Kenners, behandelaar, zaaktype) -> Afdeling | None:
    """The afdeling the zaaksysteem names; else the behandelaar's; else the one configured
    for the zaaktype (KCC_ZGW_AFDELINGEN), else the first serving its domein."""
    if item.afdeling_code:
        return k.afdelingen.get(item.afdeling_code)
    if behandelaar is not None and behandelaar.afdeling_id:
        return next((a for a in k.afdelingen.values() if a.id == behandelaar.afdeling_id), None)
    if zaaktype is None:
        return None
    code = settings.KCC_ZGW_AFDELINGEN.get(item.zaaktype_code)
    return k.afdelingen.get(code) if code else k.per_domein.get(zaaktype.domein_id)


def _zaak_velden(item: ZaakGegevens, k: _Kenners) -> tuple[dict, str | None]:
    """The zaak's fields, or the reason it is skipped."""
    partij_id = _partij_id(item, k)
    behandelaar = k.medewerkers.get(item.behandelaar_gebruikersnaam)
    zaaktype = k.zaaktypen.get(item.zaaktype_code)
    afdeling = _afdeling(item, k, behandelaar, zaaktype)
    redenen = [
        (bool(item.bsn) and not stdnum_bsn.is_valid(item.bsn), "invalid BSN"),
        (len(item.identificatie) > 40 or len(item.bron_url) > 1000, "value too long"),
        (partij_id is None, "unknown Nijmegenaar"),
        (zaaktype is None, "unknown zaaktype"),
        (afdeling is None, "unknown afdeling"),
        (
            item.vertrouwelijkheidaanduiding not in Vertrouwelijkheid.values,
            "unknown confidentiality",
        ),
        # would fail the whole batch on the NOT NULL column
        (item.startdatum is None, "no start date"),
    ]
    reden = next((r for fout, r in redenen if fout), None)
    if reden:
        return {}, reden
    return {
        "zaaktype": zaaktype,
        "partij_id": partij_id,
        "omschrijving": item.omschrijving[:300],
        "toelichting": item.toelichting,
        "status": item.status[:60],
        "afdeling": afdeling,
        "behandelaar": behandelaar,
        "startdatum": item.startdatum,
        "einddatum_gepland": item.einddatum_gepland,
        "uiterlijke_einddatum": item.uiterlijke_einddatum,
        "einddatum": item.einddatum,
        "vertrouwelijkheidaanduiding": item.vertrouwelijkheidaanduiding,
    }, None
