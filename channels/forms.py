import uuid
from datetime import datetime

from django import forms
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from callbacks.termijnen import AMSTERDAM
from contacts import normalise
from contacts.forms import onderwerp_op_naam
from core.formulieren import Formulier


class WebformulierForm(Formulier):
    """nijmegen.nl/contact: nothing more than needed to answer (AVG)."""

    naam = forms.CharField(
        label=_("Your name"),
        max_length=200,
        error_messages={
            "required": _("Fill in your name."),
            "max_length": _("Your name is too long (at most 200 characters)."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    vraag = forms.CharField(
        label=_("Your question"),
        max_length=4000,
        help_text=_("Write what you want to know or what you need."),
        error_messages={
            "required": _("Write down your question."),
            "max_length": _("Your question is too long (at most 4,000 characters)."),
        },
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    onderwerp = forms.TypedChoiceField(
        label=_("What is it about? (optional)"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": _("Choose a subject from the list.")},
    )
    contactwijze = forms.ChoiceField(
        label=_("How do you want us to contact you?"),
        widget=forms.RadioSelect,
        choices=[("email", _("By e-mail")), ("telefoon", _("By phone: call me back"))],
        error_messages={
            "required": _("Choose how we may contact you."),
            "invalid_choice": _("Choose how we may contact you."),
        },
    )
    email = forms.CharField(
        label=_("E-mail address"),
        required=False,
        max_length=254,
        help_text=_("For example: naam@voorbeeld.nl"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    telefoonnummer = forms.CharField(
        label=_("Phone number"),
        required=False,
        max_length=40,
        help_text=_("For example: 06 12345678 or 024 329 9000"),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    sleutel = forms.UUIDField(widget=forms.HiddenInput)
    # A field people do not see and robots fill in.
    website = forms.CharField(
        required=False,
        max_length=200,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, onderwerpen=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.onderwerpen = {o.id: o for o in onderwerpen}
        self.fields["onderwerp"].choices = [("", _("I do not know / something else"))] + [
            (o.id, o.naam) for o in onderwerpen
        ]
        if not self.is_bound:
            self.initial.setdefault("sleutel", uuid.uuid4())
        for name, field in self.fields.items():
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"id_{name}_hint"

    def clean_naam(self):
        naam = " ".join(self.cleaned_data["naam"].split())
        if not naam:
            raise forms.ValidationError(_("Fill in your name."))
        return naam

    def clean_vraag(self):
        vraag = self.cleaned_data["vraag"].replace("\x00", "").strip()
        if not vraag:
            raise forms.ValidationError(_("Write down your question."))
        return vraag

    def clean_onderwerp(self):
        value = self.cleaned_data["onderwerp"]
        return self.onderwerpen.get(value) if value else None

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if email:
            try:
                validate_email(email)
            except forms.ValidationError:
                raise forms.ValidationError(
                    _("This e-mail address is not right. It looks like naam@voorbeeld.nl."),
                ) from None
        return email

    def clean_telefoonnummer(self):
        nummer = self.cleaned_data["telefoonnummer"].strip()
        if not nummer:
            return ""
        e164 = normalise.parse_phone(nummer)
        if e164 is None:
            raise forms.ValidationError(
                _("This phone number is not right. Type it like 06 12345678 or 024 329 9000.")
            )
        return e164

    def clean(self):
        data = super().clean()
        wijze = data.get("contactwijze")
        if wijze == "email" and not data.get("email") and "email" not in self.errors:
            self.add_error("email", _("Fill in your e-mail address, so that we can answer."))
        if (
            wijze == "telefoon"
            and not data.get("telefoonnummer")
            and "telefoonnummer" not in self.errors
        ):
            self.add_error(
                "telefoonnummer", _("Fill in your phone number, so that we can call you.")
            )
        return data


class KoppelForm(Formulier):
    zoek = forms.CharField(
        label=_("BSN, phone number or e-mail of the Nijmegenaar"), max_length=200
    )


class BriefForm(Formulier):
    # drawn fresh with every empty form: the same letter sent twice is stored once
    sleutel = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4, required=False)
    ontvangen = forms.DateField(
        label=_("Received on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": _("Fill in the date of receipt."),
            "invalid": _("Fill in a date."),
        },
    )
    zoek = forms.CharField(
        label=_("Sender: BSN, phone number or e-mail"),
        required=False,
        max_length=200,
        help_text=_("Leave empty if you do not know who it is; it then waits in 'te koppelen'."),
    )
    afzender = forms.CharField(
        label=_("Sender as on the letter"),
        required=False,
        max_length=300,
        help_text=_("Name and address."),
    )
    onderwerp = forms.CharField(
        label=_("Subject"),
        widget=forms.TextInput(attrs={"list": "onderwerpen", "autocomplete": "off"}),
        help_text=_("Type a few letters and choose from the list."),
        error_messages={"required": _("Choose a subject from the list.")},
    )
    samenvatting = forms.CharField(
        label=_("What is the letter about?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Summarise the letter.")},
    )
    zaaknummer = forms.CharField(
        label=_("About case (optional)"),
        required=False,
        max_length=40,
        help_text=_("The case number, if the letter is about a running case."),
    )
    kenmerk = forms.CharField(
        label=_("Our reference in the letter (optional)"),
        required=False,
        max_length=40,
        help_text=_(
            "A number we gave before (TB-, WF- or BR-…): the letter joins that question, "
            "and the sender is known from it."
        ),
    )
    scan = forms.FileField(
        label=_("Scan (PDF, JPEG or PNG)"),
        error_messages={"required": _("Add the scan of the letter.")},
    )

    def __init__(self, *args, onderwerpen, **kwargs):
        super().__init__(*args, **kwargs)
        self.onderwerpen = onderwerpen
        for name, field in self.fields.items():
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"id_{name}_hint"

    def clean_onderwerp(self):
        return onderwerp_op_naam(self.onderwerpen, self.cleaned_data["onderwerp"])


class EmlForm(Formulier):
    bestand = forms.FileField(
        label=_("E-mail message (.eml)"), error_messages={"required": _("Choose the .eml file.")}
    )


class AfspraakForm(Formulier):
    """An appointment at the desk, from the klantbeeld: subject by name (type-ahead), the desk,
    a date and a time (Europe/Amsterdam). Every mistake is said in one sentence each."""

    onderwerp = forms.CharField(required=False)
    locatie = forms.IntegerField(required=False)
    datum = forms.DateField(required=False, input_formats=["%Y-%m-%d"])
    tijd = forms.TimeField(required=False, input_formats=["%H:%M"])
    contactmoment = forms.IntegerField(required=False)

    def __init__(self, *args, onderwerpen, balies, **kwargs):
        super().__init__(*args, **kwargs)
        self.onderwerpen = onderwerpen
        self.balies = {k.id: k for k in balies}

    def clean(self):
        data = super().clean()
        fouten = []
        try:
            data["onderwerp"] = onderwerp_op_naam(self.onderwerpen, data.get("onderwerp") or "")
        except forms.ValidationError:
            fouten.append(_("Choose a subject from the list."))
        data["locatie"] = self.balies.get(data.get("locatie"))
        if data["locatie"] is None:
            fouten.append(_("Choose the Stadswinkel or Steunpunt Dukenburg."))
        if not data.get("datum") or not data.get("tijd"):
            fouten.append(_("Fill in a date and a time, like 25-11-2026 and 10:30."))
        else:
            data["tijdstip"] = datetime.combine(data["datum"], data["tijd"], AMSTERDAM)
        if fouten:
            raise forms.ValidationError(fouten)
        return data
