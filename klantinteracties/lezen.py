"""What a client may read, as querysets, and the extra rows a page of results needs.

Visibility is decided here, in the database, by the same querysets the pages use
(``visible_to`` of contacts, callbacks and zaken, with the client's own user): a record at
NONE is absent from lists, counts, filters and ``expand``; one at EXISTENCE comes without
its content (``weergave``). A portal client reads the records of one person only: the BSN
it passes per request.

Every page of results costs a fixed number of queries, whatever its size: the page itself
and one query per kind of related row (``Bijlagen.laden``).
"""

from dataclasses import dataclass, field

from django.db.models import IntegerField, OuterRef, Q, Subquery, Value
from django.utils.translation import gettext as _

from callbacks.models import Terugbelverzoek
from cases.models import Zaak
from contacts.models import Adres, Contactmoment, Emailadres, Partij, Telefoonnummer
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


def _zichtbare_domeinen(a: Aanroep) -> list[int]:
    return [d for d, n in domein_levels(a.user).items() if n > Niveau.NONE]


def klantcontacten(a: Aanroep):
    moet_publiek_dienen(a)
    if a.portaal:
        qs = Contactmoment.objects.filter(partij__bsn=a.portaal_bsn).annotate(
            niveau=Value(Niveau.FULL, output_field=IntegerField())
        )
        vorige = Contactmoment.objects.filter(partij__bsn=a.portaal_bsn)
    else:
        qs = Contactmoment.objects.visible_to(a.user)
        vorige = Contactmoment.objects.filter(onderwerp__domein_id__in=_zichtbare_domeinen(a))
    # the contact before this one in its klantreis (a follow-up), among those the client sees
    vorige = vorige.filter(
        klantreis=OuterRef("klantreis"), tijdstip__lt=OuterRef("tijdstip")
    ).order_by("-tijdstip", "-id")
    return (
        qs.select_related("kanaal", "onderwerp", "partij", "medewerker__user__identiteit")
        # only what the answers show: a page of 100 moved 460 kB per query with every column
        .only(*CONTACT_VELDEN)
        .annotate(vorige_id=Subquery(vorige.values("id")[:1]))
        .order_by("-tijdstip", "-id")
    )


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
    "kanaal__naam",
    "onderwerp__naam",
    "onderwerp__actief",
    "onderwerp__domein_id",
    "medewerker__afdeling_id",
    "medewerker__functie",
    "medewerker__user__first_name",
    "medewerker__user__last_name",
    "medewerker__user__email",
    "medewerker__user__username",
    "medewerker__user__identiteit__medewerker_id",
    "tijdstip",
    "richting",
    "onderwerp_tekst",
    "vraag",
    "antwoord",
    "resultaat",
    "klantreis",
    "afzender",
    *(f"partij__{veld}" for veld in PARTIJ_VELDEN),
]


def internetaken(a: Aanroep):
    moet_publiek_dienen(a)
    if a.portaal:
        qs = Terugbelverzoek.objects.filter(partij__bsn=a.portaal_bsn).annotate(
            niveau=Value(Niveau.FULL, output_field=IntegerField())
        )
    else:
        qs = Terugbelverzoek.objects.visible_to(a.user)
    return qs.select_related("afdeling", "team").order_by("-aangemaakt", "-id")


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
    verstrekt: dict = field(default_factory=dict)  # contactmoment id → [VerstrektAdres]
    telefoons: dict = field(default_factory=dict)  # partij id → [Telefoonnummer]
    emails: dict = field(default_factory=dict)  # partij id → [Emailadres]
    adressen: dict = field(default_factory=dict)  # partij id → [Adres]
    contacten: dict = field(default_factory=dict)  # contactmoment id → Contactmoment

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
        if cm_ids:
            for t in internetaken(a).filter(contactmoment_id__in=cm_ids):
                b.taken.setdefault(t.contactmoment_id, []).append(t)
            # a portal reads no zaken through this API (Mijn Nijmegen has its own zaak view)
            zichtbaar = (
                zaken(a).filter(pk=OuterRef("zaak_id")).values("id")
                if not a.portaal
                else Zaak.objects.none().values("id")
            )
            for link in (
                ZAAK_LINK.objects.filter(contactmoment_id__in=cm_ids)
                .filter(zaak_id__in=Subquery(zichtbaar))
                .select_related("zaak")
                .only("id", "contactmoment_id", "zaak__id", "zaak__bron_url")
                .order_by("id")
            ):
                b.zaaklinks.setdefault(link.contactmoment_id, []).append((link.id, link.zaak))
            for v in VerstrektAdres.objects.filter(contactmoment_id__in=cm_ids).order_by("id"):
                b.verstrekt.setdefault(v.contactmoment_id, []).append(v)
        p_ids = set(partij_ids) | {c.partij_id for c in contacten if c.partij_id}
        if p_ids and partijgegevens:
            for t in Telefoonnummer.objects.filter(partij_id__in=p_ids).order_by("id"):
                b.telefoons.setdefault(t.partij_id, []).append(t)
            for e in Emailadres.objects.filter(partij_id__in=p_ids).order_by("id"):
                b.emails.setdefault(e.partij_id, []).append(e)
            for adres in Adres.objects.filter(partij_id__in=p_ids).order_by("-soort", "id"):
                b.adressen.setdefault(adres.partij_id, []).append(adres)
        return b


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
