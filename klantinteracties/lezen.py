"""What a client may read, as querysets, and the extra rows a page of results needs.

Visibility is decided here, in the database, by the same querysets the pages use
(``visible_to`` of contacts, callbacks and zaken, with the client's own user): a record at
NONE is absent from lists, counts, filters and ``expand``; one at EXISTENCE comes without
its content (``weergave``). A portal client reads the records of one person only: the BSN
it passes per request.

Every page of results costs a fixed number of queries, whatever its size: the page itself
and one query per kind of related row (``Bijlagen.laden``). The call KISS makes on every
screen (a person's contacts, ``klantcontacten_van_partij``) and the related rows of any page
run as kept queries (``core.voorbereid``): built and compiled once per shape, the page's ids
as one array parameter (``__een_van``). Building and compiling them through the ORM cost that
call more time than PostgreSQL needed to answer it.
"""

from dataclasses import dataclass, field

from django.db import DEFAULT_DB_ALIAS
from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Value, Window
from django.utils.translation import gettext as _

from callbacks.models import Terugbelverzoek
from cases.models import Zaak
from contacts.catalogue import catalogus_voor
from contacts.models import (
    Adres,
    Contactmoment,
    Emailadres,
    Kennislink,
    Partij,
    Telefoonnummer,
)
from core.voorbereid import rijen
from permissions.models import Afdeling, Medewerker, Niveau, Team
from permissions.visibility import domein_levels, serves_public

from . import ids
from .api import Aanroep, Fout
from .models import VerstrektAdres

ZAAK_LINK = Zaak.contactmomenten.through


def moet_publiek_dienen(a: Aanroep) -> None:
    """Resident data: for clients whose role serves the public, and the portal (its one
    person). Other roles get the same 403 as on the pages."""
    if not a.portaal and not serves_public(a.user):
        raise Fout(403, _("The role of this client gives no access to residents' data."))


def geen_portaal(a: Aanroep) -> None:
    if a.portaal:
        raise Fout(403, _("A portal reads only klantcontacten, internetaken and addresses."))


# --- querysets -----------------------------------------------------------------------------


def klantcontacten(a: Aanroep):
    moet_publiek_dienen(a)
    return _klantcontacten_qs(a.user, portaal_bsn=a.portaal_bsn or None)


def _klantcontacten_qs(user, *, portaal_bsn=None):
    """The contacts the client sees: for a portal those of its one person (in full)."""
    if portaal_bsn is not None:
        qs = Contactmoment.objects.filter(partij__bsn=portaal_bsn).annotate(
            niveau=Value(Niveau.FULL, output_field=IntegerField())
        )
        vorige = Contactmoment.objects.filter(partij__bsn=portaal_bsn)
    else:
        qs = Contactmoment.objects.visible_to(user)
        domeinen = [d for d, n in domein_levels(user).items() if n > Niveau.NONE]
        vorige = Contactmoment.objects.filter(onderwerp__domein_id__in=domeinen)
    # the contact before this one in its klantreis (a follow-up), among those the client sees
    vorige = vorige.filter(
        klantreis=OuterRef("klantreis"), tijdstip__lt=OuterRef("tijdstip")
    ).order_by("-tijdstip", "-id")
    # Only the contact's own columns, and only what the answers show (a page of 100 moved
    # 460 kB per query with every column). Its channel and subject come from the catalogue
    # in memory, its Nijmegenaar and medewerker once per page (``Bijlagen.laden``): a page of
    # 100 contacts of one person builds one Partij, not a hundred.
    return (
        qs.only(*CONTACT_VELDEN)
        .annotate(vorige_id=Subquery(vorige.values("id")[:1]))
        .order_by("-tijdstip", "-id")
    )


def _van_partij_qs(user, *, partij_id, portaal_bsn):
    return (
        _klantcontacten_qs(user, portaal_bsn=portaal_bsn)
        .filter(partij_id=partij_id)
        .annotate(_totaal=Window(Count("pk")))
        .values("id", *CONTACT_VELDEN, "niveau", "vorige_id", "_totaal")
    )


