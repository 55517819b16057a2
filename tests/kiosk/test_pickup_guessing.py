"""Pick-up codes: guesses limited per source on a steady clock, and what a code session may do.

The steady clock (kiosk.lockout) is a fake here: the tests move it, the wall clock and
the boot id separately, as a clock correction, an NTP jump or a reboot would.
"""

from __future__ import annotations

import pytest
from fakes import Clock

from kiosk.circulation import Circulation, LockedOut, Refused
from kiosk.devices import TagRead
from kiosk.lockout import SteadyClock
from kiosk.pickup_codes import ALARM_KIND, CodeSource, delay_after
from kiosk.reasons import Reason, wait_text
from kiosk.sample_data import DEMO_PICKUP_CODE

HOLDER = "3301000000005"
WRONG = "000000"


class Steady:
    """A monotonic clock the test moves."""

    def __init__(self) -> None:
        self.value = 5000.0

    def __call__(self) -> float:
        return self.value


@pytest.fixture
def steady() -> Steady:
    return Steady()


@pytest.fixture
def circ(circulation: Circulation, steady: Steady) -> Circulation:
    circulation.steady = SteadyClock("boot-1", steady)
    return circulation


def wrong(circ: Circulation, source: CodeSource = CodeSource.KEYPAD) -> int:
    """Enter a wrong code; the wait it now owes (0: none)."""
    with pytest.raises(Refused) as excinfo:
        circ.start_code_session(WRONG, source)
    assert excinfo.value.reason is Reason.PICKUP_CODE_WRONG
    return getattr(excinfo.value, "wait_s", 0)


def locked_for(circ: Circulation, source: CodeSource = CodeSource.KEYPAD) -> int:
    """The rightful code is not even looked at while the source waits: for how long."""
    with pytest.raises(LockedOut) as excinfo:
        circ.start_code_session(DEMO_PICKUP_CODE, source)
    assert excinfo.value.reason is Reason.PICKUP_CODE_LOCKED
    return excinfo.value.wait_s


def test_waits_grow_per_wrong_code_and_are_told(circ: Circulation, steady: Steady) -> None:
    assert [wrong(circ) for _ in range(4)] == [0, 0, 0, 0]
    waits = []
    for _ in range(6):
        waits.append(wrong(circ))
        assert locked_for(circ) == waits[-1]
        steady.value += waits[-1]
    assert waits == [30, 60, 120, 240, 360, 360]
    assert circ.start_code_session(DEMO_PICKUP_CODE).patron_id == HOLDER
    assert "6 min." in wait_text(360, "en") and "6分钟后" in wait_text(360, "zh")


def test_a_passer_by_on_the_keypad_does_not_lock_out_the_scanned_code(
    circ: Circulation, steady: Steady
) -> None:
    for _ in range(8):
        steady.value += wrong(circ, CodeSource.KEYPAD)
    wrong(circ, CodeSource.KEYPAD)
    assert locked_for(circ, CodeSource.KEYPAD) == 360
    session = circ.start_code_session(DEMO_PICKUP_CODE, CodeSource.SCANNER)
    assert session.patron_id == HOLDER


def test_wall_clock_jumps_neither_end_nor_stretch_a_wait(
    circ: Circulation, clock: Clock, steady: Steady
) -> None:
    for _ in range(5):
        steady.value += wrong(circ)
    wrong(circ)
    assert locked_for(circ) == 60
    clock.advance(hours=5)  # the wall clock jumps forward: the wait does not end
    assert locked_for(circ) == 60
    clock.advance(hours=-10)  # and back: it is not stretched either
    steady.value += 59
    assert locked_for(circ) == 1
    steady.value += 1
    assert circ.start_code_session(DEMO_PICKUP_CODE).patron_id == HOLDER


def test_a_restart_or_a_reboot_does_not_end_a_wait(circ: Circulation, steady: Steady) -> None:
    for _ in range(6):
        steady.value += wrong(circ)
    wrong(circ)
    steady.value += 20
    assert locked_for(circ) == 100
    restarted = Circulation(circ.store, circ.config, clock=circ.clock)
    restarted.steady = SteadyClock("boot-1", steady)  # same boot: the wait ran on
    steady.value += 50
    assert locked_for(restarted) == 50
    rebooted = Circulation(circ.store, circ.config, clock=circ.clock)
    rebooted.steady = SteadyClock("boot-2", lambda: 3.0)  # a new boot: the rest resumes
    assert locked_for(rebooted) == 50


def test_repeated_failures_raise_one_alarm_for_central(circ: Circulation, steady: Steady) -> None:
    for _ in range(12):
        steady.value += wrong(circ)
    alarms = [a for a in circ.store.active_alarms() if a.kind == ALARM_KIND]
    assert [(a.subject, a.detail["failures"]) for a in alarms] == [("keypad", 8)]


def test_a_quiet_hour_forgives_a_source(circ: Circulation, steady: Steady) -> None:
    for _ in range(6):
        steady.value += wrong(circ)
    steady.value += 3600
    assert [wrong(circ) for _ in range(5)] == [0, 0, 0, 0, 30]


def test_text_that_is_not_six_digits_is_refused_and_not_counted(circ: Circulation) -> None:
    for text in ["", "12345", "1234567", "２４６８１０", "²⁴⁶⁸¹⁰", "24-68-10", "abcdef"]:
        with pytest.raises(Refused) as excinfo:
            circ.start_code_session(text)
        assert excinfo.value.reason is Reason.PICKUP_CODE_WRONG
        assert not isinstance(excinfo.value, LockedOut)
    assert circ.code_throttle().check("keypad").failures == 0
    assert circ.start_code_session(" 246 810 ").patron_id == HOLDER


def test_sustained_guessing_stays_within_the_budget() -> None:
    """An attacker who guesses as soon as each source allows, for a day, on both sources."""
    free, max_delay, forget = 5, 360, 3600
    day = 86_400
    guesses = 0
    for _source in CodeSource:
        now, failures = 0.0, 0
        while now < day:
            guesses += 1
            failures += 1
            now += delay_after(failures, free, max_delay)
    # Waiting to be forgiven costs more guesses (forget / max_delay) than it gives back.
    assert forget / max_delay > free + 4
    assert guesses == 2 * 247 <= 498
    # 20 ready codes among 10**6: the chance that a day of guessing opens one.
    assert guesses * 20 / 10**6 <= 0.01


def test_a_code_session_may_only_pick_up(circ: Circulation) -> None:
    session = circ.start_code_session(DEMO_PICKUP_CODE)
    assert session.pickup_only
    for attempt in (
        lambda: circ.loans(session),
        lambda: circ.borrow(session, [TagRead("E0040150AABB0001", "31234000567890")]),
        lambda: circ.renew(session, ["31234000567890"]),
    ):
        with pytest.raises(Refused) as excinfo:
            attempt()
        assert excinfo.value.reason is Reason.CODE_SESSION_PICKUP_ONLY
    tag = TagRead("E0040150AABB0001", "31234000567890")
    assert circ.check_borrow(session, tag) is Reason.CODE_SESSION_PICKUP_ONLY
    assert [h.hold_id for h in circ.holds_ready(session)] == ["H-0002"]
    assert [o.ok for o in circ.pickup(session)] == [True]
