"""Figures from stored events: loans, returns, renewals and holds per site per day, and of
the loans: pick-ups (a loan of a hold), the share made offline and the busiest local hours.

Counted from the events central has stored (each once), grouped by the site a terminal
serves (its id when no site is set) and by the local day in the console's display zone.
SQL groups by UTC hour, Python folds hours into local days: right for every zone whose
offset is whole hours (China's is), and the query returns at most 24 rows per site, kind
and day. Tables as CSV (cells that a spreadsheet would run as a formula are quoted), a
chart as PNG and a year as PDF, drawn with matplotlib's object API (no pyplot state, so
request threads do not share a figure).

Refusals and patron sessions are not events (sync/schemas/event.json has none), and central
keeps only each terminal's present state, not its history, so neither is reported here;
availability per terminal needs a state-history table first.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from central.store import CentralStore

KINDS = ("loan", "return", "renew", "hold_loaded")
MAX_DAYS = 366
FONTS = ["WenQuanYi Micro Hei", "Noto Sans CJK SC", "DejaVu Sans"]
# A spreadsheet runs a cell starting with one of these as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class DayCounts:
    site: str
    day: date
    counts: dict[str, int]


def _utc_bound(day: date, zone: ZoneInfo) -> str:
    return datetime.combine(day, time(0), zone).astimezone(UTC).isoformat(timespec="microseconds")


def daily_counts(store: CentralStore, zone: ZoneInfo, first: date, last: date) -> list[DayCounts]:
    """Counts per site and local day from ``first`` to ``last`` (inclusive), by site, day."""
    if last < first or (last - first).days >= MAX_DAYS:
        raise ValueError("a report covers 1 to 366 days")
    kinds = ", ".join("?" for _ in KINDS)
    rows = store.db.execute(
        "SELECT coalesce(nullif(t.site, ''), e.terminal_id) AS site, substr(e.at, 1, 13) AS hour,"
        " e.kind, count(*) AS n FROM events e JOIN terminals t USING (terminal_id)"
        f" WHERE e.at >= ? AND e.at < ? AND e.kind IN ({kinds})"
        " GROUP BY 1, 2, 3",
        [_utc_bound(first, zone), _utc_bound(last + timedelta(days=1), zone), *KINDS],
    )
    table: dict[tuple[str, date], dict[str, int]] = defaultdict(lambda: dict.fromkeys(KINDS, 0))
    for r in rows:
        try:
            hour = datetime.strptime(r["hour"], "%Y-%m-%dT%H").replace(tzinfo=UTC)
        except ValueError:
            continue  # not a UTC instant as terminals write them: not counted
        day = hour.astimezone(zone).date()
        if first <= day <= last:
            table[(r["site"], day)][r["kind"]] += r["n"]
    return [DayCounts(site, day, counts) for (site, day), counts in sorted(table.items())]


@dataclass(frozen=True)
class LoanFigures:
    """Of the loans in a range, per site: how many, pick-ups, made offline; and per local hour."""

    loans: dict[str, int]
    pickups: dict[str, int]
    offline: dict[str, int]
    by_hour: list[int]

    def offline_share(self, site: str | None = None) -> float:
        """Share of loans made offline, for one site or (None) the whole network; 0 if none."""
        loans = self.loans.get(site, 0) if site else sum(self.loans.values())
        offline = self.offline.get(site, 0) if site else sum(self.offline.values())
        return offline / loans if loans else 0.0


def loan_figures(store: CentralStore, zone: ZoneInfo, first: date, last: date) -> LoanFigures:
    """Loans per site from ``first`` to ``last`` (local days, inclusive) and per local hour.

    A pick-up is a loan carrying a hold id; offline is the loan's own ``offline`` flag.
    """
    if last < first or (last - first).days >= MAX_DAYS:
        raise ValueError("a report covers 1 to 366 days")
    hold_id = store.backend.json_text("e.payload", "data", "hold_id")
    offline_flag = store.backend.json_is_true("e.payload", "data", "offline")
    rows = store.db.execute(
        "SELECT coalesce(nullif(t.site, ''), e.terminal_id) AS site, substr(e.at, 1, 13) AS hour,"
        " count(*) AS n,"
        f" sum(CASE WHEN {hold_id} IS NOT NULL THEN 1 ELSE 0 END) AS pickups,"
        f" sum(CASE WHEN {offline_flag} THEN 1 ELSE 0 END) AS offline"
        " FROM events e JOIN terminals t USING (terminal_id)"
        " WHERE e.at >= ? AND e.at < ? AND e.kind = 'loan' GROUP BY 1, 2",
        [_utc_bound(first, zone), _utc_bound(last + timedelta(days=1), zone)],
    )
    loans: dict[str, int] = defaultdict(int)
    pickups: dict[str, int] = defaultdict(int)
    offline: dict[str, int] = defaultdict(int)
    by_hour = [0] * 24
    for r in rows:
        try:
            hour = datetime.strptime(r["hour"], "%Y-%m-%dT%H").replace(tzinfo=UTC)
        except ValueError:
            continue  # not a UTC instant as terminals write them: not counted
        local = hour.astimezone(zone)
        if not first <= local.date() <= last:
            continue
        loans[r["site"]] += r["n"]
        pickups[r["site"]] += r["pickups"]
        offline[r["site"]] += r["offline"]
        by_hour[local.hour] += r["n"]
    return LoanFigures(dict(loans), dict(pickups), dict(offline), by_hour)


def _cell(value: Any) -> str:
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def as_csv(days: list[DayCounts]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["site", "day", *KINDS])
    for d in days:
        writer.writerow([_cell(d.site), d.day.isoformat(), *(d.counts[k] for k in KINDS)])
    return out.getvalue()


def _figure(width: float, height: float) -> Any:
    from matplotlib import rcParams
    from matplotlib.figure import Figure

    rcParams["font.sans-serif"] = FONTS + list(rcParams["font.sans-serif"])
    rcParams["axes.unicode_minus"] = False
    return Figure(figsize=(width, height), dpi=100, layout="constrained")


def _per_day_totals(days: list[DayCounts], first: date, last: date) -> dict[str, list[int]]:
    span = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    index = {d: i for i, d in enumerate(span)}
    totals = {k: [0] * len(span) for k in KINDS}
    for d in days:
        for k in KINDS:
            totals[k][index[d.day]] += d.counts[k]
    return totals


def chart_png(days: list[DayCounts], first: date, last: date, labels: dict[str, str]) -> bytes:
    """Stacked bars: every site together, per day and kind."""
    fig = _figure(10, 3.6)
    ax = fig.add_subplot()
    totals = _per_day_totals(days, first, last)
    x = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    bottom = [0] * len(x)
    for kind in KINDS:
        ax.bar(x, totals[kind], bottom=bottom, label=labels[kind], width=0.8)
        bottom = [b + v for b, v in zip(bottom, totals[kind], strict=True)]
    ax.legend(loc="upper left", ncols=len(KINDS), frameon=False)
    ax.grid(axis="y", alpha=0.3)
    ax.set_axisbelow(True)
    fig.autofmt_xdate()
    out = io.BytesIO()
    fig.savefig(out, format="png")
    return out.getvalue()


def _year_page(
    pdf: Any,
    days: list[DayCounts],
    figures: LoanFigures,
    site: str | None,
    heading: str,
    labels: dict[str, str],
) -> None:
    """One page: monthly bars per kind, loans per local hour, then a table per site."""
    months = list(range(1, 13))
    by_month = {k: [0] * 12 for k in KINDS}
    by_site: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(KINDS, 0))
    for d in days:
        if site is not None and d.site != site:
            continue
        for k in KINDS:
            by_month[k][d.day.month - 1] += d.counts[k]
            by_site[d.site][k] += d.counts[k]
    fig = _figure(8.27, 11.69)
    fig.suptitle(heading)
    ax = fig.add_subplot(3, 1, 1)
    width = 0.8 / len(KINDS)
    for i, kind in enumerate(KINDS):
        ax.bar([m + i * width for m in months], by_month[kind], width, label=labels[kind])
    ax.set_xticks([m + 0.4 - width / 2 for m in months], [str(m) for m in months])
    ax.legend(frameon=False)
    ax.grid(axis="y", alpha=0.3)
    if site is None:
        ax_hours = fig.add_subplot(3, 1, 2)
        ax_hours.bar(range(24), figures.by_hour, 0.8)
        ax_hours.set_xticks(range(0, 24, 2))
        ax_hours.set_title(labels["by_hour"], fontsize=10)
        ax_hours.grid(axis="y", alpha=0.3)
    table_ax = fig.add_subplot(3, 1, 3)
    table_ax.axis("off")
    rows = [
        [
            name,
            *(str(c[k]) for k in KINDS),
            str(figures.pickups.get(name, 0)),
            f"{figures.offline_share(name):.0%}",
        ]
        for name, c in sorted(by_site.items())
    ]
    if rows:
        table_ax.table(
            cellText=rows[:40],
            colLabels=["", *(labels[k] for k in KINDS), labels["pickup"], labels["offline"]],
            loc="upper center",
        )
    pdf.savefig(fig)


def year_pdf(
    days: list[DayCounts], figures: LoanFigures, year: int, labels: dict[str, str], title: str
) -> bytes:
    """The whole network on the first page (with the busiest hours), then one page per site.

    ``labels`` names the kinds and ``pickup``, ``offline``, ``by_hour`` and ``network``.
    """
    from matplotlib.backends.backend_pdf import PdfPages

    out = io.BytesIO()
    with PdfPages(out) as pdf:
        _year_page(pdf, days, figures, None, f"{title} {year} · {labels['network']}", labels)
        for site in sorted({d.site for d in days}):
            _year_page(pdf, days, figures, site, f"{title} {year} · {site}", labels)
    return out.getvalue()