def klantcontacten_van_partij(a: Aanroep, partij_id: int, begin: int, grootte: int):
    """(count, one page) of a person's contacts, newest first: the list KISS's klantbeeld
    asks for on every screen. The same rows as ``klantcontacten(a).filter(partij_id=…)``, its
    SQL built and compiled once per shape and page (``core.voorbereid``) and the count in the
    same query."""
    moet_publiek_dienen(a)
    gevonden = rijen(
        lambda user, **waarden: _van_partij_qs(user, **waarden)[begin : begin + grootte],
        user=a.user,
        partij_id=partij_id,
        portaal_bsn=a.portaal_bsn or None,
    )
    if gevonden:
        count = gevonden[0]["_totaal"]
    else:  # no contacts, or a page past the end: the count alone says which
        count = klantcontacten(a).filter(partij_id=partij_id).count() if begin else 0
    return count, modellen(Contactmoment, gevonden, "niveau", "vorige_id")


def modellen(model, gevonden: list[dict], *extra: str) -> list:
    """Rows of a kept query (dicts with the model's column names) as model instances, the
    ``extra`` names (annotations) set as attributes: what ``Model.from_db`` does for the ORM."""
    if not gevonden:
        return []
    namen = [f.attname for f in model._meta.concrete_fields if f.attname in gevonden[0]]
    uit = []
    for rij in gevonden:
        obj = model.from_db(DEFAULT_DB_ALIAS, namen, [rij[n] for n in namen])
        for naam in extra:
            setattr(obj, naam, rij[naam])
        uit.append(obj)
    return uit


PARTIJ_VELDEN = [
    "soort",
    "bsn",
    "kvk_nummer",
    "vestigingsnummer",
    "voornamen",
    "voorvoegsel",
    "geslachtsnaam",
    "naam",
    "geheimhouding",
    "overleden",
]
CONTACT_VELDEN = [
    "partij_id",
    "kanaal_id",
    "onderwerp_id",
    "medewerker_id",
    "tijdstip",
    "richting",
    "onderwerp_tekst",
    "kanaal_tekst",
    "vraag",
    "antwoord",
    "resultaat",
    "klantreis",
    "afzender",
]


def internetaken(a: Aanroep):
    moet_publiek_dienen(a)
    return _internetaken_qs(a.user, portaal_bsn=a.portaal_bsn or None).select_related(
        "afdeling", "team"
    )


def _internetaken_qs(user, *, portaal_bsn=None):
    if portaal_bsn is not None:
        qs = Terugbelverzoek.objects.filter(partij__bsn=portaal_bsn).annotate(
            niveau=Value(Niveau.FULL, output_field=IntegerField())
        )
    else:
        qs = Terugbelverzoek.objects.visible_to(user)
    return qs.order_by("-aangemaakt", "-id")


def partijen(a: Aanroep):
    moet_publiek_dienen(a)
    qs = Partij.objects.all()
    if a.portaal:
        qs = qs.filter(bsn=a.portaal_bsn)
    return qs.order_by("-id")


def zaken(a: Aanroep):
    geen_portaal(a)
    return Zaak.objects.visible_to(a.user)


def medewerkers():
    """Colleagues as actors; the API clients' own users are not colleagues."""
    return (
        Medewerker.objects.select_related("user", "afdeling", "user__identiteit")
        .filter(user__apiclient__isnull=True)
        .order_by("-id")
    )


def afdelingen():
    return Afdeling.objects.order_by("-id")


def teams():
    return Team.objects.select_related("afdeling").order_by("-id")


def zaak_uuid(zaak) -> str:
    """A zaak's UUID: the one the zaaksysteem gave it (the end of its URL), else ours."""
    laatste = (zaak.bron_url or "").rstrip("/").rsplit("/", 1)[-1]
    return laatste if zaak.bron_url and len(laatste) == 36 else ids.maak("zaak", zaak.id)


