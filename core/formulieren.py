"""The project's base form.

- Labels without Django's colon ("Kanaal", not "Kanaal:"): the municipality's forms (NL
  Design System) write a label as a heading of its field, and a colon after every label is
  noise for a screen reader.
- A field that points at its hint (``aria-describedby="…_hint"``, set by the form) points at
  its error too once it has one (``…_error``, the id the templates give the error text), and
  says it is invalid: Django would add the error itself, but only when the project has not
  set the attribute, so the error was never read out."""

from django import forms


class Formulier(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def full_clean(self):
        super().full_clean()
        for naam in self.errors:
            if naam not in self.fields:
                continue
            attrs = self.fields[naam].widget.attrs
            hint = attrs.get("aria-describedby", "")
            if hint.endswith("_hint"):
                attrs["aria-describedby"] = f"{hint} {hint.removesuffix('_hint')}_error"
            attrs["aria-invalid"] = "true"
