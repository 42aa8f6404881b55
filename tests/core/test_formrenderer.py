"""The fast form renderer writes exactly what Django's widget templates write."""

import datetime

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from contacts.forms import ContactmomentForm, TijdlijnFilterForm
from core.formrenderer import SnelleRenderer
from tests.catalogus import maak_wereld


class Alles(forms.Form):
    tekst = forms.CharField(
        label="Naam & <toenaam>",
        help_text="h",
        max_length=20,
        widget=forms.TextInput(attrs={"autofocus": True, "list": "x"}),
    )
    getal = forms.IntegerField(required=False)
    email = forms.EmailField()
    datum = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    verborgen = forms.CharField(widget=forms.HiddenInput, required=False)
    vinkje = forms.BooleanField(required=False)
    vrij = forms.CharField(widget=forms.Textarea(attrs={"rows": 3, "data-x": '"q"'}))
    keuze = forms.ChoiceField(choices=[("", "—"), ("a", "A & B"), (1, "<één>")])
    groepen = forms.ChoiceField(
        choices=[("Noord", [("n1", "Lent"), ("n2", "Oosterhout")]), ("z", "Zuid")]
    )
    meer = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B")], required=False)
    radio = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)


DATA = [
    None,
    {
        "tekst": "Jan <script>'",
        "getal": "12",
        "email": "a@b.nl",
        "datum": "2026-11-30",
        "verborgen": "v&w",
        "vinkje": "on",
        "vrij": "regel 1\r\n<regel 2>",
        "keuze": "1",
        "groepen": "n2",
        "meer": ["a", "b"],
        "radio": "b",
    },
    {"tekst": "", "vrij": "", "keuze": "zzz", "getal": "x"},
]


def _render_all(form):
    return [str(field) + field.label_tag() + str(field.errors) for field in form]


@pytest.mark.parametrize("data", DATA)
def test_same_html_as_django_templates(data):
    initial = {"datum": datetime.date(2026, 1, 2), "tekst": "Ä"}
    fast = Alles(data, initial=initial, renderer=SnelleRenderer())
    slow = Alles(data, initial=initial, renderer=DjangoTemplates())
    for f in (fast, slow):
        f.is_bound and f.is_valid()
    assert _render_all(fast) == _render_all(slow)
    assert str(fast) == str(slow)


@pytest.mark.django_db
def test_klantbeeld_forms_render_the_same():
    from contacts.forms import catalogus as actieve

    maak_wereld()
    kanalen, onderwerpen = actieve()
    args = {"kanalen": kanalen, "onderwerpen": onderwerpen}
    pairs = [
        (
            TijdlijnFilterForm({"kanaal": str(kanalen[1].id)}, renderer=r, **args)
            for r in (SnelleRenderer(), DjangoTemplates())
        ),
        (
            ContactmomentForm(
                {"vraag": "<b>?</b>"},
                renderer=r,
                vervolg_keuzes=[(7, "1-1 – X")],
                zaak_keuzes=[(3, "Z-1 – Y")],
                **args,
            )
            for r in (SnelleRenderer(), DjangoTemplates())
        ),
    ]
    for fast, slow in pairs:
        fast.is_valid(), slow.is_valid()
        assert _render_all(fast) == _render_all(slow)
        assert "<option" in "".join(_render_all(fast))


def test_a_project_override_of_a_widget_template_is_used(tmp_path, settings):
    """The normal route to other markup (NL Design System): a project template that
    overrides Django's widget template. The fast renderer steps aside for it."""
    override = tmp_path / "django" / "forms" / "widgets" / "textarea.html"
    override.parent.mkdir(parents=True)
    override.write_text(
        '<textarea class="utrecht-textarea" name="{{ widget.name }}">{{ widget.value|default:"" }}'
        "</textarea>"
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    html = str(Alles(renderer=SnelleRenderer())["vrij"])
    assert html.startswith('<textarea class="utrecht-textarea" name="vrij">')
    # the widgets nobody overrode are still written the fast way, the same as Django's
    assert str(Alles(renderer=SnelleRenderer())["tekst"]) == str(
        Alles(renderer=DjangoTemplates())["tekst"]
    )