def zaken_met_uuid(a: Aanroep, waarde: str):
    """The zaken the client sees whose UUID is ``waarde``."""
    eigen = ids.pk(waarde, "zaak")
    qs = zaken(a)
    if eigen:
        return qs.filter(pk=eigen)
    return qs.filter(bron_url__endswith=f"/{waarde.strip().lower()}")


# --- the related rows of a page -------------------------------------------------------------


@dataclass
class Bijlagen:
    """The rows around a page of contacts (or of anything that points to contacts), each
    read once for the whole page."""

    taken: dict = field(default_factory=dict)  # contactmoment id → [Terugbelverzoek]
    zaaklinks: dict = field(default_factory=dict)  # contactmoment id → [(link id, zaak)]
    kennislinks: dict = field(default_factory=dict)  # contactmoment id → [Kennislink]
    verstrekt: dict = field(default_factory=dict)  # contactmoment id → [VerstrektAdres]
    telefoons: dict = field(default_factory=dict)  # partij id → [Telefoonnummer]
    emails: dict = field(default_factory=dict)  # partij id → [Emailadres]
    adressen: dict = field(default_factory=dict)  # partij id → [Adres]
    contacten: dict = field(default_factory=dict)  # contactmoment id → Contactmoment
    partijen: dict = field(default_factory=dict)  # partij id → Partij (of the contacts)
    medewerkers: dict = field(default_factory=dict)  # medewerker id → Collega

    @classmethod
    def laden(
        cls,
        a: Aanroep,
        contacten,
        *,
        expand: set[str] = frozenset(),
        partij_ids=(),
        partijgegevens=None,
    ):
        """``partijgegevens``: also the Nijmegenaren's phone numbers, e-mail addresses and
        addresses (for a partij in the answer); by default when ``expand`` asks for one."""
        b = cls()
        if partijgegevens is None:
            partijgegevens = bool(partij_ids) or any(d.endswith("wasPartij") for d in expand)
        cm_ids = [c.id for c in contacten]
        b.contacten = {c.id: c for c in contacten}
        b._aanvullen(contacten)
        if cm_ids:
            portaal_bsn = a.portaal_bsn or None
            for t in modellen(
                Terugbelverzoek,
                rijen(_taken_qs, user=a.user, cm_ids=cm_ids, portaal_bsn=portaal_bsn),
                "niveau",
            ):
                b.taken.setdefault(t.contactmoment_id, []).append(t)
            # a portal reads no zaken through this API (Mijn Nijmegen has its own zaak view)
            links = [] if a.portaal else rijen(_zaaklinks_qs, user=a.user, cm_ids=cm_ids)
            for link in links:
                zaak = Zaak.from_db(
                    DEFAULT_DB_ALIAS, ["id", "bron_url"], [link["zaak_id"], link["bron_url"]]
                )
                b.zaaklinks.setdefault(link["contactmoment_id"], []).append((link["id"], zaak))
            for v in modellen(VerstrektAdres, rijen(_verstrekt_qs, cm_ids=cm_ids)):
                b.verstrekt.setdefault(v.contactmoment_id, []).append(v)
            # the knowledge-base answer says what the question was: only of contacts seen
            # in full, like the subject
            vol = [c.id for c in contacten if c.niveau == Niveau.FULL]
            for k in (
                Kennislink.objects.filter(contactmoment_id__in=vol).order_by("id") if vol else ()
            ):
                b.kennislinks.setdefault(k.contactmoment_id, []).append(k)
        p_ids = set(partij_ids) | {c.partij_id for c in contacten if c.partij_id}
        if p_ids and partijgegevens:
            for t in Telefoonnummer.objects.filter(partij_id__in=p_ids).order_by("id"):
                b.telefoons.setdefault(t.partij_id, []).append(t)
            for e in Emailadres.objects.filter(partij_id__in=p_ids).order_by("id"):
                b.emails.setdefault(e.partij_id, []).append(e)
            for adres in Adres.objects.filter(partij_id__in=p_ids).order_by("-soort", "id"):
                b.adressen.setdefault(adres.partij_id, []).append(adres)
        return b

    def _aanvullen(self, contacten) -> None:
        """Each contact's channel and subject (from the catalogue), its Nijmegenaar and the
        medewerkers (one query each for the whole page, one object per person)."""
        if not contacten:
            return
        cat = catalogus_voor(
            [{"kanaal_id": c.kanaal_id, "onderwerp_id": c.onderwerp_id} for c in contacten]
        )
        if p_ids := sorted({c.partij_id for c in contacten if c.partij_id}):
            self.partijen = {p.id: p for p in modellen(Partij, rijen(_partijen_qs, ids=p_ids))}
        if m_ids := sorted({c.medewerker_id for c in contacten if c.medewerker_id}):
            self.medewerkers = {
                r["id"]: Collega(
                    id=r["id"],
                    naam=Medewerker.naam_van(r["voornaam"], r["achternaam"], r["gebruikersnaam"]),
                    email=r["email"] or r["idp_id"] or "",
                    gebruikersnaam=r["gebruikersnaam"],
                )
                for r in rijen(_medewerkers_qs, ids=m_ids)
            }
        for c in contacten:
            c.kanaal = cat.kanalen[c.kanaal_id]
            c.onderwerp = cat.onderwerpen[c.onderwerp_id]
            if c.partij_id in self.partijen:
                c.partij = self.partijen[c.partij_id]


