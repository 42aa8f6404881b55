"""Forms of the klantbeeld's own actions. The markup stays in the template (it names the same
fields); the forms parse and check what comes in."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ContactgegevenForm(forms.Form):
    """A phone number, e-mail address or postal address the Nijmegenaar gives. The values
    themselves are checked by the contacts services (one message for each kind)."""

    soort = forms.ChoiceField(
        choices=[("telefoon", "telefoon"), ("email", "email"), ("adres", "adres")],
        error_messages={
            "required": _("Choose a phone number or an e-mail address."),
            "invalid_choice": _("Choose a phone number or an e-mail address."),
        },
    )
    waarde = forms.CharField(required=False, strip=False)
    straat = forms.CharField(required=False, strip=False)
    huisnummer = forms.IntegerField(
        required=False, error_messages={"invalid": _("The house number must be a number.")}
    )
    toevoeging = forms.CharField(required=False, strip=False)
    postcode = forms.CharField(required=False, strip=False)
    woonplaats = forms.CharField(required=False, strip=False)

    def clean(self):
        data = super().clean()
        if data.get("soort") == "adres" and not self.errors and data.get("huisnummer") is None:
            raise forms.ValidationError(_("The house number must be a number."))
        return data


class CorrectieForm(forms.Form):
    """Which text of a contact is corrected, the new text and why (checked by the service)."""

    veld = forms.CharField(required=False)
    tekst = forms.CharField(required=False, strip=False)
    reden = forms.CharField(required=False, strip=False)
