"""The OpenAPI document we serve: the VNG Klantinteracties specification (v0.9.0, as Open
Klant 2.x serves it; ``openapi/referentie.json``) cut to what we serve, with what we add and
how visibility works written into it."""

import copy
import functools
import json
from pathlib import Path

from .api import BASIS, PORTAAL_KOP

GEDIEND = {
    "/klantcontacten": {"get", "post"},
    "/klantcontacten/{uuid}": {"get", "patch", "put"},
    "/betrokkenen": {"get", "post"},
    "/betrokkenen/{uuid}": {"get"},
    "/partijen": {"get", "post"},
    "/partijen/{uuid}": {"get"},
    "/partij-identificatoren": {"get", "post"},
    "/partij-identificatoren/{uuid}": {"get", "put", "patch"},
    "/digitaleadressen": {"get", "post"},
    "/digitaleadressen/{uuid}": {"get"},
    "/actoren": {"get", "post"},
    "/actoren/{uuid}": {"get"},
    "/actorklantcontacten": {"post"},
    "/actorklantcontacten/{uuid}": {"get"},
    "/internetaken": {"get", "post"},
    "/internetaken/{uuid}": {"get", "patch", "put"},
    "/onderwerpobjecten": {"post"},
    "/onderwerpobjecten/{uuid}": {"get", "patch", "put"},
}

BESCHRIJVING = f"""
The Klantinteracties API of the KCC klantbeeld of gemeente Nijmegen, served from its own
data (one source of truth with the pages).

**Who sees what.** Every client is bound to a role (and optionally a department) and sees
exactly what a colleague with that role sees on the pages:
- a record at level NONE is absent: from lists, from `count`, from filters and from `expand`,
  and a request for it answers 404 like a record that does not exist;
- a klantcontact at level EXISTENCE comes without content: `onderwerp`, `inhoud` and
  `reactie` are empty strings; an internetaak at EXISTENCE has an empty `toelichting`;
- a filter on content (`onderwerp`, `inhoud`) finds only records seen in full;
- a role that does not serve the public gets 403 on resident data.
Every answer with resident data is written to the access log, naming the client.

**Mijn Nijmegen (portal clients).** A portal client passes the BSN of the resident who logged
in with DigiD in the header `{PORTAAL_KOP}` with every request, and reads only that person's
klantcontacten, internetaken and digitale adressen (and partij). Left out by default: the
colleague's name (`hadBetrokkenActoren`, the colleague among `toegewezenAanActoren`), the answer
or notes (`reactie`) and the internal `toelichting`.

**Differences with Open Klant.** UUIDs are stable and derived from our records. A
klantcontact's `nummer` is numeric and unique. Lists of partijen, klantcontacten,
betrokkenen and digitale adressen need a filter (the register is not for browsing). A filter
of the specification that we do not serve answers 400 (never ignored). Klantcontacten and
internetaken are not deleted (405/409: they are history and a promise to a resident).
`internetaken` carry `terugbellenVoor`, the deadline the resident was told. Not served yet
(501): bijlagen, categorieen, categorie-relaties, rekeningnummers, vertegenwoordigingen,
maak-klantcontact.
"""


@functools.cache
def _referentie() -> dict:
    return json.loads((Path(__file__).parent / "openapi" / "referentie.json").read_text())


@functools.cache
def _gesneden() -> dict:
    doc = copy.deepcopy(_referentie())
    doc["info"]["title"] = "Klantinteracties – KCC klantbeeld Nijmegen"
    doc["info"]["description"] = BESCHRIJVING.strip()
    paden = {}
    for pad, methoden in GEDIEND.items():
        item = doc["paths"][pad]
        paden[pad] = {k: v for k, v in item.items() if k in methoden or k == "parameters"}
    doc["paths"] = paden
    doc["components"]["schemas"]["InterneTaak"]["properties"]["terugbellenVoor"] = {
        "type": "string",
        "format": "date-time",
        "readOnly": True,
        "nullable": True,
        "description": "Call back before: the deadline the resident was told (ours).",
    }
    _discriminators_afdwingen(doc)
    doc["components"]["securitySchemes"]["zgwJwt"] = {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": "A ZGW JWT (HS256, claim client_id), signed with the client's secret.",
    }
    return doc


def _discriminators_afdwingen(doc: dict) -> None:
    """The reference's ``oneOf`` + ``discriminator`` (Partij, Actor) leaves the choice to the
    discriminator, which JSON Schema does not read: a persoon is then valid as a persoon and
    as a contactpersoon, so "exactly one of" fails. Each variant here also says which value of
    the discriminator it is, so a validator finds exactly one."""
    schemas = doc["components"]["schemas"]
    for schema in list(schemas.values()):
        discriminator = schema.get("discriminator") if isinstance(schema, dict) else None
        if not discriminator or "oneOf" not in schema:
            continue
        veld = discriminator["propertyName"]
        for waarde, ref in discriminator.get("mapping", {}).items():
            doel = schemas[ref.rsplit("/", 1)[-1]]
            doel.setdefault("allOf", []).append(
                {"type": "object", "properties": {veld: {"type": "string", "enum": [waarde]}}}
            )


def document(request) -> dict:
    doc = dict(_gesneden())
    doc["servers"] = [{"url": request.build_absolute_uri(BASIS).rstrip("/")}]
    return doc
