"""Demo and benchmark data: deterministic by seed, loaded with PostgreSQL COPY.

``manage.py demodata --seed 2026 --size small`` loads in about 2 seconds; ``--size x1``
("Nijmegen ×1": 200,000 persons, 20,000 organisations, 3,000,000 contact moments and 600,000
zaken) in about a minute and a half on 2 cores (tests/perf/REPORT.md). Same seed, same data:
every random choice comes from ``random.Random`` instances and a Faker seeded from the seed,
never from the global random state.

Catalogues (domeinen, afdelingen, kanalen, onderwerpen, zaaktypen), the visibility policy and
the staff are upserted by code or username, so loading twice changes nothing. Nijmegenaren,
contact moments and zaken are loaded once, in one transaction; ``--reset`` replaces them.
"""

import datetime
import itertools
import random
import time
import unicodedata
import uuid
from dataclasses import dataclass

import phonenumbers
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone
from faker import Faker
from faker.providers.person.nl_NL import Provider as DutchNames
from stdnum.nl import bsn as bsn_check
from stdnum.nl import postcode as postcode_check

from callbacks.models import Routeringsregel, Terugbelverzoek
from callbacks.termijnen import uiterste_datum
from cases.models import Zaak, Zaaktype
from channels.services import Webformulier, webformulier_ontvangen
from contacts.models import (
    Adres,
    Contactmoment,
    Emailadres,
    Kanaal,
    Onderwerp,
    Partij,
    Telefoonnummer,
    Vertegenwoordiging,
)
from contacts.normalise import name_key
from demo.gebruikers import DEMO_PASSWORD, DEMO_USERS
from permissions import roles
from permissions.models import Afdeling, Medewerker, Team
from sources import catalogus

SIZES = {
    # persons, organisations, contact moments, zaken, extra staff
    "small": (2_000, 200, 20_000, 3_000, 40),
    "x1": (200_000, 20_000, 3_000_000, 600_000, 400),
}
# Callback requests: most of them handled long ago, the last week's still open in part.
TERUGBELVERZOEKEN = {"small": 3_000, "x1": 300_000}
# One person with a long history, for the "2,000 contacts open as fast as 2" benchmark.
HEAVY_HISTORY = {"small": 300, "x1": 2_000}

# --- catalogues, from the seeds -------------------------------------------------------------

# The catalogue comes from the reference file (sources/data/catalogus-nijmegen.toml); the demo
# adds only how often each kanaal, onderwerp and zaaktype occurs in its traffic, and which
# afdeling handles a zaaktype. Built in the file's order: same seed, same data.
_CATALOGUS = catalogus.lezen()
_KANAAL_GEWICHT = {
    "telefoon": 45, "balie-stadswinkel": 12, "balie-dukenburg": 4, "webformulier": 14,
    "e-mail": 10, "post": 5, "mijn-nijmegen": 5, "chat": 3, "sociale-media": 2,
}  # fmt: skip
_ONDERWERP_GEWICHT = {
    "paspoort": 10, "identiteitskaart": 6, "rijbewijs": 6, "verhuizing": 7, "uittreksel-brp": 3,
    "afspraak-stadswinkel": 5, "algemene-vraag": 6, "klantsignaal": 1, "wmo-huishouden": 4,
    "wmo-hulpmiddelen": 3, "wmo-woningaanpassing": 2, "bijstand": 4, "schuldhulp": 2,
    "minimaregelingen": 2, "omgevingsvergunning": 3, "evenementenvergunning": 1,
    "straatverlichting": 3, "losse-stoeptegel": 2, "zwerfafval": 2, "grofvuil": 5,
    "containerpas": 2, "woz": 3, "kwijtschelding": 2, "parkeervergunning": 5,
    "gehandicaptenparkeerkaart": 1, "klacht": 2, "bezwaar": 1, "woo-verzoek": 1,
}  # fmt: skip
# zaaktype code: (afdeling code, weight)
_ZAAKTYPE_DEMO = {
    "paspoortaanvraag": ("publiekszaken", 14), "id-kaartaanvraag": ("publiekszaken", 8),
    "rijbewijsaanvraag": ("publiekszaken", 6), "verhuizing": ("publiekszaken", 10),
    "wmo-aanvraag": ("wmo", 8), "bijstandsaanvraag": ("werk-en-inkomen", 5),
    "schuldhulp": ("werk-en-inkomen", 2), "meedoenregeling": ("werk-en-inkomen", 2),
    "briks-omgevingsvergunning": ("vergunningen", 4), "evenementenvergunning": ("vergunningen", 1),
    "meld-herstel": ("openbare-ruimte", 12), "grofvuil": ("openbare-ruimte", 8),
    "containerpas": ("openbare-ruimte", 3), "parkeervergunning": ("parkeren", 7),
    "gehandicaptenparkeerkaart": ("parkeren", 1), "kwijtschelding": ("belastingen", 4),
    "woz-bezwaar": ("belastingen", 3), "klacht": ("juridische-zaken", 2),
    "bezwaar": ("juridische-zaken", 2), "woo-verzoek": ("juridische-zaken", 1),
}  # fmt: skip
# code, naam, domeinen, teams
AFDELINGEN = [
    (a["code"], a["naam"], a.get("domeinen", []), a.get("teams", []))
    for a in _CATALOGUS["afdeling"]
]
# code, naam, digitaal, volgorde, weight in the demo traffic
KANALEN = [
    (k["code"], k["naam"], k.get("digitaal", False), k.get("volgorde", 0),
     _KANAAL_GEWICHT.get(k["code"], 1))
    for k in _CATALOGUS["kanaal"]
]  # fmt: skip
# code, naam, domein, weight
ONDERWERPEN = [
    (o["code"], o["naam"], o["domein"], _ONDERWERP_GEWICHT.get(o["code"], 1))
    for o in _CATALOGUS["onderwerp"]
]
# code, omschrijving, domein, doorlooptijd (dagen), afdeling, weight
ZAAKTYPEN = [
    (z["code"], z["omschrijving"], z["domein"], z.get("doorlooptijd_dagen"),
     *_ZAAKTYPE_DEMO.get(z["code"], ("kcc", 1)))
    for z in _CATALOGUS["zaaktype"]
]  # fmt: skip
ZAAK_STATUSSEN = [
    "Ontvangen",
    "In behandeling",
    "Aanvullende gegevens gevraagd",
    "Besluit in voorbereiding",
    "Afgehandeld",
]

