"""During a mail outage each unmailed notification waits in the mail queue once, however
often the sweep runs, and mail has a queue of its own, so routing never waits behind it.
Real Redis as the broker; the queue is read as Redis holds it."""

import datetime
import uuid

import pytest
from django.utils import timezone

from callbacks import tasks
from callbacks.models import Melding
from core import broker
from core.health import run_checks, wachtende_taken
from nijmegen_kcc.celery import app
from tests.callbacks.test_callbacks import routed
from tests.catalogus import maak_wereld
from tests.factories import PersoonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def eigen_wachtrij():
    """Tasks of this test on a queue of its own (nothing else sends there, no worker reads it)."""
    vorige = app.conf.task_default_queue
    app.conf.task_default_queue = f"test-{uuid.uuid4().hex[:8]}"
    yield app.conf.task_default_queue
    with app.connection_for_write() as conn:
        conn.default_channel.client.delete(vorige, app.conf.task_default_queue + "-mail")
    app.conf.task_default_queue = vorige


def test_mail_tasks_have_a_queue_of_their_own(eigen_wachtrij):
    router = app.amqp.router
    assert router.route({}, "callbacks.tasks.mailen")["queue"].name == eigen_wachtrij + "-mail"
    assert (
        router.route({}, "kcc_channels.tasks.bevestiging_mailen")["queue"].name
        == eigen_wachtrij + "-mail"
    )
    assert router.route({}, "callbacks.tasks.routeren")["queue"].name == eigen_wachtrij


def test_the_sweep_queues_each_unmailed_notification_once(eigen_wachtrij, client):
    wereld = maak_wereld()
    routed(wereld, PersoonFactory(), "wmo", n=30)
    assert Melding.objects.count() == 30
    # the mail server is away: nothing is mailed, and the notifications grow old
    Melding.objects.update(aangemaakt=timezone.now() - datetime.timedelta(minutes=5))
    mail = eigen_wachtrij + "-mail"
    for _ in range(5):  # a minute and a half of sweeps
        tasks.nalopen()
    # one task for the 30 (one batch), not one per notification per sweep
    assert wachtende_taken(mail) == 1
    # and the health page says that tasks wait in a queue nobody reads
    checks = {check.name: check for check in run_checks()}
    assert not checks["Wachtrijen"].ok
    assert mail in checks["Wachtrijen"].detail
    # and so does the metric the monitoring scrapes (internal network only)
    metrics = client.get("/metrics").content.decode()
    assert f'kcc_wachtrij_taken{{wachtrij="{mail}"}} 1.0' in metrics
    assert f'kcc_wachtrij_lezers{{wachtrij="{mail}"}} 0.0' in metrics
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.7").status_code == 404


def test_a_running_mail_task_keeps_its_place_and_a_finished_one_frees_it(eigen_wachtrij):
    naam = "callbacks.tasks.mailen"
    assert broker.in_wachtrij_zetten(naam, [1, 2, 3]) == [1, 2, 3]
    assert broker.in_wachtrij_zetten(naam, [1, 2, 3, 4]) == [4]
    broker.nog_bezig(naam, [1, 2, 3])
    broker.klaar(naam, [1, 2])
    assert broker.in_wachtrij_zetten(naam, [1, 2, 3]) == [1, 2]
