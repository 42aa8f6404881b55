"""The session ends after idle minutes and after a working day; the pages' own refreshes are
no activity. Lock-outs are in the access log. Local accounts change their password with
Django's rules. The role mappings load from a file."""

import time

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from permissions.models import Rolkoppeling, Toegangslog
from tests.catalogus import maak_wereld
from tests.factories import AfdelingFactory

pytestmark = pytest.mark.django_db


def _sessie(client, **waarden):
    sessie = client.session
    sessie.update(waarden)
    sessie.save()


def test_idle_minutes_log_out_and_come_back_where_you_were(client, settings):
    settings.KCC_INACTIEF_MINUTEN = 30
    wereld = maak_wereld()
    client.force_login(wereld.users["kcc"])
    nu = time.time()
    _sessie(client, kcc_aangemeld_op=nu - 3600, kcc_laatst_actief=nu - 29 * 60)
    assert client.get(reverse("callbacks:wachtrij")).status_code == 200
    # the queue's own refresh a while later is no activity…
    _sessie(client, kcc_laatst_actief=nu - 31 * 60)
    antwoord = client.get(
        reverse("callbacks:wachtrij") + "?deel=lijst",
        headers={
            "HX-Request": "true",
            "X-KCC-Peiling": "1",
            "HX-Current-URL": "http://testserver/terugbelverzoeken/?mijn=1",
        },
    )
    # …and after 30 idle minutes the session is over, for a refresh too: back to the page
    assert antwoord.status_code == 204
    assert antwoord["HX-Redirect"] == "/inloggen/?next=%2Fterugbelverzoeken%2F%3Fmijn%3D1"
    assert "_auth_user_id" not in client.session
    client.force_login(wereld.users["kcc"])
    _sessie(client, kcc_aangemeld_op=nu, kcc_laatst_actief=nu - 31 * 60)
    antwoord = client.get(reverse("callbacks:wachtrij"))
    assert antwoord.status_code == 302
    assert antwoord["Location"] == "/inloggen/?next=/terugbelverzoeken/"
    pagina = client.get(antwoord["Location"]).content.decode()
    assert "30 minuten niets hebt gedaan" in pagina


def test_a_polling_page_does_not_keep_the_session_alive(client, settings):
    wereld = maak_wereld()
    client.force_login(wereld.users["kcc"])
    lang_geleden = time.time() - 10 * 60
    _sessie(client, kcc_laatst_actief=lang_geleden)
    client.get(reverse("channels:oproep"), headers={"X-KCC-Peiling": "1"})
    assert client.session["kcc_laatst_actief"] == lang_geleden
    client.get(reverse("home"))
    assert client.session["kcc_laatst_actief"] > lang_geleden


def test_after_a_working_day_the_session_ends_whatever_happens(client, settings):
    settings.KCC_SESSIE_MAX_UUR = 9
    wereld = maak_wereld()
    client.force_login(wereld.users["kcc"])
    _sessie(client, kcc_aangemeld_op=time.time() - 9 * 3600 - 1, kcc_laatst_actief=time.time())
    assert client.get(reverse("home")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_stay_logged_in_counts_as_activity(client):
    wereld = maak_wereld()
    client.force_login(wereld.users["kcc"])
    _sessie(client, kcc_laatst_actief=time.time() - 28 * 60)
    page = client.get(reverse("home")).content.decode()
    assert 'id="kcc-sessie-waarschuwing"' in page
    assert client.post(reverse("sessie-verlengen")).json()["resterend"] == 30 * 60
    assert time.time() - client.session["kcc_laatst_actief"] < 5


def test_a_lock_out_is_in_the_access_log(client, settings):
    settings.AXES_FAILURE_LIMIT = 2
    wereld = maak_wereld()
    user = wereld.users["kcc"]
    for _ in range(2):
        client.post(reverse("login"), {"username": user.username, "password": "fout"})
    regel = Toegangslog.objects.get(handeling="geblokkeerd")
    assert regel.gebruiker == user
    assert regel.herkomst == "127.0.0.1"


def test_a_local_account_changes_its_password_by_the_rules(client):
    wereld = maak_wereld()
    user = wereld.users["beheer"]
    user.set_password("oud-wachtwoord-van-2025")
    user.save()
    client.force_login(user)
    url = reverse("wachtwoord")
    kort = client.post(
        url,
        {
            "old_password": "oud-wachtwoord-van-2025",
            "new_password1": "kort",
            "new_password2": "kort",
        },
    )
    assert kort.status_code == 200
    assert "Gebruik minimaal 12 tekens" in kort.content.decode()
    goed = client.post(
        url,
        {
            "old_password": "oud-wachtwoord-van-2025",
            "new_password1": "paarse-olifant-Waalkade-7",
            "new_password2": "paarse-olifant-Waalkade-7",
        },
    )
    assert goed.status_code == 302
    user.refresh_from_db()
    assert user.check_password("paarse-olifant-Waalkade-7")


def test_role_mappings_load_from_the_file_and_bad_ones_change_nothing(tmp_path):
    maak_wereld()
    AfdelingFactory(code="werk-en-inkomen", naam="Werk en Inkomen")
    call_command("rolkoppelingen_laden", verbosity=0)
    koppeling = Rolkoppeling.objects.select_related("rol", "afdeling").get(
        claimwaarde="KCC.Backoffice.Wmo"
    )
    assert (koppeling.rol.name, koppeling.afdeling.code) == ("Backoffice-medewerker", "wmo")
    aantal = Rolkoppeling.objects.count()
    call_command("rolkoppelingen_laden", verbosity=0)  # idempotent
    assert Rolkoppeling.objects.count() == aantal
    fout = tmp_path / "fout.toml"
    fout.write_text('[[koppeling]]\nclaim = "X"\nrol = "Bestaat niet"\n')
    with pytest.raises(CommandError, match="Niets geladen"):
        call_command("rolkoppelingen_laden", "--bestand", str(fout), verbosity=0)
    assert Rolkoppeling.objects.count() == aantal


def test_a_wrong_password_is_in_the_access_log_like_a_lock_out(client):
    wereld = maak_wereld()
    user = wereld.users["kcc"]
    client.post(reverse("login"), {"username": user.username, "password": "fout"})
    regel = Toegangslog.objects.get(handeling="aanmelding_geweigerd")
    assert (regel.gebruiker, regel.herkomst) == (user, "127.0.0.1")
    # a name nobody has is not kept (people type their password into the wrong field)
    client.post(reverse("login"), {"username": "Geheim-Wachtwoord-1", "password": "x"})
    regels = Toegangslog.objects.filter(handeling="aanmelding_geweigerd").order_by("id")
    assert regels.count() == 2
    assert "Geheim-Wachtwoord-1" not in regels.last().medewerker_naam


@pytest.mark.parametrize(
    "wachtwoord",
    ["aaaaaaaaaaaa", "Welkom2026!!", "demo-kcc-2026", "Nijmegen-2026!", "Fleur-Bakker-2026"],
)
def test_a_password_an_attacker_tries_first_is_refused(client, wachtwoord):
    wereld = maak_wereld()
    user = wereld.users["beheer"]
    user.first_name, user.last_name = "Fleur", "Bakker"
    user.set_password("oud-wachtwoord-van-2025")
    user.save()
    client.force_login(user)
    antwoord = client.post(
        reverse("wachtwoord"),
        {
            "old_password": "oud-wachtwoord-van-2025",
            "new_password1": wachtwoord,
            "new_password2": wachtwoord,
        },
    )
    assert antwoord.status_code == 200, wachtwoord
    user.refresh_from_db()
    assert user.check_password("oud-wachtwoord-van-2025")
