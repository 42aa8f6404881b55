"""Local passwords (break-glass and demo accounts): Django's minimum-length rule with its words
in our catalogue (Django's Dutch catalogue has no translation yet for the sentence Django 6.1
uses), and a rule against what an attacker tries first."""

from django.contrib.auth.password_validation import MinimumLengthValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class MinimaleLengte(MinimumLengthValidator):
    def get_error_message(self):
        return ngettext(
            "This password is too short. Use at least %(n)d character.",
            "This password is too short. Use at least %(n)d characters.",
            self.min_length,
        ) % {"n": self.min_length}

    def get_help_text(self):
        return ngettext(
            "Use at least %(n)d character.", "Use at least %(n)d characters.", self.min_length
        ) % {"n": self.min_length}


# passwords published with this product or guessed first in a municipality (with the common
# list of Django's CommonPasswordValidator beside it)
BEKEND = {
    "demo-kcc-2026",
    "nijmegen",
    "gemeentenijmegen",
    "gemeente",
    "welkom",
    "wachtwoord",
    "password",
    "kcc14024",
    "14024",
    "stadswinkel",
}


def _kern(tekst: str) -> str:
    """Letters and digits only, lower case: 'Welkom2026!!' → 'welkom2026'."""
    return "".join(c for c in tekst.lower() if c.isalnum())


class BekendWachtwoord:
    """Refuses what an attacker tries first: a published or municipal word with digits and
    signs around it ('Welkom2026!!', 'Nijmegen-2026'), the user's own name or user name in it,
    or one character repeated ('aaaaaaaaaaaa')."""

    def validate(self, password, user=None):
        kern = _kern(password)
        zonder_cijfers = "".join(c for c in kern if not c.isdigit())
        if len(set(password)) <= 2:
            raise ValidationError(
                _("This password repeats the same characters. Choose a longer sentence."),
                code="password_repeated",
            )
        bekend = {_kern(b) for b in BEKEND}
        if kern in bekend or zonder_cijfers in bekend:
            raise ValidationError(
                _("This password is known to be tried first. Choose another one."),
                code="password_known",
            )
        if user is not None and self._bevat_naam(kern, user):
            raise ValidationError(
                _("This password contains your name. Choose another one."),
                code="password_name",
            )

    @staticmethod
    def _bevat_naam(kern: str, user) -> bool:
        delen = [user.get_username(), user.first_name, user.last_name]
        namen = {_kern(w) for d in delen if d for w in str(d).replace(".", " ").split()}
        return any(len(n) >= 3 and n in kern for n in namen)

    def get_help_text(self):
        return _("Not a known password, not your name, not one character repeated.")
