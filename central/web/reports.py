"""Figures from stored events: loans, returns, renewals and holds per site per day.

Counted from the events central has stored (each once), grouped by the site a terminal
serves (its id when no site is set) and by the local day in the console's display zone.
SQL groups by UTC hour, Python folds hours into local days: right for every zone whose
offset is whole hours (China's is), and the query returns at most 24 rows per site, kind
and day. Tables as CSV (cells that a spreadsheet would run as a formula are quoted), a
chart as PNG and a year as PDF, drawn with matplotlib's object API (no pyplot state, so
request threads do not share a figure).
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
    rows = store.db.execute(
        "SELECT coalesce(nullif(t.site, ''), e.terminal_id) AS site, substr(e.at, 1, 13) AS hour,"
        " e.kind, count(*) AS n FROM events e JOIN terminals t USING (terminal_id)"
        " WHERE e.at >= ? AND e.at < ? AND e.kind IN (SELECT value FROM json_each(?))"
        " GROUP BY 1, 2, 3",
        [
            _utc_bound(first, zone),
            _utc_bound(last + timedelta(days=1), zone),
            '["' + '","'.join(KINDS) + '"]',
        ],
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


def year_pdf(days: list[DayCounts], year: int, labels: dict[str, str], title: str) -> bytes:
    """One page per year: monthly totals per kind, then a table per site."""
    from matplotlib.backends.backend_pdf import PdfPages

    months = list(range(1, 13))
    by_month = {k: [0] * 12 for k in KINDS}
    by_site: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(KINDS, 0))
    for d in days:
        for k in KINDS:
            by_month[k][d.day.month - 1] += d.counts[k]
            by_site[d.site][k] += d.counts[k]
    out = io.BytesIO()
    with PdfPages(out) as pdf:
        fig = _figure(8.27, 11.69)
        fig.suptitle(f"{title} {year}")
        ax = fig.add_subplot(2, 1, 1)
        width = 0.8 / len(KINDS)
        for i, kind in enumerate(KINDS):
            ax.bar([m + i * width for m in months], by_month[kind], width, label=labels[kind])
        ax.set_xticks([m + 0.4 - width / 2 for m in months], [str(m) for m in months])
        ax.legend(frameon=False)
        ax.grid(axis="y", alpha=0.3)
        table_ax = fig.add_subplot(2, 1, 2)
        table_ax.axis("off")
        rows = [[site, *(str(c[k]) for k in KINDS)] for site, c in sorted(by_site.items())]
        if rows:
            table_ax.table(
                cellText=rows[:40], colLabels=["", *(labels[k] for k in KINDS)], loc="upper center"
            )
        pdf.savefig(fig)
    return out.getvalue()
