"""A page of the API costs a fixed number of queries, whatever its size (the klantbeeld of
KISS asks for 100 contacts with everything expanded; Open Klant needed 508 queries)."""

from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from callbacks.models import Terugbelverzoek
from core import voorbereid
from klantinteracties import ids
from klantinteracties.models import VerstrektAdres
from tests.factories import ContactmomentFactory, PersoonFactory, ZaakFactory

pytestmark = pytest.mark.django_db
EXPAND = (
    "leiddeTotInterneTaken,gingOverOnderwerpobjecten,hadBetrokkenen,"
    "hadBetrokkenen.digitaleAdressen,hadBetrokkenen.wasPartij"
)


def _queries(kiss, **params):
    with CaptureQueriesContext(connection) as ctx:
        body = kiss.get("klantcontacten", **params)
    return len(ctx.captured_queries), body


@pytest.fixture
def lange_geschiedenis(wereld):
    """A person with 120 contacts about the WMO and publiekszaken (so some roles see part of
    them without content), a third with a zaak, a given address and a callback."""
    persoon = PersoonFactory()
    zaak = ZaakFactory(
        partij=persoon,
        zaaktype=wereld.zaaktypen["publiekszaken"],
        afdeling=wereld.afdelingen["publiekszaken"],
    )
    for i in range(120):
        cm = ContactmomentFactory(
            partij=persoon,
            onderwerp=wereld.onderwerpen["publiekszaken" if i % 2 else "wmo"],
            kanaal=wereld.kanalen["telefoon"],
            medewerker=wereld.users["kcc" if i % 2 else "wmo"].medewerker,
        )
        if i % 3 == 0:
            zaak.contactmomenten.add(cm)
            VerstrektAdres.objects.create(
                contactmoment=cm, soort="telefoonnummer", adres="+31612345678"
            )
            Terugbelverzoek.objects.create(
                partij=persoon,
                contactmoment=cm,
                onderwerp=cm.onderwerp,
                vraag="Bel terug",
                telefoonnummer="+31612345678",
                afdeling=wereld.afdelingen["publiekszaken"],
                status="nieuw",
                deadline=timezone.now(),
                aangemaakt=timezone.now(),
            )
    return persoon


def test_the_klantbeeld_call_costs_the_same_queries_for_5_or_100_contacts(
    api, wereld, lange_geschiedenis
):
    persoon = lange_geschiedenis
    kiss = api("kcc")
    params = {"hadBetrokkene__wasPartij__uuid": ids.maak("partij", persoon.id), "expand": EXPAND}
    kiss.get("klantcontacten", **params, pageSize=1)  # warm: the client's first use is written
    klein, body5 = _queries(kiss, **params, pageSize=5)
    groot, body100 = _queries(kiss, **params, pageSize=100)
    assert len(body5["results"]) == 5
    assert len(body100["results"]) == 100
    assert body100["count"] == 120
    assert any(r["_expand"]["leiddeTotInterneTaken"] for r in body100["results"])
    assert any(r["_expand"]["gingOverOnderwerpobjecten"] for r in body100["results"])
    assert any(r["hadBetrokkenActoren"] for r in body100["results"])
    assert klein == groot, (klein, groot)
    assert groot <= 20, groot


class _AltijdViaOrm:
    """Stands in for a kept query: every call runs through the ORM."""

    compleet = False

    def __init__(self, *args):
        pass


def test_the_klantbeeld_call_answers_what_the_orm_and_the_bsn_list_answer_for_every_role(
    api, portaal, wereld, lange_geschiedenis
):
    """KISS's klantbeeld call reads through kept queries; for every role (and the portal) it
    answers exactly what the ORM answers, and what the same person's list asked by BSN (the
    general path) answers: the same contacts, at the same level, with the same links."""
    persoon = lange_geschiedenis
    pagina = {"expand": EXPAND, "pageSize": 50, "page": 2}
    op_uuid = {"hadBetrokkene__wasPartij__uuid": ids.maak("partij", persoon.id), **pagina}
    op_bsn = {
        "hadBetrokkene__wasPartij__partijIdentificator__codeSoortObjectId": "bsn",
        "hadBetrokkene__wasPartij__partijIdentificator__objectId": persoon.bsn,
        **pagina,
    }
    vergeleken = 0
    clients = [api(short) for short in wereld.users] + [portaal(persoon.bsn)]
    for client in clients:
        voorbereid.vergeten()
        status, eerst = client._doe("GET", "klantcontacten", params=op_uuid)
        _, opnieuw = client._doe("GET", "klantcontacten", params=op_uuid)
        voorbereid.vergeten()
        with mock.patch.object(voorbereid, "_Voorbereid", _AltijdViaOrm):
            _, orm = client._doe("GET", "klantcontacten", params=op_uuid)
        _, bsn = client._doe("GET", "klantcontacten", params=op_bsn)
        assert eerst == opnieuw == orm, client.client.naam
        if status != 200:  # a role that serves no public: refused alike
            assert bsn["status"] == status
            continue
        assert eerst["count"] == bsn["count"]
        assert eerst["results"] == bsn["results"], client.client.naam
        vergeleken += 1
    assert vergeleken >= 4  # the public-serving roles and the portal
    voorbereid.vergeten()
    clients[list(wereld.users).index("kcc")].get("klantcontacten", **op_uuid)
    assert voorbereid._kept
    assert all(kept.compleet for kept in voorbereid._kept.values())
