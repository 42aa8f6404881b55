"""Each figure on small hand-made event sets, against answers computed by hand (issue 17):
short abandons, a call crossing an interval boundary, transfers, hold, callbacks instead of
waiting, the night the clocks go back, duplicate and out-of-order events."""

import datetime

import pytest

from cijfers import eigen, overzicht, telefonie
from cijfers.bereik import bereik_van
from sources.models import Oproep
from tests.cijfers.conftest import gesprek, lokaal, stuur, ts, utc
from tests.factories import ContactmomentFactory, PersoonFactory

pytestmark = pytest.mark.django_db
MAANDAG = lokaal(2026, 11, 30, 9, 0)


def cijfers(wereld, periode="dag", dag=None, gebruiker="management"):
    dag = dag or MAANDAG.date()
    bereik = bereik_van(wereld.users[gebruiker])
    return overzicht.dashboard(bereik, overzicht.periode(periode, dag))


def test_service_level_speed_of_answer_handling_time_and_abandons(wereld, definitie):
    stuur(
        *gesprek("c1", MAANDAG, wacht=10),
        *gesprek("c2", MAANDAG, wacht=30),
        *gesprek("c3", MAANDAG, wacht=90),
        *gesprek("c4", MAANDAG, opgehangen=3),  # a short abandon: counted apart
        *gesprek("c5", MAANDAG, opgehangen=40),
        *gesprek("c6", MAANDAG, wacht=60),  # exactly 60 s: within the minute
    )
    t = cijfers(wereld).totaal
    assert (t.binnen, t.aangenomen, t.opgehangen, t.kort_opgehangen) == (6, 4, 1, 1)
    # of 4 answered + 1 abandoned (the short abandon in neither): c1, c2, c6 within 60 s
    assert t.servicelevel(60) == pytest.approx(60.0)
    assert t.servicelevel(15) == pytest.approx(20.0)
    assert t.asa == pytest.approx((10 + 30 + 90 + 60) / 4)
    assert t.aht == pytest.approx(200 + 40)
    assert t.verlaten_procent == pytest.approx(100 / 6)
    assert t.haalt_doel(60) is False


def test_a_call_counts_in_the_interval_it_entered_the_queue(wereld, definitie):
    stuur(
        *gesprek("voor", lokaal(2026, 11, 30, 9, 14, 50), wacht=30),  # answered at 09:15:20
        *gesprek("op", lokaal(2026, 11, 30, 9, 15, 0), wacht=5),
    )
    intervallen = dict(cijfers(wereld).intervallen)
    assert set(intervallen) == {"09:00", "09:15"}
    assert (intervallen["09:00"].binnen, intervallen["09:15"].binnen) == (1, 1)
    assert intervallen["09:00"].servicelevel(15) == 0  # 30 s
    assert intervallen["09:15"].servicelevel(15) == 100


def test_the_night_the_clocks_go_back(wereld, definitie):
    stuur(
        *gesprek("zomer", utc("2026-10-25T00:30:00Z"), wacht=5),  # 02:30 summer time
        *gesprek("winter", utc("2026-10-25T01:30:00Z"), wacht=100),  # 02:30 winter time
        *gesprek("vroeg", utc("2026-10-24T22:30:00Z"), wacht=5),  # 00:30 on the 25th
        *gesprek("volgende", utc("2026-10-25T23:30:00Z"), wacht=5),  # 00:30 on the 26th
    )
    dag = overzicht.periode("dag", datetime.date(2026, 10, 25))
    # Python subtracts wall-clock times within one zone: count in UTC
    duur = dag.tot.astimezone(datetime.UTC) - dag.van.astimezone(datetime.UTC)
    assert duur == datetime.timedelta(hours=25)
    db = cijfers(wereld, dag=dag.begin)
    assert db.totaal.binnen == 3
    intervallen = dict(db.intervallen)
    assert list(intervallen) == ["00:30", "02:30 zomertijd", "02:30 wintertijd"]
    assert intervallen["02:30 zomertijd"].servicelevel(60) == 100
    assert intervallen["02:30 wintertijd"].servicelevel(60) == 0
    # across the week the time of day adds both 02:30s up
    week = dict(cijfers(wereld, periode="week", dag=dag.begin).intervallen)
    assert week["02:30"].binnen == 2


def test_duplicates_and_events_out_of_order_change_nothing(wereld, definitie):
    events = gesprek("x", MAANDAG, wacht=20) + gesprek("y", MAANDAG, opgehangen=30)
    stuur(*reversed(events))
    eerst = list(Oproep.objects.order_by("call_id").values())
    stuur(*events, *events[:2])  # the platform retries; the import brings them again
    assert list(Oproep.objects.order_by("call_id").values()) == eerst
    # the answer arrives before the queue entry, in separate requests
    later = gesprek("z", MAANDAG, wacht=45)
    stuur(later[1])
    assert Oproep.objects.get(call_id="z").binnen is None
    stuur(later[0], *later[2:])
    t = cijfers(wereld).totaal
    assert (t.binnen, t.aangenomen, t.opgehangen) == (3, 2, 1)
    assert t.asa == pytest.approx((20 + 45) / 2)


