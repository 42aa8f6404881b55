"""The knowledge base against the stub knowledge sources (a process of its own) and the
stub NotifyNL."""

import pytest

from demo.stubs import proces
from demo.stubs.kennis_data import ARTIKEL_TYPE, VAC_TYPE
from kennis import sync
from kennis.models import Bron
from tests.proactief.conftest import _notify_stub, notify  # noqa: F401 - fixtures
from tests.sources.conftest import Stub
from tests.sources.conftest import wereld as wereld

TOKEN = "kennis-test-token-0123456789"


@pytest.fixture(scope="session")
def _kennis_stub():
    proc, url = proces.starten("kennis", "--token", TOKEN)
    yield Stub(url)
    proc.terminate()
    proc.wait(10)


@pytest.fixture
def kennisstub(_kennis_stub, monkeypatch):
    _kennis_stub.storing("leegmaken", aantal=0)
    _kennis_stub.controle("/_stub/herstellen", {})
    monkeypatch.setenv("KCC_KENNIS_TEST_TOKEN", TOKEN)
    return _kennis_stub


@pytest.fixture
def bronnen(kennisstub, db):
    """The four sources of the stub, synchronised once."""
    url = kennisstub.url
    gemaakt = [
        Bron.objects.create(code="vac", naam="VAC", soort=Bron.Soort.OBJECTS_VAC,
                            url=url + "/api/v2", objecttype=url + VAC_TYPE,
                            token_variabele="KCC_KENNIS_TEST_TOKEN"),
        Bron.objects.create(code="kennisbank", naam="Kennisbank",
                            soort=Bron.Soort.OBJECTS_ARTIKEL, url=url + "/api/v2",
                            objecttype=url + ARTIKEL_TYPE, token_variabele="KCC_KENNIS_TEST_TOKEN"),
        Bron.objects.create(code="sdg", naam="Productencatalogus", soort=Bron.Soort.SDG,
                            url=url + "/sdg"),
        Bron.objects.create(code="website", naam="nijmegen.nl", soort=Bron.Soort.SITEMAP,
                            url=url + "/site/sitemap.xml"),
    ]  # fmt: skip
    for bron in gemaakt:
        assert sync.bron_synchroniseren(bron).gelukt, bron
    return {b.code: b for b in gemaakt}
