"""Klantsignalen: a rising subject appears as a signal by itself, gets an action and is
closed; a colleague files one from the klantbeeld; a low score's open answer becomes one for
the department, without the person; the team lead sees their department's only."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from callbacks.models import Routeringsregel
from leren import signalen
from leren.models import Signaal
from tests.factories import ContactmomentFactory, PersoonFactory

pytestmark = pytest.mark.django_db


def _contacten(wereld, n, dagen_geleden):
    persoon = PersoonFactory()
    for i in range(n):
        ContactmomentFactory(
            partij=persoon,
            onderwerp=wereld.onderwerpen["publiekszaken"],
            kanaal=wereld.kanalen["telefoon"],
            tijdstip=timezone.now() - datetime.timedelta(days=dagen_geleden, minutes=i),
        )


def test_een_stijgend_onderwerp_wordt_een_signaal_met_een_actie(wereld):
    Routeringsregel.objects.create(
        onderwerp=wereld.onderwerpen["publiekszaken"], afdeling=wereld.afdelingen["kcc"]
    )
    _contacten(wereld, 4, 20)  # the weeks before: one a week
    _contacten(wereld, 12, 2)  # this week: twelve
    assert signalen.stijgende_vragen() == 1
    assert signalen.stijgende_vragen() == 0, "once per subject and week"
    signaal = Signaal.objects.get()
    assert signaal.bron == "stijgend"
    assert "12 in de afgelopen week" in signaal.tekst

    teamleider = Client()
    teamleider.force_login(wereld.users["teamleider"])
    pagina = teamleider.get(reverse("leren:signalen")).content.decode()
    assert "12 in de afgelopen week" in pagina
    # closing needs what was done
    url = reverse("leren:signaal-bijwerken", args=[signaal.id])
    teamleider.post(url, {"status": "verbeterd", "actie": ""})
    signaal.refresh_from_db()
    assert signaal.status == "nieuw"
    teamleider.post(url, {"status": "verbeterd", "actie": "Webpagina over paspoorten herschreven"})
    signaal.refresh_from_db()
    assert (signaal.status, signaal.actie) == ("verbeterd", "Webpagina over paspoorten herschreven")
    assert signaal.gesloten_op is not None
    dashboard = teamleider.get(reverse("cijfers:dashboard")).content.decode()
    assert re.search(r"Verbeterd</th><td>1</td>", dashboard)


def test_een_collega_meldt_een_signaal_en_alleen_die_afdeling_ziet_het(wereld):
    balie = Client()
    balie.force_login(wereld.users["balie"])
    balie.post(
        reverse("leren:signaal-melden"),
        {"tekst": "De brief over de WOZ is niet te begrijpen", "categorie": "brief",
         "afdeling": wereld.afdelingen["wmo"].id},
    )  # fmt: skip
    assert Signaal.objects.get().aangemaakt_door.user == wereld.users["balie"]
    teamleider = Client()
    teamleider.force_login(wereld.users["teamleider"])  # KCC's team lead
    assert "WOZ" not in teamleider.get(reverse("leren:signalen")).content.decode()
    management = Client()
    management.force_login(wereld.users["management"])
    assert "WOZ" in management.get(reverse("leren:signalen")).content.decode()
    assert balie.get(reverse("leren:signalen")).status_code == 403
