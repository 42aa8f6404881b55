"""Data is kept no longer than needed: retention of contact moments and of the access log."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from contacts.models import Contactmoment
from contacts.retention import bewaartermijnen_toepassen
from permissions.accesslog import check_chain
from permissions.models import Toegangslog
from tests.catalogus import maak_wereld
from tests.factories import ContactmomentFactory, PersoonFactory

pytestmark = pytest.mark.django_db


def test_contact_moments_past_retention_are_removed_and_the_removal_is_logged(settings):
    settings.KCC_BEWAARTERMIJN_CONTACTMOMENT_DAGEN = 730
    wereld = maak_wereld()
    persoon = PersoonFactory()
    now = timezone.now()
    ContactmomentFactory(
        partij=persoon,
        onderwerp=wereld.onderwerpen["afval"],
        tijdstip=now - datetime.timedelta(days=731),
        vraag="OUD",
    )
    ContactmomentFactory(
        partij=persoon,
        onderwerp=wereld.onderwerpen["afval"],
        tijdstip=now - datetime.timedelta(days=10),
        vraag="RECENT",
    )
    result = bewaartermijnen_toepassen()
    assert result["contactmomenten"] == 1
    assert list(Contactmoment.objects.values_list("vraag", flat=True)) == ["RECENT"]
    entry = Toegangslog.objects.get(handeling="bewaartermijn")
    assert entry.object_type == "contactmoment"
    assert entry.object_id == 1
    assert "730 dagen" in entry.doel
    # idempotent
    assert bewaartermijnen_toepassen()["contactmomenten"] == 0


def test_log_retention_removes_only_old_rows_and_the_chain_still_checks(client, settings):
    from unittest import mock

    settings.KCC_BEWAARTERMIJN_TOEGANGSLOG_DAGEN = 1825
    wereld = maak_wereld()
    client.force_login(wereld.users["kcc"])
    client.get(reverse("home"))  # the session's activity marks, written before the clock moves
    oud = timezone.now() - datetime.timedelta(days=1826)
    with mock.patch("permissions.accesslog.timezone.now", return_value=oud):
        for _ in range(3):
            client.get(reverse("klantbeeld:klantbeeld", args=[PersoonFactory().id]))
    client.get(reverse("klantbeeld:klantbeeld", args=[PersoonFactory().id]))
    assert Toegangslog.objects.count() == 4
    result = bewaartermijnen_toepassen()
    assert result["toegangslog"] == 3
    remaining = list(Toegangslog.objects.order_by("id"))
    assert [e.handeling for e in remaining] == ["klantbeeld_geopend", "bewaartermijn"]
    assert remaining[1].object_id == 3
    assert check_chain() is None
    client.get(reverse("klantbeeld:klantbeeld", args=[PersoonFactory().id]))
    assert check_chain() is None


def test_a_shorter_term_in_the_settings_removes_nothing_the_law_keeps(client, settings):
    """The database keeps its own legal minimum: a setting of one day removes nothing newer."""
    settings.KCC_BEWAARTERMIJN_TOEGANGSLOG_DAGEN = 1
    wereld = maak_wereld()
    client.force_login(wereld.users["kcc"])
    client.get(reverse("klantbeeld:klantbeeld", args=[PersoonFactory().id]))
    result = bewaartermijnen_toepassen(now=timezone.now() + datetime.timedelta(days=30))
    assert result["toegangslog"] == 0
    assert Toegangslog.objects.count() == 1


def test_no_session_setting_opens_the_log(client):
    from django.db import DatabaseError, connection, transaction

    wereld = maak_wereld()
    client.force_login(wereld.users["kcc"])
    client.get(reverse("klantbeeld:klantbeeld", args=[PersoonFactory().id]))
    cutoff = (timezone.now() + datetime.timedelta(days=1)).isoformat()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT set_config('kcc.retentie_tot', %s, true)", [cutoff])
        with pytest.raises(DatabaseError), transaction.atomic():
            cursor.execute("DELETE FROM permissions_toegangslog")
    assert Toegangslog.objects.count() == 1
