"""Demo data: valid, realistic, deterministic, and safe to load twice."""

import phonenumbers
import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from stdnum.nl import bsn, postcode

from cases.models import Zaak
from contacts.models import (
    Adres,
    Contactmoment,
    Emailadres,
    Kanaal,
    Onderwerp,
    Partij,
    Telefoonnummer,
)
from permissions import roles
from permissions.demo import DEMO_USERS
from permissions.models import Medewerker, Zichtbaarheidsregel

pytestmark = pytest.mark.django_db
SMALL = ["--persons", "300", "--organisations", "30", "--contactmomenten", "2000",
         "--zaken", "200", "--verbosity", "0"]


def load(*extra, seed=2026):
    call_command("demodata", "--seed", str(seed), *SMALL, *extra)


def test_persons_are_valid_and_look_like_nijmegen(settings):
    load()
    bsns = list(Partij.objects.filter(soort="persoon").values_list("bsn", flat=True))
    assert len(bsns) == 300
    assert len(set(bsns)) == 300
    assert all(bsn.is_valid(b) for b in bsns)
    for pc in Adres.objects.values_list("postcode", flat=True):
        assert postcode.is_valid(pc)
        assert 6511 <= int(pc[:4]) <= 6546
    for nummer, soort in Telefoonnummer.objects.values_list("nummer", "soort"):
        parsed = phonenumbers.parse(nummer)
        assert phonenumbers.is_valid_number(parsed)
        assert parsed.country_code == 31
        expected = {phonenumbers.PhoneNumberType.MOBILE: "mobiel",
                    phonenumbers.PhoneNumberType.FIXED_LINE: "vast"}
        assert expected[phonenumbers.number_type(parsed)] == soort
    assert not Emailadres.objects.exclude(adres__contains="@example.").exists()
    kvks = list(Partij.objects.filter(soort="organisatie").values_list("kvk_nummer", flat=True))
    assert len(kvks) == 30
    assert all(len(k) == 8 and k.isdigit() for k in kvks)
    assert Contactmoment.objects.count() == 2000
    assert Zaak.objects.count() == 200
    # Near-duplicate names are there for the typo-tolerant search to find.
    assert Partij.objects.filter(geslachtsnaam__in=["Jansen", "Janssen"]).exists()


def test_same_seed_same_data_other_seed_other_data(settings):
    settings.DEMO_MODE = True
    load()
    first = list(Partij.objects.order_by("id").values_list("bsn", "geslachtsnaam"))
    load("--reset")
    assert list(Partij.objects.order_by("id").values_list("bsn", "geslachtsnaam")) == first
    load("--reset", seed=7)
    assert list(Partij.objects.order_by("id").values_list("bsn", "geslachtsnaam")) != first


def test_loading_twice_adds_nothing():
    load()
    counts = [m.objects.count() for m in (Partij, Kanaal, Onderwerp, Medewerker,
                                          Zichtbaarheidsregel, Contactmoment, Zaak)]
    load()
    assert counts == [m.objects.count() for m in (Partij, Kanaal, Onderwerp, Medewerker,
                                                  Zichtbaarheidsregel, Contactmoment, Zaak)]


def test_every_demo_user_and_every_role_exists():
    load()
    for username, first, last, rol, afdeling, _team in DEMO_USERS:
        medewerker = Medewerker.objects.select_related("user", "afdeling").get(
            user__username=username)
        assert medewerker.user.get_full_name() == f"{first} {last}"
        assert medewerker.afdeling.code == afdeling
        assert list(medewerker.user.groups.values_list("name", flat=True)) == [rol]
        assert medewerker.user.check_password("demo-kcc-2026")
        assert not medewerker.user.is_superuser
    for rol in roles.ROLES:
        assert Group.objects.get(name=rol).user_set.exists(), rol


def test_reset_is_refused_outside_demo_mode(settings):
    from django.core.management.base import CommandError

    settings.DEMO_MODE = settings.DEBUG = False
    with pytest.raises(CommandError):
        load("--reset")


def test_catalogue_only_loads_no_people_and_no_demo_staff():
    call_command("demodata", "--catalogue-only", verbosity=0)
    assert Onderwerp.objects.exists()
    assert Zichtbaarheidsregel.objects.exists()
    assert not Partij.objects.exists()
    assert not Medewerker.objects.exists()
