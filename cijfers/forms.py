from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contacts.models import Kanaal
from core.formulieren import Formulier
from sources.models import Wachtrij

from .overzicht import PERIODES


def _team_veld():
    return forms.TypedChoiceField(
        label=_("Team"),
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": _("Choose one of your own teams.")},
    )


def _team_keuzes(teams) -> list:
    """Only the user's own teams (``bereik``): another team's id is an invalid choice."""
    return [("", _("All my teams"))] + [(t.id, f"{t.afdeling.naam} – {t.naam}") for t in teams]


class CijferFilter(Formulier):
    """The dashboard's filters. Whatever is wrong in the query string is said, and its
    default (this month, all of the user's teams) is used instead."""

    periode = forms.ChoiceField(
        label=_("Period"),
        choices=list(zip(PERIODES, [_("Day"), _("Week"), _("Month"), _("Year")], strict=True)),
        required=False,
        error_messages={"invalid_choice": _("Choose a day, week, month or year as the period.")},
    )
    datum = forms.DateField(
        label=_("Date in the period"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Give the date as day-month-year, like 1-12-2026.")},
    )
    team = _team_veld()
    wachtrij = forms.ChoiceField(
        label=_("Queue"),
        required=False,
        error_messages={"invalid_choice": _("Choose a queue of your teams from the list.")},
    )
    kanaal = forms.ChoiceField(
        label=_("Channel"),
        required=False,
        error_messages={"invalid_choice": _("Choose a channel from the list.")},
    )

    def __init__(self, *args, teams, wachtrijen=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = _team_keuzes(teams)
        rijen = Wachtrij.objects.all()
        if wachtrijen is not None:
            rijen = rijen.filter(naam__in=wachtrijen)
        self.fields["wachtrij"].choices = [("", _("All queues"))] + [
            (w.naam, str(w)) for w in rijen
        ]
        self.fields["kanaal"].choices = [("", _("All channels"))] + [
            (k.code, k.naam) for k in Kanaal.objects.order_by("naam")
        ]

    def waarden(self) -> dict:
        # what was valid is used; what was not falls back to its default (and is said)
        schoon: dict = {}
        if self.is_bound:
            self.is_valid()  # fills cleaned_data with the fields that are valid
            schoon = self.cleaned_data
        return {
            "periode": schoon.get("periode") or "maand",
            "datum": schoon.get("datum") or timezone.localdate(),
            "team": schoon.get("team"),
            "wachtrij": schoon.get("wachtrij") or "",
            "kanaal": schoon.get("kanaal") or "",
        }


class MaandFilter(Formulier):
    maand = forms.RegexField(
        label=_("Month"),
        regex=r"^\d{4}-(0[1-9]|1[0-2])$",
        required=False,
        widget=forms.TextInput(attrs={"type": "month"}),
        error_messages={"invalid": _("Give the month as year-month, like 2026-11.")},
    )
    team = _team_veld()

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = _team_keuzes(teams)
