"""State changes of the knowledge base, each in one transaction: the local copy of a source
(``item_opslaan``, ``items_opruimen``), the VACs written here (a second person publishes),
what an agent did with an answer (opened, chosen for the contact, sent to the resident,
feedback), and the source's state for the health page."""

import datetime
import re

from django.conf import settings
from django.contrib.postgres.search import SearchVector
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Value
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contacts.models import Contactmoment, Kanaal, Onderwerp, Partij
from contacts.services import contactmoment_registreren, kennislink_vastleggen
from leren.models import Signaal
from leren.signalen import signaal_melden
from permissions import roles
from permissions.models import Afdeling
from sources import notifynl
from sources.kennisbronnen import KennisGegevens

from .models import Bron, Item, Raadpleging, Vac, Zoekvraag

_WOORD = re.compile(r"[\wÀ-ÿ]{3,}", re.UNICODE)


# --- the local copy of a source ------------------------------------------------------------


def _zoekvector(item: Item):
    tekst = " ".join(s.get("tekst", "") for s in item.secties)
    return (
        SearchVector(Value(item.titel), weight="A", config="dutch")
        + SearchVector(Value(" ".join(item.trefwoorden)), weight="B", config="dutch")
        + SearchVector(Value(item.samenvatting + " " + tekst), weight="C", config="dutch")
    )


def woorden_van(tekst: str) -> set[str]:
    return {w.lower() for w in _WOORD.findall(tekst)}


def _woorden_bijwerken(woorden: set[str]) -> None:
    """The words of titles and keywords, for "did you mean" on a typing error."""
    if not woorden:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO kennis_woord (woord) SELECT unnest(%s::text[]) ON CONFLICT DO NOTHING",
            [sorted(w[:60] for w in woorden)],
        )


def item_opslaan(bron: Bron, g: KennisGegevens) -> tuple[Item, bool]:
    """One item of a source, created or brought up to date, with its search text."""
    with transaction.atomic():
        item, nieuw = Item.objects.update_or_create(
            bron=bron,
            extern_id=g.bron_id,
            defaults={
                "soort": g.soort,
                "titel": g.titel,
                "secties": g.secties,
                "intern": g.intern,
                "trefwoorden": g.trefwoorden,
                "doelgroep": g.doelgroep,
                "afdeling": g.afdeling,
                "gewijzigd": g.gewijzigd,
                "bron_url": g.bron_url,
                "publieke_url": g.publieke_url,
                "samenvatting": g.samenvatting,
            },
        )
        Item.objects.filter(pk=item.pk).update(zoektekst=_zoekvector(item))
        _woorden_bijwerken(woorden_van(item.titel + " " + " ".join(item.trefwoorden)))
    return item, nieuw


def items_opruimen(bron: Bron, behouden: set[str]) -> int:
    """Items the source no longer has (removed, not active): they leave the index."""
    return Item.objects.filter(bron=bron).exclude(extern_id__in=behouden).delete()[0]


def bron_gelukt(bron: Bron) -> None:
    nu = timezone.now()
    Bron.objects.filter(pk=bron.pk).update(laatst_geprobeerd=nu, laatst_gelukt=nu, fout="")


def bron_mislukt(bron: Bron, fout: str) -> None:
    Bron.objects.filter(pk=bron.pk).update(laatst_geprobeerd=timezone.now(), fout=fout[:300])


# --- VACs written here -----------------------------------------------------------------------

LOKAAL = "lokaal"


def _lokale_bron() -> Bron:
    bron, _nieuw = Bron.objects.get_or_create(
        code=LOKAAL,
        defaults={"naam": _("Kennisbank (written here)"), "soort": Bron.Soort.LOKAAL},
    )
    return bron


def mag_vacs_beheren(user) -> bool:
    return bool(
        roles.role_names(user) & {roles.FUNCTIONEEL_BEHEERDER, roles.TEAMLEIDER}
    ) or user.has_perm("kennis.change_vac")


def vac_opslaan(*, door, vac_id: int | None, velden: dict) -> Vac:
    """A new VAC, or a change to one (a published VAC goes back to draft: a second person
    publishes the change)."""
    if not mag_vacs_beheren(door):
        raise PermissionDenied
    medewerker = roles.medewerker_van(door)
    if medewerker is None:
        raise PermissionDenied
    with transaction.atomic():
        vac = Vac.objects.select_for_update().get(pk=vac_id) if vac_id else Vac()
        for naam, waarde in velden.items():
            setattr(vac, naam, waarde)
        vac.status, vac.geschreven_door, vac.gepubliceerd_door = (
            Vac.Status.CONCEPT,
            medewerker,
            None,
        )
        vac.save()
    return vac


