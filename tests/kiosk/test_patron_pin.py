"""The optional patron PIN and the account read: a card alone cannot borrow where the
site asks for a PIN, wrong PINs are limited per card on the steady clock, and the
account lists loans, fines and holds with a masked name.

Also run under Asia/Shanghai and America/New_York (tests/kiosk/test_time_zones.py).
"""

from __future__ import annotations

import dataclasses
import time
import tomllib
from datetime import timedelta

import pytest
from fakes import DEFAULT_CONFIG, Clock

from kiosk import patron_pin
from kiosk.circulation import Circulation, LockedOut, PinRequired, Refused
from kiosk.config import ConfigError, parse_config
from kiosk.devices import TagRead
from kiosk.lockout import SteadyClock
from kiosk.model import Patron
from kiosk.reasons import Reason
from kiosk.sample_data import HOLD_AWAITING_LOAD, HOLD_READY
from kiosk.store import Store

CARD = "3301000000001"
OTHER = "3301000000002"
HOLDER = HOLD_READY[2]
WRONG = "9999"


class Steady:
    def __init__(self) -> None:
        self.value = 100.0

    def __call__(self) -> float:
        return self.value


@pytest.fixture
def steady() -> Steady:
    return Steady()


@pytest.fixture
def circ(circulation: Circulation, steady: Steady) -> Circulation:
    circulation.config = dataclasses.replace(
        circulation.config,
        identification=dataclasses.replace(
            circulation.config.identification, patron_pin=patron_pin.REQUIRED
        ),
    )
    circulation.steady = SteadyClock("boot-1", steady)
    return circulation


def wrong(circ: Circulation, patron_id: str = CARD) -> int:
    with pytest.raises(Refused) as excinfo:
        circ.start_session(patron_id, "card", WRONG)
    assert excinfo.value.reason is Reason.PIN_WRONG
    return getattr(excinfo.value, "wait_s", 0)


# --- the hash ---------------------------------------------------------------------------


def test_a_pin_is_checked_against_its_slow_hash_quickly_enough() -> None:
    encoded = patron_pin.make_hash("482916")
    assert "482916" not in encoded
    started = time.perf_counter()
    assert patron_pin.verify("482916", encoded)
    assert time.perf_counter() - started < 0.3  # the brief's bound for a terminal
    assert not patron_pin.verify("482917", encoded)
    assert patron_pin.make_hash("482916") != encoded  # salted


@pytest.mark.parametrize(
    "encoded",
    [
        "",
        "plain",
        "scrypt$14$8$1$c2FsdHNhbHQ=",
        "scrypt$20$8$1$c2FsdHNhbHRzYWx0$" + "A" * 44,  # 1 GiB: refused, never computed
        "scrypt$14$64$1$c2FsdHNhbHRzYWx0$" + "A" * 44,
        "scrypt$14$8$1$!!!!$" + "A" * 44,
    ],
)
def test_a_bad_or_too_costly_hash_is_not_usable(encoded: str) -> None:
    assert not patron_pin.usable(encoded)
    with pytest.raises(patron_pin.PinHashError):
        patron_pin.verify("1357", encoded)


@pytest.mark.parametrize("pin", ["123", "123456789", "12a4", "", "１２３４"])
def test_only_4_to_8_ascii_digits_make_a_pin(pin: str) -> None:
    with pytest.raises(ValueError):
        patron_pin.make_hash(pin)


# --- the login -----------------------------------------------------------------------------


def test_off_by_default_a_card_alone_logs_in(circulation: Circulation) -> None:
    assert circulation.config.identification.patron_pin == patron_pin.OFF
    assert circulation.start_session(CARD, "card").patron_id == CARD


def test_a_pin_site_asks_for_the_pin_and_takes_the_right_one(circ: Circulation) -> None:
    with pytest.raises(PinRequired) as asked:
        circ.start_session(CARD, "card")
    assert asked.value.patron_id == CARD
    session = circ.start_session(CARD, "card", patron_pin.DEMO_PIN)
    assert session.patron_id == CARD
    assert circ.store.get_setting(patron_pin.THROTTLE_SETTING) in (None, "{}")


def test_an_ecard_counts_as_identified_already(circ: Circulation) -> None:
    assert circ.start_session(CARD, "ecard").patron_id == CARD


def test_a_patron_without_a_pin_on_a_pin_site_is_refused_with_advice(
    circ: Circulation, clock: Clock
) -> None:
    patron = circ.store.get_patron(CARD)
    assert patron is not None
    circ.store.upsert_patrons([dataclasses.replace(patron, pin_hash=None)], clock())
    with pytest.raises(Refused) as refused:
        circ.start_session(CARD, "card")
    assert refused.value.reason is Reason.PIN_NOT_SET
    assert "App" in Reason.PIN_NOT_SET.advice("zh") and "app" in Reason.PIN_NOT_SET.advice("en")
    assert circ.store.recent_audit(1)[0]["reason"] == Reason.PIN_NOT_SET.value


