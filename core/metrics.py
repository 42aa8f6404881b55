"""``/metrics`` in the Prometheus text format (prometheus-client).

Two kinds of figures:

- counted in the process (``REGISTRY``): requests and their latency per view, unhandled
  errors, staff log-ins, access-log append failures. Under gunicorn with several workers set
  ``PROMETHEUS_MULTIPROC_DIR`` (deploy/gunicorn.conf.py): every worker then writes its counts
  to files there and a scrape adds them up, whichever worker answers it.
- read at scrape time (``LIVE``): the queues (waiting tasks, the age of the oldest, the
  workers that read each queue) from Redis, and the callbacks due and overdue and the routing
  lag from the database (``callbacks.metrics``). ``kcc_wachtrij_taken > 0`` together with
  ``kcc_wachtrij_lezers == 0`` is work that stands still (alert on it).
"""

import json
import logging
import os
import time

from celery import current_app
from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.http import Http404
from prometheus_client import Counter, Histogram, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import CollectorRegistry

from . import health

REGISTRY = CollectorRegistry()
LIVE = CollectorRegistry()

VERZOEK_DUUR = Histogram(
    "kcc_verzoek_duur_seconden",
    "Time to answer a request, per view (the URL pattern's name)",
    ["view", "methode"],
    buckets=(0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
    registry=REGISTRY,
)
VERZOEKEN = Counter(
    "kcc_verzoeken",
    "Answered requests per view and status class (2xx, 3xx, 4xx, 5xx)",
    ["view", "status"],
    registry=REGISTRY,
)
FOUTEN = Counter(
    "kcc_fouten", "Requests that ended in an unhandled error, per view", ["view"], registry=REGISTRY
)
TOEGANGSLOG_FOUTEN = Counter(
    "kcc_toegangslog_schrijffouten",
    "Access-log entries that could not be appended (the work they log was not done)",
    registry=REGISTRY,
)

# the header each task carries from its sender (see ``verzendtijd_meegeven``)
VERZONDEN_KOP = "kcc_verzonden"


def verzendtijd_meegeven(headers=None, **kwargs):
    """Celery ``before_task_publish``: the time of sending goes along, so a scrape can say
    how long the oldest waiting task has waited."""
    if headers is not None:
        headers[VERZONDEN_KOP] = time.time()


def _oudste_wachtend(naam: str) -> float:
    """Seconds the oldest task in the queue has waited (kombu pushes left, pops right)."""
    with current_app.connection_for_read() as conn:
        ruw = conn.default_channel.client.lindex(naam, -1)
    if not ruw:
        return 0.0
    try:
        verzonden = float(json.loads(ruw)["headers"][VERZONDEN_KOP])
    except (ValueError, KeyError, TypeError):
        return 0.0
    return max(0.0, time.time() - verzonden)


class WachtrijCollector:
    def collect(self):
        taken = GaugeMetricFamily(
            "kcc_wachtrij_taken", "Tasks waiting in the queue", labels=["wachtrij"]
        )
        leeftijd = GaugeMetricFamily(
            "kcc_wachtrij_oudste_seconden",
            "How long the oldest waiting task of the queue has waited",
            labels=["wachtrij"],
        )
        lezers = GaugeMetricFamily(
            "kcc_wachtrij_lezers", "Celery workers that consume the queue", labels=["wachtrij"]
        )
        bereikbaar = GaugeMetricFamily(
            "kcc_broker_bereikbaar", "1 when the broker answered this scrape"
        )
        try:
            gelezen = health._gelezen_wachtrijen()
        except Exception:
            gelezen = {}
        try:
            for naam, wachtend, lezend in health.wachtrijstand(gelezen):
                taken.add_metric([naam], wachtend)
                lezers.add_metric([naam], lezend)
                leeftijd.add_metric([naam], _oudste_wachtend(naam) if wachtend else 0.0)
            bereikbaar.add_metric([], 1)
        except Exception:
            bereikbaar.add_metric([], 0)
        yield taken
        yield leeftijd
        yield lezers
        yield bereikbaar


LIVE.register(WachtrijCollector())


def tekst() -> bytes:
    """The scrape: the counted figures (of every worker in multiprocess mode), then the live
    ones."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        verzameld = CollectorRegistry()
        multiprocess.MultiProcessCollector(verzameld)
        geteld = generate_latest(verzameld)
    else:
        geteld = generate_latest(REGISTRY)
    return geteld + generate_latest(LIVE)


class Verzoekmeting:
    """Middleware: latency and outcome per view into the histograms, and one JSON line per
    request (``kcc.verzoek``: method, view, status, milliseconds; never the path's query
    string or a form field)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.logger = logging.getLogger("kcc.verzoek")

    def __call__(self, request):
        begin = time.perf_counter()
        response = self.get_response(request)
        duur = time.perf_counter() - begin
        match = getattr(request, "resolver_match", None)
        view = (match.view_name if match else "") or "onbekend"
        if view in {"metrics", "health-live", "health-ready"}:
            return response
        VERZOEK_DUUR.labels(view=view, methode=request.method).observe(duur)
        VERZOEKEN.labels(view=view, status=f"{response.status_code // 100}xx").inc()
        self.logger.info(
            "verzoek",
            extra={
                "methode": request.method,
                "view": view,
                "status": response.status_code,
                "ms": round(duur * 1000, 1),
            },
        )
        return response

    def process_exception(self, request, exception):
        # a 404, 403 or 400 is an answer, not an error
        if isinstance(exception, Http404 | PermissionDenied | SuspiciousOperation | BadRequest):
            return
        match = getattr(request, "resolver_match", None)
        FOUTEN.labels(view=(match.view_name if match else "") or "onbekend").inc()
