"""``/metrics``: the fleet in Prometheus's text format, read from the store at each scrape.

A collector rather than gauges set by the console: the figures belong to the central
service's store, and a scrape sees them as they are, whichever process wrote them.
"""

from __future__ import annotations

from collections.abc import Iterator

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector, CollectorRegistry

from central.web.fleet import FleetView


class FleetCollector(Collector):
    def __init__(self, view: FleetView) -> None:
        self.view = view

    def collect(self) -> Iterator[Metric]:
        fleet = self.view.fleet()
        up = GaugeMetricFamily(
            "kiosk_terminal_up",
            "1 when the terminal's retained state is online",
            labels=["terminal"],
        )
        depth = GaugeMetricFamily(
            "kiosk_outbox_depth",
            "Events waiting in the terminal's outbox, as last reported",
            labels=["terminal"],
        )
        oldest = GaugeMetricFamily(
            "kiosk_outbox_oldest_age_seconds",
            "Age of the oldest event in the terminal's outbox, as last reported",
            labels=["terminal"],
        )
        for t in fleet:
            up.add_metric([t["terminal_id"]], 1.0 if t["state"] == "online" else 0.0)
            if t["queue_depth"] is not None:
                depth.add_metric([t["terminal_id"]], float(t["queue_depth"]))
            if t["oldest_age_s"] is not None:
                oldest.add_metric([t["terminal_id"]], float(t["oldest_age_s"]))
        alarms = GaugeMetricFamily(
            "kiosk_alarms_active",
            "Active alarms across the fleet (central, terminal and offline terminals)",
            value=float(len(self.view.alarms())),
        )
        stored = CounterMetricFamily(
            "kiosk_central_events_stored",
            "Events the central store holds (each once)",
            value=float(self.view.events_stored()),
        )
        yield from (up, depth, oldest, alarms, stored)


def registry_for(view: FleetView) -> CollectorRegistry:
    registry = CollectorRegistry(auto_describe=False)
    registry.register(FleetCollector(view))
    return registry