def vac_publiceren(*, door, vac_id: int) -> Vac:
    """Published by someone other than who wrote it (four eyes): from then on an answer
    in the workbench like any other source's."""
    if not mag_vacs_beheren(door):
        raise PermissionDenied
    medewerker = roles.medewerker_van(door)
    with transaction.atomic():
        vac = Vac.objects.select_for_update().select_related("afdeling").get(pk=vac_id)
        if medewerker is None or vac.geschreven_door_id == medewerker.id:
            raise ValidationError(_("A colleague who did not write this VAC publishes it."))
        vac.status, vac.gepubliceerd_door = Vac.Status.GEPUBLICEERD, medewerker
        vac.save(update_fields=["status", "gepubliceerd_door", "gewijzigd"])
        item_opslaan(_lokale_bron(), _als_gegevens(vac))
    return vac


def vac_intrekken(*, door, vac_id: int) -> Vac:
    if not mag_vacs_beheren(door):
        raise PermissionDenied
    with transaction.atomic():
        vac = Vac.objects.select_for_update().get(pk=vac_id)
        vac.status = Vac.Status.INGETROKKEN
        vac.save(update_fields=["status", "gewijzigd"])
        Item.objects.filter(bron__code=LOKAAL, extern_id=str(vac.uuid)).delete()
    return vac


def _als_gegevens(vac: Vac) -> KennisGegevens:
    return KennisGegevens(
        bron_id=str(vac.uuid),
        soort="vac",
        titel=vac.vraag,
        secties=[{"code": "antwoord", "titel": "Antwoord", "tekst": vac.antwoord}],
        intern=vac.toelichting,
        trefwoorden=list(vac.trefwoorden),
        doelgroep=vac.doelgroep,
        afdeling=vac.afdeling.naam,
        gewijzigd=timezone.now(),
        samenvatting=vac.antwoord[:300],
    )


def vac_als_objecttype(vac: Vac) -> dict:
    """The VAC in the community objecttype's form (for an Objects API later)."""
    return {
        "vraag": vac.vraag,
        "antwoord": vac.antwoord,
        "status": {"gepubliceerd": "actief", "concept": "non-actief"}.get(
            vac.status, "te-verwijderen"
        ),
        "doelgroep": {"burger": "eu-burger", "bedrijf": "eu-bedrijf"}.get(
            vac.doelgroep, "eu-burger-bedrijf"
        ),
        "toelichting": vac.toelichting,
        "afdelingen": [{"afdelingId": vac.afdeling.code, "afdelingNaam": vac.afdeling.naam}],
        "trefwoorden": [{"trefwoord": t} for t in vac.trefwoorden],
    }


# --- what an agent does with an answer -------------------------------------------------------


def geopend(*, door, item: Item, sectie: str = "") -> Raadpleging:
    """An answer opened during work (for "opened but not chosen" in the figures)."""
    medewerker = roles.medewerker_van(door)
    return Raadpleging.objects.create(
        item=item, sectie=sectie[:40], team_id=medewerker.team_id if medewerker else None
    )


def keuze_lezen(waarde: str) -> tuple[Item, str] | None:
    """``<uuid>`` or ``<uuid>:<section>`` from the contact form: the item and section."""
    uuid, _dubbelepunt, sectie = (waarde or "").partition(":")
    try:
        item = Item.objects.select_related("bron").filter(uuid=uuid).first()
    except ValidationError:
        return None
    if item is None:
        return None
    return item, (sectie if item.sectie(sectie) else "")


def gekozen(
    *, contactmoment: Contactmoment, item: Item, sectie: str, raadpleging_id: int | None
) -> None:
    """The answer chosen for the contact: the link (returned by the API as an
    onderwerpobject) and, for the figures, the opening it came from marked chosen."""
    kennislink_vastleggen(
        contactmoment=contactmoment,
        soort=item.soort,
        register=item.bron.code,
        object_id=item.publieke_url if item.soort == Item.Soort.WEBPAGINA else str(item.extern_id),
        titel=item.titel,
        sectie=(item.sectie(sectie) or {}).get("titel", ""),
    )
    bijgewerkt = 0
    if raadpleging_id:
        bijgewerkt = Raadpleging.objects.filter(pk=raadpleging_id, item=item).update(gekozen=True)
    if not bijgewerkt:
        Raadpleging.objects.create(item=item, sectie=sectie[:40], gekozen=True)


def publieke_tekst(item: Item, sectie: str = "") -> str:
    """What may be sent to a resident: the title, the chosen section's public text or the
    summary, and the public address. Never the staff-only text."""
    deel = item.sectie(sectie) if sectie else None
    tekst = deel["tekst"] if deel else item.samenvatting
    return f"{item.titel}\n\n{tekst[:1500]}\n\n{item.publieke_url}".strip()


