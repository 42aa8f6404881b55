"""The telephony platform's events (issue 17, first part): stored once, in any order, in our
own form and in Zammad's; the caller's number never in the clear; the reconciliation import
idempotent with the live events; the caller-id pop-up from the same call id."""

import hashlib
import hmac
import json

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from channels.models import Gesprek
from channels.telefonie import oproep_key
from sources.models import Telefoniegebeurtenis
from tests.catalogus import maak_wereld

pytestmark = pytest.mark.django_db
PAD = "/telefonie/gebeurtenissen/"
TOKEN = "telefonie-proef-token"


@pytest.fixture
def wereld(db, settings):
    settings.KCC_TELEFONIE_TOKEN = TOKEN
    settings.KCC_TELEFONIE_HMAC_SLEUTEL = "hmac-proef-sleutel"
    settings.KCC_TELEFONIE_HASH_SLEUTEL = "hash-proef-sleutel"
    return maak_wereld()


def sturen(client, body, *, token=TOKEN, **koppen):
    return client.post(
        PAD,
        json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}", **koppen},
    )


def gesprek(call_id="c-1", agent="t-kcc", caller="06 12345678"):
    return [
        {"call_id": call_id, "event": "queued", "ts": "2026-11-30T08:00:00Z", "queue": "14024",
         "caller": caller},
        {"call_id": call_id, "event": "answered", "ts": "2026-11-30T08:00:42Z", "queue": "14024",
         "agent": agent, "caller": caller},
        {"call_id": call_id, "event": "ended", "ts": "2026-11-30T08:05:00Z", "agent": agent},
    ]  # fmt: skip


def test_events_are_stored_once_whatever_the_order_and_however_often(client, wereld):
    antwoord = sturen(client, list(reversed(gesprek())))
    assert antwoord.status_code == 201
    assert antwoord.json() == {"ontvangen": 3, "nieuw": 3}
    # the platform retries; a duplicate inside one request too
    antwoord = sturen(client, gesprek() + gesprek()[:1])
    assert antwoord.status_code == 200
    assert antwoord.json() == {"ontvangen": 4, "nieuw": 0}
    rijen = list(Telefoniegebeurtenis.objects.order_by("tijdstip"))
    assert [r.soort for r in rijen] == ["queued", "answered", "ended"]
    assert rijen[0].wachtrij == "14024"
    # the caller's number never in the clear: a keyed hash, the same for the same caller
    # however it is written
    opgeslagen = json.dumps(list(Telefoniegebeurtenis.objects.values()), default=str)
    assert "612345678" not in opgeslagen
    verwacht = hmac.new(b"hash-proef-sleutel", b"+31612345678", hashlib.sha256).hexdigest()
    assert rijen[0].beller_hash == verwacht
    sturen(client, gesprek("c-2", caller="+31 6 1234 5678"))
    assert Telefoniegebeurtenis.objects.get(call_id="c-2", soort="queued").beller_hash == verwacht