def test_wrong_pins_lock_that_card_with_growing_waits_and_raise_an_alarm(
    circ: Circulation, steady: Steady, clock: Clock
) -> None:
    waits = [wrong(circ) for _ in range(patron_pin.FREE_ATTEMPTS)]
    assert waits == [0] * patron_pin.FREE_ATTEMPTS  # typos cost nothing
    waits.append(wrong(circ))
    assert waits[-1] == patron_pin.FIRST_DELAY_S
    # while the card waits even the right PIN is not looked at, nor is the PIN screen shown
    with pytest.raises(LockedOut) as locked:
        circ.start_session(CARD, "card", patron_pin.DEMO_PIN)
    assert locked.value.reason is Reason.PIN_LOCKED
    with pytest.raises(LockedOut):
        circ.start_session(CARD, "card")
    # another card is not held up by this one's wrong PINs
    assert circ.start_session(OTHER, "card", patron_pin.DEMO_PIN).patron_id == OTHER
    # a wall clock set forward a day does not end the wait; the steady clock does
    clock.advance(days=1)
    with pytest.raises(LockedOut):
        circ.start_session(CARD, "card", patron_pin.DEMO_PIN)
    for _ in range(patron_pin.ALARM_AFTER - len(waits)):
        steady.value += waits[-1]
        waits.append(wrong(circ))
    assert waits[-2:] == [
        patron_pin.delay_after(patron_pin.ALARM_AFTER - 1),
        patron_pin.delay_after(patron_pin.ALARM_AFTER),
    ]
    assert waits[-1] > waits[-2]
    alarms = [a for a in circ.store.active_alarms() if a.kind == patron_pin.ALARM_KIND]
    assert len(alarms) == 1 and CARD not in alarms[0].subject and alarms[0].subject.endswith("0001")
    steady.value += waits[-1]
    assert circ.start_session(CARD, "card", patron_pin.DEMO_PIN).patron_id == CARD
    assert wrong(circ) == 0  # the right PIN cleared the count


def test_a_restart_or_a_reboot_does_not_end_a_pin_wait(circ: Circulation, steady: Steady) -> None:
    for _ in range(patron_pin.FREE_ATTEMPTS + 1):
        wait = wrong(circ)
    steady.value += 10
    restarted = Circulation(circ.store, circ.config, clock=circ.clock)
    restarted.steady = SteadyClock("boot-1", steady)
    with pytest.raises(LockedOut) as locked:
        restarted.start_session(CARD, "card", patron_pin.DEMO_PIN)
    assert locked.value.wait_s == wait - 10
    rebooted = Circulation(circ.store, circ.config, clock=circ.clock)
    rebooted.steady = SteadyClock("boot-2", lambda: 1.0)
    with pytest.raises(LockedOut) as locked:
        rebooted.start_session(CARD, "card", patron_pin.DEMO_PIN)
    assert locked.value.wait_s == wait - 10


def test_the_throttle_keeps_no_patron_id(circ: Circulation) -> None:
    wrong(circ)
    stored = circ.store.get_setting(patron_pin.THROTTLE_SETTING) or ""
    assert CARD not in stored and patron_pin.throttle_source(CARD) in stored


def test_the_site_file_says_off_or_required() -> None:
    data = tomllib.loads(DEFAULT_CONFIG.read_text(encoding="utf-8"))
    data.setdefault("identification", {})["patron_pin"] = "required"
    assert parse_config(data).identification.patron_pin == "required"
    data["identification"]["patron_pin"] = "on"
    with pytest.raises(ConfigError, match="identification.patron_pin"):
        parse_config(data)


def test_the_store_keeps_a_masked_name_only(tmp_path, clock: Clock) -> None:
    store = Store(str(tmp_path / "k.db"), "T-1")
    try:
        store.upsert_patrons([Patron("P-1", masked_name="张三明", fines_cents=120)], clock())
        row = store.query("SELECT * FROM patrons WHERE patron_id = 'P-1'")[0]
        assert row["masked_name"] == "张*明" and "三" not in str(row)
        patron = store.get_patron("P-1")
        assert patron is not None and patron.fines_cents == 120 and patron.pin_hash is None
    finally:
        store.close()


# --- the account ---------------------------------------------------------------------------


def test_the_account_lists_loans_overdue_fines_and_holds(
    circulation: Circulation, pad, clock: Clock
) -> None:
    session = circulation.start_session(HOLDER, "card")
    pad.place("U1", "31234000567890")
    pad.place("U2", "31234000567891")
    tags = [TagRead("U1", "31234000567890"), TagRead("U2", "31234000567891")]
    assert all(o.ok for o in circulation.borrow(session, tags))
    account = circulation.account(session)
    assert account.masked_name == "欧**娜" and account.masked_id.endswith("0005")
    assert account.fines_cents == 300
    assert sorted(loan.title for loan in account.loans) == ["三体", "活着"]
    assert all(loan.renewals_left == circulation.policy.max_renewals for loan in account.loans)
    assert [h.hold.hold_id for h in account.ready] == [HOLD_READY[0]]
    assert account.ready[0].hold.compartment_id == HOLD_READY[3]
    assert [h.hold.hold_id for h in account.waiting] == [HOLD_AWAITING_LOAD[0]]
    assert "pickup_code" not in repr(account)
    due = circulation.store.open_loans(HOLDER)[0].due
    # 23:30 at the site on the due date: due today is not overdue, whatever the host's TZ
    clock.now = clock.now.replace(hour=23, minute=30) + timedelta(
        days=(due - clock.now.date()).days
    )
    assert circulation.account(session).overdue == 0
    clock.advance(hours=1)  # past midnight at the site: the next local day
    assert circulation.account(session).overdue == 2


def test_a_pickup_code_session_sees_no_account(circulation: Circulation) -> None:
    from kiosk.sample_data import DEMO_PICKUP_CODE

    session = circulation.start_code_session(DEMO_PICKUP_CODE)
    with pytest.raises(Refused) as refused:
        circulation.account(session)
    assert refused.value.reason is Reason.CODE_SESSION_PICKUP_ONLY
