"""Every API answer that carries a resident's data writes the access-log line, whatever the
``expand`` (issue 30, point 6): decided where the answer is built (``weergave``), so a read
with or without expand, by uuid, by number, by BSN or from the portal is logged once per
person per answer."""

import pytest

from klantinteracties import ids
from permissions import policy
from permissions.models import Toegangslog
from tests.factories import ContactmomentFactory, PersoonFactory

pytestmark = pytest.mark.django_db

KLANTCONTACT_EXPAND = [
    "",
    "hadBetrokkenen",
    "hadBetrokkenen.wasPartij",
    "leiddeTotInterneTaken",
    "gingOverOnderwerpobjecten",
]


def _regels(persoon) -> int:
    return Toegangslog.objects.filter(
        handeling=Toegangslog.Handeling.API_GERAADPLEEGD, betrokkene_id=persoon.bsn
    ).count()


@pytest.fixture
def persoon_met_contact(wereld):
    persoon = PersoonFactory()
    cm = ContactmomentFactory(
        partij=persoon,
        onderwerp=wereld.onderwerpen[policy.ALGEMEEN],
        kanaal=wereld.kanalen["telefoon"],
        vraag="Wanneer is het grofvuil?",
    )
    return persoon, cm


def _lezingen(persoon, cm):
    kc = ids.maak("klantcontact", cm.id)
    partij = ids.maak("partij", persoon.id)
    for expand in KLANTCONTACT_EXPAND:
        extra = {"expand": expand} if expand else {}
        yield f"klantcontacten/{kc}", extra
        yield "klantcontacten", {"hadBetrokkene__wasPartij__uuid": partij, **extra}
        yield "klantcontacten", {"nummer": str(cm.id), **extra}
    yield "partij-identificatoren", {"partijIdentificatorObjectId": persoon.bsn}
    yield f"partijen/{partij}", {}
    yield f"betrokkenen/{ids.maak('betrokkene', cm.id)}", {}


def test_every_read_of_a_residents_data_is_logged_whatever_the_expand(
    api, wereld, persoon_met_contact
):
    persoon, cm = persoon_met_contact
    kiss = api("kcc")
    niet_gelogd = []
    for pad, params in _lezingen(persoon, cm):
        voor = _regels(persoon)
        antwoord = kiss.get(pad, **params)
        assert antwoord, (pad, params)
        if _regels(persoon) != voor + 1:
            niet_gelogd.append((pad, params, _regels(persoon) - voor))
    assert niet_gelogd == []


def test_the_portal_list_is_logged(portaal, persoon_met_contact):
    persoon, _cm = persoon_met_contact
    mijn = portaal(persoon.bsn)
    voor = _regels(persoon)
    lijst = mijn.get(
        "klantcontacten", hadBetrokkene__wasPartij__uuid=ids.maak("partij", persoon.id)
    )
    assert lijst["count"] == 1
    assert _regels(persoon) == voor + 1
