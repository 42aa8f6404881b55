"""Upgrades with replicas: while the new release's migrations run and its pods start, the
previous release's pods keep serving on the new schema. So every migration since that
release may only *expand* (add a table, a nullable column or one with a database default, an
index); removing or renaming (*contract*) comes one release after the code stopped using it,
marked ``kcc_contract = True`` (README "Upgrades").

Two checks: the migrations are read for contract operations, and the previous release's own
code (``deploy/vorige-release.toml``, taken from git) runs in gunicorn against this
release's migrated test database for the main pages, reads and writes."""

import importlib.util
import re
import subprocess
import sys
import tarfile
import tomllib
import uuid
from io import BytesIO
from pathlib import Path

import pytest
from django.db import migrations, models
from django.test import Client

from callbacks.models import Routeringsregel, Terugbelverzoek
from contacts.models import Contactmoment
from tests.catalogus import maak_wereld
from tests.conftest import worker_env
from tests.factories import PersoonFactory
from tests.processen import Sessie, gunicorn, stoppen

BASE_DIR = Path(__file__).resolve().parent.parent
VORIGE = tomllib.loads((BASE_DIR / "deploy" / "vorige-release.toml").read_text())


def _git(*args, **kwargs):
    return subprocess.run(
        ["git", "-C", str(BASE_DIR), *args], check=True, capture_output=True, **kwargs
    ).stdout


def _nieuwe_migraties() -> list[Path]:
    """Migration files of this checkout that the previous release did not have."""
    oud = set(_git("ls-tree", "-r", "--name-only", VORIGE["commit"], text=True).split())
    return [
        pad
        for pad in sorted(BASE_DIR.glob("*/migrations/0*.py"))
        if str(pad.relative_to(BASE_DIR)) not in oud
    ]


def _contract(operatie, vorig=None) -> str | None:
    """Why the operation would break the previous release's code (None when it expands).
    ``vorig``: for an AlterField, the field as it was before (from the migration graph); an
    unknown one counts as nullable, the strict reading."""
    if isinstance(
        operatie,
        migrations.RemoveField
        | migrations.DeleteModel
        | migrations.RenameField
        | migrations.RenameModel,
    ):
        return type(operatie).__name__
    if isinstance(operatie, migrations.AddField):
        veld = operatie.field
        verplicht = not veld.null and not isinstance(veld, models.ManyToManyField)
        if verplicht and veld.db_default is models.NOT_PROVIDED:
            # the old code inserts rows without it: NOT NULL needs a database default
            return f"AddField {operatie.name} without null=True or db_default"
    if isinstance(operatie, migrations.AlterField):
        veld = operatie.field
        was_null = vorig is None or vorig.null
        if not veld.null and was_null and veld.db_default is models.NOT_PROVIDED:
            return f"AlterField {operatie.name} to NOT NULL without db_default"
        lengte, oude_lengte = getattr(veld, "max_length", None), getattr(vorig, "max_length", None)
        if lengte and oude_lengte and lengte < oude_lengte:
            # the old code may still write the longer values
            return f"AlterField {operatie.name} narrows max_length {oude_lengte} → {lengte}"
    return None


def _veld_ervoor(app: str, migratie: str, operatie):
    """The field an AlterField changes, as the migration graph has it before that migration."""
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    staat = loader.project_state((app, migratie), at_end=False)
    model = staat.models.get((app, operatie.model_name.lower()))
    return model.fields.get(operatie.name) if model else None


def test_the_previous_release_is_in_the_history():
    assert re.fullmatch(r"[0-9a-f]{40}", VORIGE["commit"])
    assert _git("cat-file", "-t", VORIGE["commit"], text=True).strip() == "commit"


def test_migrations_since_the_previous_release_only_expand():
    fouten = []
    for pad in _nieuwe_migraties():
        spec = importlib.util.spec_from_file_location(f"_migratie_{pad.parent.parent.name}", pad)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        migratie = module.Migration
        if getattr(migratie, "kcc_contract", False):
            continue
        for operatie in migratie.operations:
            vorig = None
            if isinstance(operatie, migrations.AlterField):
                vorig = _veld_ervoor(pad.parent.parent.name, pad.stem, operatie)
            if reden := _contract(operatie, vorig):
                fouten.append(f"{pad.relative_to(BASE_DIR)}: {reden}")
    assert not fouten, "contract operations (see README 'Upgrades'):\n" + "\n".join(fouten)


