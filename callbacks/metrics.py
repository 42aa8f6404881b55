"""Callback figures for ``/metrics``, read from the database at scrape time: open callbacks
per department, of which due today and overdue, and the routing lag (how long the oldest
request received but not yet routed has waited). Counts per department only: no resident
data. Each scrape costs two indexed queries (tbv_wachtrij_idx, tbv_ontvangen_idx)."""

import contextlib
from datetime import timedelta

from django.db.models import Count, Min, Q
from django.utils import timezone
from prometheus_client.core import GaugeMetricFamily

from core.metrics import LIVE

from .models import Terugbelverzoek


class TerugbelCollector:
    def collect(self):
        open_ = GaugeMetricFamily(
            "kcc_terugbel_open", "Open callback requests per department", labels=["afdeling"]
        )
        vandaag = GaugeMetricFamily(
            "kcc_terugbel_vandaag_te_doen",
            "Open callback requests whose deadline falls today, per department",
            labels=["afdeling"],
        )
        te_laat = GaugeMetricFamily(
            "kcc_terugbel_te_laat",
            "Open callback requests past their deadline, per department",
            labels=["afdeling"],
        )
        achterstand = GaugeMetricFamily(
            "kcc_routering_achterstand_seconden",
            "How long the oldest callback request received but not yet routed has waited",
        )
        nu = timezone.now()
        eind_vandaag = timezone.localtime(nu).replace(hour=0, minute=0, second=0, microsecond=0)
        eind_vandaag += timedelta(days=1)
        try:
            rijen = (
                Terugbelverzoek.objects.open()
                .exclude(afdeling=None)
                .values("afdeling__code")
                .annotate(
                    n=Count("id"),
                    vandaag=Count("id", filter=Q(deadline__gte=nu, deadline__lt=eind_vandaag)),
                    te_laat=Count("id", filter=Q(deadline__lt=nu)),
                )
                .order_by("afdeling__code")
            )
            for rij in rijen:
                open_.add_metric([rij["afdeling__code"]], rij["n"])
                vandaag.add_metric([rij["afdeling__code"]], rij["vandaag"])
                te_laat.add_metric([rij["afdeling__code"]], rij["te_laat"])
            oudste = Terugbelverzoek.objects.filter(
                status=Terugbelverzoek.Status.ONTVANGEN
            ).aggregate(m=Min("aangemaakt"))["m"]
            achterstand.add_metric([], (nu - oudste).total_seconds() if oudste else 0.0)
        except Exception:  # the database away: the scrape still answers (broker, counters)
            return
        yield open_
        yield vandaag
        yield te_laat
        yield achterstand


_collector = TerugbelCollector()


def registreren():
    # already registered when ready() runs twice in one process (a test run)
    with contextlib.suppress(ValueError):
        LIVE.register(_collector)
