"""Figures from stored events: loans, returns, renewals, holds, sessions and refusals per
site per day, of the loans pick-ups (a loan of a hold), the share made offline and the
busiest local hours, refusals by reason, and availability per terminal from its state history.

Counted from the events central has stored (each once), grouped by the site a terminal
serves (its id when no site is set) and by the local day in the console's display zone.
SQL groups by UTC hour, Python folds hours into local days: right for every zone whose
offset is whole hours (China's is), and the query returns at most 24 rows per site, kind
and day. Refusals are grouped by reason in Python from the events' data. A session counts
on the day it ended (the event is sent then). Availability is the share of the observed
time a terminal was online (``terminal_states``), clipped to the report's period and to
now; time before central first heard of a terminal is not observed. Tables as CSV (cells
that a spreadsheet would run as a formula are quoted), a chart as PNG and a year as PDF,
drawn with matplotlib's object API (no pyplot state, so request threads do not share a
figure).
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from central import history
from central.store import CentralStore

# Circulation kinds (the chart stacks these), then the visit figures the tables add.
KINDS = ("loan", "return", "renew", "hold_loaded")
COLUMNS = (*KINDS, "session", "refusal")
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
    kinds = ", ".join("?" for _ in COLUMNS)
    rows = store.db.execute(
        "SELECT coalesce(nullif(t.site, ''), e.terminal_id) AS site, substr(e.at, 1, 13) AS hour,"
        " e.kind, count(*) AS n FROM events e JOIN terminals t USING (terminal_id)"
        f" WHERE e.at >= ? AND e.at < ? AND e.kind IN ({kinds})"
        " GROUP BY 1, 2, 3",
        [_utc_bound(first, zone), _utc_bound(last + timedelta(days=1), zone), *COLUMNS],
    )
    table: dict[tuple[str, date], dict[str, int]] = defaultdict(lambda: dict.fromkeys(COLUMNS, 0))
    for r in rows:
        try:
            hour = datetime.strptime(r["hour"], "%Y-%m-%dT%H").replace(tzinfo=UTC)
        except ValueError:
            continue  # not a UTC instant as terminals write them: not counted
        day = hour.astimezone(zone).date()
        if first <= day <= last:
            table[(r["site"], day)][r["kind"]] += r["n"]
    return [DayCounts(site, day, counts) for (site, day), counts in sorted(table.items())]


def _check_span(first: date, last: date) -> None:
    if last < first or (last - first).days >= MAX_DAYS:
        raise ValueError("a report covers 1 to 366 days")


def refusal_reasons(
    store: CentralStore, zone: ZoneInfo, first: date, last: date
) -> dict[tuple[str, date], Counter[str]]:
    """Refusals per (site, local day) by reason code, from the ``refusal`` events."""
    _check_span(first, last)
    rows = store.db.execute(
        "SELECT coalesce(nullif(t.site, ''), e.terminal_id) AS site, e.at, e.payload"
        " FROM events e JOIN terminals t ON t.terminal_id = e.terminal_id"
        " WHERE e.at >= ? AND e.at < ? AND e.kind = ?",
        [_utc_bound(first, zone), _utc_bound(last + timedelta(days=1), zone), "refusal"],
    )
    table: dict[tuple[str, date], Counter[str]] = defaultdict(Counter)
    for r in rows:
        try:
            day = datetime.fromisoformat(r["at"]).astimezone(zone).date()
            reason = json.loads(r["payload"])["data"]["reason"]
        except (ValueError, KeyError, TypeError):
            continue  # not an event as terminals write them: not counted
        if first <= day <= last:
            table[(r["site"], day)][reason] += 1
    return dict(table)


def reasons_by_site(by_day: dict[tuple[str, date], Counter[str]]) -> dict[str, Counter[str]]:
    """The refusals of ``refusal_reasons`` summed over the days, per site."""
    out: dict[str, Counter[str]] = defaultdict(Counter)
    for (site, _day), reasons in by_day.items():
        out[site].update(reasons)
    return dict(out)


@dataclass(frozen=True)
class Availability:
    """One terminal's time in each state within a period (seconds), and the share online."""

    terminal_id: str
    site: str
    seconds: dict[str, float]

    @property
    def observed_s(self) -> float:
        return sum(self.seconds.values())

    @property
    def share(self) -> float | None:
        """Online time over observed time; None when nothing of the period was observed."""
        observed = self.observed_s
        return self.seconds.get("online", 0.0) / observed if observed else None