def test_the_check_recognises_a_contract_operation():
    assert _contract(migrations.RemoveField("partij", "oud"))
    assert _contract(migrations.AddField("partij", "nieuw", models.CharField(max_length=5)))
    assert not _contract(
        migrations.AddField("partij", "nieuw", models.CharField(max_length=5, db_default=""))
    )
    assert not _contract(migrations.AddField("partij", "nieuw", models.DateField(null=True)))
    # a NOT NULL column that was NOT NULL before (choices, a longer max_length) expands
    smal, breed = models.CharField(max_length=200), models.CharField(max_length=1000)
    assert not _contract(migrations.AlterField("zaak", "bron_url", breed), smal)
    assert _contract(migrations.AlterField("zaak", "bron_url", smal), breed)
    assert _contract(migrations.AlterField("zaak", "x", smal), models.CharField(null=True))
    assert _contract(migrations.AlterField("zaak", "x", smal))  # unknown before: strict


@pytest.fixture(scope="module")
def vorige_code(tmp_path_factory):
    """The previous release's files (git archive), with its static files collected."""
    doel = tmp_path_factory.mktemp("vorige-release")
    archief = _git("archive", "--format=tar", VORIGE["commit"])
    with tarfile.open(fileobj=BytesIO(archief)) as tar:
        tar.extractall(doel, filter="data")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=doel,
        env={"PATH": "/usr/bin:/bin", "DJANGO_DEBUG": "0",
             "DJANGO_STATIC_ROOT": str(doel / "static-root"),
             "DJANGO_SECRET_KEY": "collectstatic-only-" + "x" * 40,
             "DJANGO_ALLOWED_HOSTS": "127.0.0.1"},
        check=True,
        timeout=120,
    )  # fmt: skip
    return doel


@pytest.mark.celery
def test_the_previous_release_serves_the_main_pages_on_the_new_schema(
    transactional_db, settings, vorige_code
):
    # the test database carries every migration of this checkout
    wereld = maak_wereld()
    Routeringsregel.objects.create(
        onderwerp=wereld.onderwerpen["wmo"], afdeling=wereld.afdelingen["wmo"]
    )
    persoon = PersoonFactory(geslachtsnaam="Oudversie")
    sessies = {}
    for rol in ("kcc", "wmo", "teamleider"):
        client = Client()
        client.force_login(wereld.users[rol])
        sessies[rol] = client.cookies[settings.SESSION_COOKIE_NAME].value

    env = worker_env(settings, "test-upgrade", DJANGO_STATIC_ROOT=str(vorige_code / "static-root"))
    web, url = gunicorn(env, workers=1, cwd=vorige_code)
    try:
        # it is the previous release that answers
        status, versie = Sessie(url, "").vraag("GET", "/version", htmx=False)
        assert status == 200
        assert f'"{VORIGE["version"]}"' in versie
        kcc = Sessie(url, sessies["kcc"])
        assert kcc.vraag("GET", "/", htmx=False)[0] == 200
        status, html = kcc.vraag("POST", "/zoeken/", {"q": "Oudversie"})
        assert status == 200
        assert "Oudversie" in html
        assert kcc.vraag("GET", f"/nijmegenaren/{persoon.id}/", htmx=False)[0] == 200
        status, html = kcc.vraag(
            "POST",
            f"/nijmegenaren/{persoon.id}/contactmomenten/",
            {
                "kanaal": wereld.kanalen["telefoon"].id,
                "onderwerp": "Onderwerp wmo",
                "vraag": "Vraag aan de vorige release",
                "antwoord": "Beantwoord.",
                "resultaat": "beantwoord",
            },
        )
        assert status == 200, html[:500]
        assert Contactmoment.objects.filter(vraag="Vraag aan de vorige release").count() == 1
        status, html = kcc.vraag(
            "POST",
            f"/nijmegenaren/{persoon.id}/terugbelverzoeken/",
            {
                "tbv-sleutel": str(uuid.uuid4()),
                "tbv-telefoonnummer": "06-12345678",
                "tbv-onderwerp": "Onderwerp wmo",
                "tbv-vraag": "Terugbellen door de vorige release",
                "tbv-urgentie": "normaal",
                "tbv-beste_tijd": "",
                "tbv-alternatief": "",
                "tbv-afdeling": "",
            },
        )
        assert status == 200, html[:500]
        tbv = Terugbelverzoek.objects.get(vraag="Terugbellen door de vorige release")
        assert tbv.referentie in html
        from callbacks import services

        services.terugbelverzoeken_routeren()  # this release's code routes it
        status, html = Sessie(url, sessies["wmo"]).vraag("GET", "/terugbelverzoeken/", htmx=False)
        assert status == 200
        assert tbv.referentie in html
        status, _html = Sessie(url, sessies["teamleider"]).vraag(
            "GET", "/teamleider/terugbelverzoeken/", htmx=False
        )
        assert status == 200
    finally:
        stoppen(web)
