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
        try:
            for naam, wachtend, lezend in health.wachtrijstand(gelezen):
                taken.add_metric([naam], wachtend)
                lezers.add_metric([naam], lezend)
            bereikbaar.add_metric([], 1)
        except Exception:
            bereikbaar.add_metric([], 0)
        yield taken
        yield lezers
        yield bereikbaar


REGISTRY = CollectorRegistry()
REGISTRY.register(WachtrijCollector())
