"""A write's body checked against the reference specification's own schema (the types, the
enums and the lengths it sets), before anything is read or written: ``"ja"`` for a boolean,
``"nederlands"`` for a three-letter language code, 10,000 characters where 1,000 are allowed,
an unknown status or role are a 400 in plain Dutch, never truncated or guessed. Fields the
specification does not know are left alone (KISS sends extra ones); read-only fields a client
sends back (``uuid``, ``url`` in a PUT of what it read) are not checked either."""

import functools
import json
from pathlib import Path

from django.utils.translation import gettext as _

from .api import Fout

REFERENTIE = Path(__file__).resolve().parent / "openapi" / "referentie.json"
_TYPEN = {
    "string": str,
    "boolean": bool,
    "integer": int,
    "number": (int, float),
    "array": list,
    "object": dict,
}


@functools.cache
def _schemas() -> dict:
    return json.loads(REFERENTIE.read_text())["components"]["schemas"]


def _opgelost(eigenschap: dict) -> dict:
    """A property with its ``allOf``/``$ref`` followed (enums are referenced schemas)."""
    samen = {k: v for k, v in eigenschap.items() if k not in ("allOf", "$ref")}
    for deel in eigenschap.get("allOf", []) + ([eigenschap] if "$ref" in eigenschap else []):
        if "$ref" in deel:
            doel = _schemas()[deel["$ref"].rsplit("/", 1)[1]]
            samen = {**_opgelost(doel), **samen}
    return samen


def nagaan(schema: str, data: dict) -> None:
    """Raises a 400 naming every field of ``data`` that the schema refuses."""
    eigenschappen = _schemas()[schema].get("properties", {})
    fouten = []
    for veld, waarde in data.items():
        if veld not in eigenschappen:
            continue
        regel = _opgelost(eigenschappen[veld])
        if regel.get("readOnly"):
            continue
        if reden := _reden(regel, waarde):
            fouten.append({"name": veld, "code": "invalid", "reason": reden})
    if fouten:
        raise Fout(400, " ".join(f"{f['name']}: {f['reason']}" for f in fouten), ongeldig=fouten)


def _reden(regel: dict, waarde) -> str | None:
    if waarde is None:
        return None if regel.get("nullable") else _("This field may not be empty (null).")
    soort = regel.get("type")
    verwacht = _TYPEN.get(soort)
    if verwacht is not None:
        is_bool = isinstance(waarde, bool)
        if not isinstance(waarde, verwacht) or (is_bool and soort in ("integer", "number")):
            return _("This must be of type %(type)s.") % {"type": soort}
    if "enum" in regel and waarde not in regel["enum"]:
        return _("Use one of: %(waarden)s.") % {"waarden": ", ".join(map(str, regel["enum"]))}
    grens = regel.get("maxLength")
    if grens is not None and isinstance(waarde, str) and len(waarde) > grens:
        return _("At most %(n)s characters.") % {"n": grens}
    return None
