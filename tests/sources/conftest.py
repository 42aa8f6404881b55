"""Stub servers of the outside systems, each a process of its own on loopback, answering
from the official specification (demo/stubs)."""

import json
import urllib.request

import pytest

from demo.stubs import proces
from tests.catalogus import maak_wereld


class Stub:
    def __init__(self, url):
        self.url = url

    def _vraag(self, methode, pad, body=None):
        data = json.dumps(body).encode() if body is not None else None
        verzoek = urllib.request.Request(self.url + pad, data=data, method=methode)  # noqa: S310
        verzoek.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(verzoek, timeout=10) as antwoord:  # noqa: S310
            inhoud = antwoord.read()
        return json.loads(inhoud) if inhoud else None

    def storing(self, soort, aantal=1, **extra):
        self._vraag("POST", "/_stub/storing", {"soort": soort, "aantal": aantal, **extra})

    def verzoeken(self):
        return self._vraag("GET", "/_stub/verzoeken")

    def vergeten(self):
        self._vraag("DELETE", "/_stub/verzoeken")

    def controle(self, pad, body=None, methode="POST"):
        return self._vraag(methode, pad, body)


def _stub(module, *args):
    proc, url = proces.starten(module, *args)
    yield Stub(url)
    proc.terminate()
    proc.wait(10)


@pytest.fixture(scope="session")
def _brp_stub():
    yield from _stub("brp")


@pytest.fixture
def brp(_brp_stub, settings):
    """The BRP stub, configured as the product's BRP, with no misbehaviour left over."""
    _brp_stub.storing("leegmaken", aantal=0)
    _brp_stub.vergeten()
    settings.KCC_BRP_URL = _brp_stub.url + "/haalcentraal/api/brp"
    settings.KCC_BRP_API_KEY = "proef-sleutel"
    settings.KCC_BRP_OIN = "00000001001589623000"
    return _brp_stub


@pytest.fixture(scope="session")
def _kvk_stub():
    yield from _stub("kvk", "--apikey", "kvk-proef-sleutel")


@pytest.fixture
def kvk(_kvk_stub, settings):
    """The KVK stub as the product's Handelsregister."""
    _kvk_stub.storing("leegmaken", aantal=0)
    _kvk_stub.vergeten()
    settings.KCC_KVK_URL = _kvk_stub.url + "/api"
    settings.KCC_KVK_API_KEY = "kvk-proef-sleutel"
    return _kvk_stub


GEHEIM = "zgw-proef-geheim-0123456789abcdef"
AANTAL = 250  # three pages of 100


@pytest.fixture(scope="session")
def _zgw_stub():
    yield from _stub(
        "zgw",
        "--aantal", str(AANTAL),
        "--zaaktypen", "zaaktype-wmo,zaaktype-publiekszaken",
        "--behandelaars", "t-wmo",
        "--secret", GEHEIM,
    )  # fmt: skip


@pytest.fixture
def zaaksysteem(_zgw_stub, brp, settings):
    """The ZGW stub as the product's zaaksysteem (and the BRP stub for unknown initiators)."""
    _zgw_stub.storing("leegmaken", aantal=0)
    _zgw_stub.controle("/_stub/herstellen", {})
    _zgw_stub.vergeten()
    settings.KCC_ZAKEN_URL = _zgw_stub.url + "/zaken/api/v1"
    settings.KCC_NOTIFICATIES_URL = _zgw_stub.url + "/notificaties/api/v1"
    settings.KCC_ZGW_CLIENT_ID = "kcc-proef"
    settings.KCC_ZGW_SECRET = GEHEIM
    settings.KCC_NOTIFICATIES_TOKEN = "notificatie-geheim"
    settings.KCC_ZGW_AFDELINGEN = {"zaaktype-publiekszaken": "publiekszaken"}
    return _zgw_stub


@pytest.fixture
def wereld(db):
    return maak_wereld()


@pytest.fixture
def agent(client, wereld):
    """A KCC agent, logged in."""
    client.force_login(wereld.users["kcc"])
    return client