def availability(
    store: CentralStore, zone: ZoneInfo, first: date, last: date, now: datetime | None = None
) -> list[Availability]:
    """Per terminal, time online, out of service and offline from ``first`` to ``last``
    (local days, inclusive), from the state history; the period ends at ``now`` at most."""
    _check_span(first, last)
    start = datetime.fromisoformat(_utc_bound(first, zone))
    end = min(
        datetime.fromisoformat(_utc_bound(last + timedelta(days=1), zone)), now or datetime.now(UTC)
    )
    sites = {t["terminal_id"]: t["site"] or t["terminal_id"] for t in store.fleet()}
    seconds: dict[str, dict[str, float]] = {}
    if end <= start:
        return []
    for row in history.state_history(store, start, end):
        begin = max(start, datetime.fromisoformat(row["from_at"]))
        finish = min(end, datetime.fromisoformat(row["to_at"])) if row["to_at"] else end
        if finish <= begin:
            continue
        states = seconds.setdefault(row["terminal_id"], dict.fromkeys(history.STATES, 0.0))
        state = row["state"] if row["state"] in states else "offline"
        states[state] += (finish - begin).total_seconds()
    return [
        Availability(terminal_id, sites.get(terminal_id, terminal_id), spent)
        for terminal_id, spent in sorted(seconds.items())
    ]


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


@dataclass(frozen=True)
class Report:
    """Every figure of one period: what the page, the CSV and the JSON API show."""

    first: date
    last: date
    days: list[DayCounts]
    loans: LoanFigures
    reasons: dict[tuple[str, date], Counter[str]]
    terminals: list[Availability]

    def totals(self) -> dict[str, int]:
        return {k: sum(d.counts[k] for d in self.days) for k in COLUMNS}

    def reasons_by_site(self) -> dict[str, Counter[str]]:
        return reasons_by_site(self.reasons)

    def reason_totals(self) -> Counter[str]:
        total: Counter[str] = Counter()
        for counter in self.reasons.values():
            total.update(counter)
        return total


def build(
    store: CentralStore, zone: ZoneInfo, first: date, last: date, now: datetime | None = None
) -> Report:
    return Report(
        first,
        last,
        daily_counts(store, zone, first, last),
        loan_figures(store, zone, first, last),
        refusal_reasons(store, zone, first, last),
        availability(store, zone, first, last, now),
    )


def as_json(report: Report, by: str = "day") -> dict[str, Any]:
    """The documented JSON shape of ``/api/v1/reports`` (docs/console.md); ``by`` is
    ``day`` or ``month`` (rows per site per local day or per month)."""
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for d in report.days:
        period = d.day.isoformat() if by == "day" else d.day.strftime("%Y-%m")
        row = rows.setdefault(
            (d.site, period),
            {"site": d.site, by: period, **dict.fromkeys(COLUMNS, 0), "refusals_by_reason": {}},
        )
        for k in COLUMNS:
            row[k] += d.counts[k]
        reasons = Counter(row["refusals_by_reason"])
        reasons.update(report.reasons.get((d.site, d.day), Counter()))
        row["refusals_by_reason"] = dict(sorted(reasons.items()))
    figures = report.loans
    return {
        "from": report.first.isoformat(),
        "to": report.last.isoformat(),
        "by": by,
        "rows": [rows[key] for key in sorted(rows)],
        "sites": [
            {
                "site": site,
                "loans": n,
                "pickups": figures.pickups.get(site, 0),
                "offline_share": round(figures.offline_share(site), 4),
                "refusals_by_reason": dict(sorted(report.reasons_by_site().get(site, {}).items())),
            }
            for site, n in sorted(figures.loans.items())
        ],
        "network": {
            **report.totals(),
            "pickups": sum(figures.pickups.values()),
            "offline_share": round(figures.offline_share(), 4),
            "loans_by_hour": figures.by_hour,
            "refusals_by_reason": dict(sorted(report.reason_totals().items())),
        },
        "availability": [
            {
                "terminal": a.terminal_id,
                "site": a.site,
                "seconds": {k: round(v, 3) for k, v in a.seconds.items()},
                "online_share": None if a.share is None else round(a.share, 4),
            }
            for a in report.terminals
        ],
    }


