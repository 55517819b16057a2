"""A disk that fills up while the kiosk runs: out of service with an alarm, then back by itself.

The disk fills for real: SQLite's ``max_page_count`` caps the database at its current
size, and the audit table (which every flow's final transaction writes) is filled up to
the last byte, so the next page the store needs is refused with a genuine SQLITE_FULL.
A return fails after its tag was secured; the runtime takes the terminal out of service
and retries until the store can be written, then settles the return by crash recovery.
"""

from __future__ import annotations

import sqlite3
import time

import pytest

from drivers.rfid import library_tag
from kiosk.circulation import RETURN_STEPS
from kiosk.config import load_config
from kiosk.store import StorageFull
from runtime.build import build_runtime
from runtime.core import STORAGE_FULL

from .test_kiosk_e2e import CARD, DEFAULT, LIVING

UNLIMITED_PAGES = 1_073_741_823


def wait_until(predicate, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()


def fill_the_disk(store) -> None:
    """Cap the file at its size and use up every byte left in it (on kiosk-core)."""
    db = store.db
    page_count = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count={page_count}")
    for size in (2000, 500, 100, 20, 1):
        while True:
            try:
                db.execute(
                    "INSERT INTO audit (at, actor, action, outcome, detail)"
                    " VALUES ('2026-01-01T00:00:00+00:00', 'test', 'filler', 'ok', ?)",
                    ["x" * size],
                )
            except sqlite3.OperationalError as exc:
                assert exc.sqlite_errorcode & 0xFF == sqlite3.SQLITE_FULL
                break


def make_room(store) -> None:
    store.db.execute(f"PRAGMA max_page_count={UNLIMITED_PAGES}")


@pytest.fixture
def runtime(tmp_path):
    rt = build_runtime(load_config(DEFAULT), data_dir=tmp_path)
    rt.storage_retry_s = 0.1
    yield rt
    rt.close()


def test_full_disk_mid_return_goes_out_of_service_and_settles_when_space_is_back(runtime):
    circulation, sim = runtime.circulation, runtime.simulators.rfid
    heard = []
    runtime.alarm_listeners.append(heard.append)
    sim.place(library_tag(LIVING))
    session = runtime.call(circulation.start_session, CARD, "card")
    (borrowed,) = runtime.call(circulation.borrow, session, runtime.call(runtime.pad.inventory))
    assert borrowed.ok and runtime.store.open_loan_for_item(LIVING) is not None

    def on_step(label: str) -> None:
        if label == RETURN_STEPS[1]:  # the tag says "in library" now
            fill_the_disk(runtime.store)

    circulation.on_step = on_step
    with pytest.raises(StorageFull):
        runtime.call(circulation.return_items, runtime.call(runtime.pad.inventory))
    circulation.on_step = None

    assert runtime.call(runtime.out_of_service_reason) == STORAGE_FULL
    assert heard == [STORAGE_FULL]
    assert {t.afi for t in sim.tags()} == {0x07}
    assert [i["kind"] for i in runtime.store.pending_intents()] == ["return"]
    assert runtime.store.open_loan_for_item(LIVING) is not None
    # Still full: each retry fails, schedules the next, and the terminal stays out of
    # service (a retry queued on kiosk-core runs before the call that follows it).
    for _ in range(3):
        timer = runtime._storage_timer
        timer.join()
        assert runtime.call(runtime.out_of_service_reason) == STORAGE_FULL
        assert wait_until(lambda timer=timer: runtime._storage_timer is not timer)
    assert runtime.store.pending_intents() != []

    runtime.call(make_room, runtime.store)
    assert wait_until(lambda: runtime.storage_full is None)
    assert runtime.call(runtime.out_of_service_reason) is None
    assert runtime.store.pending_intents() == []
    assert runtime.store.open_loan_for_item(LIVING) is None  # the return was recorded
    assert [a.kind for a in runtime.store.active_alarms()] == [STORAGE_FULL]
    assert heard == [STORAGE_FULL, STORAGE_FULL]
    assert [r.kind for r in runtime.recovered] == ["return"]
