"""What the console shows, read from the central store: the fleet, one terminal, the alarms.

Everything here is derived from what the central service already records (the terminals'
retained state, their last telemetry, stored events, jobs, central alarms); the console adds
only the site of a terminal and alarm acknowledgements. Events are shown through a list of
allowed fields with patron ids masked: a hold's pick-up code, which opens a compartment,
never reaches a page.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import IntEnum
from typing import Any

from central.accounts import utc_text
from central.store import CentralStore
from kiosk.privacy import mask_patron_id

# Telemetry older than this from a terminal that says it is online: it has gone quiet.
SILENT_AFTER = timedelta(minutes=10)
# An outbox whose oldest event has waited this long is worth a look before it alarms.
BACKLOG_WARN_S = 3600.0
EVENT_FIELDS_SHOWN = ("item_id", "hold_id", "compartment_id", "due", "offline", "needs_staff")
EVENT_FIELDS_MASKED = ("patron_id",)


class Health(IntEnum):
    """How a terminal is doing; the fleet page sorts worst first."""

    OK = 0
    WARNING = 1  # backlog, sequence gap, or silent
    ALARM = 2  # an active alarm, or out of service
    OFFLINE = 3  # offline, or never seen online


@dataclass(frozen=True)
class AlarmRow:
    """One active alarm, from any of the three sources, with its acknowledgement."""

    key: str
    source: str  # central | terminal | offline
    terminal_id: str
    kind: str
    subject: str
    raised_at: str
    count: int
    acked_by: str | None
    acked_at: str | None


def _parse(at: str | None) -> datetime | None:
    if not at:
        return None
    try:
        parsed = datetime.fromisoformat(at)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else None


class FleetView:
    """Read models of the console over one central store."""

    def __init__(self, store: CentralStore) -> None:
        self.store = store

    def _rows(self, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
        return [dict(r) for r in self.store.db.execute(sql, params or [])]

    # --- fleet -----------------------------------------------------------------------
    def fleet(self, now: datetime | None = None) -> list[dict[str, Any]]:
        """Every terminal, worst first, then by id."""
        now = now or datetime.now(UTC)
        central_alarms: dict[str, list[str]] = {}
        for a in self._rows(
            "SELECT kind, terminal_id FROM central_alarms WHERE cleared_at IS NULL"
        ):
            central_alarms.setdefault(a["terminal_id"], []).append(a["kind"])
        rows = [
            self._summary(t, central_alarms.get(t["terminal_id"], []), now)
            for t in self._rows("SELECT * FROM terminals")
        ]
        rows.sort(key=lambda r: (-r["health"], r["terminal_id"]))
        return rows

    @staticmethod
    def _summary(t: dict[str, Any], central_alarms: list[str], now: datetime) -> dict[str, Any]:
        telemetry = json.loads(t["telemetry"]) if t["telemetry"] else {}
        terminal_alarms = [a["kind"] for a in json.loads(t["alarms"])]
        last_seen = _parse(t["last_seen"])
        online = t["state"] == "online"
        silent = online and (last_seen is None or now - last_seen > SILENT_AFTER)
        gap = t["max_seq"] > t["contiguous_seq"]
        backlog = (t["oldest_age_s"] or 0) >= BACKLOG_WARN_S
        if not online:
            health = Health.OFFLINE
        elif terminal_alarms or central_alarms or t["out_of_service"]:
            health = Health.ALARM
        elif silent or gap or backlog:
            health = Health.WARNING
        else:
            health = Health.OK
        return {
            "terminal_id": t["terminal_id"],
            "site": t["site"],
            "district": t["district"],
            "state": t["state"],
            "since": t["state_at"],
            "last_seen": t["last_seen"],
            "silent": silent,
            "devices": telemetry.get("devices", {}),
            "alarms": terminal_alarms + central_alarms,
            "out_of_service": t["out_of_service"],
            "queue_depth": t["queue_depth"],
            "oldest_age_s": t["oldest_age_s"],
            "last_ack_at": telemetry.get("queue", {}).get("last_ack_at"),
            "software_version": t["software_version"],
            "config_version": t["config_version"],
            "counters": telemetry.get("counters", {}),
            "counters_at": telemetry.get("at"),
            "events_stored_upto": t["contiguous_seq"],
            "gap": gap,
            "health": int(health),
            "health_name": health.name.lower(),
        }

    @staticmethod
    def filtered(
        rows: list[dict[str, Any]], state: str = "", alarm: str = "", district: str = ""
    ) -> list[dict[str, Any]]:
        """Rows with the given state ('' any, 'online', 'offline'), alarm ('' any, 'yes')
        and district ('' any, else exactly that district)."""
        if district:
            rows = [r for r in rows if r["district"] == district]
        if state == "online":
            rows = [r for r in rows if r["state"] == "online"]
        elif state == "offline":
            rows = [r for r in rows if r["state"] != "online"]
        if alarm == "yes":
            rows = [r for r in rows if r["alarms"] or r["state"] != "online"]
        return rows

    # --- one terminal ------------------------------------------------------------------
    def terminal(self, terminal_id: str, now: datetime | None = None) -> dict[str, Any] | None:
        rows = self._rows("SELECT * FROM terminals WHERE terminal_id = ?", [terminal_id])
        if not rows:
            return None
        central_alarms = [
            a["kind"]
            for a in self._rows(
                "SELECT kind FROM central_alarms WHERE cleared_at IS NULL AND terminal_id = ?",
                [terminal_id],
            )
        ]
        summary = self._summary(rows[0], central_alarms, now or datetime.now(UTC))
        summary.update(
            duplicates=rows[0]["duplicates"],
            rejected=rows[0]["rejected"],
            rate_limited=rows[0]["rate_limited"],
            max_seq=rows[0]["max_seq"],
            patrons_version=rows[0]["patrons_version"],
        )
        return summary

    def recent_events(self, terminal_id: str, limit: int = 50) -> list[dict[str, Any]]:
        """The latest events, newest first, with only the allowed fields and ids masked."""
        shown = []
        for r in self._rows(
            "SELECT seq, kind, at, payload FROM events WHERE terminal_id = ?"
            " ORDER BY seq DESC LIMIT ?",
            [terminal_id, limit],
        ):
            data = json.loads(r["payload"]).get("data", {})
            fields = {k: data[k] for k in EVENT_FIELDS_SHOWN if data.get(k) not in (None, "")}
            for k in EVENT_FIELDS_MASKED:
                if data.get(k):
                    fields[k] = mask_patron_id(data[k])
            shown.append({"seq": r["seq"], "kind": r["kind"], "at": r["at"], "fields": fields})
        return shown

    def compartments(self, terminal_id: str) -> list[dict[str, Any]]:
        """Compartments central has heard of: the last event (or opening by a command) on
        each, and the last service change a command made to it."""
        out: dict[str, dict[str, Any]] = {}
        compartment = self.store.backend.json_text("payload", "data", "compartment_id")
        for r in self._rows(
            "SELECT compartment, kind, at FROM (SELECT"
            f" {compartment} AS compartment, kind, at, seq FROM events WHERE terminal_id = ?)"
            " AS e WHERE compartment IS NOT NULL ORDER BY seq",
            [terminal_id],
        ):
            out[r["compartment"]] = {
                "compartment_id": r["compartment"],
                "last_event": r["kind"],
                "last_event_at": r["at"],
                "out_of_service": None,
            }
        for r in self._rows(
            "SELECT kind, args, finished_at FROM jobs WHERE terminal_id = ?"
            " AND kind IN ('set_out_of_service', 'open_compartment') AND state = 'succeeded'"
            " ORDER BY finished_at",
            [terminal_id],
        ):
            args = json.loads(r["args"])
            compartment = args.get("compartment_id")
            if not compartment:
                continue
            entry = out.setdefault(
                compartment,
                {
                    "compartment_id": compartment,
                    "last_event": None,
                    "last_event_at": None,
                    "out_of_service": None,
                },
            )
            if r["kind"] == "set_out_of_service":
                entry["out_of_service"] = args["out_of_service"]
            elif (entry["last_event_at"] or "") < r["finished_at"]:
                entry["last_event"], entry["last_event_at"] = r["kind"], r["finished_at"]
        return [out[k] for k in sorted(out)]

    def jobs(self, terminal_id: str, limit: int = 30) -> list[dict[str, Any]]:
        rows = self._rows(
            "SELECT j.command_id, j.kind, j.args, j.state, j.reason, j.created_at,"
            " j.finished_at, a.username FROM jobs j LEFT JOIN console_audit a"
            " ON a.command_id = j.command_id WHERE j.terminal_id = ?"
            " ORDER BY j.created_at DESC LIMIT ?",
            [terminal_id, limit],
        )
        for row in rows:
            args = json.loads(row["args"])
            if "patron_id" in args:
                args["patron_id"] = mask_patron_id(args["patron_id"])
            if row["kind"] in ("sync_patrons", "load_holds"):
                # Patron lists and holds are long and carry patron ids: a count says enough.
                args = {k: len(v) if isinstance(v, list) else v for k, v in args.items()}
            row["args"] = args
        return rows

    def set_site(self, terminal_id: str, site: str, write_audit: Any) -> bool:
        with self.store.tx() as db:
            changed = db.execute(
                "UPDATE terminals SET site = ? WHERE terminal_id = ?", [site, terminal_id]
            ).rowcount
            if changed:
                write_audit(db)
        return bool(changed)

    # --- holds to load -----------------------------------------------------------------
    def holds_to_load(self, now: datetime | None = None) -> list[dict[str, Any]]:
        """Holds sent to a terminal (load_holds) that it has not reported loaded, removed or
        expired, not cancelled and not past their expiry: what staff must bring, by site."""
        now_text = utc_text(now)
        json_text = self.store.backend.json_text
        settled = {
            r["hold_id"]
            for r in self._rows(
                f"SELECT {json_text('payload', 'data', 'hold_id')} AS hold_id FROM events"
                " WHERE kind IN ('hold_loaded', 'hold_removed', 'hold_expired')"
            )
        } | {
            r["hold_id"]
            for r in self._rows(
                f"SELECT {json_text('args', 'hold_id')} AS hold_id FROM jobs"
                " WHERE kind = 'cancel_hold' AND state = 'succeeded'"
            )
        }
        out: dict[str, dict[str, Any]] = {}
        for job in self._rows(
            "SELECT j.terminal_id, j.args, j.state, j.created_at, t.site FROM jobs j"
            " LEFT JOIN terminals t USING (terminal_id) WHERE j.kind = 'load_holds'"
            " AND j.state IN ('queued', 'in_progress', 'succeeded') ORDER BY j.created_at"
        ):
            for hold in json.loads(job["args"]).get("holds", []):
                expires = _parse(hold.get("expires_at"))
                if hold["hold_id"] in settled or (expires and utc_text(expires) <= now_text):
                    continue
                out[hold["hold_id"]] = {
                    "site": job["site"] or job["terminal_id"],
                    "terminal_id": job["terminal_id"],
                    "hold_id": hold["hold_id"],
                    "item_id": hold["item_id"],
                    "title": hold.get("title", ""),
                    "patron_id": mask_patron_id(hold["patron_id"]),
                    "expires_at": hold["expires_at"],
                    "sent_at": job["created_at"],
                    "job_state": job["state"],
                }
        return sorted(out.values(), key=lambda h: (h["site"], h["terminal_id"], h["expires_at"]))

    # --- alarms ------------------------------------------------------------------------
    def alarms(self) -> list[AlarmRow]:
        """Active alarms across the fleet: central's, the terminals' own, offline terminals."""
        acks = {
            r["alarm_key"]: r
            for r in self._rows("SELECT alarm_key, acked_by, acked_at FROM alarm_acks")
        }

        def row(
            key: str,
            source: str,
            terminal_id: str,
            kind: str,
            subject: str,
            raised: str,
            count: int,
        ) -> AlarmRow:
            ack = acks.get(key)
            return AlarmRow(
                key,
                source,
                terminal_id,
                kind,
                subject,
                raised or "",
                count,
                ack["acked_by"] if ack else None,
                ack["acked_at"] if ack else None,
            )

        out = [
            row(
                f"central:{a['id']}",
                "central",
                a["terminal_id"],
                a["kind"],
                json.loads(a["detail"]).get("last", ""),
                a["raised_at"],
                a["count"],
            )
            for a in self._rows("SELECT * FROM central_alarms WHERE cleared_at IS NULL")
        ]
        for t in self._rows("SELECT terminal_id, state, state_at, alarms FROM terminals"):
            for a in json.loads(t["alarms"]):
                out.append(
                    row(
                        f"terminal:{t['terminal_id']}:{a['alarm_id']}",
                        "terminal",
                        t["terminal_id"],
                        a["kind"],
                        a["subject"],
                        a["raised_at"],
                        1,
                    )
                )
            if t["state"] != "online":
                out.append(
                    row(
                        f"offline:{t['terminal_id']}:{t['state_at'] or ''}",
                        "offline",
                        t["terminal_id"],
                        "offline",
                        "",
                        t["state_at"] or "",
                        1,
                    )
                )
        out.sort(key=lambda a: (a.acked_at is not None, a.raised_at), reverse=False)
        return out

    def acknowledge(self, key: str, username: str, note: str, write_audit: Any) -> bool:
        """Record who acknowledged an active alarm; False if no such alarm is active."""
        if key not in {a.key for a in self.alarms()}:
            return False
        with self.store.tx() as db:
            db.execute(
                "INSERT INTO alarm_acks (alarm_key, acked_by, acked_at, note)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (alarm_key) DO NOTHING",
                [key, username, utc_text(), note],
            )
            write_audit(db)
        return True

    # --- figures for /metrics and /healthz ---------------------------------------------
    def events_stored(self) -> int:
        return int(self.store.db.execute("SELECT count(*) FROM events").fetchone()[0])

    def schema_version(self) -> int:
        return self.store.schema_version()
