"""The whole terminal on its real drivers and the device simulators, end to end.

- ``kiosk run`` starts (check mode), refuses a bad site file naming file and key, and
  explains a missing display;
- a resident borrows and returns books whose tags the FEIG simulator really rewrites;
- staff load a hold into a Kerong locker and the resident picks it up with the code;
- a kiosk process SIGKILLed mid-borrow and mid-pick-up, on real drivers talking to
  simulators that outlive it, recovers on restart without a lost or doubled loan.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from drivers.card import SAMPLE_CARDS
from drivers.locker import make_protocol
from drivers.locker.simulator import LockerSimulator
from drivers.rfid import library_tag
from drivers.rfid.sim import make_simulator
from kiosk.circulation import BORROW_STEPS, PICKUP_STEPS
from kiosk.config import load_config
from kiosk.devices import DoorSensor, NoReader
from kiosk.model import HoldStatus
from kiosk.reasons import Reason
from kiosk.sample_data import DEMO_PICKUP_CODE
from kiosk.store import Store
from runtime.build import build_runtime

REPO = Path(__file__).resolve().parents[2]
DEFAULT = REPO / "config" / "default.toml"
KIOSK = [sys.executable, "-m", "cli"]
CHILD = Path(__file__).with_name("kiosk_child.py")
CARD = "3301000000001"
LIVING, THREE_BODY = "31234000567890", "31234000567891"


def wait_until(predicate, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()


def run_kiosk(args, tmp_path, env=None):
    return subprocess.run(
        KIOSK + args,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
    )


def test_run_check_starts_every_simulated_device(tmp_path):
    result = run_kiosk(["run", "--check", "--data-dir", str(tmp_path)], tmp_path)
    assert result.returncode == 0, result.stderr
    status = json.loads(result.stdout)
    assert status["terminal_id"] == "HZ-DEMO-01"
    assert status["devices"]["rfid"] == "simulated" and status["recovered"] == []


def test_bad_site_file_stops_start_up_naming_file_and_key(tmp_path):
    site = tmp_path / "site.toml"
    site.write_text(DEFAULT.read_text(encoding="utf-8").replace("loan_days = 30", "loan_days = -1"))
    result = run_kiosk(["run", "--check", "--config", str(site)], tmp_path)
    assert result.returncode == 2
    assert f"{site}: policy.loan_days: must be 1..365" in result.stderr


def test_unknown_driver_option_is_a_configuration_error(tmp_path):
    site = tmp_path / "site.toml"
    text = DEFAULT.read_text(encoding="utf-8").replace(
        '[devices.rfid]\ndriver = "simulated"',
        '[devices.rfid]\ndriver = "simulated"\noptions = { speed = 3 }',
    )
    site.write_text(text)
    result = run_kiosk(
        ["run", "--check", "--config", str(site), "--data-dir", str(tmp_path)], tmp_path
    )
    assert result.returncode == 2
    assert "devices.rfid" in result.stderr and "speed" in result.stderr


def test_no_display_explains_and_offers_headless(tmp_path):
    env = {"DISPLAY": "", "WAYLAND_DISPLAY": "", "QT_QPA_PLATFORM": ""}
    result = run_kiosk(["run", "--data-dir", str(tmp_path)], tmp_path, env)
    assert result.returncode == 3
    assert "--headless" in result.stderr and "未找到显示器" in result.stderr


@pytest.fixture
def runtime(tmp_path):
    config = load_config(DEFAULT)
    rt = build_runtime(config, data_dir=tmp_path)
    yield rt
    rt.close()


def test_borrow_and_return_rewrite_the_tags_on_the_simulated_reader(runtime):
    sim = runtime.simulators.rfid
    for item_id in (LIVING, THREE_BODY):
        sim.place(library_tag(item_id))
    uid = next(uid for uid, patron_id in SAMPLE_CARDS.items() if patron_id == CARD)
    runtime.simulators.card.present(uid)
    card = runtime.card_reader.wait_for_card(5)
    assert card.patron_id == CARD
    circulation = runtime.circulation
    session = runtime.call(circulation.start_session, card.patron_id, "card")
    tags = runtime.call(runtime.pad.inventory)
    assert sorted(t.item_id for t in tags) == [LIVING, THREE_BODY]
    outcomes = runtime.call(circulation.borrow, session, tags)
    assert [o.ok for o in outcomes] == [True, True]
    assert {t.afi for t in sim.tags()} == {0xC2}
    assert len(runtime.store.open_loans(card.patron_id)) == 2
    outcomes = runtime.call(circulation.return_items, runtime.call(runtime.pad.inventory))
    assert [o.ok for o in outcomes] == [True, True]
    assert {t.afi for t in sim.tags()} == {0x07}
    assert runtime.store.open_loans(card.patron_id) == []


def test_staff_load_then_resident_picks_up_with_the_code(runtime):
    lockers = runtime.simulators.lockers
    circulation = runtime.circulation
    (waiting,) = circulation.holds_to_load()
    ticket = runtime.call(circulation.begin_loading, waiting.item_id)
    assert ticket.compartment_id == "A01"  # the holder's compartment has room
    assert wait_until(lambda: runtime.doors.sensor("A01") is DoorSensor.OPEN)
    lockers.open_door(1, 1)
    lockers.close_door(1, 1)
    assert wait_until(lambda: runtime.doors.sensor("A01") is DoorSensor.CLOSED)
    assert runtime.call(circulation.confirm_loaded, ticket) is None  # the holder's code
    session = runtime.call(circulation.start_code_session, DEMO_PICKUP_CODE)
    outcomes = runtime.call(circulation.pickup, session)
    assert [(o.ok, o.compartment_id) for o in outcomes] == [(True, "A01"), (True, "A01")]
    assert lockers.door(1, 1).value in ("released", "open")
    assert {h.status for h in runtime.store.holds(patron_id=session.patron_id)} == {
        HoldStatus.PICKED_UP
    }


@pytest.fixture
def external_devices(tmp_path):
    """A FEIG reader and a Kerong lock bus that live in the test process, and a site file
    whose kiosk talks to them through the real drivers."""
    reader = make_simulator("feig", [library_tag(LIVING), library_tag(THREE_BODY)])
    lockers = LockerSimulator()
    protocol = make_protocol("kerong")
    bus_path = lockers.add_bus("A", protocol, {1: 16})
    lockers.set_item(1, 1, True)  # the sample hold waiting in A01
    text = DEFAULT.read_text(encoding="utf-8")
    text = text.replace(
        '[devices.rfid]\ndriver = "simulated"',
        f'[devices.rfid]\ndriver = "feig"\nport = "{reader.path}"',
    )
    text = text.replace(
        '[[lockers.buses]]\nname = "A"\ndriver = "simulated"',
        f'[[lockers.buses]]\nname = "A"\ndriver = "kerong"\nport = "{bus_path}"',
    )
    text = text.replace('path = "var/kiosk.db"', f'path = "{tmp_path / "kiosk.db"}"')
    site = tmp_path / "site.toml"
    site.write_text(text, encoding="utf-8")
    yield site, reader, lockers
    reader.close()
    lockers.close()


def child(site, flow, kill_at=None):
    args = [sys.executable, str(CHILD), str(site), flow] + ([kill_at] if kill_at else [])
    return subprocess.run(args, cwd=REPO, capture_output=True, text=True, timeout=90)


def loans_and_events(site):
    config = load_config(site)
    store = Store(config.storage.path, "check")
    try:
        loans = store.query("SELECT loan_id, item_id, returned_at FROM loans")
        events = [
            e.payload["data"]["loan_id"]
            for e in store.outbox_pending(limit=100)
            if e.kind == "loan"
        ]
        return loans, events, store.pending_intents(), store.get_hold("H-0002")
    finally:
        store.close()


@pytest.mark.parametrize("kill_at", BORROW_STEPS)
def test_kiosk_killed_mid_borrow_on_real_drivers(external_devices, kill_at):
    site, reader, _ = external_devices
    assert child(site, "recover").returncode == 0  # seeds the store
    assert child(site, "borrow", kill_at).returncode == -9
    recovered = child(site, "recover")
    assert recovered.returncode == 0, recovered.stderr
    loans, events, intents, _ = loans_and_events(site)
    assert intents == [] and sorted(events) == sorted(r["loan_id"] for r in loans)
    afi = {t.uid.hex().upper() if isinstance(t.uid, bytes) else t.uid: t.afi for t in reader.tags()}
    on_loan = {r["item_id"] for r in loans if r["returned_at"] is None}
    assert len(on_loan) == len(loans)  # no item twice
    assert sum(1 for a in afi.values() if a == 0xC2) == len(on_loan)
    again = child(site, "borrow")
    assert again.returncode == 0, again.stderr
    loans, events, _, _ = loans_and_events(site)
    assert sorted(r["item_id"] for r in loans) == [LIVING, THREE_BODY]
    assert len(events) == 2 and {t.afi for t in reader.tags()} == {0xC2}


@pytest.mark.parametrize("kill_at", PICKUP_STEPS)
def test_kiosk_killed_mid_pickup_on_real_drivers(external_devices, kill_at):
    site, _, lockers = external_devices
    assert child(site, "recover").returncode == 0
    assert child(site, "pickup", kill_at).returncode == -9
    if kill_at != "pickup.intent_recorded":
        # the lock released before the kill: the resident opens the door and takes the book
        lockers.open_door(1, 1)
        lockers.set_item(1, 1, False)
    recovered = child(site, "recover")
    assert recovered.returncode == 0, recovered.stderr
    loans, events, intents, hold = loans_and_events(site)
    assert intents == [] and sorted(events) == sorted(r["loan_id"] for r in loans)
    if kill_at == "pickup.intent_recorded":
        assert loans == [] and hold.status is HoldStatus.READY
        lockers.close_door(1, 1)
        assert child(site, "pickup").returncode == 0
        loans, events, _, hold = loans_and_events(site)
    assert len(loans) == 1 and len(events) == 1
    assert hold.status is HoldStatus.PICKED_UP


def test_the_pad_belongs_to_the_core_thread(runtime):
    """Devices are opened, recovered and used on kiosk-core; another thread is refused,
    so no two threads ever talk on one serial port at once."""
    assert [t.item_id for t in runtime.call(runtime.pad.inventory)] == []
    with pytest.raises(RuntimeError):
        runtime.pad.inventory()


def test_runtime_closes_cleanly_twice(tmp_path):
    rt = build_runtime(load_config(DEFAULT), data_dir=tmp_path)
    rt.close()
    rt.close()


def test_kiosk_starts_without_an_unplugged_reader_and_lock_bus(tmp_path):
    """A device missing at start-up is reported and alarmed; the kiosk still starts."""
    site = tmp_path / "site.toml"
    text = DEFAULT.read_text(encoding="utf-8")
    text = text.replace(
        '[devices.rfid]\ndriver = "simulated"',
        '[devices.rfid]\ndriver = "feig"\nport = "/dev/ttyUSB-not-plugged-in"',
    )
    text = text.replace(
        '[[lockers.buses]]\nname = "A"\ndriver = "simulated"',
        '[[lockers.buses]]\nname = "A"\ndriver = "8a"\nport = "/dev/ttyUSB-no-locks"',
    )
    site.write_text(text, encoding="utf-8")
    result = run_kiosk(
        ["run", "--check", "--config", str(site), "--data-dir", str(tmp_path)], tmp_path
    )
    assert result.returncode == 0, result.stderr
    status = json.loads(result.stdout)
    assert set(status["unavailable"]) == {"rfid", "lockers"}
    assert status["unavailable"]["rfid"].startswith("no_reader")
    assert status["unavailable"]["lockers"].startswith("board_not_answering")
    assert status["alarms"] == 2
    config = load_config(site)
    rt = build_runtime(config, data_dir=tmp_path / "again")
    try:
        with pytest.raises(NoReader):
            rt.call(rt.pad.inventory)
        session = rt.call(rt.circulation.start_session, "3301000000005", "card")
        (outcome,) = rt.call(rt.circulation.pickup, session)
        assert outcome.reason is Reason.COMPARTMENT_FAULT
        assert rt.store.get_hold(outcome.hold_id).status is HoldStatus.READY
    finally:
        rt.close()
