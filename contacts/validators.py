"""Field validators with plain-Dutch messages (used by the admin and every ModelForm)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.nl import bsn, postcode


def validate_bsn(value):
    if value and not bsn.is_valid(value):
        raise ValidationError(_("This BSN is not right: it does not pass the eleven test."))


def validate_kvk_nummer(value):
    if value and not re.fullmatch(r"\d{8}", value):
        raise ValidationError(_("A KVK number has 8 digits."))


def validate_vestigingsnummer(value):
    if value and not re.fullmatch(r"\d{12}", value):
        raise ValidationError(_("A branch number has 12 digits."))


def validate_postcode(value):
    if not re.fullmatch(r"\d{4}[A-Z]{2}", value or "") or not postcode.is_valid(value):
        raise ValidationError(_("This postcode does not exist. Write it as 6511AB."))
