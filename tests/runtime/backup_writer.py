"""A busy kiosk for the restore drill: borrows and returns two books in a loop.

Usage: backup_writer.py DB DEVICE_DIR
Prints ``started`` once the store is seeded and open, then one line per cycle, and runs
until it is killed (the test ends it with SIGKILL, as a power cut would).
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parents[1]), str(HERE.parent / "kiosk")]

from fakes import DEFAULT_CONFIG, FakeDoors, FakePad  # noqa: E402

from kiosk.circulation import Circulation  # noqa: E402
from kiosk.config import load_config  # noqa: E402
from kiosk.sample_data import seed  # noqa: E402
from kiosk.store import Store  # noqa: E402
from runtime.backup import StoreLock  # noqa: E402

CARD = "3301000000001"
ITEMS = {"E004010000567890": "31234000567890", "E004010000567891": "31234000567891"}


def main() -> None:
    db, device_dir = sys.argv[1], Path(sys.argv[2])
    config = load_config(DEFAULT_CONFIG)
    lock = StoreLock(db)
    lock.acquire()
    store = Store(db, config.site.terminal_id)
    pad = FakePad(device_dir / "pad.json")
    for uid, item_id in ITEMS.items():
        pad.place(uid, item_id, secured=True)
    doors = FakeDoors([c.id for c in config.lockers.compartments], device_dir / "doors.json")
    circulation = Circulation(store, config, pad, doors, None)
    seed(store, circulation.clock())
    sys.stdout.write("started\n")
    sys.stdout.flush()
    cycle = 0
    while True:
        circulation.borrow(circulation.start_session(CARD, "card"), pad.inventory())
        circulation.return_items(pad.inventory())
        cycle += 1
        sys.stdout.write(f"{cycle}\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
