"""Klantsignalen: filed by any colleague, found from rising questions, followed to what was
done with them. The team lead sees their department's, management all."""

import datetime
import hashlib
import re
import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.nl import bsn as stdnum_bsn

from contacts.models import Contactmoment, Onderwerp
from permissions import roles
from permissions.models import Afdeling

from .models import Partner, Signaal

STIJGING = 1.5  # this week against the average of the four weeks before
MINSTENS = 10  # contacts (or repeat contacts) this week before a rise counts
HERHAAL_DAGEN = 14  # a repeat contact: the same person and subject within two weeks


def signaal_melden(
    *,
    door,
    tekst: str,
    categorie: str,
    afdeling,
    onderwerp=None,
    bron: str = Signaal.Bron.MEDEWERKER,
    verwijzing: str = "",
) -> Signaal:
    if not tekst.strip():
        raise ValidationError({"tekst": _("Write down what could be better.")})
    if categorie not in Signaal.Categorie.values:
        raise ValidationError({"categorie": _("Choose a category.")})
    return Signaal.objects.create(
        tekst=tekst.strip()[:2000],
        categorie=categorie,
        bron=bron,
        afdeling=afdeling,
        onderwerp=onderwerp,
        verwijzing=verwijzing,
        aangemaakt_door=roles.medewerker_van(door),
    )


def signaal_bijwerken(
    *,
    door,
    signaal_id: int,
    status: str,
    actie: str,
    actie_eigenaar=None,
    actie_datum: datetime.date | None = None,
) -> Signaal:
    """The owner's follow-up: being looked into (an improvement action: who, by when),
    improved (with what), or not taken up (why)."""
    if status not in Signaal.Status.values:
        raise ValidationError({"status": _("Choose a status.")})
    klaar = status in (Signaal.Status.VERBETERD, Signaal.Status.NIET_OVERGENOMEN)
    if klaar and not actie.strip():
        raise ValidationError({"actie": _("Write down what was done, or why not.")})
    with transaction.atomic():
        signaal = zichtbaar(door).select_for_update().get(pk=signaal_id)
        signaal.status, signaal.actie = status, actie.strip()
        signaal.gesloten_op = timezone.now() if klaar else None
        signaal.actie_eigenaar = actie_eigenaar or signaal.actie_eigenaar
        signaal.actie_datum = actie_datum or signaal.actie_datum
        signaal.save(
            update_fields=["status", "actie", "gesloten_op", "actie_eigenaar", "actie_datum"]
        )
    return signaal


def zichtbaar(user):
    """Management: all; a team lead: their department's; nobody else."""
    names = roles.role_names(user)
    if roles.MANAGEMENT in names:
        return Signaal.objects.all()
    medewerker = roles.medewerker_van(user)
    if roles.TEAMLEIDER in names and medewerker is not None:
        return Signaal.objects.filter(afdeling_id=medewerker.afdeling_id)
    return Signaal.objects.none()


def afdelingen_van(user) -> list[int] | None:
    """Whose colleagues may own an improvement action: management any, a team lead their
    department's."""
    if roles.MANAGEMENT in roles.role_names(user):
        return None
    medewerker = roles.medewerker_van(user)
    return [medewerker.afdeling_id] if medewerker and medewerker.afdeling_id else []


def _rijen(begin):
    """Per subject: contacts, and repeat contacts (the same Nijmegenaar about the same
    subject in the 14 days before), this week and in the four weeks before."""
    week, eerder = begin - datetime.timedelta(days=7), begin - datetime.timedelta(days=35)
    herhaling = Exists(
        Contactmoment.objects.filter(
            partij=OuterRef("partij"),
            onderwerp=OuterRef("onderwerp"),
            tijdstip__lt=OuterRef("tijdstip"),
            tijdstip__gte=OuterRef("tijdstip") - datetime.timedelta(days=HERHAAL_DAGEN),
        )
    )
    return (
        Contactmoment.objects.filter(tijdstip__gte=eerder, tijdstip__lt=begin)
        .values("onderwerp_id")
        .annotate(
            nu=Count("id", filter=Q(tijdstip__gte=week)),
            toen=Count("id", filter=Q(tijdstip__lt=week)),
            herhaald_nu=Count("id", filter=Q(tijdstip__gte=week, partij__isnull=False) & herhaling),
            herhaald_toen=Count(
                "id", filter=Q(tijdstip__lt=week, partij__isnull=False) & herhaling
            ),
        )
        .filter(nu__gte=MINSTENS)
    )


def _stijgt(nu: int, toen: int) -> bool:
    return nu >= MINSTENS and nu >= STIJGING * max(toen / 4, 1)


def _tekst(onderwerp, r) -> str | None:
    if _stijgt(r["nu"], r["toen"]):
        return _(
            "More questions about %(onderwerp)s: %(nu)s in the last week, "
            "about %(toen)s a week before."
        ) % {"onderwerp": onderwerp.naam, "nu": r["nu"], "toen": round(r["toen"] / 4)}
    if _stijgt(r["herhaald_nu"], r["herhaald_toen"]):
        return _(
            "More people ask again about %(onderwerp)s within two weeks: %(nu)s in the last "
            "week, about %(toen)s a week before. Is the first answer clear?"
        ) % {
            "onderwerp": onderwerp.naam,
            "nu": r["herhaald_nu"],
            "toen": round(r["herhaald_toen"] / 4),
        }
    return None