def link_versturen(
    *, door, item: Item, partij: Partij, soort: str, adres: str, sectie: str = "", herkomst=None
) -> Contactmoment:
    """ "Stuur deze link": the article's public address (and its public text) to the resident
    by e-mail or text message through NotifyNL; an outgoing contact in the klantreis with
    the article linked. Only to an address the Nijmegenaar has."""
    if not item.publieke_url:
        raise ValidationError(_("This answer has no public web address to send."))
    velden = next((v for s, a, v in notifynl.adressen(partij) if s == soort and a == adres), None)
    if velden is None:
        raise ValidationError(_("Choose one of the Nijmegenaar's own addresses or numbers."))
    kanaal = Kanaal.objects.filter(
        code="e-mail" if soort == "email" else "sms", actief=True
    ).first()
    kanaal = kanaal or Kanaal.objects.filter(code="e-mail", actief=True).first()
    if kanaal is None:
        raise ValidationError(
            _("There is no channel for e-mail. Tell the functional administrator.")
        )
    inhoud = _(
        "As promised, the information from the municipality of Nijmegen:\n\n%(tekst)s\n\n"
        "Questions? Call 14 024."
    ) % {"tekst": publieke_tekst(item, sectie)}
    with transaction.atomic():
        cm = contactmoment_registreren(
            partij=partij,
            kanaal=kanaal,
            onderwerp=_onderwerp_algemeen(),
            vraag=_("Sent the link: %(titel)s") % {"titel": item.titel[:200]},
            antwoord=item.publieke_url,
            resultaat=Contactmoment.Resultaat.BERICHT_AFGELEVERD,
            door=door,
            richting=Contactmoment.Richting.UIT,
            herkomst=herkomst,
            doel=_("Sending information to the Nijmegenaar"),
        )
        gekozen(contactmoment=cm, item=item, sectie=sectie, raadpleging_id=None)
        try:
            notifynl.versturen(
                soort,
                ontvanger=velden,
                onderwerp=item.titel[:150],
                inhoud=inhoud,
                referentie=f"kcc-kennis-{cm.id}",
            )
        except notifynl.NotifyFout as e:
            raise ValidationError(
                _("The message could not be sent now. Try again in a moment.")
            ) from e
    return cm


def _onderwerp_algemeen() -> Onderwerp:
    """The subject of a sent link: the catalogue's general question (as the web form's),
    so it is seen like any general contact."""
    onderwerp = (
        Onderwerp.objects.filter(code=settings.KCC_WEBFORMULIER_ONDERWERP, actief=True).first()
        or Onderwerp.objects.filter(actief=True).order_by("id").first()
    )
    if onderwerp is None:
        raise ValidationError(_("This subject is no longer in use. Choose another subject."))
    return onderwerp


FEEDBACK = {  # lazy: the words in the language of the moment they are shown
    "klopt-niet": gettext_lazy("is not right"),
    "onduidelijk": gettext_lazy("is unclear"),
    "ontbreekt": gettext_lazy("misses something"),
}


def feedback_geven(*, door, item: Item, sectie: str, soort: str, toelichting: str) -> Signaal:
    """Feedback on a section becomes a klantsignaal for the department that owns the
    answer (or the reporter's own), which the reporter can follow."""
    if soort not in FEEDBACK:
        raise ValidationError({"soort": _("Choose what is wrong with it.")})
    deel = (item.sectie(sectie) or {}).get("titel", "")
    tekst = _("%(titel)s%(deel)s %(wat)s.") % {
        "titel": item.titel[:300],
        "deel": f" ({deel})" if deel else "",
        "wat": FEEDBACK[soort],
    }
    if toelichting.strip():
        tekst += "\n" + toelichting.strip()[:1500]
    afdeling = (
        Afdeling.objects.filter(naam__iexact=item.afdeling, actief=True).first()
        if item.afdeling
        else None
    )
    medewerker = roles.medewerker_van(door)
    afdeling = afdeling or (medewerker.afdeling if medewerker else None)
    if afdeling is None:
        raise ValidationError(_("There is no department to send this to."))
    return signaal_melden(
        door=door,
        tekst=tekst,
        categorie=Signaal.Categorie.WEBSITE
        if item.soort == Item.Soort.WEBPAGINA
        else Signaal.Categorie.ANDERS,
        afdeling=afdeling,
        bron=Signaal.Bron.KENNISBANK,
        verwijzing=f"kennis:{item.uuid}#{sectie}"[:200],
    )


ZOEKVRAGEN_BEWAARD_DAGEN = 90


def zoekvraag_vastleggen(tekst: str, resultaten: int) -> None:
    Zoekvraag.objects.create(tekst=tekst.strip().lower()[:200], resultaten=resultaten)


def zoekvragen_opschonen(nu=None) -> int:
    """Searches are kept 90 days (their words may hold what a caller said)."""
    nu = nu or timezone.now()
    grens = nu - datetime.timedelta(days=ZOEKVRAGEN_BEWAARD_DAGEN)
    return Zoekvraag.objects.filter(tijdstip__lt=grens).delete()[0]
