from django import forms
from django.utils.translation import gettext_lazy as _

from core.formulieren import Formulier
from permissions.models import Afdeling, Medewerker

from .models import Antwoord, Klacht, Reden, Signaal

SCHAAL = [(str(n), str(n)) for n in range(1, 6)]


class VragenlijstForm(Formulier):
    tevredenheid = forms.TypedChoiceField(
        label=_("How satisfied are you with how your question was handled?"),
        help_text=_("1 = very dissatisfied, 5 = very satisfied"),
        choices=SCHAAL,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a number from 1 to 5.")},
    )
    moeite = forms.TypedChoiceField(
        label=_("How easy was it to get it arranged?"),
        help_text=_("1 = very hard, 5 = very easy"),
        choices=SCHAAL,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a number from 1 to 5.")},
    )
    opgelost = forms.ChoiceField(
        label=_("Has your question been solved?"),
        choices=Antwoord.Opgelost.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose yes, partly or no.")},
    )
    redenen = forms.MultipleChoiceField(
        label=_("Did you give a 1 or 2? What went wrong?"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    toelichting = forms.CharField(
        label=_("Anything else you want to tell us? (optional)"),
        required=False,
        max_length=1200,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 1200}),
        help_text=_("At most 1,200 characters. Do not write your BSN or other personal details."),
    )
    mag_bellen = forms.BooleanField(label=_("You may call me about this."), required=False)
    telefoonnummer = forms.CharField(
        label=_("Another phone number (optional)"),
        required=False,
        max_length=20,
        help_text=_("We call the number we have of you. Another number? Fill it in."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["redenen"].choices = list(
            Reden.objects.filter(actief=True).values_list("code", "tekst")
        )
        for naam, veld in self.fields.items():
            if veld.help_text:
                veld.widget.attrs["aria-describedby"] = f"id_{naam}_hint"


class KlachtForm(Formulier):
    wat = forms.CharField(
        label=_("What is the complaint about?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What happened, who was involved and when. In the Nijmegenaar's words."),
    )
    over_afdeling = forms.ModelChoiceField(
        label=_("About which department"), queryset=Afdeling.objects.none()
    )
    categorie = forms.ChoiceField(
        label=_("What kind of complaint"), choices=Klacht.Categorie.choices
    )
    zaak = forms.ChoiceField(
        label=_("About a case (optional)"),
        required=False,
        help_text=_("Is the complaint about how one of this Nijmegenaar's cases was handled?"),
    )
    schriftelijk = forms.BooleanField(label=_("Received in writing"), required=False)
    commissie = forms.BooleanField(
        label=_("An advisory committee handles it (10 weeks)"), required=False
    )
    ter_plekke_opgelost = forms.BooleanField(
        label=_("Resolved on the spot: the Nijmegenaar is satisfied"),
        required=False,
        help_text=_("Then the complaint is closed at once and counted as resolved informally."),
    )

    def __init__(self, *args, zaken=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["over_afdeling"].queryset = Afdeling.objects.filter(actief=True)
        self.fields["zaak"].choices = [("", _("(not about a case)"))] + [
            (z.identificatie, f"{z.identificatie} – {z.zaaktype}") for z in zaken
        ]
        for naam, veld in self.fields.items():
            if veld.help_text:
                veld.widget.attrs["aria-describedby"] = f"id_{naam}_hint"


class AfhandelenForm(Formulier):
    conclusie = forms.ChoiceField(
        label=_("Conclusion"), choices=Klacht.Conclusie.choices, widget=forms.RadioSelect
    )
    toelichting = forms.CharField(
        label=_("Reasons and measures"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class HorenForm(Formulier):
    gehoord_op = forms.DateField(label=_("Heard on"), required=False)
    verslag = forms.CharField(label=_("What the complainant said"), required=False, max_length=4000)
    afgezien = forms.CharField(
        label=_("Or: why the complainant was not heard"), required=False, max_length=200
    )


class SignaalForm(Formulier):
    tekst = forms.CharField(
        label=_("What could be better?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For example: this letter is unclear, this web page is wrong. No personal details."
        ),
    )
    categorie = forms.ChoiceField(label=_("Category"), choices=Signaal.Categorie.choices)
    afdeling = forms.ModelChoiceField(
        label=_("Department that owns it"), queryset=Afdeling.objects.none()
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["afdeling"].queryset = Afdeling.objects.filter(actief=True)
        self.fields["tekst"].widget.attrs["aria-describedby"] = "id_tekst_hint"


class SignaalStatusForm(Formulier):
    status = forms.ChoiceField(label=_("Status"), choices=Signaal.Status.choices)
    actie = forms.CharField(label=_("What was done"), required=False, max_length=2000)
    actie_eigenaar = forms.ModelChoiceField(
        label=_("Who improves it"), required=False, queryset=Medewerker.objects.none()
    )
    actie_datum = forms.DateField(label=_("Improved by (date)"), required=False)

    def __init__(self, *args, afdeling_ids=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = Medewerker.objects.filter(user__is_active=True)
        if afdeling_ids is not None:
            qs = qs.filter(afdeling_id__in=afdeling_ids)
        self.fields["actie_eigenaar"].queryset = qs