def _eigenaar(onderwerp_id: int):
    onderwerp = Onderwerp.objects.select_related("routeringsregel__afdeling").get(pk=onderwerp_id)
    regel = getattr(onderwerp, "routeringsregel", None)
    return onderwerp, (regel.afdeling if regel else None)


def stijgende_vragen(vandaag: datetime.date | None = None) -> int:
    """Subjects with at least ``MINSTENS`` contacts — or repeat contacts — in the last seven
    days and at least ``STIJGING`` times the weekly average of the four weeks before become a
    signal for the department its callbacks go to (once per subject and week). Returns how
    many."""
    vandaag = vandaag or timezone.localdate()
    begin = timezone.make_aware(datetime.datetime.combine(vandaag, datetime.time()))
    maandag = vandaag - datetime.timedelta(days=vandaag.weekday())
    gemaakt = 0
    for r in _rijen(begin):
        if not (_stijgt(r["nu"], r["toen"]) or _stijgt(r["herhaald_nu"], r["herhaald_toen"])):
            continue
        onderwerp, afdeling = _eigenaar(r["onderwerp_id"])
        tekst = _tekst(onderwerp, r)
        if afdeling is None or tekst is None:
            continue
        try:
            with transaction.atomic():
                Signaal.objects.create(
                    tekst=tekst,
                    categorie=Signaal.Categorie.VEEL_VRAGEN,
                    bron=Signaal.Bron.STIJGEND,
                    afdeling=afdeling,
                    onderwerp=onderwerp,
                    week=maandag,
                )
            gemaakt += 1
        except IntegrityError:
            continue  # found already this week
    return gemaakt


# --- signals from partners (Stips, the Informatiepunt Digitale Overheid) ------------------

_NEGEN_CIJFERS = re.compile(r"(?<!\d)\d{9}(?!\d)")


def partner_aanmaken(*, naam: str, afdeling: Afdeling) -> tuple[Partner, str]:
    """A partner with a new key (returned once; only its hash is kept). For a partner that
    exists: a new key, the old one stops working."""
    sleutel = secrets.token_urlsafe(32)
    partner, _nieuw = Partner.objects.update_or_create(
        naam=naam.strip(),
        defaults={"afdeling": afdeling, "sleutel_hash": _hash(sleutel), "actief": True},
    )
    return partner, sleutel


def _hash(sleutel: str) -> str:
    return hashlib.sha256(sleutel.encode()).hexdigest()


def partner_bij_sleutel(sleutel: str) -> Partner | None:
    """The active partner whose key this is (only its hash is kept, and looked up)."""
    if not sleutel:
        return None
    return Partner.objects.filter(sleutel_hash=_hash(sleutel), actief=True).first()


def _bevat_bsn(tekst: str) -> bool:
    return any(stdnum_bsn.is_valid(m) for m in _NEGEN_CIJFERS.findall(tekst))


def _partner_regel(regel: dict, afdelingen: dict[str, Afdeling], partner: Partner):
    """One row checked: (fields, None) or (None, the reason it is refused)."""
    kenmerk = str(regel.get("kenmerk", "")).strip()[:64]
    tekst = str(regel.get("tekst", "")).strip()
    categorie = str(regel.get("categorie", "") or Signaal.Categorie.ANDERS)
    afdeling_code = str(regel.get("afdeling", "")).strip()
    if not kenmerk:
        return None, _("no kenmerk (your own number for the signal)")
    if not tekst:
        return None, _("no text")
    if _bevat_bsn(tekst):
        return None, _("the text seems to hold a BSN; send signals without personal details")
    if categorie not in Signaal.Categorie.values:
        return None, _("unknown category")
    if afdeling_code and afdeling_code not in afdelingen:
        return None, _("unknown department")
    return {
        "partner_kenmerk": kenmerk,
        "tekst": tekst[:2000],
        "categorie": categorie,
        "afdeling": afdelingen.get(afdeling_code, partner.afdeling),
    }, None


def partner_signalen_opnemen(*, partner: Partner, regels: list[dict]) -> dict:
    """A partner's signals, each checked; one already sent (same kenmerk) is not stored
    again, so a batch sent twice stays single. Returns the counts and the refused rows."""
    afdelingen = {a.code: a for a in Afdeling.objects.filter(actief=True)}
    opgenomen, dubbel, geweigerd = 0, 0, []
    for nummer, regel in enumerate(regels, start=1):
        velden, reden = _partner_regel(regel, afdelingen, partner)
        if velden is None:
            geweigerd.append({"rij": nummer, "reden": str(reden)})
            continue
        _obj, nieuw = Signaal.objects.get_or_create(
            partner=partner,
            partner_kenmerk=velden.pop("partner_kenmerk"),
            bron=Signaal.Bron.PARTNER,
            defaults=velden,
        )
        opgenomen, dubbel = opgenomen + nieuw, dubbel + (not nieuw)
    return {"opgenomen": opgenomen, "dubbel": dubbel, "geweigerd": geweigerd}


def eigen_signalen(user, limiet: int = 20):
    """The signals this colleague filed, newest first: to follow what became of them."""
    medewerker = roles.medewerker_van(user)
    if medewerker is None:
        return Signaal.objects.none()
    return Signaal.objects.filter(aangemaakt_door=medewerker).select_related("afdeling")[:limiet]
