"""One door per table: only the app that owns a model writes its rows.

Pages, the API, the source adapters, tasks and commands of another app call the owning app's
services, so every write has one place that keeps its history, its access-log line and its
tasks. The check reads the code (no import): for every module outside the owning app it finds

* ``Model.objects….create/update/delete/bulk_create/…`` on another app's model, and
* ``.save()`` / ``.delete()`` on a name bound in the same function to another app's model
  (``x = Model(…)``, ``x = Model.objects.get(…)``, a ``for x in Model.objects…`` loop).

Left out on purpose: migrations (they are the schema's own history) and ``demo`` (the demo
loader fills every table at once with COPY; it is a fixture, not a way in).
"""

import ast
from pathlib import Path

from tests.test_architecture import APPS as ALLE_APPS

BASE_DIR = Path(__file__).resolve().parent.parent
NIET_GECONTROLEERD = {"demo"}
APPS = [app for app in ALLE_APPS if app not in NIET_GECONTROLEERD]
SCHRIJVEN = {
    "create",
    "update",
    "delete",
    "bulk_create",
    "bulk_update",
    "get_or_create",
    "update_or_create",
}
INSTANTIE_SCHRIJVEN = {"save", "delete"}


def _modellen_per_app() -> dict[str, str]:
    """Model class name → owning app, read from each app's models module."""
    eigenaar: dict[str, str] = {}
    for app in [*APPS, "demo"]:
        pad = BASE_DIR / app / "models.py"
        if not pad.exists():
            continue
        for node in ast.parse(pad.read_text()).body:
            if isinstance(node, ast.ClassDef) and not _is_abstract(node):
                eigenaar[node.name] = app
    # Django's own models that an app owns by extending them
    eigenaar.setdefault("Group", "permissions")
    return eigenaar


def _is_abstract(klasse: ast.ClassDef) -> bool:
    for node in klasse.body:
        if isinstance(node, ast.ClassDef) and node.name == "Meta":
            return "abstract = True" in ast.unparse(node)
    return False


def _geimporteerde_modellen(tree: ast.Module, eigenaar: dict[str, str]) -> dict[str, str]:
    """Names in this module that stand for a model, with the model's app."""
    namen: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            app = node.module.split(".")[0]
            for alias in node.names:
                if alias.name in eigenaar and eigenaar[alias.name] == app:
                    namen[alias.asname or alias.name] = app
                elif node.module == "django.contrib.auth.models" and alias.name == "Group":
                    namen[alias.asname or alias.name] = "permissions"
        if isinstance(node, ast.ClassDef) and node.name in eigenaar:
            namen[node.name] = eigenaar[node.name]
    return namen


def _wortel_model(node: ast.AST, modellen: dict[str, str]) -> str | None:
    """The model a chain like ``Model.objects.filter(…).update`` starts from."""
    while True:
        if isinstance(node, ast.Attribute):
            node = node.value
        elif isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Subscript):
            node = node.value
        else:
            break
    if isinstance(node, ast.Name) and node.id in modellen:
        return node.id
    # ``models.Zaak`` after ``from cases import models``
    return None


def _gaat_via_objects(node: ast.AST) -> bool:
    tekst = ast.unparse(node)
    return ".objects" in tekst or "._default_manager" in tekst or "._base_manager" in tekst


def _schrijfpunten(pad: Path, eigenaar: dict[str, str]):
    app = pad.relative_to(BASE_DIR).parts[0]
    tree = ast.parse(pad.read_text(), filename=str(pad))
    modellen = _geimporteerde_modellen(tree, eigenaar)
    vreemd = {naam: a for naam, a in modellen.items() if a != app}
    if not vreemd:
        return
    for functie in ast.walk(tree):
        if not isinstance(functie, ast.FunctionDef | ast.AsyncFunctionDef | ast.Module):
            continue
        gebonden = _gebonden_namen(functie, vreemd)
        for node in ast.walk(functie):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            methode = node.func.attr
            if methode in SCHRIJVEN and _gaat_via_objects(node.func.value):
                model = _wortel_model(node.func.value, vreemd)
                if model:
                    yield node.lineno, f"{model}.objects….{methode}", vreemd[model]
            if methode in INSTANTIE_SCHRIJVEN and isinstance(node.func.value, ast.Name):
                model = gebonden.get(node.func.value.id)
                if model:
                    yield node.lineno, f"{node.func.value.id}.{methode}() ({model})", vreemd[model]


def _gebonden_namen(functie: ast.AST, vreemd: dict[str, str]) -> dict[str, str]:
    """Names bound in a function to an instance of another app's model."""
    gebonden: dict[str, str] = {}
    for node in ast.walk(functie):
        doelen: list[ast.expr] = []
        waarde: ast.AST | None = None
        if isinstance(node, ast.Assign):
            doelen, waarde = node.targets, node.value
        elif isinstance(node, ast.For):
            doelen, waarde = [node.target], node.iter
        if waarde is None:
            continue
        model = _wortel_model(waarde, vreemd)
        if not model:
            continue
        for doel in doelen:
            if isinstance(doel, ast.Name):
                gebonden[doel.id] = model
            elif isinstance(doel, ast.Tuple) and doel.elts and isinstance(doel.elts[0], ast.Name):
                gebonden[doel.elts[0].id] = model  # get_or_create's (obj, created)
    return gebonden


def schrijfpunten_buiten_de_eigenaar() -> list[str]:
    eigenaar = _modellen_per_app()
    gevonden = []
    for app in APPS:
        for pad in sorted((BASE_DIR / app).rglob("*.py")):
            if "migrations" in pad.parts:
                continue
            punten = sorted(set(_schrijfpunten(pad, eigenaar)))
            for regel, wat, van in punten:
                gevonden.append(f"{pad.relative_to(BASE_DIR)}:{regel}: {wat} → {van}")
    return gevonden


def test_only_the_owning_app_writes_its_tables():
    """A write into another app's table skips that app's history, access log and tasks:
    call the owning app's service instead."""
    assert schrijfpunten_buiten_de_eigenaar() == []


def test_the_check_finds_a_write_into_another_app(tmp_path, monkeypatch):
    """The check itself can fail: a module of ``sources`` that updates a contact is found."""
    bron = BASE_DIR / "sources" / "_eigenaarschap_probe.py"
    bron.write_text(
        "from contacts.models import Partij\n\n"
        "def f(pk):\n"
        "    Partij.objects.filter(pk=pk).update(naam='x')\n"
        "    p = Partij.objects.get(pk=pk)\n"
        "    p.save()\n"
    )
    try:
        gevonden = schrijfpunten_buiten_de_eigenaar()
    finally:
        bron.unlink()
    assert [g for g in gevonden if "_eigenaarschap_probe" in g] == [
        "sources/_eigenaarschap_probe.py:4: Partij.objects….update → contacts",
        "sources/_eigenaarschap_probe.py:6: p.save() (Partij) → contacts",
    ]
