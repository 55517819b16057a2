"""A whole kiosk process for the end-to-end crash tests, on real drivers.

Usage: kiosk_child.py SITE_FILE FLOW [KILL_AT]
The site file points the FEIG reader and the Kerong lock bus at simulators that the
test process owns, so the devices outlive this process as real ones would. Building the
runtime runs crash recovery; FLOW ``recover`` prints what it did as JSON and stops.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from kiosk.config import load_config  # noqa: E402
from runtime.build import build_runtime  # noqa: E402

CARD = "3301000000001"
HOLDER = "3301000000005"


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
        return circulation.borrow(session, runtime.pad.inventory())

    def pickup() -> list:
        return circulation.pickup(circulation.start_session(HOLDER, "card"))

    try:
        if flow == "recover":
            sys.stdout.write(json.dumps([r.resolution for r in runtime.recovered]) + "\n")
        elif flow in ("borrow", "pickup"):
            outcomes = runtime.call(borrow if flow == "borrow" else pickup)
            sys.stdout.write(json.dumps([o.ok for o in outcomes]) + "\n")
        else:
            raise SystemExit(f"unknown flow {flow}")
    finally:
        runtime.close()


if __name__ == "__main__":
    main()
