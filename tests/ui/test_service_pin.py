"""The service PIN: six digits at least, growing lockouts on the steady clock, an alarm.

No window here: PinGuard is checked against a real store with a steady clock the test
moves (kiosk.lockout), as a reboot or a wall-clock jump would.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from uihelp import ROOT

from kiosk.lockout import SteadyClock
from kiosk.service_pin import (
    ALARM_KIND,
    DEMO_PIN,
    LONGEST_LOCKOUT_S,
    MAX_FAILURES,
    PinGuard,
    lockout_after,
    make_hash,
)
from kiosk.store import Store

PIN = "135790"
HASH = make_hash(PIN)


class Steady:
    def __init__(self) -> None:
        self.value = 100.0

    def __call__(self) -> float:
        return self.value


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "kiosk.db", "T1")
    yield s
    s.close()


@pytest.fixture
def steady() -> Steady:
    return Steady()


def guard(store: Store, steady: Steady, boot: str = "boot-1") -> PinGuard:
    return PinGuard(store, HASH, simulated=False, steady=SteadyClock(boot, steady))


def test_lockouts_grow_and_the_right_pin_clears_them(store: Store, steady: Steady) -> None:
    g = guard(store, steady)
    assert [g.check("000000").locked_for_s for _ in range(MAX_FAILURES)] == [0, 0, 0, 0, 300]
    locks = []
    for _ in range(4):
        assert g.check(PIN).locked_for_s > 0  # the right PIN waits too
        steady.value += g.check(PIN).locked_for_s
        locks.append(g.check("000000").locked_for_s)
    assert locks == [600, 1200, 2400, 4800]
    steady.value += 4800
    assert g.check(PIN).ok
    assert g.check("000000").locked_for_s == 0  # counting starts again


def test_a_clock_jump_or_a_reboot_does_not_end_a_lockout(store: Store, steady: Steady) -> None:
    g = guard(store, steady)
    for _ in range(MAX_FAILURES):
        g.check("000000")
    # The old lockout ended when the wall clock jumped +301 s; the steady clock did not move.
    assert guard(store, steady).check(PIN).locked_for_s == 300
    steady.value += 100
    assert g.check(PIN).locked_for_s == 200
    # A reboot: the steady clock starts again; the lockout resumes with what was left.
    rebooted = guard(store, lambda: 7.0, boot="boot-2")
    assert rebooted.check(PIN).locked_for_s == 200
    assert not rebooted.check(PIN).ok


def test_short_pins_are_not_tried_nor_counted(store: Store, steady: Steady) -> None:
    g = guard(store, steady)
    check = g.check("2468")
    assert (check.ok, check.too_short, check.failures_left) == (False, True, MAX_FAILURES)
    assert g.check(PIN).ok


def test_repeated_failures_raise_one_alarm(store: Store, steady: Steady) -> None:
    g = guard(store, steady)
    for _ in range(MAX_FAILURES + 2):
        steady.value += g.check("000000").locked_for_s
    assert [(a.kind, a.detail["failures"]) for a in store.active_alarms()] == [(ALARM_KIND, 5)]


def test_a_year_of_guessing_tries_a_tenth_of_a_percent_of_the_pins() -> None:
    now, failures, year = 0.0, 0, 365 * 86_400
    while now < year:
        failures += 1
        now += lockout_after(failures)
    assert lockout_after(100) == LONGEST_LOCKOUT_S == 8 * 3600
    assert failures <= 1_110
    assert failures / 10**6 < 0.0012


def test_demo_pin_has_six_digits() -> None:
    assert len(DEMO_PIN) == 6 and DEMO_PIN.isdigit()


def test_pin_hash_command_refuses_short_pins() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "cli", "service", "pin-hash", "--stdin"],
        input="2468\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 2
    assert "6 to 12 digits" in result.stderr and "6 至 12 位数字" in result.stderr
