"""Inbound e-mail: the raw message, posted by the mail provider or uploaded as .eml."""

import hashlib
from email import policy
from email.parser import BytesParser
from email.utils import parseaddr

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from contacts.models import Contactmoment, Kanaal, Onderwerp
from contacts.services import contactmoment_registreren
from permissions.accesslog import Herkomst

from .. import bestanden
from ..afzender import afzender_gecontroleerd
from ..models import Email
from ..selectors import contact_in_onderwerp, enige_partij

MAX_EMAIL_TEKST = 20_000


def _tekst(bericht) -> str:

    deel = bericht.get_body(preferencelist=("plain", "html"))
    if deel is None:
        return ""
    try:
        inhoud = deel.get_content()
    except (LookupError, ValueError, AssertionError):
        inhoud = deel.get_payload(decode=True) or b""
        inhoud = inhoud.decode("utf-8", "replace") if isinstance(inhoud, bytes) else ""
    if deel.get_content_subtype() == "html":
        inhoud = strip_tags(inhoud)
    return inhoud.replace("\x00", "").strip()[:MAX_EMAIL_TEKST]


def email_ontvangen(
    raw: bytes, *, door=None, herkomst: Herkomst | None = None
) -> tuple[Contactmoment, bool, list[str]]:
    """An inbound e-mail (as a mail provider posts it, or an uploaded .eml), parsed with the
    standard library: a contact moment (kanaal e-mail), the sender matched as for the web
    form when the receiving provider vouched for it (``channels.afzender``), attachments as
    for post; a subject quoting one of our numbers of that sender joins its question. Once
    per Message-ID. Returns the contact, whether it is new, and the
    attachments that were refused (with the reason)."""

    try:
        bericht = BytesParser(policy=policy.default).parsebytes(raw)
        van_naam, van = parseaddr(str(bericht.get("From", "")))
        onderwerp_tekst = str(bericht.get("Subject", "")).strip()[:300]
        message_id = str(bericht.get("Message-ID", "")).strip()[:300]
    except Exception:  # a message the parser cannot read at all
        raise ValidationError(_("This is not an e-mail message that can be read.")) from None
    if not van or "@" not in van:
        raise ValidationError(_("The e-mail has no sender address."))
    # only the mail provider's own delivery can vouch: an .eml uploaded by a colleague
    # (``door``) is a file anyone could have written, headers included
    gecontroleerd = door is None and afzender_gecontroleerd(bericht, van)
    if not message_id:
        message_id = "<sha256-" + hashlib.sha256(raw).hexdigest() + ">"
    eerder = Email.objects.filter(message_id=message_id).select_related("contactmoment").first()
    if eerder is not None:
        return eerder.contactmoment, False, []
    tekst = _tekst(bericht)
    bijlagen: list[tuple[str, bytes]] = []
    geweigerd: list[str] = []
    for deel in bericht.iter_attachments():
        naam = deel.get_filename() or "bijlage"
        payload = deel.get_payload(decode=True)
        inhoud = payload if isinstance(payload, bytes) else b""
        try:
            bestanden.controleren(naam, inhoud)
        except ValidationError as exc:
            geweigerd.append(" ".join(exc.messages))
            continue
        bijlagen.append((naam, inhoud))
    vraag = "\n\n".join(p for p in (onderwerp_tekst, tekst) if p) or _("(empty e-mail)")
    onderwerp = Onderwerp.objects.get(code=settings.KCC_WEBFORMULIER_ONDERWERP)
    try:
        with transaction.atomic():
            # a From line alone proves nothing: only a sender our provider vouched for is
            # matched to a resident; the rest waits in "te koppelen"
            partij = enige_partij(email=van) if gecontroleerd else None
            cm = contactmoment_registreren(
                # a reply that quotes our number joins that question (of this sender only)
                vervolg_op=contact_in_onderwerp(partij, onderwerp_tekst),
                partij=partij,
                kanaal=Kanaal.objects.get(code="e-mail"),
                onderwerp=onderwerp,
                vraag=vraag,
                antwoord="\n".join(geweigerd),
                resultaat=Contactmoment.Resultaat.IN_BEHANDELING,
                door=door or AnonymousUser(),
                herkomst=herkomst,
                doel=_("Registering an e-mail"),
            )
            cm.afzender = (f"{van_naam} <{van}>" if van_naam else van)[:300]
            cm.save(update_fields=["afzender"])
            Email.objects.create(
                message_id=message_id,
                van=van[:300],
                onderwerp=onderwerp_tekst,
                contactmoment=cm,
                afzender_gecontroleerd=gecontroleerd,
            )
            for naam, inhoud in bijlagen:
                bestanden.opslaan(cm, naam, inhoud)
    except IntegrityError:
        eerder = Email.objects.filter(message_id=message_id).first()
        if eerder is None:
            raise
        return eerder.contactmoment, False, []
    return cm, True, geweigerd
