"""Demo data: valid, realistic, deterministic, and safe to load twice."""

import phonenumbers
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Count
from stdnum.nl import bsn, postcode

from callbacks.models import Terugbelverzoek
from cases.models import Zaak, Zaaktype
from contacts.models import (
    Adres,
    Contactmoment,
    Emailadres,
    Kanaal,
    Onderwerp,
    Partij,
    Telefoonnummer,
)
from demo import demo_data
from demo.gebruikers import DEMO_PASSWORD, DEMO_USERS
from demo.medewerkers import STAFF_PREFIX
from permissions import roles
from permissions.models import Afdeling, Domein, Medewerker, Team, Zichtbaarheidsregel

pytestmark = pytest.mark.django_db
SMALL = [
    "--persons",
    "300",
    "--organisations",
    "30",
    "--contactmomenten",
    "2000",
    "--zaken",
    "200",
    "--gesprekken",
    "500",
    "--verbosity",
    "0",
]
PHONE_SOORT = {
    phonenumbers.PhoneNumberType.MOBILE: "mobiel",
    phonenumbers.PhoneNumberType.FIXED_LINE: "vast",
}


def load(*extra, seed=2026):
    call_command("demodata", "--seed", str(seed), *SMALL, *extra)


def snapshot():
    """Everything that must come out the same for the same seed."""
    return {
        "partijen": list(
            Partij.objects.order_by("id").values_list(
                "soort",
                "bsn",
                "voornamen",
                "voorvoegsel",
                "geslachtsnaam",
                "geboortedatum",
                "overleden",
                "geheimhouding",
                "naam",
                "kvk_nummer",
                "vestigingsnummer",
            )
        ),
        "adressen": list(
            Adres.objects.order_by("partij_id", "soort").values_list(
                "partij_id", "soort", "straat", "huisnummer", "huisletter", "toevoeging", "postcode"
            )
        ),
        "telefoon": list(
            Telefoonnummer.objects.order_by("partij_id", "nummer").values_list(
                "partij_id", "nummer", "soort"
            )
        ),
        "email": list(
            Emailadres.objects.order_by("partij_id", "adres").values_list("partij_id", "adres")
        ),
        "staff": list(
            Medewerker.objects.order_by("user__username").values_list(
                "user__username",
                "user__first_name",
                "user__last_name",
                "afdeling__code",
                "team__naam",
                "functie",
            )
        ),
    }


CATALOGUE_AND_PEOPLE = [
    Domein,
    Afdeling,
    Team,
    Kanaal,
    Onderwerp,
    Zaaktype,
    Zichtbaarheidsregel,
    get_user_model(),
    Medewerker,
    Partij,
    Adres,
    Telefoonnummer,
    Emailadres,
    Contactmoment,
    Zaak,
]


