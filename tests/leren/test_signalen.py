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
    # an improvement action: a colleague of the department, a date
    url = reverse("leren:signaal-bijwerken", args=[signaal.id])
    eigenaar = wereld.users["teamleider"].medewerker
    teamleider.post(url, {"status": "in_behandeling", "actie": "", "actie_eigenaar": eigenaar.id,
                          "actie_datum": "15-1-2027"})  # fmt: skip
    signaal.refresh_from_db()
    assert (signaal.status, signaal.actie_eigenaar, str(signaal.actie_datum)) == (
        "in_behandeling",
        eigenaar,
        "2027-01-15",
    )
    assert re.search(
        r"vóór 15 jan\.? 2027", teamleider.get(reverse("leren:signalen")).content.decode()
    )
    # closing needs what was done
    teamleider.post(url, {"status": "verbeterd", "actie": ""})
    signaal.refresh_from_db()
    assert signaal.status == "in_behandeling"
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


def test_een_partner_stuurt_signalen_met_een_eigen_sleutel(wereld):
    import io
    import json

    from django.core.management import call_command

    uit = io.StringIO()
    call_command("signaalpartner", "Stip Oost", "--afdeling", wereld.afdelingen["kcc"].code,
                 stdout=uit)  # fmt: skip
    sleutel = uit.getvalue().strip().splitlines()[-1]
    api = Client()
    url = reverse("leren:signalen-api")
    partij = {"signalen": [
        {"kenmerk": "oost-1", "tekst": "Bewoners snappen de brief over de WOZ niet",
         "categorie": "brief"},
        {"kenmerk": "oost-2", "tekst": "Mevrouw met BSN 111222333 weet niet waar ze heen moet"},
        {"kenmerk": "oost-3", "tekst": "Webpagina parkeren klopt niet", "afdeling": "bestaat-niet"},
    ]}  # fmt: skip
    assert api.post(url, partij, content_type="application/json").status_code == 401
    kop = {"HTTP_AUTHORIZATION": f"Token {sleutel}"}
    antwoord = api.post(url, json.dumps(partij), content_type="application/json", **kop).json()
    assert antwoord["opgenomen"] == 1
    assert [g["rij"] for g in antwoord["geweigerd"]] == [2, 3]
    assert "BSN" in antwoord["geweigerd"][0]["reden"]
    # the same batch again (a retry): nothing doubled
    antwoord = api.post(url, json.dumps(partij), content_type="application/json", **kop).json()
    assert (antwoord["opgenomen"], antwoord["dubbel"]) == (0, 1)
    csv = "kenmerk;tekst;categorie\noost-4;Veel vragen over de energietoeslag;veel_vragen\n"
    assert api.post(url, csv, content_type="text/csv", **kop).json()["opgenomen"] == 1
    assert Signaal.objects.filter(bron="partner").count() == 2
    assert not Signaal.objects.filter(tekst__contains="111222333").exists()

    teamleider = Client()
    teamleider.force_login(wereld.users["teamleider"])
    pagina = teamleider.get(reverse("leren:signalen")).content.decode()
    assert "WOZ niet" in pagina
    assert "een partner (Stip, Informatiepunt)" in pagina

    # a new key for the same partner: the old one stops working
    call_command("signaalpartner", "Stip Oost", "--afdeling", wereld.afdelingen["kcc"].code,
                 stdout=io.StringIO())  # fmt: skip
    assert api.post(url, csv, content_type="text/csv", **kop).status_code == 401


def test_vaker_opnieuw_gevraagd_wordt_een_signaal_ook_als_het_aantal_gelijk_blijft(wereld):
    Routeringsregel.objects.create(
        onderwerp=wereld.onderwerpen["publiekszaken"], afdeling=wereld.afdelingen["kcc"]
    )
    for week in range(1, 5):  # the four weeks before: twelve different people a week
        for _i in range(12):
            _contacten(wereld, 1, 7 * week + 2)
    for _persoon in range(5):  # this week: fifteen contacts, five people three times each
        _contacten(wereld, 3, 2)
    assert signalen.stijgende_vragen() == 1
    assert "vragen binnen twee weken opnieuw" in Signaal.objects.get().tekst
