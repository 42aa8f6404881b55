"""Proactive campaigns against the stub BRP and the stub NotifyNL, each a process of its own."""

import pytest

from contacts.models import Partij, Telefoonnummer
from demo.stubs import proces
from permissions import roles
from permissions.models import Medewerker
from tests.factories import TeamFactory
from tests.sources.conftest import Stub, _brp_stub, brp  # noqa: F401 - fixtures
from tests.sources.conftest import wereld as wereld

SERVICE = "11111111-2222-4333-8444-555555555555"
GEHEIM = "99999999-8888-4777-8666-555555555555"
APIKEY = f"kcc_proef-{SERVICE}-{GEHEIM}"
SJABLONEN = {
    "brief": "aaaaaaaa-0000-4000-8000-000000000001",
    "email": "aaaaaaaa-0000-4000-8000-000000000002",
    "sms": "aaaaaaaa-0000-4000-8000-000000000003",
}
CALLBACK_TOKEN = "notify-terugmeld-geheim-0123456789"


@pytest.fixture(scope="session")
def _notify_stub():
    proc, url = proces.starten(
        "notifynl",
        "--apikey", APIKEY,
        "--sjablonen", ",".join(f"{k}={v}" for k, v in SJABLONEN.items()),
    )  # fmt: skip
    yield Stub(url)
    proc.terminate()
    proc.wait(10)


@pytest.fixture
def notify(_notify_stub, settings):
    """The NotifyNL stub as the product's NotifyNL. It sends no receipts itself here: a test
    posts the stub's own receipt to our endpoint, so it controls the moment."""
    _notify_stub.storing("leegmaken", aantal=0)
    _notify_stub.vergeten()
    _notify_stub.controle("/_stub/herstellen", {})
    settings.KCC_NOTIFYNL_URL = _notify_stub.url
    settings.KCC_NOTIFYNL_API_KEY = APIKEY
    settings.KCC_NOTIFYNL_SJABLONEN = dict(SJABLONEN)
    settings.KCC_NOTIFYNL_CALLBACK_TOKEN = CALLBACK_TOKEN
    settings.KCC_BASIS_URL = "http://testserver"
    return _notify_stub


@pytest.fixture
def campagneteam(wereld, settings):
    """A calling team in the KCC with the agent and the team lead in it; the team lead
    prepares, management approves (the roles' permissions as catalogus_laden gives them)."""
    settings.KCC_PROACTIEF_BRP_PER_SECONDE = 1000
    roles.ensure_groups()
    team = TeamFactory(afdeling=wereld.afdelingen["kcc"], naam="Team proactief")
    Medewerker.objects.filter(user__in=[wereld.users["kcc"], wereld.users["teamleider"]]).update(
        team=team
    )
    return team


def in_register(bsn: str, telefoon: str = "+31612345678") -> Partij:
    """Someone who contacted us before: in the register with a phone number (the BRP has
    none)."""
    partij = Partij.objects.create(soort=Partij.Soort.PERSOON, bsn=bsn, geslachtsnaam="Onbekend")
    Telefoonnummer.objects.create(partij=partij, nummer=telefoon, soort="mobiel")
    return partij
