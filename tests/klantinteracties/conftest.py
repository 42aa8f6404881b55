"""An API client per role, and a caller that checks every answer against the OpenAPI
document the product serves (the 2xx bodies against the operation's schema, every failure
as problem+json)."""

import json
import re

import pytest
from django.test import Client
from openapi_schema_validator import OAS30Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from klantinteracties.clients import client_aanmaken
from klantinteracties.models import ApiClient
from permissions import policy
from tests.catalogus import maak_wereld

BASIS = "/klantinteracties/api/v1/"
URI = "urn:kcc:klantinteracties"


class Document:
    def __init__(self, doc):
        self.doc = doc
        self.registry = Registry().with_resource(
            URI, Resource.from_contents(doc, default_specification=DRAFT202012)
        )
        self._validators = {}
        self.paden = [
            (re.compile("^" + re.sub(r"\{[^}]+\}", "[^/]+", pad) + "$"), pad)
            for pad in doc["paths"]
        ]

    def fouten(self, methode: str, pad: str, status: int, body) -> list[str]:
        gevonden = [sjabloon for regex, sjabloon in self.paden if regex.match(pad)]
        if not gevonden:
            return [f"{pad} is not in the served document"]
        sjabloon = gevonden[0]
        operatie = self.doc["paths"][sjabloon].get(methode.lower())
        if operatie is None:
            return [f"{methode} {sjabloon} is not in the served document"]
        antwoorden = operatie["responses"]
        sleutel = str(status) if str(status) in antwoorden else None
        if sleutel is None:
            return [f"{methode} {sjabloon} has no answer {status} in the document"]
        inhoud = antwoorden[sleutel].get("content", {}).get("application/json")
        if inhoud is None:
            return []
        pointer = "/".join(
            p.replace("~", "~0").replace("/", "~1")
            for p in [
                "paths",
                sjabloon,
                methode.lower(),
                "responses",
                sleutel,
                "content",
                "application/json",
                "schema",
            ]
        )
        validator = self._validators.get(pointer)
        if validator is None:
            validator = OAS30Validator({"$ref": f"{URI}#/{pointer}"}, registry=self.registry)
            self._validators[pointer] = validator
        return [
            f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message[:300]}"
            for e in validator.iter_errors(body)
        ]


class Api:
    """One API client, as KISS or ITA would call us."""

    def __init__(self, client: ApiClient, token: str, document: Document, **koppen):
        self.client, self.token, self.document = client, token, document
        self.http = Client()
        self.koppen = {"HTTP_AUTHORIZATION": f"Token {token}", **koppen}

    def _doe(self, methode, pad, data=None, params=None, verwacht=None):
        url = pad if pad.startswith("http") else BASIS + pad
        url = url.replace("http://testserver", "")
        kwargs = dict(self.koppen)
        if methode == "GET":
            response = self.http.get(url, params or {}, **kwargs)
        else:
            response = getattr(self.http, methode.lower())(
                url, json.dumps(data or {}), content_type="application/json", **kwargs
            )
        body = response.json() if response.content else None
        if 200 <= response.status_code < 300:
            pad_alleen = url.split("?")[0].removeprefix(BASIS.rstrip("/"))
            fouten = self.document.fouten(methode, pad_alleen, response.status_code, body)
            assert not fouten, f"{methode} {url}: answer not valid against the schema: {fouten}"
        else:
            assert response["Content-Type"] == "application/problem+json", response.content
            assert body["status"] == response.status_code, body
            assert body["detail"], body
        if verwacht is not None:
            assert response.status_code == verwacht, (response.status_code, body)
        return response.status_code, body

    def get(self, pad, verwacht=200, **params):
        return self._doe("GET", pad, params=params, verwacht=verwacht)[1]

    def post(self, pad, data, verwacht=201):
        return self._doe("POST", pad, data, verwacht=verwacht)[1]

    def patch(self, pad, data, verwacht=200):
        return self._doe("PATCH", pad, data, verwacht=verwacht)[1]

    def put(self, pad, data, verwacht=200):
        return self._doe("PUT", pad, data, verwacht=verwacht)[1]

    def delete(self, pad, verwacht):
        return self._doe("DELETE", pad, verwacht=verwacht)[1]


@pytest.fixture
def wereld(db, settings):
    settings.KCC_API_STANDAARD_ONDERWERP = f"onderwerp-{policy.NIET_INGEDEELD}"
    return maak_wereld()


@pytest.fixture
def document(wereld):
    response = Client().get(BASIS + "schema/")
    assert response.status_code == 200
    return Document(response.json())


@pytest.fixture
def api(wereld, document):
    """``api("kcc")``: a system client with the role and department of that colleague."""

    def maak(short, naam=None, **koppen):
        user = wereld.users[short]
        client, token = client_aanmaken(
            naam=naam or f"Koppeling {short}",
            rol=user.groups.get(),
            afdeling=user.medewerker.afdeling,
        )
        return Api(client, token, document, **koppen)

    return maak


@pytest.fixture
def portaal(wereld, document):
    """``portaal(bsn)``: Mijn Nijmegen, for the resident with this BSN."""
    gemaakt = {}

    def maak(bsn, *, interne_velden=False):
        if not gemaakt:
            gemaakt["client"], gemaakt["token"] = client_aanmaken(
                naam="Mijn Nijmegen", soort=ApiClient.Soort.PORTAAL
            )
        ApiClient.objects.filter(pk=gemaakt["client"].pk).update(
            portaal_interne_velden=interne_velden
        )
        return Api(gemaakt["client"], gemaakt["token"], document, HTTP_X_MIJN_NIJMEGEN_BSN=bsn)

    return maak
