"""The access log is guarded by privileges: the application's own database connection can
add to it and read it, and nothing else — no session setting, no trick opens it. Retention
removes only rows past the legal term. The chain head is anchored outside the database, so
cutting off the newest rows is noticed."""

import datetime
import os
import subprocess
import sys
import uuid
from pathlib import Path
from unittest import mock

import psycopg
import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from permissions import anker
from permissions.accesslog import bewaartermijn_loggen, check_chain, toegang_loggen
from permissions.models import Toegangslog
from tests.catalogus import maak_wereld
from tests.factories import PersoonFactory

pytestmark = pytest.mark.django_db(transaction=True)
BASE_DIR = Path(__file__).resolve().parent.parent.parent
WACHTWOORD = "app-" + uuid.uuid4().hex


def _loggen(user, n=1, *, tijdstip=None):
    persoon = PersoonFactory()
    for _ in range(n):
        if tijdstip is None:
            toegang_loggen(door=user, herkomst=None, handeling="klantbeeld_geopend", partij=persoon)
        else:
            with mock.patch("permissions.accesslog.timezone.now", return_value=tijdstip):
                toegang_loggen(
                    door=user, herkomst=None, handeling="klantbeeld_geopend", partij=persoon
                )


@pytest.fixture
def rollen():
    """An app role and a retention role as the compose file makes them (cluster-wide, so with a
    name of their own), with the privileges of ``manage.py toegangslog_rechten``."""
    suffix = uuid.uuid4().hex[:8]
    app, bewaar = f"kcc_test_app_{suffix}", f"kcc_test_bewaar_{suffix}"
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        eigenaar = cursor.fetchone()[0]
        cursor.execute(f"CREATE ROLE {app} LOGIN PASSWORD %s", [WACHTWOORD])
        cursor.execute(f"CREATE ROLE {bewaar} NOLOGIN")
    call_command("toegangslog_rechten", "--app-rol", app, "--bewaar-rol", bewaar, verbosity=0)
    yield app
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER FUNCTION kcc_toegangslog_opschonen(timestamptz) OWNER TO {eigenaar}")
        for rol in (app, bewaar):
            cursor.execute(f"DROP OWNED BY {rol}")
            cursor.execute(f"DROP ROLE {rol}")


def _als(rol):
    instellingen = connection.settings_dict
    return psycopg.connect(
        dbname=instellingen["NAME"],
        host=instellingen["HOST"] or "127.0.0.1",
        port=instellingen["PORT"] or 5432,
        user=rol,
        password=WACHTWOORD,
        autocommit=True,
    )


def _database_url(rol):
    from tests.conftest import _database_url as url_van

    return url_van({**connection.settings_dict, "USER": rol, "PASSWORD": WACHTWOORD})


AANVALLEN = [
    "UPDATE permissions_toegangslog SET doel = 'verzonnen'",
    "DELETE FROM permissions_toegangslog",
    "DELETE FROM permissions_toegangslog WHERE id = (SELECT max(id) FROM permissions_toegangslog)",
    "TRUNCATE permissions_toegangslog",
    "SELECT set_config('kcc.retentie_tot', '2999-01-01', false); "
    "DELETE FROM permissions_toegangslog",
    "SELECT set_config('kcc.allow_truncate', 'on', false); TRUNCATE permissions_toegangslog",
    "SET session_replication_role = replica; DELETE FROM permissions_toegangslog",
    "ALTER TABLE permissions_toegangslog DISABLE TRIGGER USER",
    "DROP TRIGGER toegangslog_no_update_delete ON permissions_toegangslog",
    "CREATE OR REPLACE FUNCTION kcc_toegangslog_minimum_dagen() RETURNS integer "
    "LANGUAGE sql IMMUTABLE AS $$ SELECT 0 $$",
    "CREATE FUNCTION public.kcc_eigen() RETURNS integer LANGUAGE sql AS $$ SELECT 1 $$",
    "ALTER FUNCTION kcc_toegangslog_opschonen(timestamptz) OWNER TO CURRENT_USER",
]


def test_the_apps_own_connection_cannot_change_remove_or_bypass(rollen):
    wereld = maak_wereld()
    _loggen(wereld.users["kcc"], 3)
    voor = list(Toegangslog.objects.order_by("id").values_list("id", "hash", "doel"))
    with _als(rollen) as conn:
        for sql in AANVALLEN:
            with pytest.raises(psycopg.errors.Error):
                conn.execute(sql)
        # the one way to remove rows removes only what is past the legal term: nothing here
        aantal, _hash = conn.execute(
            "SELECT * FROM kcc_toegangslog_opschonen(now() + interval '100 years')"
        ).fetchone()
        assert aantal == 0
        # what the app does need, it may: read and add
        assert conn.execute("SELECT count(*) FROM permissions_toegangslog").fetchone()[0] == 3
    assert list(Toegangslog.objects.order_by("id").values_list("id", "hash", "doel")) == voor
    assert check_chain() is None


