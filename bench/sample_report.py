"""Draws the sample yearly report of docs/console.md from a year of generated events.

    .venv/bin/python bench/sample_report.py OUT.pdf [--year 2025]

Three sites, four terminals, a year of loans, returns, renewals, pick-ups, visits and
refusals stored through the central store as terminals would send them, and a state
history with outages; then the console's own report code (``central.web.reports``) makes
the PDF, in Chinese, as the office downloads it. Turn the pages into the PNGs in docs/
with ``pdftoppm -png -r 80 -f 1 -l 2 OUT.pdf p`` (Debian's poppler-utils), renamed to
docs/report-sample-p1.png and -p2.png.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from central import history  # noqa: E402
from central.store import CentralStore  # noqa: E402
from central.web import i18n, reports  # noqa: E402
from kiosk.reasons import Reason  # noqa: E402

ZONE = ZoneInfo("Asia/Shanghai")
TERMINALS = {
    "HZ-WLM-01": ("武林门地铁书房", 1.0),
    "HZ-WLM-02": ("武林门地铁书房", 0.6),
    "HZ-XH-01": ("西湖文化广场自助点", 0.8),
    "HZ-BJ-01": ("滨江智慧书房", 0.4),
}
REFUSALS = [Reason.CREDIT_TOO_LOW, Reason.PATRON_BLOCKED, Reason.MAX_LOANS_REACHED]


def event(terminal: str, seq: int, kind: str, at: datetime, data: dict) -> dict:
    return {
        "event_id": str(uuid.uuid4()),
        "seq": seq,
        "terminal_id": terminal,
        "kind": kind,
        "at": at.astimezone(UTC).isoformat(timespec="microseconds"),
        "data": data,
    }


def fill(store: CentralStore, year: int, rng: random.Random) -> None:
    for terminal, (site, busy) in TERMINALS.items():
        store.db.execute("INSERT INTO terminals (terminal_id) VALUES (?)", [terminal])
        store.db.execute("UPDATE terminals SET site = ? WHERE terminal_id = ?", [site, terminal])
        seq, batch = 0, []
        day = date(year, 1, 1)
        while day.year == year:
            # more in winter holidays and weekends; busiest in the evening commute
            weight = (
                busy
                * (1.4 if day.weekday() >= 5 else 1.0)
                * (1.3 if day.month in (1, 2, 7, 8) else 1.0)
            )
            for _ in range(rng.randint(int(20 * weight), int(45 * weight))):
                hour = rng.choice([7, 8, 12, 17, 18, 18, 19, 19, 20, 21, 22, 23, 0, 10, 15])
                at = datetime(day.year, day.month, day.day, hour, rng.randint(0, 59), tzinfo=ZONE)
                offline = rng.random() < 0.04
                seq += 1
                kind = rng.choices(["loan", "return", "renew"], [5, 5, 1])[0]
                data = {"item_id": f"B{rng.randint(1, 99999):05d}", "offline": offline}
                if kind == "loan" and rng.random() < 0.15:
                    data["hold_id"] = f"H{seq}"
                batch.append(event(terminal, seq, kind, at, data))
                seq += 1
                batch.append(event(terminal, seq, "session", at, {"loans": 1}))
                if rng.random() < 0.05:
                    seq += 1
                    reason = rng.choice(REFUSALS).value
                    batch.append(event(terminal, seq, "refusal", at, {"reason": reason}))
            day += timedelta(days=1)
            if len(batch) > 2000:
                store.store_events([(terminal, e) for e in batch])
                batch = []
        store.store_events([(terminal, e) for e in batch])
        # a few outages a year, longer for the busiest subway terminal's network
        start = datetime(year, 1, 1, tzinfo=UTC)
        history.record_availability(store, terminal, "online", start)
        for _ in range(rng.randint(3, 9)):
            down = start + timedelta(days=rng.uniform(0, 360))
            history.record_availability(store, terminal, "offline", down)
            history.record_availability(
                store, terminal, "online", down + timedelta(hours=rng.uniform(1, 60))
            )
            start = down + timedelta(hours=61)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--year", type=int, default=2025)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = CentralStore(Path(tmp) / "central.db")
        fill(store, args.year, random.Random(args.year))
        first, last = date(args.year, 1, 1), date(args.year, 12, 31)
        labels = {k: i18n.translate("zh", f"kind.{k}") for k in reports.COLUMNS}
        for extra in ("pickup", "offline", "by_hour", "network", "availability", "online_share"):
            labels[extra] = i18n.translate("zh", f"report.{extra}")
        labels["terminal"] = i18n.translate("zh", "terminal")
        labels["site"] = i18n.translate("zh", "site")
        pdf = reports.year_pdf(
            reports.daily_counts(store, ZONE, first, last),
            reports.loan_figures(store, ZONE, first, last),
            reports.availability(store, ZONE, first, last),
            args.year,
            labels,
            i18n.translate("zh", "report.title"),
        )
        store.close()
    args.out.write_bytes(pdf)
    print(f"{args.out}: {len(pdf)} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
