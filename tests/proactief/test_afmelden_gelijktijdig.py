"""The opt-out holds under concurrency: two processes, one recording an opt-out, one about to
send a letter to the same person. Whichever takes the person's lock first decides: an opt-out
committed first stops the send; a send under way finishes (and is recorded) before the opt-out
is, and nothing is sent after. Never a letter to someone whose opt-out was already stored."""

import datetime
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from django.utils import timezone

from contacts.models import Adres
from proactief import services
from proactief.models import Afmelding, Benadering, Campagne, Kandidaat
from tests.conftest import BASE_DIR, worker_env

from .conftest import in_register

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.proces]
BSN = "999990056"
BRIEF = "Beste ((naam)), bel ((telefoon)) of meld u af: ((afmeldlink))"


@pytest.fixture
def brief_klaar(wereld, campagneteam, notify):
    """An active campaign whose first step, a letter to de Wit, is due now."""
    partij = in_register(BSN)
    Adres.objects.create(
        partij=partij, soort="woonadres", straat="Oranjesingel", huisnummer=40,
        postcode="6511NZ", woonplaats="Nijmegen",
    )  # fmt: skip
    campagne = services.campagne_opslaan(
        door=wereld.users["teamleider"],
        velden={
            "titel": "Meedoen", "regeling": "Minima", "grondslag": "Pw", "vorm": "informeren",
            "gegevenscategorieen": ["BSN"], "team": campagneteam, "ladder": ["brief"],
            "brieftekst": BRIEF,
            "bewaren_tot": timezone.localdate() + datetime.timedelta(days=30),
        },
    )  # fmt: skip
    Campagne.objects.filter(pk=campagne.pk).update(
        status="actief", goedgekeurd_door=wereld.users["management"]
    )
    k = Kandidaat.objects.create(
        campagne=campagne, bsn=BSN, signaal="s", datum=timezone.localdate(), bron="b",
        status="goedgekeurd", partij=partij, stap=1,
    )  # fmt: skip
    return Benadering.objects.create(kandidaat=k, stap=1, soort="brief", uiterlijk=timezone.now())


def _ander_proces(settings, code: str) -> tuple[subprocess.Popen, Path]:
    merk = Path(tempfile.mkstemp(prefix="afmelden-")[1])
    merk.unlink()
    proc = subprocess.Popen(
        [sys.executable, "-c", code.replace("MERK", str(merk))],
        cwd=BASE_DIR,
        env={
            **worker_env(settings, "proactief-test"),
            "DJANGO_SETTINGS_MODULE": "nijmegen_kcc.settings",
            "KCC_NOTIFYNL_URL": settings.KCC_NOTIFYNL_URL,
            "KCC_NOTIFYNL_API_KEY": settings.KCC_NOTIFYNL_API_KEY,
            "KCC_NOTIFYNL_SJABLOON_BRIEF": settings.KCC_NOTIFYNL_SJABLONEN["brief"],
        },
    )
    return proc, merk


def _wachten(voorwaarde, seconden=30):
    einde = time.monotonic() + seconden
    while time.monotonic() < einde:
        if voorwaarde():
            return
        time.sleep(0.05)
    pytest.fail("the other process did not get there in time")


AFMELDEN_EN_WACHTEN = """
import django, time, pathlib
django.setup()
from django.db import transaction
from proactief.services import afmelden
with transaction.atomic():
    afmelden(bsn="BSN", bron="brief")
    pathlib.Path("MERK").write_text("vast")
    time.sleep(2)  # the opt-out holds the person's lock, not yet committed
""".replace("BSN", BSN)


def test_een_afmelding_die_eerst_het_slot_heeft_houdt_de_brief_tegen(settings, brief_klaar, notify):
    proc, merk = _ander_proces(settings, AFMELDEN_EN_WACHTEN)
    _wachten(merk.exists)
    # the letter is being prepared while the opt-out is not committed yet: it waits for it
    assert services.benadering_uitvoeren(brief_klaar.id) is False
    assert proc.wait(20) == 0
    brief_klaar.refresh_from_db()
    assert brief_klaar.status == "geannuleerd"
    assert notify.controle("/_stub/berichten", methode="GET") == []


VERSTUREN = """
import django
django.setup()
from proactief.services import benadering_uitvoeren
assert benadering_uitvoeren(ID)
"""


def test_een_brief_die_al_onderweg_is_gaat_voor_en_daarna_niets_meer(settings, brief_klaar, notify):
    notify.storing("traag", seconden=2)  # NotifyNL takes its time: the send holds the lock
    proc, _merk = _ander_proces(settings, VERSTUREN.replace("ID", str(brief_klaar.id)))
    _wachten(lambda: notify.verzoeken())  # the letter has reached NotifyNL
    services.afmelden(bsn=BSN, bron="kcc")  # waits for the send to finish
    assert proc.wait(20) == 0
    brief_klaar.refresh_from_db()
    assert brief_klaar.status == "verstuurd"  # sent before the opt-out was: recorded
    k = Kandidaat.objects.get(pk=brief_klaar.kandidaat_id)
    assert (k.status, k.filter) == ("uitgesloten", "opt_out")
    assert Afmelding.objects.filter(bsn=BSN).count() == 1
    assert len(notify.controle("/_stub/berichten", methode="GET")) == 1