# Real Nijmegen streets, each with the postcode area (6511–6546) it lies in. In Dukenburg and
# Lindenholt the wijk is the street name and house numbers have four digits (Meijhorst 6012).
STRATEN = [
    ("Grote Markt", 6511),
    ("Burchtstraat", 6511),
    ("Molenstraat", 6511),
    ("Broerstraat", 6511),
    ("Hertogstraat", 6511),
    ("Lange Hezelstraat", 6511),
    ("Stikke Hezelstraat", 6511),
    ("Van Welderenstraat", 6511),
    ("Bloemerstraat", 6511),
    ("Sint Annastraat", 6524),
    ("Groesbeekseweg", 6524),
    ("Oranjesingel", 6511),
    ("Tweede Walstraat", 6511),
    ("Graafseweg", 6512),
    ("Groenewoudseweg", 6524),
    ("Sint Jacobslaan", 6533),
    ("Hatertseweg", 6533),
    ("Berg en Dalseweg", 6522),
    ("Nassausingel", 6511),
    ("Groenestraat", 6531),
    ("Heyendaalseweg", 6525),
    ("Javastraat", 6524),
    ("Daalseweg", 6521),
    ("Koninginnelaan", 6513),
    ("Wolfskuilseweg", 6542),
    ("Dukenburgseweg", 6534),
    ("Zwanenveld", 6538),
    ("Meijhorst", 6537),
    ("Malvert", 6538),
    ("Weezenhof", 6536),
    ("Aldenhof", 6537),
    ("Tolhuis", 6535),
    ("Vogelzang", 6535),
    ("Leuvensbroek", 6546),
    ("Dobbelmannweg", 6531),
    ("Waalkade", 6511),
    ("Weurtseweg", 6541),
    ("Tarweweg", 6534),
    ("Neerbosscheweg", 6544),
    ("Energieweg", 6541),
    ("Thijmstraat", 6531),
    ("Smetiusstraat", 6511),
    ("Kronenburgersingel", 6511),
    ("Tunnelweg", 6512),
    ("Voorstenkamp", 6545),
    ("Hengstdal", 6523),
    ("Ubbergseweg", 6522),
    ("Nijmeegsebaan", 6525),
    ("Mr. Franckenstraat", 6522),
    ("Van Schevichavenstraat", 6512),
    ("Fransestraat", 6524),
    ("Hazenkampseweg", 6531),
    ("Van Peltlaan", 6545),
    ("Staddijk", 6537),
    ("Kwakkenbergweg", 6523),
    ("Oude Heselaan", 6542),
    ("Brakkensteinweg", 6525),
    ("Goffertweg", 6532),
    ("Wezenlaan", 6531),
    ("Sint Canisiussingel", 6511),
]
WIJK_STRATEN = {
    "Zwanenveld",
    "Meijhorst",
    "Malvert",
    "Weezenhof",
    "Aldenhof",
    "Tolhuis",
    "Vogelzang",
    "Leuvensbroek",
    "Voorstenkamp",
}
# Surname prefixes as the BRP writes them; Faker's Dutch surnames that start with one of these
# are split into voorvoegsel and geslachtsnaam (about a quarter of all names have one).
VOORVOEGSELS = {
    "de",
    "van",
    "van der",
    "van den",
    "van de",
    "ter",
    "den",
    "van 't",
    "van het",
    "te",
    "in 't",
    "'t",
    "op den",
    "uit de",
}
# Near-duplicates the typo-tolerant search must bring together.
LASTIGE_NAMEN = [
    "Jansen",
    "Janssen",
    "Janssens",
    "Meijer",
    "Meyer",
    "Meier",
    "de Vries",
    "Vries",
    "Smit",
    "Smid",
    "Smits",
    "Visser",
    "Visscher",
    "Bakker",
    "Backer",
    "Hendriks",
    "Hendrikx",
    "Hendriksen",
    "Willems",
    "Willemsen",
    "Peters",
    "Pieters",
    "Mulder",
    "Molder",
    "Dekker",
    "Decker",
]
VRAGEN = {
    "paspoort": (
        "Wanneer kan ik mijn nieuwe paspoort ophalen?",
        "Afhalen kan vanaf 5 werkdagen na de aanvraag; de Nijmegenaar krijgt een sms.",
    ),
    "verhuizing": (
        "Ik ben verhuisd, hoe geef ik dat door?",
        "Uitgelegd hoe het via Mijn Nijmegen kan; hulp aangeboden via een Stip.",
    ),
    "grofvuil": ("Wanneer wordt mijn grofvuil opgehaald?", "Afspraak gemaakt voor ophalen."),
    "straatverlichting": (
        "De lantaarnpaal voor mijn huis doet het niet.",
        "Melding doorgezet naar Meld & Herstel.",
    ),
    "wmo-huishouden": (
        "Ik heb hulp nodig in het huishouden na een operatie.",
        "Uitleg over de WMO-aanvraag; keukentafelgesprek wordt gepland.",
    ),
    "bijstand": (
        "Mijn uitkering is niet op tijd overgemaakt.",
        "Nagevraagd bij Werk en Inkomen; terugbelverzoek gemaakt.",
    ),
}
RESULTATEN = [
    ("beantwoord", 60),
    ("terugbelverzoek", 12),
    ("warm_doorverbonden", 8),
    ("doorverwezen", 6),
    ("afspraak", 9),
    ("zaak_aangemaakt", 5),
]


