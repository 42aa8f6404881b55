import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from core.formulieren import Formulier
from permissions import roles

from .catalogue import catalogus as catalogus_in_geheugen
from .models import Contactmoment

# The channel a contact most likely came in on, by role: the phone for the KCC, the desk for
# the baliemedewerker (their team's desk when the team is named after it).
STANDAARD_KANAAL = {
    roles.KCC_MEDEWERKER: "telefoon",
    roles.BALIEMEDEWERKER: "balie-stadswinkel",
    roles.BACKOFFICE_MEDEWERKER: "telefoon",
    roles.TEAMLEIDER: "telefoon",
}
BALIE_PER_TEAM = {"Stadswinkel": "balie-stadswinkel", "Steunpunt Dukenburg": "balie-dukenburg"}


# The results an incoming contact can have (the others belong to calling back).
INKOMEND_RESULTAAT = [
    (value, label)
    for value, label in Contactmoment.Resultaat.choices
    if value not in ("niet_bereikt", "doorgezet", "in_behandeling")
]


def standaard_kanaal_code(user) -> str:
    medewerker = roles.medewerker_van(user)
    if medewerker and medewerker.team_id and medewerker.team.naam in BALIE_PER_TEAM:
        return BALIE_PER_TEAM[medewerker.team.naam]
    for rol in roles.ROLES:
        if rol in roles.role_names(user) and rol in STANDAARD_KANAAL:
            return STANDAARD_KANAAL[rol]
    return "telefoon"


def onderwerp_op_naam(onderwerpen, tekst: str):
    """The subject the type-ahead field names (any case), or a Dutch ValidationError."""
    naam = (tekst or "").strip().lower()
    for onderwerp in onderwerpen:
        if onderwerp.naam.lower() == naam:
            return onderwerp
    raise forms.ValidationError(_("Choose a subject from the list."))


def catalogus():
    """The active channels and subjects the forms offer (kept in memory, see
    ``contacts.catalogue``)."""

    cat = catalogus_in_geheugen()
    return cat.actieve_kanalen(), cat.actieve_onderwerpen()


class TijdlijnFilterForm(Formulier):
    kanaal = forms.TypedChoiceField(
        required=False, label=_("Channel"), coerce=int, empty_value=None
    )
    onderwerp = forms.TypedChoiceField(
        required=False, label=_("Subject"), coerce=int, empty_value=None
    )
    van = forms.DateField(
        required=False, label=_("From"), widget=forms.DateInput(attrs={"type": "date"})
    )
    tot = forms.DateField(
        required=False, label=_("Until"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, kanalen, onderwerpen, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kanaal"].choices = [("", _("All channels"))] + [
            (k.id, k.naam) for k in kanalen
        ]
        self.fields["onderwerp"].choices = [("", _("All subjects"))] + [
            (o.id, o.naam) for o in onderwerpen
        ]

    def clean(self):
        data = super().clean()
        if data.get("van") and data.get("tot") and data["van"] > data["tot"]:
            raise forms.ValidationError(_("The start date is after the end date."))
        return data


class ContactmomentForm(Formulier):
    # drawn fresh with every empty form: the same form sent twice stores once (core.eenmalig)
    sleutel = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4, required=False)
    kanaal = forms.TypedChoiceField(label=_("Channel"), coerce=int)
    tolkcontact = forms.BooleanField(required=False, label=_("Via Tolkcontact"))
    legitimatie_gezien = forms.BooleanField(
        required=False,
        label=_("Identity document checked"),
        help_text=_("At the desk: tick when you have seen a passport, ID card or driving licence."),
    )
    onderwerp = forms.CharField(
        label=_("Subject"),
        help_text=_("Type a few letters and choose from the list."),
        # autofocus: when the klantbeeld opens during a call, the agent types the subject.
        widget=forms.TextInput(
            attrs={"list": "onderwerpen", "autocomplete": "off", "autofocus": True}
        ),
    )
    vraag = forms.CharField(
        label=_("Question"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write down the question.")},
    )
    antwoord = forms.CharField(
        label=_("Answer or notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    resultaat = forms.ChoiceField(
        label=_("Result"), choices=INKOMEND_RESULTAAT, initial=Contactmoment.Resultaat.BEANTWOORD
    )
    vervolg_op = forms.TypedChoiceField(
        label=_("Part of an earlier question"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("Choose the earlier contact if this is about the same question."),
    )

    zaak = forms.TypedChoiceField(
        label=_("About a running case"),
        required=False,
        coerce=int,
        empty_value=None,
    )
    # the phone call this contact is about (from the caller-id pop-up)
    gesprek = forms.CharField(required=False, max_length=100, widget=forms.HiddenInput)
    # the knowledge-base answer chosen during the contact: "<uuid>" or "<uuid>:<section>"
    kennis = forms.CharField(required=False, max_length=80, widget=forms.HiddenInput)

    def __init__(self, *args, kanalen, onderwerpen, vervolg_keuzes, zaak_keuzes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["zaak"].choices = [("", _("No case")), *zaak_keuzes]
        self.kanalen = {k.id: k for k in kanalen}
        self.onderwerpen = onderwerpen
        self.fields["kanaal"].choices = [(k.id, k.naam) for k in kanalen]
        # "identity document checked" belongs to a desk visit: the page shows it only
        # when a desk channel is chosen (kcc.js), and refuses it on any other channel
        self.balie_kanalen = " ".join(str(k.id) for k in kanalen if k.code.startswith("balie"))
        self.fields["vervolg_op"].choices = [("", _("No, a new question")), *vervolg_keuzes]
        for name, field in self.fields.items():
            if field.required and not isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs["required"] = True
            field.widget.attrs.setdefault("aria-describedby", f"id_{name}_hint")

    def clean_kanaal(self):
        return self.kanalen[self.cleaned_data["kanaal"]]

    def clean(self):
        schoon = super().clean()
        kanaal = schoon.get("kanaal")
        if schoon.get("legitimatie_gezien") and kanaal and not kanaal.code.startswith("balie"):
            self.add_error(
                "legitimatie_gezien",
                _("An identity document is checked at the desk: choose a desk channel or untick."),
            )
        return schoon

    def clean_onderwerp(self):
        return onderwerp_op_naam(self.onderwerpen, self.cleaned_data["onderwerp"])
