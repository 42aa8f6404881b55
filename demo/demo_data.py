"""Demo and benchmark data: deterministic by seed, loaded with PostgreSQL COPY.

``manage.py demodata --seed 2026 --size small`` loads in about 2 seconds; ``--size x1``
("Nijmegen ×1": 200,000 persons, 20,000 organisations, 3,000,000 contact moments and 600,000
zaken) in about a minute and a half on 2 cores (tests/perf/REPORT.md). Same seed, same data:
every random choice comes from ``random.Random`` instances and a Faker seeded from the seed,
never from the global random state.

The reference catalogue comes from its file (``sources.catalogus``) and the staff are upserted
by username, so loading twice changes nothing. Nijmegenaren, contact moments and zaken are
loaded once, in one transaction; ``--reset`` replaces them. This module only orchestrates:
one module per domain generates (``inwoners``, ``zaken``, ``contacten``, ``terugbelverzoeken``,
``medewerkers``), ``laden`` holds the COPY machinery, ``catalogus`` the demo's traffic weights.
"""

import random
import time
from dataclasses import dataclass

from django.db import transaction
from faker import Faker

from contacts.models import (
    Partij,
)
from leren.services import standaard_redenen
from sources import catalogus

from .contacten import Contacten
from .inwoners import Inwoners
from .laden import (
    RESIDENT_TABLES,
    Lader,
    _analyze,
    _drop_indexes,
    _restore_indexes,
    delete_residents,
)
from .medewerkers import load_staff
from .telefonie import GESPREKKEN_PER_JAAR, jaar_laden
from .terugbelverzoeken import Terugbelverzoeken
from .zaken import Zaken

SIZES = {
    # persons, organisations, contact moments, zaken, extra staff
    "small": (2_000, 200, 20_000, 3_000, 40),
    "x1": (200_000, 20_000, 3_000_000, 600_000, 400),
    # ten times Nijmegen: what a hosting party serving several municipalities holds
    "x10": (2_000_000, 200_000, 30_000_000, 6_000_000, 4_000),
}
# Callback requests: most of them handled long ago, the last week's still open in part.
TERUGBELVERZOEKEN = {"small": 3_000, "x1": 300_000, "x10": 3_000_000}
# One person with a long history, for the "2,000 contacts open as fast as 2" benchmark.
HEAVY_HISTORY = {"small": 300, "x1": 2_000, "x10": 2_000}

# --- catalogues, from the seeds -------------------------------------------------------------


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
    gesprekken: int | None = None,
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
    # a year of 14 024 for the figures: once (the raw events are append-only), kept on --reset
    n_gesprekken = GESPREKKEN_PER_JAAR if gesprekken is None else gesprekken
    with transaction.atomic():
        phase(
            "telephony year (events)",
            lambda: jaar_laden(rng=random.Random(seed + 3), gesprekken=n_gesprekken),
        )
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
    # the survey's reasons for a low score (a migration makes them; an emptied database not)
    return resultaat.bijgewerkt + resultaat.regels + standaard_redenen()


class _Residents(Inwoners, Zaken, Contacten, Terugbelverzoeken, Lader):
    """The residents' generator, one mixin per domain (demo/inwoners.py, zaken.py, contacten.py,
    terugbelverzoeken.py) on the bulk-load machinery (demo/laden.py)."""
