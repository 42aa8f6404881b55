"""The README's run command on a machine without services: embedded PostgreSQL and Redis,
migrations, demo data, web app, a real Celery worker and beat, all healthy."""

import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]


def test_run_command_starts_everything_on_embedded_services(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_URL", "REDIS_URL", "CELERY_", "DJANGO_", "KCC_"))
    }
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "demo.devstack",
            "run",
            "--smoke",
            "--data-dir",
            str(tmp_path / "data"),
            "--port",
            "8790",
        ],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "PostgreSQL: embedded 18." in output
    assert "Redis: embedded" in output
    for part in ["Database", "Redis", "Celery-worker", "Celery-planner (beat)"]:
        assert f"{part}: ok" in output, output
    assert "GET /inloggen/: 200" in output
    assert "GET /demo/: 200" in output
    # the typo-tolerant name search (pg_trgm) on the embedded PostgreSQL
    assert "Search “Visscer” (a typo) as the demo KCC agent: 20 found" in output, output
    # the stub BRP and zaaksysteem: a person taken in from the BRP, a zaak from a notification
    assert "BRP: stub (Haal Centraal BRP Personen 2.x)" in output, output
    assert "Search “Charlotte Wiegerinck”: in the BRP: yes" in output, output
    assert "Taken in from the BRP: True" in output, output
    assert "Zaak from the zaaksysteem in the klantbeeld after" in output, output
    assert "KCC klantbeeld runs at   http://127.0.0.1:" in output
    assert "Teamleider" in output
    assert "demo-kcc-2026" in output