@dataclass
class Summary:
    phases: dict

    def line(self):
        return " · ".join(
            f"{name} {count:,} in {seconds:.1f} s" for name, (count, seconds) in self.phases.items()
        )


def load(
    *,
    seed: int,
    size: str,
    persons: int | None = None,
    organisations: int | None = None,
    contactmomenten: int | None = None,
    zaken: int | None = None,
    terugbelverzoeken: int | None = None,
    reset: bool = False,
    log=print,
) -> Summary:
    """Loads (or completes) the demo data. Idempotent for catalogues and staff.

    The Nijmegenaren with their contacts and zaken are loaded in one transaction: a load that
    fails half-way leaves nothing behind, so the next run starts clean.
    """
    n_persons, n_orgs, n_cm, n_zaken, n_staff = SIZES[size]
    n_persons = n_persons if persons is None else persons
    n_orgs = n_orgs if organisations is None else organisations
    n_cm = n_cm if contactmomenten is None else contactmomenten
    n_zaken = n_zaken if zaken is None else zaken
    n_tbv = TERUGBELVERZOEKEN[size] if terugbelverzoeken is None else terugbelverzoeken
    faker = Faker("nl_NL")
    faker.seed_instance(seed)
    phases = {}

    def phase(name, fn):
        started = time.perf_counter()
        count = fn()
        phases[name] = (count, time.perf_counter() - started)
        log(f"  {name}: {count:,} in {phases[name][1]:.1f} s")

    phase("catalogue", load_catalogue)
    phase("staff", lambda: load_staff(rng=random.Random(seed + 1), faker=faker, extra=n_staff))
    with transaction.atomic():
        if reset:
            phase("reset", delete_residents)
        if Partij.objects.exists():
            log("  Nijmegenaren are already there: kept (use --reset to load them anew).")
            return Summary(phases)
        generator = _Residents(rng=random.Random(seed + 2), faker=faker)
        saved = []

        def set_aside():
            saved.extend(_drop_indexes(tables=RESIDENT_TABLES))
            return len(saved)

        phase("indexes set aside", set_aside)
        phase("persons", lambda: generator.persons(n_persons))
        phase("organisations", lambda: generator.organisations(n_orgs))
        phase("contact persons and preferences", generator.relations)
        phase("zaken", lambda: generator.zaken(n_zaken))
        # One long history, but never more than a tenth of all contacts: the rest is spread.
        heavy = min(HEAVY_HISTORY[size], n_cm // 10)
        phase("contactmomenten", lambda: generator.contactmomenten(n_cm, heavy=heavy))
        phase("terugbelverzoeken", lambda: generator.terugbelverzoeken(n_tbv))
        phase("web forms to be linked", generator.webformulieren)
        phase("indexes and foreign keys rebuilt", lambda: _restore_indexes(saved=saved))
        phase("analyze", _analyze)
    return Summary(phases)


@transaction.atomic
def load_catalogue() -> int:
    """The reference catalogue from its file (``manage.py catalogus_laden`` does the same)."""
    resultaat = catalogus.catalogus_laden()
    return resultaat.bijgewerkt + resultaat.regels


# Extra staff: role, the afdelingen they may work in, and their share.
STAFF_PLAN = [
    (roles.KCC_MEDEWERKER, ["kcc"], 30),
    (roles.BALIEMEDEWERKER, ["publiekszaken"], 15),
    (
        roles.BACKOFFICE_MEDEWERKER,
        [
            "wmo",
            "werk-en-inkomen",
            "vergunningen",
            "openbare-ruimte",
            "belastingen",
            "parkeren",
            "juridische-zaken",
            "publiekszaken",
        ],
        45,
    ),
    (roles.TEAMLEIDER, ["kcc", "publiekszaken", "wmo", "openbare-ruimte"], 6),
    (roles.FUNCTIONEEL_BEHEERDER, ["informatievoorziening"], 2),
    (roles.PRIVACY_OFFICER, ["informatievoorziening"], 2),
]
# Generated usernames have this prefix; no demo log-in has a hyphen in its name.
STAFF_PREFIX = "mw-"


@transaction.atomic
def load_staff(*, rng: random.Random, faker: Faker, extra: int) -> int:
    """The demo log-ins (one per role) and ``extra`` generated staff in every role.

    Demo users are upserted by username: names, role, afdeling and team are put right on every
    run, nobody is superuser, only the functioneel beheerder may use the admin. The demo
    password is hashed once, and only set on users that are new. Generated staff cannot log in.
    """
    User = get_user_model()
    groups = roles.ensure_groups()
    afdelingen = {a.code: a for a in Afdeling.objects.all()}
    teams = {}
    for team in Team.objects.select_related("afdeling").order_by("id"):
        teams.setdefault(team.afdeling.code, []).append(team)
    existing = set(
        User.objects.filter(username__in=[u[0] for u in DEMO_USERS]).values_list(
            "username", flat=True
        )
    )
    demo_hash = make_password(DEMO_PASSWORD) if len(existing) < len(DEMO_USERS) else None
    for username, first, last, rol, afdeling_code, team_name in DEMO_USERS:
        fields = {
            "first_name": first,
            "last_name": last,
            "email": f"{username}@nijmegen.nl",
            "is_staff": rol == roles.FUNCTIONEEL_BEHEERDER,
            "is_superuser": False,
            "is_active": True,
        }
        user, _ = User.objects.update_or_create(
            username=username, defaults=fields, create_defaults={**fields, "password": demo_hash}
        )
        user.groups.set([groups[rol]])
        team = next((t for t in teams.get(afdeling_code, []) if t.naam == team_name), None)
        Medewerker.objects.update_or_create(
            user=user,
            defaults={"afdeling": afdelingen[afdeling_code], "team": team, "functie": rol},
        )
    existing = set(
        User.objects.filter(username__startswith=STAFF_PREFIX).values_list("username", flat=True)
    )
    weights = [share for _rol, _codes, share in STAFF_PLAN]
    for i in range(extra):
        # The first ones take each role in turn, so every role has generated staff too.
        plan = STAFF_PLAN[i] if i < len(STAFF_PLAN) else rng.choices(STAFF_PLAN, weights)[0]
        rol, afdeling_codes, _share = plan
        afdeling_code = rng.choice(afdeling_codes)
        first, last = faker.first_name(), rng.choice(DutchNames.last_names)
        team = rng.choice(teams.get(afdeling_code) or [None])
        username = f"{STAFF_PREFIX}{i:04d}"
        if username in existing:
            continue  # the random choices above are made anyway: the next users stay the same
        user = User.objects.create(
            username=username,
            first_name=first,
            last_name=last,
            email=f"{username}@nijmegen.nl",
            password="!",  # noqa: S106 - "!" is Django's unusable password
        )
        user.groups.set([groups[rol]])
        Medewerker.objects.create(
            user=user, afdeling=afdelingen[afdeling_code], team=team, functie=rol
        )
    return len(DEMO_USERS) + extra


def delete_residents() -> int:
    """Removes all Nijmegenaren and what hangs on them (demo data only)."""
    count = Partij.objects.count()
    with connection.cursor() as cursor:
        # Deferred foreign-key checks of rows written earlier in this transaction must run
        # before TRUNCATE may go ahead.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "TRUNCATE contacts_partij, contacts_contactmoment, cases_zaak RESTART IDENTITY CASCADE"
        )
    return count


