"""Object grants: the behandelaar, a case team (doorbraakaanpak) and time-limited shares."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from cases.models import Zaak, ZaakGroupObjectPermission, ZaakUserObjectPermission
from cases.services import toegang_verlenen
from cases.tasks import verlopen_toegang_opruimen
from tests.catalogus import maak_wereld
from tests.factories import PersoonFactory, ZaakFactory


def html_for(client, user, persoon):
    client.force_login(user)
    return client.get(reverse("klantbeeld:klantbeeld", args=[persoon.id])).content.decode()


@pytest.mark.django_db
def test_a_case_team_gets_full_view_of_one_zaak_only(client):
    wereld = maak_wereld()
    persoon = PersoonFactory()
    zaak = ZaakFactory(
        partij=persoon,
        zaaktype=wereld.zaaktypen["openbare-ruimte"],
        omschrijving="DOORBRAAK-X1",
        vertrouwelijkheidaanduiding="geheim",
    )
    ZaakFactory(
        partij=persoon, zaaktype=wereld.zaaktypen["openbare-ruimte"], omschrijving="ANDERE-X2"
    )
    wmo = wereld.users["wmo"]
    assert "DOORBRAAK-X1" not in html_for(client, wmo, persoon)
    team = Group.objects.create(name="Casusteam Dukenburg")
    wmo.groups.add(team)
    toegang_verlenen(zaak=zaak, aan=team)
    html = html_for(client, wmo, persoon)
    assert "DOORBRAAK-X1" in html  # granted: full, even though geheim
    assert "ANDERE-X2" not in html  # the grant is for that one zaak


@pytest.mark.django_db
def test_a_time_limited_share_ends_by_itself(client):
    wereld = maak_wereld()
    persoon = PersoonFactory()
    zaak = ZaakFactory(partij=persoon, zaaktype=wereld.zaaktypen["wmo"], omschrijving="DEEL-X3")
    kcc = wereld.users["kcc"]
    toegang_verlenen(zaak=zaak, aan=kcc, geldig_tot=timezone.now() + datetime.timedelta(hours=1))
    assert "DEEL-X3" in html_for(client, kcc, persoon)
    ZaakUserObjectPermission.objects.update(geldig_tot=timezone.now() - datetime.timedelta(1))
    assert "DEEL-X3" not in html_for(client, kcc, persoon)  # expired: gone at once


@pytest.mark.celery
def test_beat_task_removes_expired_grants_in_a_real_worker(celery_worker_process):
    wereld = maak_wereld()
    zaak = ZaakFactory(partij=PersoonFactory(), zaaktype=wereld.zaaktypen["wmo"])
    past = timezone.now() - datetime.timedelta(minutes=1)
    toegang_verlenen(zaak=zaak, aan=wereld.users["kcc"], geldig_tot=past)
    toegang_verlenen(zaak=zaak, aan=wereld.users["balie"])  # no end: stays
    team = Group.objects.create(name="Casusteam")
    toegang_verlenen(zaak=zaak, aan=team, geldig_tot=past)
    assert verlopen_toegang_opruimen.delay().get(timeout=20) == 2
    assert list(ZaakUserObjectPermission.objects.values_list("user__username", flat=True)) == [
        "t-balie"
    ]
    assert not ZaakGroupObjectPermission.objects.exists()
    # idempotent: a second run finds nothing
    assert verlopen_toegang_opruimen.delay().get(timeout=20) == 0
    assert Zaak.objects.count() == 1