@dataclass(frozen=True)
class Collega:
    """A medewerker as an actor: what the answers show of a colleague."""

    id: int
    naam: str
    email: str  # the e-mail address, else the identity provider's id
    gebruikersnaam: str


# The related rows of a page, as kept queries: ``een_van`` takes the page's ids as one array
# parameter, so the SQL is the same for every page.
TAAK_VELDEN = (
    "id",
    "partij_id",
    "contactmoment_id",
    "afdeling_id",
    "team_id",
    "opgepakt_door_id",
    "vraag",
    "status",
    "deadline",
    "aangemaakt",
    "gerouteerd_op",
    "afgehandeld_op",
)


def _taken_qs(user, *, cm_ids, portaal_bsn):
    return (
        _internetaken_qs(user, portaal_bsn=portaal_bsn)
        .filter(contactmoment_id__een_van=cm_ids)
        .values(*TAAK_VELDEN, "niveau")
    )


def _zaaklinks_qs(user, *, cm_ids):
    zichtbaar = Zaak.objects.visible_to(user).filter(pk=OuterRef("zaak_id")).values("id")
    return (
        ZAAK_LINK.objects.filter(contactmoment_id__een_van=cm_ids)
        .filter(zaak_id__in=Subquery(zichtbaar))
        .order_by("id")
        .values("id", "contactmoment_id", "zaak_id", bron_url=F("zaak__bron_url"))
    )


def _verstrekt_qs(*, cm_ids):
    return (
        VerstrektAdres.objects.filter(contactmoment_id__een_van=cm_ids)
        .order_by("id")
        .values("id", "contactmoment_id", "soort", "adres", "omschrijving", "aangemaakt")
    )


def _medewerkers_qs(*, ids):
    return Medewerker.objects.filter(pk__een_van=ids).values(
        "id",
        voornaam=F("user__first_name"),
        achternaam=F("user__last_name"),
        email=F("user__email"),
        gebruikersnaam=F("user__username"),
        idp_id=F("user__identiteit__medewerker_id"),
    )


def _partijen_qs(*, ids):
    return Partij.objects.filter(pk__een_van=ids).values("id", *PARTIJ_VELDEN)


def contacten_voor(a: Aanroep, cm_ids) -> dict:
    """Contacts by id, as the client sees them (for what points to a contact)."""
    cm_ids = {i for i in cm_ids if i}
    if not cm_ids:
        return {}
    return {c.id: c for c in klantcontacten(a).filter(pk__in=cm_ids)}


def heeft_betrokkene(cm) -> bool:
    """A contact has a betrokkene when we know who it was with: a Nijmegenaar, or the name
    an unknown caller or sender gave."""
    return bool(cm.partij_id or cm.afzender)


def betrokkene_filter() -> Q:
    return Q(partij__isnull=False) | ~Q(afzender="")
