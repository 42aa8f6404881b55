"""Django's form renderer, with the plain widgets and labels written in Python.

Django renders every input, textarea, select option and label through a template; a
klantbeeld holds a few hundred of them (the subject list alone has over a hundred options),
which cost more than all its database queries together. ``SnelleRenderer`` writes exactly
the HTML of Django's own templates for these (``tests/core/test_formrenderer.py`` compares
them byte for byte) and leaves every other template to Django.

It renders through the project's ``TEMPLATES`` (Django's ``TemplatesSetting``), so a project
template that overrides a widget (``templates/django/forms/widgets/textarea.html``, e.g. for
NL Design System markup) is found as usual: a widget template is written in Python only when
the template Django would use is Django's own file; an overridden one is rendered by Django.
"""

from pathlib import Path

import django.forms
from django.forms.renderers import TemplatesSetting
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

_WIDGETS = "django/forms/widgets/"
_INPUTS = {
    f"{_WIDGETS}{name}.html"
    for name in (
        "input",
        "text",
        "number",
        "email",
        "url",
        "password",
        "hidden",
        "date",
        "time",
        "datetime",
        "search",
        "tel",
        "checkbox",
        "color",
    )
}
_OPTION = f"{_WIDGETS}select_option.html"


def _text(value) -> str:
    """``{{ value|stringformat:'s' }}`` in a template: as text, escaped unless safe."""
    return conditional_escape(value if isinstance(value, str) else f"{value}")


def _attrs(attrs) -> str:
    """django/forms/attrs.html: ``name="value"``, a bare name for True, nothing for False."""
    return "".join(
        f" {_text(name)}" if value is True else f' {_text(name)}="{_text(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget) -> str:
    value = widget["value"]
    html = f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"'
    if value is not None:
        html += f' value="{_text(value)}"'
    return html + _attrs(widget["attrs"]) + ">"


def _textarea(widget) -> str:
    value = widget["value"]
    return (
        f'<textarea name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>\n'
        f"{_text(value) if value else ''}</textarea>"
    )


def _select(widget) -> str | None:
    parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in options:
            if option["template_name"] != _OPTION:
                return None  # a widget with its own option template: Django renders it
            # (Django's option template ends in a newline, which the include keeps)
            parts.append(
                f'\n  <option value="{_text(option["value"])}"'
                f"{_attrs(option['attrs'])}>{_text(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _label(context) -> str:
    label = _text(context["label"])
    if not context["use_tag"]:
        return label
    tag = _text(context["tag"])
    return f"<{tag}{_attrs(context['attrs'])}>{label}</{tag}>"


_DJANGO_EIGEN = Path(django.forms.__file__).resolve().parent / "templates"


class SnelleRenderer(TemplatesSetting):
    def __init__(self):
        super().__init__()
        self._eigen: dict[str, bool] = {}

    def _is_djangos_eigen(self, template_name) -> bool:
        """Whether the template Django would render is its own (not overridden)."""
        eigen = self._eigen.get(template_name)
        if eigen is None:
            template = self.get_template(template_name)
            origin = Path(template.origin.name).resolve() if template is not None else None
            eigen = self._eigen[template_name] = bool(
                origin and origin.is_relative_to(_DJANGO_EIGEN)
            )
        return eigen

    def render(self, template_name, context, request=None):
        html = None
        if not self._is_djangos_eigen(template_name):
            return super().render(template_name, context, request=request)
        if template_name in _INPUTS:
            html = _input(context["widget"])
        elif template_name == f"{_WIDGETS}textarea.html":
            html = _textarea(context["widget"])
        elif template_name == f"{_WIDGETS}select.html":
            html = _select(context["widget"])
        elif template_name == "django/forms/label.html":
            html = _label(context)
        if html is None:
            return super().render(template_name, context, request=request)
        return mark_safe(html.strip())  # noqa: S308 - every value above is escaped
