from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.formulieren import Formulier
from permissions.models import Team

from .models import Campagne, Kandidaat


class CampagneForm(Formulier):
    titel = forms.CharField(
        label=_("Title"),
        max_length=120,
        help_text=_(
            "Shown to the Nijmegenaar and as the subject of every contact. Never the signal itself."
        ),
    )
    regeling = forms.CharField(label=_("Scheme"), max_length=200)
    grondslag = forms.CharField(label=_("Legal basis"), max_length=300)
    vorm = forms.ChoiceField(label=_("Form of proactivity"), choices=Campagne.Vorm.choices)
    gegevenscategorieen = forms.CharField(
        label=_("Categories of personal data used"),
        required=False,
        help_text=_(
            "One per line, such as: BSN, address, income below 120 percent of the social minimum."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    bewaren_tot = forms.DateField(
        label=_("Keep candidates until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    dpia = forms.CharField(label=_("DPIA reference"), max_length=100, required=False)
    team = forms.ModelChoiceField(
        label=_("Campaign team (makes the calls)"), queryset=Team.objects.none()
    )
    ladder = forms.CharField(
        label=_("Attempts, in order"),
        initial="telefoon, telefoon, brief, telefoon",
        help_text=_(
            "Separated by commas: telefoon, brief, email, sms. Phone first reaches most people."
        ),
    )
    dagen_per_stap = forms.IntegerField(
        label=_("Working days per attempt"), min_value=1, max_value=30, initial=3
    )
    belscript = forms.CharField(
        label=_("Script for the call"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    brieftekst = forms.CharField(
        label=_("Letter text"),
        required=False,
        help_text=_(
            "Placeholders: ((naam)), ((titel)), ((telefoon)), ((afmeldlink)). "
            "The last two are required."
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    emailtekst = forms.CharField(
        label=_("E-mail text"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    smstekst = forms.CharField(
        label=_("Text message"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.select_related("afdeling").order_by(
            "afdeling__naam", "naam"
        )

    def clean_gegevenscategorieen(self):
        return [
            r.strip() for r in self.cleaned_data["gegevenscategorieen"].splitlines() if r.strip()
        ]

    def clean_ladder(self):
        stappen = [s.strip().lower() for s in self.cleaned_data["ladder"].split(",") if s.strip()]
        onbekend = [s for s in stappen if s not in Campagne.Stap.values]
        if onbekend or not stappen:
            raise ValidationError(
                _("Use only telefoon, brief, email and sms, separated by commas.")
            )
        return stappen


class ImportForm(Formulier):
    bestand = forms.FileField(
        label=_("List of candidates (CSV)"),
        help_text=_("Columns: bsn, signaal, waarde, datum, bron. UTF-8, comma or semicolon."),
    )


class BeoordelenForm(Formulier):
    kandidaten = forms.TypedMultipleChoiceField(coerce=int, choices=[], label=_("Candidates"))
    besluit = forms.ChoiceField(
        choices=[("goedkeuren", _("Approve")), ("overslaan", _("Skip"))], label=_("Decision")
    )
    reden = forms.CharField(
        label=_("Reason (required when you skip)"), max_length=200, required=False
    )

    def __init__(self, *args, keuzes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kandidaten"].choices = [(k, k) for k in keuzes]


class UitkomstForm(Formulier):
    uitkomst = forms.ChoiceField(
        label=_("How did the call go?"),
        choices=Kandidaat.Uitkomst.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how the call went.")},
    )
    verslag = forms.CharField(
        label=_("Notes"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class BesprokenForm(Formulier):
    """The klantbeeld's campaign line (its fields are drawn in the klantbeeld's template)."""

    campagne = forms.IntegerField()
    uitkomst = forms.ChoiceField(
        choices=[c for c in Kandidaat.Uitkomst.choices if c[0] != Kandidaat.Uitkomst.NIET_BEREIKT]
    )
    verslag = forms.CharField(required=False, max_length=4000)
