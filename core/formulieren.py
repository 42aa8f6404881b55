"""The project's base form: labels without Django's colon ("Kanaal", not "Kanaal:"): the
municipality's forms (NL Design System) write a label as a heading of its field, and a
colon after every label is noise for a screen reader."""

from django import forms


class Formulier(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
