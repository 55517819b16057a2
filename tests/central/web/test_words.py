"""No raw codes on any page: every page in both languages, over a store holding every known
alarm kind, device and device state, event kind, command kind and state, refusal reason
and audit action, shows words, local times without a "T", and durations in its language."""

from __future__ import annotations

import html
import re
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from central import history
from central.accounts import Accounts
from central.jobs import JobState
from central.store import CentralAlarm, CentralStore, Rejected
from central.web import words
from kiosk.reasons import Reason
from sync import contract
from tests.central.web.conftest import sign_in
from tests.central.web.fleet_data import NOW, birth

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
ISO_T = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}")
ENGLISH_UNIT = re.compile(r"\d+ (?:min|h|d|s)\b")
CHINESE_UNIT = re.compile(r"\d+ (?:分钟|小时|天|秒)")

TERMINAL_ALARMS = [k for k in words.ALARMS if k not in {a.value for a in CentralAlarm}]
EVENT_KINDS = contract._documents()["event"]["properties"]["kind"]["enum"]
COMMAND_KINDS = [
    item["if"]["properties"]["kind"]["const"] for item in contract._documents()["command"]["allOf"]
]
PAGES = ["/", "/terminals/T-ALL", "/alarms", "/holds", "/reports?from=2026-11-27&to=2026-11-28"]
ADMIN_PAGES = ["/audit", "/users"]

EVENT_DATA: dict[str, dict[str, Any]] = {
    "loan": {
        "patron_id": "3301000000042",
        "item_id": "B1",
        "loan_id": str(uuid.uuid4()),
        "due": "2026-12-22",
        "offline": True,
        "hold_id": "H1",
        "compartment_id": "C01",
        "needs_staff": True,
    },
    "return": {
        "item_id": "B1",
        "loan_id": None,
        "patron_id": None,
        "compartment_id": None,
        "needs_staff": False,
    },
    "renew": {
        "patron_id": "3301000000042",
        "item_id": "B1",
        "loan_id": str(uuid.uuid4()),
        "due": "2026-12-22",
        "offline": False,
    },
    "hold_loaded": {
        "hold_id": "H2",
        "item_id": "B2",
        "patron_id": "3301000000042",
        "compartment_id": "C02",
        "expires_at": NOW,
    },
    "hold_expired": {"hold_id": "H3", "item_id": "B3", "compartment_id": "C03"},
    "hold_removed": {"hold_id": "H3", "item_id": "B3", "reason": "expired"},
    "session": {
        "via": "ecard",
        "started_at": NOW,
        "ended_at": NOW,
        "ended_by": "new_card",
        "online": True,
        "loans": 1,
        "returns": 0,
        "renewals": 0,
        "pickups": 0,
    },
}


