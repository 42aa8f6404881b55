"""Attachments (scans of letters, e-mail attachments): what is accepted and where it goes.

Accepted by content, not by name: PDF (``%PDF-``), JPEG (``FF D8 FF``) and PNG (its
eight-byte signature); at most ``KCC_BIJLAGE_MAX_MB``. Stored in the ``bijlagen`` storage
(``KCC_BESTANDEN_MAP`` outside the web root, or an S3 bucket: settings) by a random name;
the original name is kept for display only.
"""

import hashlib
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils.translation import gettext as _

from .models import Bijlage

HANDTEKENINGEN = [
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
]


def soort_van(inhoud: bytes) -> tuple[str, str] | None:
    for handtekening, mime, ext in HANDTEKENINGEN:
        if inhoud.startswith(handtekening):
            return mime, ext
    return None


def controleren(naam: str, inhoud: bytes) -> tuple[str, str]:
    """(MIME type, extension) or a plain-Dutch ValidationError."""
    maximum = settings.KCC_BIJLAGE_MAX_MB * 1024 * 1024
    if len(inhoud) > maximum:
        raise ValidationError(
            _("The file %(naam)s is too large (at most %(mb)s MB).")
            % {"naam": naam[:80], "mb": settings.KCC_BIJLAGE_MAX_MB}
        )
    if not inhoud:
        raise ValidationError(_("The file %(naam)s is empty.") % {"naam": naam[:80]})
    soort = soort_van(inhoud)
    if soort is None:
        raise ValidationError(
            _("The file %(naam)s is not a PDF, JPEG or PNG. Only those can be added.")
            % {"naam": naam[:80]}
        )
    return soort


def opslaan(contactmoment, naam: str, inhoud: bytes):
    """Checks and stores one file for a contact moment; returns the Bijlage."""

    mime, ext = controleren(naam, inhoud)
    pad = opslag().save(f"{uuid.uuid4().hex}{ext}", ContentFile(inhoud))
    veilige_naam = "".join(c for c in Path(naam).name if c.isprintable())[:200] or "bijlage"
    return Bijlage.objects.create(
        contactmoment=contactmoment,
        naam=veilige_naam,
        soort=mime,
        grootte=len(inhoud),
        sha256=hashlib.sha256(inhoud).hexdigest(),
        pad=pad,
    )


def opslag():
    return storages["bijlagen"]


def openen(bijlage):
    """The stored file, for reading (the caller has checked who may)."""
    return opslag().open(bijlage.pad, "rb")
