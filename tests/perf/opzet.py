"""What every benchmark script does before Django starts, and the one percentile they report.

The scripts run as ``python tests/perf/<script>.py``, so this folder is on the path::

    from opzet import BASE_DIR, opzetten, pct

    opzetten("zoeken")
"""

import os
import sys
import tempfile
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]


def opzetten(naam: str, *, productie: bool = True) -> None:
    """The project on the path; ``productie``: the production settings (debug off, so cached
    templates) over plain http in one process. The demo defaults where nothing is configured,
    a secret key of the benchmark's own, static files in a temporary folder."""
    sys.path.insert(0, str(BASE_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nijmegen_kcc.settings")
    if productie:
        os.environ["DJANGO_DEBUG"] = "0"
        os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
    os.environ.setdefault("KCC_DEMO", "1")
    os.environ.setdefault("DJANGO_SECRET_KEY", f"{naam}-benchmark-" + "b" * 50)
    os.environ.setdefault(
        "DJANGO_STATIC_ROOT", str(Path(tempfile.gettempdir()) / "kcc-bench-static")
    )


def pct(values, p):
    """The p-th percentile by nearest rank: the smallest sample with at least p % of the
    samples at or below it (p95 of 200 samples is the 190th)."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(p / 100 * len(ordered)) - 1))]