def every_code(store: CentralStore) -> None:
    """T-ALL: every terminal alarm, device and state, event kind, command kind in every
    state; T-OOS out of service; T-OFF offline; central's alarms of every kind."""
    birth(store, "T-ALL")
    states = list(words.DEVICE_STATES)
    devices = {name: states[i % len(states)] for i, name in enumerate(words.DEVICES)}
    devices["printer"] = "paper_out"
    alarms = [
        {"alarm_id": i, "kind": kind, "subject": "printer", "raised_at": NOW}
        for i, kind in enumerate(TERMINAL_ALARMS)
    ]
    for terminal_id, out_of_service in [("T-ALL", "staff"), ("T-OOS", "storage_full")]:
        birth(store, terminal_id)
        store.apply_telemetry(
            terminal_id,
            {
                "terminal_id": terminal_id,
                "at": datetime.now(UTC).isoformat(),
                "software_version": "1.4.2",
                "boot": 1,
                "conn": 1,
                "devices": devices,
                "alarms": alarms,
                "queue": {
                    "depth": 40,
                    "oldest_age_s": 7500.0,
                    "last_seq": 3,
                    "in_flight": 0,
                    "last_ack_at": NOW,
                },
                "counters": {"loans": 7, "returns": 3, "refusals": 2, "sessions": 4},
                "config_version": 2,
                "out_of_service": out_of_service,
            },
        )
    birth(store, "T-OFF", state="offline")
    store.record_rejected([Rejected("T-ALL", "kiosk/v1/T-ALL/events", b"{", "not JSON")], 10)
    store.record_rate_limited({"T-ALL": 3})
    store.record_sip2_alarm(CentralAlarm.SIP2_UNREACHABLE, "no answer")
    store.record_sip2_alarm(CentralAlarm.SIP2_LOGIN_REFUSED, "refused")
    with store.tx() as db:
        store.sip2_refused(db, "no-such-event", "T-ALL", "item not found", {"item_id": "B1"})
    events = []
    at = datetime(2026, 11, 28, 3, tzinfo=UTC)
    for kind in EVENT_KINDS:
        data = EVENT_DATA.get(kind)
        if kind == "refusal":
            continue
        events.append((kind, data))
    for i, reason in enumerate(Reason):
        flow = ["login", "code_login", "borrow", "return", "renew", "pickup"][i % 6]
        events.append(
            ("refusal", {"reason": reason.value, "flow": flow, "patron": None, "item_id": None})
        )
    for seq, (kind, data) in enumerate(events, start=1):
        event = {
            "event_id": str(uuid.uuid4()),
            "seq": seq,
            "terminal_id": "T-ALL",
            "kind": kind,
            "at": (at + timedelta(seconds=seq)).isoformat(),
            "data": data,
        }
        contract.validate("event", event)
        store.store_events([("T-ALL", event)])
    args: dict[str, dict[str, Any]] = {
        "open_compartment": {"compartment_id": "C01", "reason": "jammed"},
        "set_out_of_service": {"compartment_id": None, "out_of_service": True, "reason": "x"},
        "block_patron": {"patron_id": "3301000000042", "reason": "lost card"},
        "unblock_patron": {"patron_id": "3301000000042"},
        "resend_events": {"from_seq": 1},
        "set_config": {"version": 3, "changes": {"policy": {"loan_days": 21}}},
        "sync_patrons": {"patrons": [{"patron_id": "1"}]},
        "load_holds": {
            "holds": [
                {
                    "hold_id": "H9",
                    "item_id": "B9",
                    "patron_id": "3301000000042",
                    "title": "活着",
                    "expires_at": (datetime.now(UTC) + timedelta(days=3)).isoformat(),
                }
            ]
        },
        "cancel_hold": {"hold_id": "H8"},
    }
    # One job per kind, the kinds cycling through every state, then one rejected job per
    # reason (the terminal page lists the latest 30).
    all_states = list(JobState)
    plan = [(kind, all_states[i % len(all_states)], None) for i, kind in enumerate(COMMAND_KINDS)]
    plan += [("resend_events", JobState.REJECTED, reason) for reason in words.JOB_REASONS]
    for kind, state, reason in plan:
        command_id = store.enqueue_job("T-ALL", kind, args.get(kind, {}), 60)
        if state is JobState.QUEUED:
            continue
        store.transition_job(command_id, JobState.IN_PROGRESS)
        if state is not JobState.IN_PROGRESS:
            store.transition_job(command_id, state, reason=reason or "expired", detail={})
    for state, hours in [("online", 0), ("offline", 30), ("out_of_service", 50), ("online", 60)]:
        history.record_availability(
            store, "T-ALL", state, datetime(2026, 11, 27, tzinfo=UTC) + timedelta(minutes=hours)
        )
    accounts = Accounts(store)
    for action in words.AUDIT:
        accounts.audit(
            "admin",
            action,
            source="127.0.0.1",
            terminal_id="T-ALL",
            detail={
                "reason": "door jammed",
                "compartment": "C01",
                "needs": "operator",
                "action": "in_service",
            },
        )


def visible_text(page: str) -> str:
    """What a person reads: the text between tags, without scripts, styles or attributes."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


@pytest.mark.parametrize("language", ["zh", "en"])
def test_no_page_shows_a_raw_code_or_an_iso_time(make_console, console_db, language):
    every_code(CentralStore(console_db))
    client = make_console()
    sign_in(client, "admin")
    client.cookies.set("kiosk_lang", language)
    for path in PAGES + ADMIN_PAGES:
        answer = client.get(path)
        assert answer.status_code == 200, path
        text = visible_text(answer.text)
        assert SNAKE.findall(text) == [], (path, language)
        assert ISO_T.findall(text) == [], (path, language)
        wrong_units = ENGLISH_UNIT if language == "zh" else CHINESE_UNIT
        assert wrong_units.findall(text) == [], (path, language)
    polled = client.get("/api/fleet").json()["html"]
    assert SNAKE.findall(visible_text(polled)) == []
    jobs = client.get("/api/terminals/T-ALL/jobs").json()["html"]
    assert SNAKE.findall(visible_text(jobs)) == []


def test_the_fixture_holds_every_code_the_words_name(make_console, console_db):
    """The test above means something only if its pages hold each kind of code."""
    every_code(CentralStore(console_db))
    client = make_console()
    sign_in(client, "admin")
    client.cookies.set("kiosk_lang", "en")
    terminal = client.get("/terminals/T-ALL").text
    alarms = client.get("/alarms").text
    for kind in TERMINAL_ALARMS:
        assert words.ALARMS[kind][1] in html.unescape(terminal), kind
    for kind in CentralAlarm:
        assert words.ALARMS[kind.value][1] in html.unescape(alarms), kind
    for kind in EVENT_KINDS:
        assert words.EVENTS[kind][1] in html.unescape(terminal), kind
    for kind in COMMAND_KINDS:
        assert words.JOBS[kind][1] in html.unescape(terminal), kind
    report = html.unescape(client.get("/reports?from=2026-11-27&to=2026-11-28").text)
    for reason in Reason:
        assert words.REASONS[reason.value][1] in report, reason


def test_every_refusal_reason_and_event_kind_has_words_in_both_languages():
    assert set(words.REASONS) == {r.value for r in Reason}
    assert set(EVENT_KINDS) <= set(words.EVENTS)
    assert set(COMMAND_KINDS) <= set(words.JOBS)
    assert {a.value for a in CentralAlarm} <= set(words.ALARMS)
    for group in words.GROUPS.values():
        for zh, en in group.values():
            assert zh and en and not SNAKE.search(zh + " " + en)