# The tables the residents' load fills with COPY.
RESIDENT_TABLES = [
    "contacts_partij",
    "contacts_adres",
    "contacts_telefoonnummer",
    "contacts_emailadres",
    "contacts_vertegenwoordiging",
    "contacts_partij_voorkeurskanalen",
    "cases_zaak",
    "contacts_contactmoment",
    "callbacks_terugbelverzoek",
]


def _drop_indexes(*, tables: list[str]) -> list[tuple[str, str, str, str]]:
    """Drops the foreign keys of these tables and their indexes that back no constraint, and
    returns what is needed to make them again (``_restore_indexes``).

    Loading first and indexing afterwards is several times faster than keeping ten indexes and
    five foreign-key checks up to date row by row (PostgreSQL manual, "Populating a
    Database"). Only inside the loading transaction: if anything fails, the rollback brings
    every index and constraint back as it was.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("Indexes may only be set aside inside the loading transaction.")
    saved = []
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        # Deferred checks still pending on these tables would block ALTER TABLE.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table in tables:
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = %s::regclass AND contype = 'f' ORDER BY conname",
                [table],
            )
            saved += [("fk", table, name, definition) for name, definition in cursor.fetchall()]
            cursor.execute(
                "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
                "JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = %s::regclass "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid "
                "AND k.conrelid = i.indrelid) ORDER BY c.relname",
                [table],
            )
            saved += [("index", table, name, definition) for name, definition in cursor.fetchall()]
        for kind, table, name, _definition in saved:
            if kind == "fk":
                cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
            else:
                cursor.execute(f"DROP INDEX {quote(name)}")
    return saved


def _restore_indexes(*, saved: list[tuple[str, str, str, str]]) -> int:
    """Builds the indexes, then adds the foreign keys again (each checked in one pass)."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for kind, _table, _name, definition in saved:
            if kind == "index":
                cursor.execute(definition)
        for kind, table, name, definition in saved:
            if kind == "fk":
                cursor.execute(
                    f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}"
                )
    return len(saved)


def _analyze() -> int:
    with connection.cursor() as cursor:
        for table in RESIDENT_TABLES:
            cursor.execute(f"ANALYZE {table}")
    return len(RESIDENT_TABLES)


def valid_bsn(*, rng: random.Random) -> str:
    """A random 9-digit number that passes the 11-proef (checked with python-stdnum)."""
    while True:
        digits = [rng.randint(1, 6)] + [rng.randint(0, 9) for _ in range(7)]
        total = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True))
        last = total % 11
        if last < 10:
            value = "".join(map(str, digits)) + str(last)
            if bsn_check.is_valid(value):
                return value