def test_persons_are_valid_and_look_like_nijmegen():
    load()
    persons = Partij.objects.filter(soort="persoon")
    bsns = list(persons.values_list("bsn", flat=True))
    assert len(bsns) == 300
    assert len(set(bsns)) == 300
    assert all(bsn.is_valid(b) for b in bsns)
    assert not persons.exclude(bron="brp").exists()
    for pc in Adres.objects.values_list("postcode", flat=True):
        assert postcode.is_valid(pc)
        assert len(pc) == 6
        assert 6511 <= int(pc[:4]) <= 6546
    assert not Adres.objects.exclude(woonplaats="Nijmegen").exists()
    # Every person lives somewhere; households share an address.
    assert Adres.objects.filter(soort="woonadres").values("partij").distinct().count() == 300
    shared = (
        Adres.objects.filter(soort="woonadres")
        .values("postcode", "huisnummer", "huisletter", "toevoeging")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    assert shared.exists()
    # Surname prefixes for a realistic share, and near-duplicates for the fuzzy search.
    assert 0.1 < persons.exclude(voorvoegsel="").count() / 300 < 0.5
    assert persons.filter(geslachtsnaam__in=["Jansen", "Janssen", "Meijer", "Meyer"]).exists()
    with_phone = persons.filter(telefoonnummers__isnull=False).distinct().count()
    assert 0.7 < with_phone / 300 < 0.9
    with_email = persons.filter(emailadressen__isnull=False).distinct().count()
    assert 0.45 < with_email / 300 < 0.75


def test_phone_numbers_are_valid_dutch_e164_of_the_right_kind():
    load()
    numbers = list(Telefoonnummer.objects.values_list("nummer", "soort"))
    assert {soort for _nummer, soort in numbers} == {"mobiel", "vast"}
    for nummer, soort in numbers:
        parsed = phonenumbers.parse(nummer)
        assert phonenumbers.is_valid_number(parsed)
        assert parsed.country_code == 31
        assert nummer == phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
        assert nummer.startswith("+316" if soort == "mobiel" else "+3124")
        assert PHONE_SOORT[phonenumbers.number_type(parsed)] == soort


def test_email_addresses_use_example_domains_only():
    from django.core.validators import validate_email

    load()
    for adres in Emailadres.objects.values_list("adres", flat=True):
        validate_email(adres)
        assert adres.rsplit("@", 1)[1] in {"example.com", "example.net", "example.org"}


def test_organisations_have_kvk_and_branch_numbers_and_a_visiting_address():
    load()
    organisaties = Partij.objects.filter(soort="organisatie")
    kvks = list(organisaties.values_list("kvk_nummer", flat=True))
    assert len(kvks) == 30
    assert len(set(kvks)) == 30
    assert all(len(k) == 8 and k.isdigit() for k in kvks)
    for vestiging in organisaties.values_list("vestigingsnummer", flat=True):
        assert len(vestiging) == 12
        assert vestiging.isdigit()
    assert not organisaties.exclude(bron="kvk").exists()
    assert Adres.objects.filter(partij__soort="organisatie", soort="bezoekadres").count() == 30
    assert Telefoonnummer.objects.filter(partij__soort="organisatie").count() == 30
    # the asked-for contacts, plus the incoming call of every callback request (each has the
    # contact it came from), plus six web-form questions still to be linked
    bellers = Terugbelverzoek.objects.filter(partij__isnull=False).count()
    assert Contactmoment.objects.filter(partij__isnull=False).count() == 2000 + bellers
    assert not Terugbelverzoek.objects.filter(contactmoment__isnull=True).exists()
    assert (
        Contactmoment.objects.filter(partij__isnull=True, kanaal__code="webformulier").count() == 6
    )
    assert Zaak.objects.count() == 200


def test_same_seed_same_data_other_seed_other_data(settings):
    settings.DEMO_MODE = True
    load()
    first = snapshot()
    load("--reset")
    assert snapshot() == first
    load("--reset", seed=7)
    other = snapshot()
    assert [p[1] for p in other["partijen"]] != [p[1] for p in first["partijen"]]
    assert other["telefoon"] != first["telefoon"]


def test_loading_twice_adds_nothing():
    load()
    counts = [model.objects.count() for model in CATALOGUE_AND_PEOPLE]
    load()
    assert [model.objects.count() for model in CATALOGUE_AND_PEOPLE] == counts
    # Also with another size and seed: Nijmegenaren are kept, staff is not doubled.
    call_command("demodata", "--seed", "99", "--persons", "10", "--gesprekken", "0", verbosity=0)
    assert [model.objects.count() for model in CATALOGUE_AND_PEOPLE] == counts


def test_the_catalogue_covers_the_seeds():
    load()
    # ten of the seeds, one for the subjects of other systems that nothing places, and one
    # for the contacts of proactive campaigns
    assert Domein.objects.count() == 12
    assert Domein.objects.filter(code="niet-ingedeeld").exists()
    assert Domein.objects.filter(code="proactief").exists()
    assert {d.naam for d in Domein.objects.all()} >= {
        "Sociaal domein – WMO",
        "Sociaal domein – Werk en Inkomen",
        "Publiekszaken",
    }
    for code, _first, _last, _rol, afdeling, team in DEMO_USERS:
        assert Afdeling.objects.filter(code=afdeling).exists(), code
        if team:
            assert Team.objects.filter(afdeling__code=afdeling, naam=team).exists(), code
    assert not Afdeling.objects.exclude(email__endswith="@nijmegen.nl").exists()
    assert Kanaal.objects.filter(code="telefoon", digitaal=False).exists()
    assert Kanaal.objects.filter(code="mijn-nijmegen", digitaal=True).exists()
    for code in [
        "paspoort",
        "verhuizing",
        "wmo-huishouden",
        "bijstand",
        "straatverlichting",
        "grofvuil",
        "parkeervergunning",
        "woz",
        "kwijtschelding",
        "woo-verzoek",
    ]:
        assert Onderwerp.objects.filter(code=code).exists(), code
    assert not Zaaktype.objects.filter(doorlooptijd_dagen__isnull=True).exists()


def test_every_demo_user_and_every_role_exists():
    load()
    for username, first, last, rol, afdeling, team in DEMO_USERS:
        medewerker = Medewerker.objects.select_related("user", "afdeling", "team").get(
            user__username=username
        )
        assert medewerker.user.get_full_name() == f"{first} {last}"
        assert medewerker.afdeling.code == afdeling
        assert (medewerker.team.naam if medewerker.team else "") == team
        assert list(medewerker.user.groups.values_list("name", flat=True)) == [rol]
        assert medewerker.user.check_password(DEMO_PASSWORD)
        assert medewerker.user.is_staff == (rol == roles.FUNCTIONEEL_BEHEERDER)
    assert not get_user_model().objects.filter(is_superuser=True).exists()
    generated = Medewerker.objects.filter(user__username__startswith=STAFF_PREFIX)
    assert generated.count() == 40
    for rol in roles.ROLES:
        assert Group.objects.get(name=rol).user_set.exists(), rol
        assert generated.filter(user__groups__name=rol).exists(), rol
    assert not generated.exclude(user__password="!").exists()


def test_a_second_run_puts_the_demo_users_right():
    load()
    user = get_user_model().objects.get(username="kcc")
    user.is_superuser = True
    user.last_name = "Anders"
    user.save()
    user.groups.set([Group.objects.get(name=roles.FUNCTIONEEL_BEHEERDER)])
    load()
    user.refresh_from_db()
    assert not user.is_superuser
    assert user.last_name == "de Kok"
    assert list(user.groups.values_list("name", flat=True)) == [roles.KCC_MEDEWERKER]


def index_names():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = ANY(%s)",
            [demo_data.RESIDENT_TABLES],
        )
        indexes = {row[0] for row in cursor.fetchall()}
        cursor.execute(
            "SELECT conname FROM pg_constraint WHERE conrelid::regclass::text = ANY(%s)",
            [demo_data.RESIDENT_TABLES],
        )
        return indexes | {row[0] for row in cursor.fetchall()}


