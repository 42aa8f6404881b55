"""``/metrics`` in the Prometheus text format (prometheus-client).

For now the queues: how many tasks wait in each queue the application sends to, and how many
workers read it. ``kcc_wachtrij_taken > 0`` together with ``kcc_wachtrij_lezers == 0`` is work
that stands still (alert on it). Read at scrape time from Redis and one worker broadcast.
"""

from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import CollectorRegistry

from . import health


class WachtrijCollector:
    def collect(self):
        taken = GaugeMetricFamily(
            "kcc_wachtrij_taken", "Tasks waiting in the queue", labels=["wachtrij"]
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
        ok = 1
        for naam in health.wachtrijen():
            try:
                taken.add_metric([naam], health.wachtende_taken(naam))
            except Exception:
                ok = 0
            lezers.add_metric([naam], sum(1 for qs in gelezen.values() if naam in qs))
        bereikbaar.add_metric([], ok)
        yield taken
        yield lezers
        yield bereikbaar


REGISTRY = CollectorRegistry()
REGISTRY.register(WachtrijCollector())