def _ascii(text):
    """ "Daniël" → "daniel": e-mail addresses stay plain ASCII."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in folded.lower() if c.isalnum())


PHONE_SOORT = {
    phonenumbers.PhoneNumberType.MOBILE: "mobiel",
    phonenumbers.PhoneNumberType.FIXED_LINE: "vast",
}


class _Residents:
    def __init__(self, *, rng: random.Random, faker: Faker):
        self.rng = rng
        self.faker = faker
        # (voorvoegsel, geslachtsnaam) pairs; the near-duplicates weigh extra.
        self.achternamen = []
        for name in [*DutchNames.last_names, *LASTIGE_NAMEN * 8]:
            prefix, _, rest = name.rpartition(" ")
            if not prefix or (prefix in VOORVOEGSELS and rest[:1].isupper() and "," not in rest):
                self.achternamen.append((prefix, rest))
        self.voornamen = sorted(set(DutchNames.first_names_male + DutchNames.first_names_female))
        self.keys = {}
        self.partij_ids = []
        self.person_ids = []

    def _key(self, name):
        if name not in self.keys:
            self.keys[name] = name_key(name)
        return self.keys[name]

    def _next_id(self, table):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")  # noqa: S608
            return cursor.fetchone()[0]

    @staticmethod
    def _fix_sequence(table):
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                f"COALESCE((SELECT MAX(id) FROM {table}), 1))"
            )

    def _copy(self, model, rows):
        """COPY rows (dicts by field name) into the model's table. The columns come from the
        model: a name that is no field of it, or a required field left out, fails at once."""
        rows = iter(rows)
        first = next(rows, None)
        if first is None:
            return 0
        velden = {f.attname: f for f in model._meta.concrete_fields}
        onbekend = set(first) - set(velden)
        ontbrekend = {
            naam
            for naam, f in velden.items()
            if not (
                f.null or f.primary_key or f.has_default() or f.has_db_default() or naam in first
            )
        }
        if onbekend or ontbrekend:
            raise ValueError(
                f"{model.__name__}: no such field {sorted(onbekend)}, missing {sorted(ontbrekend)}"
            )
        namen = list(first)
        kolommen = ", ".join(connection.ops.quote_name(velden[n].column) for n in namen)
        table = model._meta.db_table
        count = 0
        with (
            connection.cursor() as cursor,
            cursor.connection.cursor().copy(f"COPY {table} ({kolommen}) FROM STDIN") as copy,
        ):
            for row in itertools.chain((first,), rows):
                copy.write_row([row[n] for n in namen])
                count += 1
        self._fix_sequence(table)
        return count

    def _postcode(self, area):
        while True:
            letters = "".join(self.rng.choice("ABCDEFGHJKLMNPRTVWXZ") for _ in range(2))
            value = f"{area}{letters}"
            if postcode_check.is_valid(value):
                return value

    def _phone(self, *, mobile):
        """A valid Dutch number, E.164, with its kind as libphonenumber sees it."""
        while True:
            if mobile:
                national = f"06{self.rng.randint(1, 5)}{self.rng.randint(0, 9_999_999):07d}"
            else:
                national = f"024{self.rng.randint(3, 8)}{self.rng.randint(0, 999_999):06d}"
            number = phonenumbers.parse(national, "NL")
            if phonenumbers.is_valid_number(number):
                soort = PHONE_SOORT.get(phonenumbers.number_type(number), "overig")
                return phonenumbers.format_number(
                    number, phonenumbers.PhoneNumberFormat.E164
                ), soort

    def _huisnummer(self, straat):
        if straat in WIJK_STRATEN:
            return self.rng.randint(1001, 9299)
        return self.rng.randint(1, 250)

    def _addresses(self, count):
        """A pool of household addresses: several persons may share one."""
        pool = []
        for _ in range(count):
            straat, area = self.rng.choice(STRATEN)
            letter = self.rng.choice("ABC") if self.rng.random() < 0.05 else ""
            toevoeging = str(self.rng.randint(1, 4)) if self.rng.random() < 0.1 else ""
            pool.append(
                (straat, self._huisnummer(straat), letter, toevoeging, self._postcode(area))
            )
        return pool

    def persons(self, count) -> int:
        now = datetime.datetime.now(datetime.UTC)
        first_id = self._next_id("contacts_partij")
        addresses = self._addresses(max(1, count * 6 // 10))
        bsns = set()
        partij_rows, adres_rows, tel_rows, mail_rows = [], [], [], []
        for i in range(count):
            pk = first_id + i
            bsn = valid_bsn(rng=self.rng)
            while bsn in bsns:
                bsn = valid_bsn(rng=self.rng)
            bsns.add(bsn)
            voorvoegsel, achternaam = self.rng.choice(self.achternamen)
            voornamen = self.rng.choice(self.voornamen)
            if self.rng.random() < 0.4:
                voornamen += " " + self.rng.choice(self.voornamen)
            geboren = datetime.date(1930, 1, 1) + datetime.timedelta(
                days=self.rng.randint(0, 28_800)
            )
            overleden = self.rng.random() < 0.01
            geheim = self.rng.random() < 0.005
            hulp = "{}"
            roll = self.rng.random()
            if roll < 0.01:
                hulp = "{tolkcontact}"
            elif roll < 0.04:
                hulp = "{makkelijke_taal}"
            elif roll < 0.05:
                hulp = "{hulp_stip}"
            partij_rows.append(
                {
                    "id": pk,
                    "soort": "persoon",
                    "bsn": bsn,
                    "voornamen": voornamen,
                    "voorvoegsel": voorvoegsel,
                    "geslachtsnaam": achternaam,
                    "geboortedatum": geboren,
                    "geheimhouding": geheim,
                    "overleden": overleden,
                    "naam": "",
                    "kvk_nummer": "",
                    "vestigingsnummer": "",
                    "bron": "brp",
                    "aangemaakt": now,
                    "gewijzigd": now,
                    "zoeknaam": self._key(achternaam),
                    "niet_bellen": "na 18:00 uur" if self.rng.random() < 0.03 else "",
                    "taal": "Engels" if self.rng.random() < 0.03 else "",
                    "hulp_nodig": hulp,
                    "geen_proactief_contact": self.rng.random() < 0.02,
                }
            )
            straat, nr, letter, toev, pc = self.rng.choice(addresses)
            adres_rows.append(
                {
                    "partij_id": pk,
                    "soort": "woonadres",
                    "straat": straat,
                    "huisnummer": nr,
                    "huisletter": letter,
                    "toevoeging": toev,
                    "postcode": pc,
                    "woonplaats": "Nijmegen",
                }
            )
            roll = self.rng.random()
            kinds = (
                [True]
                if roll < 0.55
                else [False]
                if roll < 0.7
                else [True, False]
                if roll < 0.8
                else []
            )
            numbers = dict(self._phone(mobile=mobile) for mobile in kinds)
            tel_rows.extend(
                {"partij_id": pk, "nummer": number, "soort": soort}
                for number, soort in numbers.items()
            )
            if self.rng.random() < 0.6:
                local = f"{_ascii(voornamen.split()[0])}.{_ascii(voorvoegsel + achternaam)}"
                domain = self.rng.choice(["example.com", "example.net", "example.org"])
                mail_rows.append(
                    {"partij_id": pk, "adres": f"{local}{self.rng.randint(1, 99)}@{domain}"}
                )
            self.person_ids.append(pk)
        self.partij_ids.extend(self.person_ids)
        n = self._copy(Partij, partij_rows)
        self._copy(Adres, adres_rows)
        self._copy(Telefoonnummer, tel_rows)
        self._copy(Emailadres, mail_rows)
        return n

    def organisations(self, count) -> int:
        now = datetime.datetime.now(datetime.UTC)
        first_id = self._next_id("contacts_partij")
        kvks = set()
        rows, adres_rows, tel_rows, mail_rows = [], [], [], []
        for i in range(count):
            pk = first_id + i
            kvk = f"{self.rng.randint(10_000_000, 99_999_999)}"
            while kvk in kvks:
                kvk = f"{self.rng.randint(10_000_000, 99_999_999)}"
            kvks.add(kvk)
            naam = self.faker.company()
            rows.append(
                {
                    "id": pk,
                    "soort": "organisatie",
                    "bsn": "",
                    "voornamen": "",
                    "voorvoegsel": "",
                    "geslachtsnaam": "",
                    "geboortedatum": None,
                    "geheimhouding": False,
                    "overleden": False,
                    "naam": naam,
                    "kvk_nummer": kvk,
                    "vestigingsnummer": f"0000{self.rng.randint(10_000_000, 99_999_999)}",
                    "bron": "kvk",
                    "aangemaakt": now,
                    "gewijzigd": now,
                    "zoeknaam": self._key(naam),
                    "niet_bellen": "",
                    "taal": "",
                    "hulp_nodig": "{}",
                    "geen_proactief_contact": False,
                }
            )
            straat, area = self.rng.choice(STRATEN)
            adres_rows.append(
                {
                    "partij_id": pk,
                    "soort": "bezoekadres",
                    "straat": straat,
                    "huisnummer": self._huisnummer(straat),
                    "huisletter": "",
                    "toevoeging": "",
                    "postcode": self._postcode(area),
                    "woonplaats": "Nijmegen",
                }
            )
            tel_rows.append(
                {
                    "partij_id": pk,
                    **dict(zip(("nummer", "soort"), self._phone(mobile=False), strict=True)),
                }
            )
            mail_rows.append({"partij_id": pk, "adres": f"info{i}@example.com"})
            self.partij_ids.append(pk)
        n = self._copy(Partij, rows)
        self._copy(Adres, adres_rows)
        self._copy(Telefoonnummer, tel_rows)
        self._copy(Emailadres, mail_rows)
        return n

    def relations(self) -> int:
        """Gemachtigden for some persons, contact persons for organisations, and preferred
        channels for about one in five persons."""
        persons = self.person_ids
        person_set = set(persons)
        organisations = [pk for pk in self.partij_ids if pk not in person_set]
        rows = set()
        for pk in persons:
            if self.rng.random() < 0.02:
                other = self.rng.choice(persons)
                if other != pk:
                    rows.add((other, pk, "gemachtigde", ""))
        for pk in organisations:
            if persons:
                rows.add(
                    (
                        self.rng.choice(persons),
                        pk,
                        "contactpersoon",
                        self.rng.choice(["eigenaar", "administratie", "bedrijfsleider"]),
                    )
                )
        velden = ("vertegenwoordiger_id", "vertegenwoordigde_id", "soort", "functie")
        count = self._copy(
            Vertegenwoordiging, [dict(zip(velden, rij, strict=True)) for rij in sorted(rows)]
        )
        kanalen = [
            k.id
            for k in Kanaal.objects.filter(
                code__in=["telefoon", "e-mail", "post", "mijn-nijmegen"]
            ).order_by("id")
        ]
        voorkeuren = set()
        for pk in persons:
            if self.rng.random() < 0.2:
                voorkeuren.add((pk, self.rng.choice(kanalen)))
        self._copy(
            Partij.voorkeurskanalen.through,
            [{"partij_id": p, "kanaal_id": k} for p, k in sorted(voorkeuren)],
        )
        return count + len(voorkeuren)

    def _staff_by_afdeling(self):
        staff = {}
        for pk, code in Medewerker.objects.values_list("id", "afdeling__code").order_by("id"):
            staff.setdefault(code, []).append(pk)
        return staff

    def zaken(self, count) -> int:
        zaaktypen = {z.code: z for z in Zaaktype.objects.all()}
        afdelingen = dict(Afdeling.objects.values_list("code", "id"))
        staff = self._staff_by_afdeling()
        weights = list(itertools.accumulate(z[5] for z in ZAAKTYPEN))
        today = datetime.date(2026, 11, 20)
        rows = []
        for i in range(count):
            zaaktype = self.rng.choices(ZAAKTYPEN, cum_weights=weights)[0]
            code, _oms, _dom, dagen, afdeling_code, _w = zaaktype
            start = today - datetime.timedelta(days=self.rng.randint(0, 730))
            closed = (today - start).days > dagen * 1.5 or self.rng.random() < 0.4
            status = "Afgehandeld" if closed else self.rng.choice(ZAAK_STATUSSEN[:4])
            einde = (
                start + datetime.timedelta(days=self.rng.randint(1, dagen * 2)) if closed else None
            )
            if einde and einde > today:
                einde = today
            roll = self.rng.random()
            vertrouwelijk = (
                "geheim"
                if roll < 0.01
                else "vertrouwelijk"
                if roll < 0.05
                else "openbaar"
                if roll < 0.3
                else "zaakvertrouwelijk"
            )
            behandelaar = (
                self.rng.choice(staff[afdeling_code])
                if staff.get(afdeling_code) and self.rng.random() < 0.8
                else None
            )
            rows.append(
                {
                    "identificatie": f"ZAAK-{start.year}-{i + 1:07d}",
                    "zaaktype_id": zaaktypen[code].id,
                    "partij_id": self.rng.choice(self.partij_ids),
                    "omschrijving": f"{zaaktypen[code].omschrijving} – demo {i + 1}",
                    "toelichting": "Toelichting van de behandelaar bij deze zaak.",
                    "status": status,
                    "behandelaar_id": behandelaar,
                    "afdeling_id": afdelingen[afdeling_code],
                    "startdatum": start,
                    "einddatum_gepland": start + datetime.timedelta(days=dagen),
                    "uiterlijke_einddatum": start + datetime.timedelta(days=dagen * 2),
                    "einddatum": einde,
                    "vertrouwelijkheidaanduiding": vertrouwelijk,
                    "bron": "demo",
                    "bron_url": "",
                }
            )
        return self._copy(Zaak, rows)

    def contactmomenten(self, count, *, heavy: int) -> int:
        kanalen = {k.code: k.id for k in Kanaal.objects.all()}
        onderwerpen = {
            o.code: (o.id, o.domein.code) for o in Onderwerp.objects.select_related("domein")
        }
        afdelingen = dict(Afdeling.objects.values_list("code", "id"))
        staff = self._staff_by_afdeling()
        domein_afdeling = {}
        for code, _naam, domein_codes, _teams in AFDELINGEN:
            for domein in domein_codes:
                domein_afdeling.setdefault(domein, code)
        kanaal_codes = [k[0] for k in KANALEN]
        # cumulative weights, summed once rather than for every row
        kanaal_weights = list(itertools.accumulate(k[4] for k in KANALEN))
        onderwerp_codes = [o[0] for o in ONDERWERPEN]
        onderwerp_weights = list(itertools.accumulate(o[3] for o in ONDERWERPEN))
        resultaat_codes = [r[0] for r in RESULTATEN]
        resultaat_weights = list(itertools.accumulate(r[1] for r in RESULTATEN))
        now = datetime.datetime(2026, 11, 20, 17, 0, tzinfo=datetime.UTC)
        last = {}  # partij → (klantreis, onderwerp) of their latest contact, for threads
        heavy_id = self.person_ids[0] if self.person_ids else None

        def rows():
            for i in range(count):
                partij = heavy_id if i < heavy else self.rng.choice(self.partij_ids)
                kanaal = self.rng.choices(kanaal_codes, cum_weights=kanaal_weights)[0]
                previous = last.get(partij)
                if previous and self.rng.random() < 0.25:
                    klantreis, onderwerp = previous
                else:
                    klantreis = uuid.UUID(int=self.rng.getrandbits(128), version=4)
                    onderwerp = self.rng.choices(onderwerp_codes, cum_weights=onderwerp_weights)[0]
                last[partij] = (klantreis, onderwerp)
                onderwerp_id, domein = onderwerpen[onderwerp]
                if kanaal in ("telefoon", "chat", "sociale-media", "e-mail", "webformulier"):
                    afdeling = "kcc"
                elif kanaal.startswith("balie"):
                    afdeling = "publiekszaken"
                else:
                    afdeling = domein_afdeling.get(domein, "kcc")
                medewerker = self.rng.choice(staff[afdeling]) if staff.get(afdeling) else None
                days = self.rng.randint(0, 1095)
                moment = now - datetime.timedelta(days=days, minutes=self.rng.randint(0, 540))
                vraag, antwoord = VRAGEN.get(
                    onderwerp,
                    (f"Vraag over {onderwerp.replace('-', ' ')}.", "Uitgelegd en afgehandeld."),
                )
                resultaat = self.rng.choices(resultaat_codes, cum_weights=resultaat_weights)[0]
                yield {
                    "partij_id": partij,
                    "kanaal_id": kanalen[kanaal],
                    "tolkcontact": self.rng.random() < 0.003,
                    "richting": "uit" if self.rng.random() < 0.08 else "in",
                    "tijdstip": moment,
                    "medewerker_id": medewerker,
                    "afdeling_id": afdelingen[afdeling],
                    "onderwerp_id": onderwerp_id,
                    "vraag": vraag,
                    "antwoord": antwoord,
                    "resultaat": resultaat,
                    "klantreis": klantreis,
                    "geregistreerd": moment,
                }

        return self._copy(Contactmoment, rows())

    def terugbelverzoeken(self, count) -> int:
        """Callback requests over the last three years, routed by the rules; the last three
        days' partly open, older ones nearly all handled. Times are relative to now, so the
        demo's queues have fresh work whenever it is loaded."""

        regels = {
            r.onderwerp_id: (r.afdeling_id, r.team_id, r.termijn_werkdagen or 2)
            for r in Routeringsregel.objects.all()
        }
        onderwerpen = [o for o in Onderwerp.objects.order_by("id") if o.id in regels]
        if not onderwerpen or not self.person_ids:
            return 0
        staff = {}
        for pk, afdeling_id in Medewerker.objects.values_list("id", "afdeling_id").order_by("id"):
            staff.setdefault(afdeling_id, []).append(pk)
        now = timezone.now().replace(microsecond=0)
        uitkomsten = ["afgehandeld"] * 14 + ["doorgezet", "zaak_aangemaakt", "niet_bereikt"]
        heavy_id = self.person_ids[0]

        def rows():
            for i in range(count):
                onderwerp = self.rng.choice(onderwerpen)
                afdeling_id, team_id, werkdagen = regels[onderwerp.id]
                # the first few belong to the person with the long history: a full panel
                partij = heavy_id if i < 3 else self.rng.choice(self.person_ids)
                # spread over three years (≈ 270 a day at ×1); the last three days' are partly
                # open, a few older ones were never closed (they show as overdue)
                age = datetime.timedelta(minutes=self.rng.randint(5, 3 * 365 * 24 * 60))
                if i < 40:  # fresh work in every department's queue, also in a small demo
                    age = datetime.timedelta(minutes=self.rng.randint(5, 3 * 24 * 60))
                recent = age < datetime.timedelta(days=3)
                aangemaakt = now - age
                deadline = uiterste_datum(aangemaakt, werkdagen)
                roll = self.rng.random()
                afgehandeld = roll < (0.35 if recent else 0.998)
                status = (
                    "afgehandeld"
                    if afgehandeld
                    else "nieuw"
                    if roll < 0.6
                    else "opgepakt"
                    if roll < 0.8
                    else "in_behandeling"
                )
                if i < 3:
                    status = "nieuw"
                door = (
                    self.rng.choice(staff[afdeling_id])
                    if status != "nieuw" and staff.get(afdeling_id)
                    else None
                )
                opgepakt_op = (
                    aangemaakt + datetime.timedelta(minutes=self.rng.randint(10, 600))
                    if door
                    else None
                )
                afgehandeld_op = uitkomst = None
                if status == "afgehandeld":
                    afgehandeld_op = min(
                        now,
                        aangemaakt + datetime.timedelta(minutes=self.rng.randint(30, 4 * 24 * 60)),
                    )
                    uitkomst = self.rng.choice(uitkomsten)
                    opgepakt_op = min(opgepakt_op or afgehandeld_op, afgehandeld_op)
                nummer, _soort = self._phone(mobile=True)
                yield {
                    "partij_id": partij,
                    "onderwerp_id": onderwerp.id,
                    "vraag": f"Wil teruggebeld worden over {onderwerp.naam.lower()}.",
                    "telefoonnummer": nummer,
                    "alternatief": "",
                    "beste_tijd": "",
                    "urgentie": "normaal" if self.rng.random() < 0.95 else "spoed",
                    "afdeling_id": afdeling_id,
                    "team_id": team_id,
                    "status": status,
                    "deadline": deadline,
                    "aangemaakt": aangemaakt,
                    "gerouteerd_op": aangemaakt + datetime.timedelta(seconds=1),
                    "opgepakt_door_id": door,
                    "opgepakt_op": opgepakt_op,
                    "uitkomst": uitkomst or "",
                    "toelichting": "Teruggebeld." if uitkomst else "",
                    "afgehandeld_op": afgehandeld_op,
                    "afgehandeld_door_id": door if uitkomst else None,
                }

        return self._copy(Terugbelverzoek, rows())

    def webformulieren(self, count=6) -> int:
        """A few web-form questions from people the KCC still has to link."""

        vragen = [
            "Wanneer wordt het grofvuil opgehaald in mijn straat?",
            "Hoe vraag ik een parkeervergunning aan voor mijn tweede auto?",
            "Ik heb een brief over de WOZ-waarde gekregen en begrijp hem niet.",
            "Kan ik mijn paspoort ook op zaterdag ophalen?",
            "Er ligt al een week een losse stoeptegel voor mijn deur.",
            "Hoe meld ik een verhuizing voor mijn moeder?",
        ]
        for i in range(count):
            naam = f"{self.rng.choice(self.voornamen)} {self.rng.choice(self.achternamen)[1]}"
            bel = i % 3 == 0
            webformulier_ontvangen(
                Webformulier(
                    sleutel=uuid.UUID(int=self.rng.getrandbits(128), version=4),
                    naam=naam,
                    telefoonnummer=self._phone(mobile=True)[0] if bel else "",
                    email=f"{_ascii(naam).lower().replace(' ', '.')}@voorbeeld.nl",
                    vraag=vragen[i % len(vragen)],
                    onderwerp=None,
                    wil_teruggebeld=bel,
                )
            )
        return count
