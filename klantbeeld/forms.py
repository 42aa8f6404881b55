"""Forms of the klantbeeld's own actions. The markup stays in the template (it names the same
fields); the forms parse and check what comes in."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.formulieren import Formulier


class ContactgegevenForm(Formulier):
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


class CorrectieForm(Formulier):
    """Which text of a contact is corrected, the new text and why (checked by the service)."""

    veld = forms.CharField(required=False)
    tekst = forms.CharField(required=False, strip=False)
    reden = forms.CharField(required=False, strip=False)


class PersoonForm(Formulier):
    """A person the BRP does not know, recorded by the agent."""

    voornamen = forms.CharField(label=_("First names"), required=False, max_length=200)
    voorvoegsel = forms.CharField(label=_("Surname prefix"), required=False, max_length=20)
    geslachtsnaam = forms.CharField(
        label=_("Surname"),
        max_length=200,
        error_messages={"required": _("Type the surname.")},
    )
    geboortedatum = forms.DateField(
        label=_("Date of birth"),
        required=False,
        input_formats=["%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y-%m-%d"],
        help_text=_("Like 12-03-1980. Leave empty when the caller does not give it."),
        error_messages={"invalid": _("Type the date of birth like 12-03-1980.")},
    )
    telefoon = forms.CharField(label=_("Phone number"), required=False, max_length=30)
    email = forms.CharField(label=_("E-mail address"), required=False, max_length=254)
