"""Every text on the pages is in Dutch: each English source string has a Dutch translation,
the catalogue in the repository is the one the sources ask for, and the compiled catalogue
(what the app reads) says the same as the one people edit."""

import ast
import gettext
import os
import shutil
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PO = BASE_DIR / "locale" / "nl" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def _string(line: str) -> str:
    return ast.literal_eval(line)  # a PO string literal is a Python string literal here


def lees_po(path: Path) -> dict:
    """msgid (or (msgid, n) for plural forms; ``context\x04msgid`` with a msgctxt) →
    (msgstr, flags), the live entries only."""
    entries, current, field = {}, None, None

    def klaar():
        if current and current.get("msgid") is not None and not current.get("obsolete"):
            if "msgctxt" in current:  # gettext's key for a text with a context
                current["msgid"] = current["msgctxt"] + "\x04" + current["msgid"]
            if "msgid_plural" in current:
                for key, value in current.items():
                    if key.startswith("msgstr["):
                        n = int(key[7:-1])
                        entries[(current["msgid"], n)] = (value, current["flags"])
            else:
                entries[current["msgid"]] = (current.get("msgstr", ""), current["flags"])

    for raw in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if not line:
            klaar()
            current, field = None, None
            continue
        if current is None:
            current = {"flags": set()}
        if line.startswith("#~"):
            current["obsolete"] = True
        elif line.startswith("#,"):
            current["flags"] |= {f.strip() for f in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            current[field] += _string(line)
        else:
            field, _, rest = line.partition(" ")
            current[field] = _string(rest)
    return entries


def test_every_source_text_has_a_dutch_translation_and_the_catalogue_is_up_to_date(tmp_path):
    if shutil.which("xgettext") is None:
        raise AssertionError(
            "GNU gettext is needed (Debian package 'gettext'); ./kcc test installs it"
        )
    copy = tmp_path / "src"
    shutil.copytree(
        BASE_DIR,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv",
            ".data",
            ".git",
            "node_modules",
            "__pycache__",
            ".*cache",
            ".hypothesis",
            "staticfiles",
            "media",
        ),
    )
    env = {**os.environ, "DJANGO_SECRET_KEY": "test-only-" + "t" * 50}
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "nl", "-v", "0"],
        cwd=copy,
        env=env,
        check=True,
    )
    fresh = lees_po(copy / "locale" / "nl" / "LC_MESSAGES" / "django.po")
    committed = lees_po(PO)
    untranslated = sorted(
        str(k)
        for k, (msgstr, flags) in fresh.items()
        if k != "" and (not msgstr or "fuzzy" in flags)
    )
    assert untranslated == [], "no Dutch translation (or a guessed one) for these texts"
    in_sources, in_catalogue = set(map(str, fresh)), set(map(str, committed))
    assert (sorted(in_sources - in_catalogue), sorted(in_catalogue - in_sources)) == ([], []), (
        "(texts missing from the catalogue, texts no source uses any more): run "
        "manage.py makemessages -l nl and compilemessages, and commit both files"
    )


def test_the_compiled_catalogue_is_the_edited_one():
    committed = lees_po(PO)
    with MO.open("rb") as f:
        compiled = gettext.GNUTranslations(f)._catalog
    expected = {
        k: msgstr
        for k, (msgstr, flags) in committed.items()
        if k != "" and msgstr and "fuzzy" not in flags
    }
    actual = {k: v for k, v in compiled.items() if k != ""}
    assert actual == expected, "run manage.py compilemessages and commit the .mo file"