def test_zammad_newcall_answer_hangup_form_encoded(client, wereld):
    for data in [
        {"event": "newCall", "callId": "z-1", "from": "0243299000", "to": "14024",
         "direction": "in", "queue": "Algemeen", "ts": "2026-11-30T09:00:00Z"},
        {"event": "hangup", "callId": "z-1", "from": "0243299000", "direction": "in",
         "cause": "cancel", "ts": "2026-11-30T09:00:03Z"},
    ]:  # fmt: skip
        antwoord = client.post(PAD, data, headers={"Authorization": f"Bearer {TOKEN}"})
        assert antwoord.status_code == 201, antwoord.content
    soorten = dict(Telefoniegebeurtenis.objects.values_list("soort", "waarde"))
    # a hangup is an end with its cause; never answered, so the figures count it abandoned
    assert soorten == {"queued": "", "ended": "cancel"}
    fout = client.post(
        PAD,
        {"event": "hangup", "callId": "z-1", "cause": "boos", "ts": "2026-11-30T09:00:04Z"},
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    assert fout.status_code == 400
    assert "boos" in fout.json()["detail"]


def test_bad_events_change_nothing_and_say_why_in_dutch(client, wereld):
    slecht = [*gesprek(), {"call_id": "c-9", "event": "gezellig", "ts": "2026-11-30T08:00:00Z"}]
    antwoord = sturen(client, slecht)
    assert antwoord.status_code == 400
    assert "Gebeurtenis 4" in antwoord.json()["detail"]
    zonder_zone = [{"call_id": "c-9", "event": "queued", "ts": "2026-11-30T08:00:00"}]
    assert "tijdzone" in sturen(client, zonder_zone).json()["detail"]
    assert not Telefoniegebeurtenis.objects.exists()
    assert sturen(client, gesprek(), token="fout").status_code == 401


def test_an_hmac_signature_is_an_alternative_to_the_token(client, wereld):
    body = json.dumps(gesprek("h-1")).encode()
    handtekening = hmac.new(b"hmac-proef-sleutel", body, hashlib.sha256).hexdigest()
    antwoord = client.post(
        PAD, body, content_type="application/json",
        headers={"X-KCC-Signature": f"sha256={handtekening}"},
    )  # fmt: skip
    assert antwoord.status_code == 201
    vervalst = client.post(
        PAD, body + b" ", content_type="application/json",
        headers={"X-KCC-Signature": f"sha256={handtekening}"},
    )  # fmt: skip
    assert vervalst.status_code == 401


def nu_gesprek(call_id, **kwargs):
    """The same call, happening now."""
    from datetime import timedelta

    from django.utils import timezone

    begin = timezone.now() - timedelta(minutes=2)
    rijen = gesprek(call_id, **kwargs)
    for n, rij in enumerate(rijen):
        rij["ts"] = (begin + timedelta(seconds=40 * n)).isoformat()
    return rijen


def test_an_answered_call_pops_the_caller_on_the_agents_screen_and_its_end_closes_it(
    client, wereld
):
    agent = wereld.users["kcc"]
    # an old call (the platform sending what it had queued) pops up nowhere
    sturen(client, gesprek("oud")[:2])
    assert not Gesprek.objects.filter(call_id="oud").exists()
    sturen(client, nu_gesprek("p-1")[:2])
    popup = Gesprek.objects.get(call_id="p-1")
    assert popup.medewerker.user == agent
    assert popup.nummer == "+31612345678"
    assert cache.get(oproep_key(agent.id)) == popup.id
    sturen(client, nu_gesprek("p-1")[2:])
    popup.refresh_from_db()
    assert popup.einde is not None
    # an agent of the platform who is no colleague here: stored, no pop-up, no error
    assert sturen(client, nu_gesprek("p-2", agent="onbekend")).status_code == 201
    assert not Gesprek.objects.filter(call_id="p-2").exists()


def test_the_events_are_append_only(wereld):
    Telefoniegebeurtenis.objects.create(
        call_id="a-1", soort="queued", tijdstip="2026-11-30T08:00:00Z"
    )
    for sql in [
        "UPDATE sources_telefoniegebeurtenis SET wachtrij = 'x'",
        "DELETE FROM sources_telefoniegebeurtenis",
    ]:
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as c:
            c.execute(sql)
    assert Telefoniegebeurtenis.objects.count() == 1


def test_the_reconciliation_import_adds_only_what_the_webhook_missed(client, wereld, tmp_path):
    sturen(client, gesprek("r-1"))
    export = tmp_path / "export.csv"
    export.write_text(
        "call_id,event,ts,queue,agent,caller\n"
        "r-1,queued,2026-11-30T08:00:00Z,14024,,06 12345678\n"
        "r-1,answered,2026-11-30T08:00:42Z,14024,t-kcc,06 12345678\n"
        "r-1,ended,2026-11-30T08:05:00Z,,t-kcc,\n"
        "r-2,queued,2026-11-30T10:00:00Z,14024,,0243299000\n"
        "r-2,abandoned,2026-11-30T10:00:31Z,14024,,0243299000\n",
        encoding="utf-8",
    )
    call_command("telefonie_importeren", str(export))
    call_command("telefonie_importeren", str(export))  # twice: still once
    assert Telefoniegebeurtenis.objects.count() == 5
    assert set(
        Telefoniegebeurtenis.objects.filter(call_id="r-2").values_list("bron", flat=True)
    ) == {"import"}
    # the import pops nothing on anyone's screen
    assert not Gesprek.objects.filter(call_id="r-2").exists()
    slecht = tmp_path / "slecht.csv"
    slecht.write_text("call_id,event,ts\nr-3,queued,gisteren\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Regel 2"):
        call_command("telefonie_importeren", str(slecht))
    assert not Telefoniegebeurtenis.objects.filter(call_id="r-3").exists()


def test_the_older_caller_id_form_is_part_of_the_same_call(client, wereld):
    from sources.models import Oproep

    sturen(client, gesprek("oud-1")[:1])  # the queue entry, in the adapter's own form
    kop = {"Authorization": f"Bearer {TOKEN}"}
    begonnen = client.post(
        "/telefonie/gebeurtenis/",
        json.dumps({"event": "call_started", "call_id": "oud-1", "agent": "t-kcc",
                    "caller": "06 12345678"}),
        content_type="application/json",
        headers=kop,
    )  # fmt: skip
    assert begonnen.status_code == 201
    assert Gesprek.objects.get(call_id="oud-1").medewerker.user.username == "t-kcc"
    beeindigd = client.post(
        "/telefonie/gebeurtenis/",
        json.dumps({"event": "call_ended", "call_id": "oud-1"}),
        content_type="application/json",
        headers=kop,
    )
    assert beeindigd.status_code == 200
    soorten = set(
        Telefoniegebeurtenis.objects.filter(call_id="oud-1").values_list("soort", flat=True)
    )
    assert soorten == {"queued", "answered", "ended"}
    oproep = Oproep.objects.get(call_id="oud-1")
    assert oproep.binnen is not None
    assert oproep.aangenomen is not None
    assert oproep.agent == "t-kcc"
    assert oproep.einde is not None
    # an unknown agent is refused as before, and nothing is stored for it
    onbekend = client.post(
        "/telefonie/gebeurtenis/",
        json.dumps({"event": "call_started", "call_id": "oud-2", "agent": "niemand"}),
        content_type="application/json",
        headers=kop,
    )
    assert onbekend.status_code == 400
    assert not Telefoniegebeurtenis.objects.filter(call_id="oud-2").exists()
