import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from contacts.forms import onderwerp_op_naam
from core.formulieren import Formulier

from .models import Belpoging, Terugbelverzoek


class TerugbelverzoekForm(Formulier):
    """Made during the call, from the klantbeeld. Field ids start with ``tbv_`` because the
    contact form sits on the same page."""

    # drawn fresh with every empty form: the same form sent twice stores once (core.eenmalig)
    sleutel = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4, required=False)
    telefoonnummer = forms.CharField(
        label=_("Number to call"),
        max_length=40,
        help_text=_("Any way of writing works, like 06-12345678 or +31 6 12345678."),
        widget=forms.TextInput(
            attrs={"list": "tbv-nummers", "autocomplete": "off", "inputmode": "tel"}
        ),
        error_messages={"required": _("Fill in the number we should call.")},
    )
    alternatief = forms.CharField(
        label=_("Other number or e-mail (optional)"),
        max_length=254,
        required=False,
        help_text=_("If we cannot reach the number above."),
    )
    beste_tijd = forms.ChoiceField(
        label=_("Best time to call"), choices=Terugbelverzoek.BesteTijd.choices, required=False
    )
    onderwerp = forms.CharField(
        label=_("Subject"),
        help_text=_("Type a few letters and choose from the list."),
        widget=forms.TextInput(attrs={"list": "onderwerpen", "autocomplete": "off"}),
        error_messages={"required": _("Choose a subject from the list.")},
    )
    vraag = forms.CharField(
        label=_("Question of the resident"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _(
                "Write down the question in a few words, so your "
                "colleague knows what to call about."
            )
        },
    )
    afdeling = forms.TypedChoiceField(
        label=_("Department"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("Leave as it is to follow the routing rules."),
        error_messages={"invalid_choice": _("Choose a department from the list.")},
    )
    urgentie = forms.ChoiceField(
        label=_("Urgency"),
        choices=Terugbelverzoek.Urgentie.choices,
        initial=Terugbelverzoek.Urgentie.NORMAAL,
    )

    def __init__(self, *args, onderwerpen, afdelingen, **kwargs):
        kwargs.setdefault("prefix", "tbv")
        super().__init__(*args, **kwargs)
        self.onderwerpen = onderwerpen
        self.afdelingen = {a.id: a for a in afdelingen}
        self.fields["afdeling"].choices = [("", _("Follow the routing rules"))] + [
            (a.id, a.naam) for a in afdelingen
        ]
        for name, field in self.fields.items():
            if field.required:
                field.widget.attrs["required"] = True
            field.widget.attrs.setdefault("aria-describedby", f"id_tbv-{name}_hint")

    def clean_onderwerp(self):
        return onderwerp_op_naam(self.onderwerpen, self.cleaned_data["onderwerp"])

    def clean_afdeling(self):
        value = self.cleaned_data["afdeling"]
        return self.afdelingen.get(value) if value else None


class PogingForm(Formulier):
    prefix = "poging"  # the closing form on the same page has an "uitkomst" too
    sleutel = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4, required=False)
    uitkomst = forms.ChoiceField(
        label=_("How did the call go?"),
        choices=Belpoging.Uitkomst.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how the call went.")},
    )
    notitie = forms.CharField(
        label=_("Notes (optional)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AfsluitenForm(Formulier):
    prefix = "afsluiten"
    uitkomst = forms.ChoiceField(
        label=_("Outcome"),
        # "ingetrokken" is the campaign's own (an opt-out), never an agent's choice
        choices=[c for c in Terugbelverzoek.Uitkomst.choices if c[0] != "ingetrokken"],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the outcome.")},
    )
    toelichting = forms.CharField(
        label=_("Explanation"),
        required=False,
        max_length=4000,
        help_text=_("Needed unless the question was handled."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class OverzichtFilterForm(Formulier):
    afdeling = forms.TypedChoiceField(
        label=_("Department"), coerce=int, required=False, empty_value=None
    )
    team = forms.TypedChoiceField(label=_("Team"), coerce=int, required=False, empty_value=None)
    status = forms.ChoiceField(label=_("Status"), required=False)

    STATUSSEN = [
        ("", _("All open")),
        ("nieuw", _("new")),
        ("opgepakt", _("claimed")),
        ("in_behandeling", _("in progress")),
        ("te_laat", _("overdue")),
    ]

    def __init__(self, *args, afdelingen, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["afdeling"].choices = [("", _("All departments"))] + [
            (a.id, a.naam) for a in afdelingen
        ]
        self.fields["team"].choices = [("", _("All teams"))] + [
            (t.id, f"{t.afdeling.naam} – {t.naam}") for t in teams
        ]
        self.fields["status"].choices = self.STATUSSEN
