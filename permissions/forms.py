from django import forms
from django.utils.translation import gettext_lazy as _
from stdnum.nl import bsn

from core.formulieren import Formulier


class LogZoekForm(Formulier):
    medewerker = forms.CharField(label=_("Staff member (name or user name)"), required=False)
    bsn = forms.CharField(label=_("BSN of the Nijmegenaar"), required=False)
    van = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    tot = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean_bsn(self):
        # compact("") is "000000000": an empty field stays empty (search without a BSN)
        value = (self.cleaned_data["bsn"] or "").strip()
        if not value:
            return ""
        value = bsn.compact(value)
        if not bsn.is_valid(value):
            raise forms.ValidationError(_("This BSN is not right. Check the number."))
        return value


class InzageForm(Formulier):
    bsn = forms.CharField(label=_("BSN of the Nijmegenaar"))

    def clean_bsn(self):
        value = bsn.compact(self.cleaned_data["bsn"])
        if not bsn.is_valid(value):
            raise forms.ValidationError(_("This BSN is not right. Check the number."))
        return value
