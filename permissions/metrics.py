"""Counters of staff log-ins for monitoring (``/metrics``): by outcome — ``gelukt``,
``geen_rol``, ``geen_mfa``, ``geen_id``, ``protocolfout``, ``wachtwoord_fout``,
``geblokkeerd``, ``noodaccount`` — and log-outs."""

from prometheus_client import Counter

from core.metrics import REGISTRY

AANMELDINGEN = Counter(
    "kcc_aanmeldingen",
    "Staff log-ins by outcome",
    ["uitkomst"],
    registry=REGISTRY,
)
AFMELDINGEN = Counter("kcc_afmeldingen", "Staff log-outs", registry=REGISTRY)


def aanmelding(uitkomst: str) -> None:
    AANMELDINGEN.labels(uitkomst=uitkomst).inc()
