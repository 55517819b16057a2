"""A kiosk process for the crash tests: runs one flow and SIGKILLs itself at a step.

Usage: crash_child.py DB DEVICE_DIR FLOW [KILL_AT]
FLOW is borrow, return, renew, pickup, load or recover. KILL_AT is a labelled step, or
``call:N``: SIGKILL at the N-th call into the core, the fake devices or SQLite (a random
point, between any two statements; ``count`` runs the flow and prints how many calls it
made, to draw N from). The devices' state lives in DEVICE_DIR,
so it survives the kill as a real tag or lock would. ``recover`` prints the outcomes as
JSON; ``load`` (staff loading the hold that waits into a compartment: the door opens, the
item goes in, the door is pushed shut, staff confirm) prints the compartment and the code.
"""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import sqlite3
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parents[1]), str(HERE)]

from fakes import DEFAULT_CONFIG, FakeDoors, FakePad  # noqa: E402

from kiosk.circulation import Circulation  # noqa: E402
from kiosk.config import load_config  # noqa: E402
from kiosk.sample_data import HOLD_AWAITING_LOAD  # noqa: E402
from kiosk.store import Store  # noqa: E402

CARD = "3301000000001"
HOLDER = "3301000000005"


WATCHED = (str(HERE.parents[1] / "kiosk"), str(HERE / "fakes.py"))


class CallCounter:
    """Counts calls into the core, the fakes and sqlite3; SIGKILLs at ``kill_at`` if set."""

    def __init__(self, kill_at: int | None) -> None:
        self.calls = 0
        self.kill_at = kill_at

    def __call__(self, frame, event, arg) -> None:
        if event == "call":
            if not frame.f_code.co_filename.startswith(WATCHED):
                return
        elif event == "c_call":
            if not isinstance(getattr(arg, "__self__", None), sqlite3.Connection | sqlite3.Cursor):
                return
        else:
            return
        self.calls += 1
        if self.calls == self.kill_at:
            os.kill(os.getpid(), signal.SIGKILL)


def main() -> None:
    db, device_dir, flow = sys.argv[1:4]
    kill_at = sys.argv[4] if len(sys.argv) > 4 else None
    counter = None
    if kill_at == "count" or (kill_at or "").startswith("call:"):
        counter = CallCounter(None if kill_at == "count" else int(kill_at.split(":")[1]))
        kill_at = None
    config = load_config(DEFAULT_CONFIG)
    store = Store(db, config.site.terminal_id)
    pad = FakePad(Path(device_dir) / "pad.json")
    doors = FakeDoors([c.id for c in config.lockers.compartments], Path(device_dir) / "doors.json")

    def on_step(label: str) -> None:
        if label == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)

    # Renewals open a week before the due date: the renew flow runs four weeks on.
    days_on = timedelta(days=28 if flow == "renew" else 0)
    circulation = Circulation(
        store, config, pad, doors, None, on_step=on_step, clock=lambda: datetime.now(UTC) + days_on
    )
    if counter is not None:
        sys.setprofile(counter)
    run_flow(circulation, store, pad, doors, flow)
    sys.setprofile(None)
    if counter is not None and counter.kill_at is None:
        sys.stderr.write(json.dumps({"calls": counter.calls}) + "\n")


def run_flow(circulation, store, pad, doors, flow) -> None:
    if flow == "recover":
        outcomes = [dataclasses.asdict(o) for o in circulation.recover()]
        sys.stdout.write(json.dumps(outcomes) + "\n")
    elif flow == "borrow":
        circulation.borrow(circulation.start_session(CARD, "card"), pad.inventory())
    elif flow == "return":
        circulation.return_items(pad.inventory())
    elif flow == "renew":
        session = circulation.start_session(CARD, "card")
        circulation.renew(session, [loan.item_id for loan, _ in circulation.loans(session)])
    elif flow == "pickup":
        circulation.pickup(circulation.start_session(HOLDER, "card"))
    elif flow == "load":
        _, item_id, _ = HOLD_AWAITING_LOAD
        ticket = circulation.begin_loading(item_id)
        doors.put_item(ticket.compartment_id)
        doors.close(ticket.compartment_id)
        code = circulation.confirm_loaded(ticket)
        sys.stdout.write(json.dumps({"compartment_id": ticket.compartment_id, "code": code}) + "\n")
    else:
        raise SystemExit(f"unknown flow {flow}")


if __name__ == "__main__":
    main()
