"""The bulk-load machinery: COPY with columns from the models, indexes set aside and rebuilt,
the residents removed for --reset."""

import itertools
import random

from django.db import connection
from faker import Faker
from faker.providers.person.nl_NL import Provider as DutchNames

from contacts.models import (
    Partij,
)
from contacts.normalise import name_key
from permissions.models import Medewerker

from .inwoners import LASTIGE_NAMEN, VOORVOEGSELS


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


class Lader:
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

    def _staff_by_afdeling(self):
        staff = {}
        for pk, code in Medewerker.objects.values_list("id", "afdeling__code").order_by("id"):
            staff.setdefault(code, []).append(pk)
        return staff
