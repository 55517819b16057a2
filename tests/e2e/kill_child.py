"""A whole kiosk process for the return and loading kill tests, on real drivers.

Usage: kill_child.py SITE_FILE FLOW [KILL_AT]
The site file points the FEIG reader and the Kerong lock bus at simulators that the test
process owns, so the devices outlive this process as real ones would. Building the
runtime seeds the sample data and runs crash recovery; FLOW is:

- ``recover``: print the recovery resolutions as JSON and stop;
- ``borrow`` / ``return``: the sample patron borrows, or anyone returns, what is on the pad;
- ``load``: staff load the hold that waits into its compartment. Once the lock has
  released the child prints ``released`` and waits for a line on stdin: the test, playing
  the staff member, opens the door on the simulator, puts the book in and shuts it, then
  writes that line; the child confirms the load once the board reports the door closed.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from kiosk.config import load_config  # noqa: E402
from kiosk.devices import DoorSensor  # noqa: E402
from kiosk.sample_data import HOLD_AWAITING_LOAD  # noqa: E402
from runtime.build import build_runtime  # noqa: E402

CARD = "3301000000001"
DOOR_SHUT_TIMEOUT_S = 10.0


def main() -> None:
    site_file, flow = sys.argv[1:3]
    kill_at = sys.argv[3] if len(sys.argv) > 3 else None
    runtime = build_runtime(load_config(site_file))
    circulation = runtime.circulation

    def on_step(label: str) -> None:
        if label == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)

    circulation.on_step = on_step

    def borrow() -> list:
        session = circulation.start_session(CARD, "card")
        return [o.ok for o in circulation.borrow(session, runtime.pad.inventory())]

    def return_items() -> list:
        return [o.ok for o in circulation.return_items(runtime.pad.inventory())]

    def load() -> str | None:
        _, item_id, _ = HOLD_AWAITING_LOAD
        ticket = runtime.call(circulation.begin_loading, item_id)
        sys.stdout.write("released\n")
        sys.stdout.flush()
        sys.stdin.readline()
        deadline = time.monotonic() + DOOR_SHUT_TIMEOUT_S
        while runtime.call(runtime.doors.sensor, ticket.compartment_id) is not DoorSensor.CLOSED:
            if time.monotonic() > deadline:
                raise SystemExit(f"door {ticket.compartment_id} not shut")
            time.sleep(0.05)
        return runtime.call(circulation.confirm_loaded, ticket)

    try:
        if flow == "recover":
            result = [r.resolution for r in runtime.recovered]
        elif flow == "borrow":
            result = runtime.call(borrow)
        elif flow == "return":
            result = runtime.call(return_items)
        elif flow == "load":
            result = load()
        else:
            raise SystemExit(f"unknown flow {flow}")
        sys.stdout.write(json.dumps(result) + "\n")
    finally:
        runtime.close()


if __name__ == "__main__":
    main()
