"""A page of the API costs a fixed number of queries, whatever its size (the klantbeeld of
KISS asks for 100 contacts with everything expanded; Open Klant needed 508 queries)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from callbacks.models import Terugbelverzoek
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


def test_the_klantbeeld_call_costs_the_same_queries_for_5_or_100_contacts(api, wereld):
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
