"""The house's plan holds: imports run one way (the contract in pyproject.toml, checked by
import-linter), no import hides inside a function without saying why, and no two apps'
templates include each other."""

import ast
import re
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
APPS = [
    "core",
    "permissions",
    "cases",
    "contacts",
    "callbacks",
    "sources",
    "channels",
    "klantbeeld",
    "klantinteracties",
    "cijfers",
    "demo",
    "nijmegen_kcc",
]


def _bronbestanden():
    for app in APPS:
        for path in sorted((BASE_DIR / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def _imports_in_functies(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    regels = path.read_text().splitlines()
    for functie in ast.walk(tree):
        if not isinstance(functie, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(functie):
            if isinstance(node, ast.Import | ast.ImportFrom):
                yield node.lineno, regels[node.lineno - 1].strip(), _uitgelegd(regels, node)


def _uitgelegd(regels, node) -> bool:
    """A comment on the import's line, or above the block of imports it stands in."""
    if "#" in regels[node.lineno - 1]:
        return True
    for regel in reversed(regels[: node.lineno - 1]):
        tekst = regel.strip()
        if tekst.startswith("#"):
            return True
        if not (tekst.startswith(("from ", "import ")) or tekst in ("", ")")):
            return False
    return False


def test_the_layers_contract_holds():
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=BASE_DIR, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_import_inside_a_function_says_why():
    """An import inside a function is a cycle hidden from the reader, unless there is a
    reason (models not loaded yet, an optional heavy module): then a comment says which."""
    zonder_reden = [
        f"{path.relative_to(BASE_DIR)}:{lineno}: {regel}"
        for path in _bronbestanden()
        for lineno, regel, uitgelegd in _imports_in_functies(path)
        if not uitgelegd
    ]
    assert zonder_reden == []


def test_no_two_apps_templates_include_each_other():
    """Template includes and extends form a graph too: no cycle between apps."""
    pijlen: dict[str, set[str]] = {}
    for app in APPS:
        for path in (BASE_DIR / app / "templates").rglob("*.html"):
            for naam in re.findall(r'{%\s*(?:include|extends)\s+"([^"#]+)', path.read_text()):
                doel = naam.split("/")[0]
                if doel != app and (BASE_DIR / doel).is_dir():
                    pijlen.setdefault(app, set()).add(doel)
    kringen = [(a, b) for a, doelen in pijlen.items() for b in doelen if a in pijlen.get(b, ())]
    assert kringen == []
