"""The departments' notification e-mails: one per notification, locked, sent and marked in a
transaction of its own, with a stable Message-ID. No personal data in a mail."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import override

from permissions import roles
from permissions.models import Medewerker

from .models import Melding, Terugbelverzoek

logger = logging.getLogger(__name__)
Status = Terugbelverzoek.Status


def _ontvangers(melding: Melding, leads: dict) -> list[str]:
    """The team's or department's address; for escalations the department's team leads
    (looked up once per department and kept in ``leads``)."""
    tbv = melding.terugbelverzoek
    afdeling = tbv.afdeling
    assert afdeling is not None  # a notification is made for a routed request only
    if melding.soort == Melding.Soort.NIEUW:
        adres = (tbv.team.email if tbv.team else "") or afdeling.email
        return [adres] if adres else []
    if melding.afdeling_id not in leads:
        leads[melding.afdeling_id] = sorted(
            set(
                Medewerker.objects.filter(
                    afdeling_id=melding.afdeling_id,
                    user__groups__name=roles.TEAMLEIDER,
                    user__is_active=True,
                )
                .exclude(user__email="")
                .values_list("user__email", flat=True)
            )
        )
    return leads[melding.afdeling_id] or ([afdeling.email] if afdeling.email else [])


def _mail_tekst(melding: Melding) -> tuple[str, str]:
    """Subject and body. No personal data in e-mail: the reference, the subject and the
    deadline, and a link to the request behind the login."""
    tbv = melding.terugbelverzoek
    with override(settings.LANGUAGE_CODE):
        deadline = date_format(localtime(tbv.deadline), "l j F Y, H:i")
        onderwerp = {
            Melding.Soort.NIEUW: _("New callback request %(ref)s"),
            Melding.Soort.ESCALATIE: _("Deadline close: callback request %(ref)s"),
            Melding.Soort.TE_LAAT: _("Overdue: callback request %(ref)s"),
        }[Melding.Soort(melding.soort)] % {"ref": tbv.referentie}
        body = _(
            "Subject: %(onderwerp)s\nDepartment: %(afdeling)s\nCall back before: %(deadline)s\n"
            "\nOpen the request (log-in needed): %(url)s\n"
        ) % {
            "onderwerp": tbv.onderwerp.naam,
            "afdeling": tbv.afdeling.naam if tbv.afdeling else "",
            "deadline": deadline,
            "url": settings.KCC_BASIS_URL + reverse("callbacks:detail", args=[tbv.id]),
        }
    return onderwerp, body


def _geen_wachten_op_schijf():
    """This transaction's commit does not wait for the disk (PostgreSQL ``synchronous_commit``
    off, for this transaction only). For marking a mail as sent that is safe: a database
    crash can lose only the last marks, and those mails go out again with the same
    Message-ID, which mail systems drop. A commit per mail then costs no disk flush."""

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit TO OFF")


def meldingen_mailen(melding_ids) -> int:
    """Mails notifications, each once, over one connection. Each notification is locked (one
    another worker is mailing is skipped), sent and marked in a transaction of its own.
    Returns how many were mailed now.

    A worker killed between handing a mail to the server and its commit sends that one mail
    again on retry (never more: the others are committed or not yet sent); the Message-ID is
    the same both times, so mail servers and clients drop the copy.
    """

    verbinding, geopend, gemaild = mailers.default, False, 0
    leads: dict[int, list[str]] = {}
    try:
        for melding_id in sorted(set(melding_ids)):
            with transaction.atomic():
                _geen_wachten_op_schijf()
                melding = (
                    Melding.objects.select_for_update(skip_locked=True, of=("self",))
                    .select_related(
                        "terugbelverzoek__onderwerp",
                        "terugbelverzoek__afdeling",
                        "terugbelverzoek__team",
                    )
                    .filter(pk=melding_id, gemaild_op__isnull=True)
                    .first()
                )
                if melding is None:
                    continue
                ontvangers = _ontvangers(melding, leads)
                melding.pogingen += 1
                melding.gemaild_op = timezone.now()
                melding.aan = ", ".join(ontvangers)[:500]
                if ontvangers:
                    if not geopend:  # opened on the first mail, kept for the others
                        verbinding.open()
                        geopend = True
                    onderwerp, body = _mail_tekst(melding)
                    verbinding.send_messages(
                        [
                            EmailMessage(
                                onderwerp,
                                body,
                                to=ontvangers,
                                headers={"Message-ID": f"<melding-{melding.id}@kcc.nijmegen.nl>"},
                            )
                        ]
                    )
                melding.save(update_fields=["gemaild_op", "aan", "pogingen"])
            gemaild += 1
    finally:
        if geopend:
            verbinding.close()
    return gemaild


def melding_mailen(melding_id: int) -> bool:
    """Mails one notification, once; False when it was mailed already."""
    return meldingen_mailen([melding_id]) == 1