def test_the_app_works_as_its_own_role_logs_and_applies_retention(rollen, tmp_path):
    wereld = maak_wereld()
    user = wereld.users["kcc"]
    oud = timezone.now() - datetime.timedelta(days=1900)
    _loggen(user, 2, tijdstip=oud)
    _loggen(user, 1)
    script = (
        "from django.contrib.auth import get_user_model\n"
        "from permissions.accesslog import toegang_loggen, check_chain\n"
        "from contacts.retention import bewaartermijnen_toepassen\n"
        f"u = get_user_model().objects.get(pk={user.pk})\n"
        "toegang_loggen(door=u, herkomst=None, handeling='klantbeeld_geopend')\n"
        "print(bewaartermijnen_toepassen()['toegangslog'], check_chain())\n"
    )
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(rollen),
        # the same key as this process: the row hashes are keyed with it
        "DJANGO_SECRET_KEY": django_settings.SECRET_KEY,
        "KCC_TOEGANGSLOG_SLEUTEL": django_settings.KCC_TOEGANGSLOG_SLEUTEL,
        "KCC_DEMO": "1",
    }
    uit = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert uit.returncode == 0, (env["DATABASE_URL"], uit.stderr[-1500:])
    assert uit.stdout.strip().splitlines()[-1].split() == ["2", "None"]
    handelingen = list(Toegangslog.objects.order_by("id").values_list("handeling", flat=True))
    assert handelingen == ["klantbeeld_geopend", "klantbeeld_geopend", "bewaartermijn"]


def test_the_rights_command_refuses_a_superuser_as_the_app_role():
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        ik = cursor.fetchone()[0]
    with pytest.raises(CommandError, match="superuser"):
        call_command("toegangslog_rechten", "--app-rol", ik, "--bewaar-rol", ik, verbosity=0)


def test_cutting_off_the_newest_rows_is_noticed_by_the_anchor(settings, tmp_path):
    settings.KCC_TOEGANGSLOG_ANKER = str(tmp_path / "anker" / "toegangslog-anker.jsonl")
    wereld = maak_wereld()
    _loggen(wereld.users["kcc"], 5)
    anker.verankeren()
    assert anker.controleren() is None
    _loggen(wereld.users["kcc"], 1)
    assert anker.controleren() is None  # newer rows than the anchor: fine
    anker.verankeren()
    # someone with the owner's power removes the two newest rows: the chain is still whole…
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE permissions_toegangslog DISABLE TRIGGER USER")
        cursor.execute(
            "DELETE FROM permissions_toegangslog WHERE id IN "
            "(SELECT id FROM permissions_toegangslog ORDER BY id DESC LIMIT 2)"
        )
        cursor.execute("ALTER TABLE permissions_toegangslog ENABLE TRIGGER USER")
    assert check_chain() is None
    # …but the anchor outside the database says rows are gone
    assert "verdwenen" in anker.controleren()
    with pytest.raises(CommandError, match="verdwenen"):
        call_command("toegangslog_controleren")


def test_a_forged_anchor_is_not_believed(settings, tmp_path):
    settings.KCC_TOEGANGSLOG_ANKER = str(tmp_path / "toegangslog-anker.jsonl")
    wereld = maak_wereld()
    _loggen(wereld.users["kcc"], 2)
    anker.verankeren()
    pad = Path(settings.KCC_TOEGANGSLOG_ANKER)
    pad.write_text(pad.read_text().replace('"id": ', '"id": 1', 1))
    assert "handtekening" in anker.controleren()


def _als_eigenaar(sql, params=None):
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE permissions_toegangslog DISABLE TRIGGER USER")
        cursor.execute(sql, params)
        cursor.execute("ALTER TABLE permissions_toegangslog ENABLE TRIGGER USER")


def test_rows_cut_off_the_end_are_noticed_after_the_app_writes_one_more(settings, tmp_path):
    """The owner removes the newest rows; the app then writes a new row, chained to what is
    left, so the chain is whole and the newest anchor's row 'has a later one'. The anchor
    still names the removed row: the check says so."""
    settings.KCC_TOEGANGSLOG_ANKER = str(tmp_path / "toegangslog-anker.jsonl")
    wereld = maak_wereld()
    _loggen(wereld.users["kcc"], 4)
    anker.verankeren()
    _als_eigenaar(
        "DELETE FROM permissions_toegangslog WHERE id IN "
        "(SELECT id FROM permissions_toegangslog ORDER BY id DESC LIMIT 2)"
    )
    _loggen(wereld.users["kcc"], 1)  # the app goes on
    assert check_chain() is None
    assert "verdwenen" in anker.controleren()