def test_transfers_flow_outs_callbacks_and_hold(wereld, definitie):
    c1 = gesprek("c1", MAANDAG, wacht=10)
    stuur(
        *c1,
        {"call_id": "c1", "event": "hold", "ts": ts(MAANDAG, 50)},
        {"call_id": "c1", "event": "unhold", "ts": ts(MAANDAG, 80)},
        {"call_id": "c1", "event": "transferred", "ts": ts(MAANDAG, 150), "to": "wmo"},
        *gesprek("c2", MAANDAG, wacht=20),
        # Zammad: a caller who hangs up before an answer has abandoned…
        {"event": "newCall", "callId": "z1", "from": "0612345678", "queue": "14024-algemeen",
         "direction": "in", "ts": ts(MAANDAG)},
        {"event": "hangup", "callId": "z1", "cause": "cancel", "ts": ts(MAANDAG, 30)},
        # …one forwarded before an answer left the queue (a flow-out)
        {"event": "newCall", "callId": "z2", "from": "0612345678", "queue": "14024-algemeen",
         "direction": "in", "ts": ts(MAANDAG)},
        {"event": "hangup", "callId": "z2", "cause": "forwarded", "ts": ts(MAANDAG, 20)},
        # asked to be called back instead of waiting: in no figure of waiting
        {"call_id": "tb", "event": "queued", "ts": ts(MAANDAG), "queue": "14024-algemeen"},
        {"call_id": "tb", "event": "callback_requested", "ts": ts(MAANDAG, 70)},
        {"call_id": "tb", "event": "ended", "ts": ts(MAANDAG, 75)},
    )  # fmt: skip
    assert Oproep.objects.get(call_id="c1").wacht_seconden == pytest.approx(30)
    t = cijfers(wereld).totaal
    assert (t.binnen, t.aangenomen, t.opgehangen, t.weg_voor_aannemen) == (5, 2, 1, 1)
    assert t.doorverbonden_procent == pytest.approx(50)
    assert t.servicelevel(60) == pytest.approx(100 * 2 / 3)  # c1, c2 of c1, c2, z1
    assert t.verlaten_procent == pytest.approx(100 / 4)  # z1 of the 4 that waited
    definitie.doorverbonden_meetellen = True
    definitie.save()
    assert cijfers(wereld).totaal.servicelevel(60) == pytest.approx(100 * 2 / 4)


def test_occupancy_from_the_agent_states(wereld, definitie):
    def staat(minuut, waarde, agent="t-kcc"):
        return {"event": "agent_state", "agent": agent, "state": waarde,
                "ts": ts(MAANDAG, minuut * 60)}  # fmt: skip

    stuur(
        staat(0, "available"),
        staat(10, "busy"),
        staat(40, "acw"),
        staat(50, "available"),
        staat(60, "away"),
        staat(0, "away", agent="t-balie"),  # away all the time: in neither
    )
    bereik = bereik_van(wereld.users["management"])
    b = telefonie.bezetting(
        bereik, MAANDAG, MAANDAG + datetime.timedelta(hours=1), definitie, nu=lokaal(2026, 12, 1)
    )
    assert (b.bezet_s, b.nawerk_s, b.beschikbaar_s) == (1800, 600, 1200)
    assert b.procent == pytest.approx(100 * 40 / 60)
    # a state without a successor lasts at most 12 hours, and never beyond now
    stuur(staat(120, "busy", agent="t-wmo"))
    b = telefonie.bezetting(
        bereik, MAANDAG, MAANDAG + datetime.timedelta(days=1), definitie,
        nu=MAANDAG + datetime.timedelta(hours=3),
    )  # fmt: skip
    assert b.bezet_s == 1800 + 3600


def test_repeat_contacts_and_first_contact_resolution(wereld, definitie):
    persoon = PersoonFactory()
    onderwerp, ander = list(wereld.onderwerpen.values())[:2]
    kanaal = wereld.kanalen["telefoon"]
    afdeling = wereld.afdelingen["kcc"]

    def contact(dag, o, resultaat="beantwoord"):
        return ContactmomentFactory(
            partij=persoon, onderwerp=o, kanaal=kanaal, afdeling=afdeling,
            tijdstip=lokaal(2026, 11, dag, 10), resultaat=resultaat,
        )  # fmt: skip

    contact(2, onderwerp)  # followed by a contact about the same within 7 days: not solved
    contact(5, onderwerp)  # a repeat contact; nothing followed: solved
    contact(6, ander)  # another question: solved at once, no repeat
    contact(20, onderwerp, "terugbelverzoek")  # 15 days later: no repeat; not solved at once
    bereik = bereik_van(wereld.users["management"])
    p = overzicht.periode("maand", datetime.date(2026, 11, 1))
    h = eigen.herhaling(bereik, p.van, p.tot, definitie)
    assert (h.contacten, h.eerste_keer_goed, h.herhaald) == (4, 2, 1)
    assert h.fcr_procent == 50
    definitie.herhaal_dagen = 20
    h = eigen.herhaling(bereik, p.van, p.tot, definitie)
    # day 20 repeats day 5 now, and so day 5 was not solved either
    assert (h.eerste_keer_goed, h.herhaald) == (1, 2)