def test_indexes_and_foreign_keys_are_back_after_loading():
    before = index_names()
    assert {"partij_zoeknaam_trgm", "cm_partij_tijd_idx", "telefoon_nummer_idx"} <= before
    load()
    assert index_names() == before


def test_a_failed_load_leaves_no_residents_and_every_index(monkeypatch):
    before = index_names()

    def broken(self, count, *, heavy):
        raise RuntimeError("disk full")

    monkeypatch.setattr(demo_data._Residents, "contactmomenten", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        load()
    assert not Partij.objects.exists()
    assert not Zaak.objects.exists()
    assert index_names() == before
    assert Medewerker.objects.filter(user__username="kcc").exists()  # staff was committed


def test_demo_people_and_staff_are_refused_outside_demo_mode(settings):
    settings.DEMO_MODE = False
    settings.DEBUG = True  # not even in debug mode: the database may be a real one
    for extra in ((), ("--reset",)):
        with pytest.raises(CommandError, match="KCC_DEMO=1"):
            load(*extra)
    assert not Partij.objects.exists()
    assert not Medewerker.objects.exists()
    # the catalogues alone may be loaded anywhere
    call_command("demodata", "--catalogue-only", verbosity=0)
    assert not Medewerker.objects.exists()


def test_progress_and_summary_are_printed(capsys):
    call_command(
        "demodata",
        "--persons",
        "5",
        "--organisations",
        "1",
        "--contactmomenten",
        "10",
        "--zaken",
        "2",
        "--gesprekken",
        "50",
    )
    out = capsys.readouterr().out
    assert "persons: 5 in" in out
    assert out.strip().splitlines()[-1].startswith("Done in ")
    call_command("demodata", "--persons", "5", "--gesprekken", "0")
    assert "already there" in capsys.readouterr().out


def test_catalogue_only_loads_no_people_and_no_demo_staff():
    call_command("demodata", "--catalogue-only", verbosity=0)
    assert Onderwerp.objects.exists()
    assert Zichtbaarheidsregel.objects.exists()
    assert not Partij.objects.exists()
    assert not Medewerker.objects.exists()
