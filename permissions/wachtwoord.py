"""Django's minimum-length rule with its words in our catalogue (Django's Dutch catalogue has
no translation yet for the sentence Django 6.1 uses)."""

from django.contrib.auth.password_validation import MinimumLengthValidator
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