def test_an_old_row_rewritten_and_rehashed_is_noticed_by_an_older_anchor(settings, tmp_path):
    """The owner rewrites an old row and re-hashes every row after it (the chain is whole
    again). An anchor written after that row still holds the old hash of its row."""
    from permissions.accesslog import _digest

    settings.KCC_TOEGANGSLOG_ANKER = str(tmp_path / "toegangslog-anker.jsonl")
    wereld = maak_wereld()
    _loggen(wereld.users["kcc"], 3)
    anker.verankeren()  # names row 3
    _loggen(wereld.users["kcc"], 3)
    anker.verankeren()  # names row 6
    rijen = list(Toegangslog.objects.order_by("id"))
    _als_eigenaar(
        "UPDATE permissions_toegangslog SET doel = 'herschreven' WHERE id = %s", [rijen[1].id]
    )
    vorige = rijen[0].hash
    for rij in Toegangslog.objects.order_by("id")[1:]:  # re-hash from the rewritten row on
        rij.vorige_hash = vorige
        rij.hash = _digest(rij)
        _als_eigenaar(
            "UPDATE permissions_toegangslog SET vorige_hash = %s, hash = %s WHERE id = %s",
            [rij.vorige_hash, rij.hash, rij.id],
        )
        vorige = rij.hash
    assert check_chain() is None
    assert "veranderd" in anker.controleren()


def test_rows_removed_by_the_retention_are_not_taken_for_tampering(settings, tmp_path):
    settings.KCC_TOEGANGSLOG_ANKER = str(tmp_path / "toegangslog-anker.jsonl")
    settings.KCC_BEWAARTERMIJN_TOEGANGSLOG_DAGEN = 30
    wereld = maak_wereld()
    oud = timezone.now() - datetime.timedelta(days=60)
    _loggen(wereld.users["kcc"], 3, tijdstip=oud)
    anker.verankeren()  # names a row the retention will remove
    _loggen(wereld.users["kcc"], 2)
    anker.verankeren()
    # the cut as the retention role makes it (kcc_toegangslog_opschonen): the oldest rows
    # go, and a row says after which hash the log was cut
    weg = list(Toegangslog.objects.order_by("id")[:3])
    _als_eigenaar("DELETE FROM permissions_toegangslog WHERE id <= %s", [weg[-1].id])
    bewaartermijn_loggen(
        doel="Bewaartermijn toegangslog", object_type="toegangslog", aantal=3,
        afgekapt_na_hash=weg[-1].hash,
    )  # fmt: skip
    assert check_chain() is None
    assert anker.controleren() is None
    # but a row of the newer anchor removed by hand is still found
    _als_eigenaar(
        "DELETE FROM permissions_toegangslog WHERE id IN "
        "(SELECT id FROM permissions_toegangslog WHERE afgekapt_na_hash = '' "
        "ORDER BY id DESC LIMIT 1)"
    )
    assert "verdwenen" in anker.controleren()


def test_the_owner_cannot_rewrite_a_row_after_the_newest_anchor_without_the_key(settings):
    """Rows are hashed with a key the database does not hold: the owner (who can switch the
    trigger off) rewrites the newest row — after the newest anchor, where no anchor helps —
    and computes its hash as the code did before (SHA-256), or marks it unkeyed: both are
    found by the chain check."""
    import hashlib
    import json

    from permissions.accesslog import _HASHED

    wereld = maak_wereld()
    _loggen(wereld.users["kcc"], 3)
    assert check_chain() is None
    laatste = Toegangslog.objects.order_by("-id").first()
    assert laatste.sleutelversie == 1

    def zonder_sleutel(rij, **velden):
        data = {n: getattr(rij, n) for n in _HASHED} | velden
        data["tijdstip"] = rij.tijdstip.isoformat()
        tekst = json.dumps(data, sort_keys=True, default=str, separators=(",", ":"))
        return hashlib.sha256(tekst.encode()).hexdigest()

    for versie, extra in ((1, {"sleutelversie": 1}), (0, {})):
        _als_eigenaar(
            "UPDATE permissions_toegangslog SET doel = 'herschreven', hash = %s, "
            "sleutelversie = %s WHERE id = %s",
            [zonder_sleutel(laatste, doel="herschreven", **extra), versie, laatste.id],
        )
        assert check_chain() == laatste.id, versie