def _cell(value: Any) -> str:
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def as_csv(days: list[DayCounts], reasons: dict[tuple[str, date], Counter[str]]) -> str:
    """One row per site and day: the counts, then one column per refusal reason seen."""
    codes = sorted({code for counter in reasons.values() for code in counter})
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["site", "day", *COLUMNS, *(f"refusal:{code}" for code in codes)])
    for d in days:
        by_reason = reasons.get((d.site, d.day), Counter())
        writer.writerow(
            [
                _cell(d.site),
                d.day.isoformat(),
                *(d.counts[k] for k in COLUMNS),
                *(by_reason[code] for code in codes),
            ]
        )
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
    terminals: list[Availability],
    site: str | None,
    heading: str,
    labels: dict[str, str],
) -> None:
    """One page: monthly bars per kind, loans per local hour, then a table per site."""
    months = list(range(1, 13))
    by_month = {k: [0] * 12 for k in KINDS}
    by_site: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(COLUMNS, 0))
    for d in days:
        if site is not None and d.site != site:
            continue
        for k in KINDS:
            by_month[k][d.day.month - 1] += d.counts[k]
        for k in COLUMNS:
            by_site[d.site][k] += d.counts[k]
    fig = _figure(8.27, 11.69)
    fig.suptitle(heading)
    ax = fig.add_subplot(4, 1, 1)
    width = 0.8 / len(KINDS)
    for i, kind in enumerate(KINDS):
        ax.bar([m + i * width for m in months], by_month[kind], width, label=labels[kind])
    ax.set_xticks([m + 0.4 - width / 2 for m in months], [str(m) for m in months])
    ax.legend(frameon=False)
    ax.grid(axis="y", alpha=0.3)
    if site is None:
        ax_hours = fig.add_subplot(4, 1, 2)
        ax_hours.bar(range(24), figures.by_hour, 0.8)
        ax_hours.set_xticks(range(0, 24, 2))
        ax_hours.set_title(labels["by_hour"], fontsize=10)
        ax_hours.grid(axis="y", alpha=0.3)
    table_ax = fig.add_subplot(4, 1, 3)
    table_ax.axis("off")
    rows = [
        [
            name,
            *(str(c[k]) for k in COLUMNS),
            str(figures.pickups.get(name, 0)),
            f"{figures.offline_share(name):.0%}",
        ]
        for name, c in sorted(by_site.items())
    ]
    if rows:
        table = table_ax.table(
            cellText=rows[:40],
            colLabels=["", *(labels[k] for k in COLUMNS), labels["pickup"], labels["offline"]],
            loc="upper center",
        )
        table.auto_set_font_size(False)
        table.set_fontsize(7)
    shown = [a for a in terminals if site is None or a.site == site]
    if shown:
        avail_ax = fig.add_subplot(4, 1, 4)
        avail_ax.axis("off")
        avail_ax.set_title(labels["availability"], fontsize=10)
        table = avail_ax.table(
            cellText=[
                [a.terminal_id, a.site, "-" if a.share is None else f"{a.share:.1%}"]
                for a in shown[:30]
            ],
            colLabels=[labels["terminal"], labels["site"], labels["online_share"]],
            loc="upper center",
        )
        table.auto_set_font_size(False)
        table.set_fontsize(7)
    pdf.savefig(fig)


def year_pdf(
    days: list[DayCounts],
    figures: LoanFigures,
    terminals: list[Availability],
    year: int,
    labels: dict[str, str],
    title: str,
) -> bytes:
    """The whole network on the first page (with the busiest hours), then one page per site.

    ``labels`` names the columns and ``pickup``, ``offline``, ``by_hour``, ``network``,
    ``availability``, ``terminal``, ``site`` and ``online_share``.
    """
    from matplotlib.backends.backend_pdf import PdfPages

    out = io.BytesIO()
    network = f"{title} {year} · {labels['network']}"
    with PdfPages(out) as pdf:
        _year_page(pdf, days, figures, terminals, None, network, labels)
        for site in sorted({d.site for d in days}):
            _year_page(pdf, days, figures, terminals, site, f"{title} {year} · {site}", labels)
    return out.getvalue()
