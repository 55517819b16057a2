"""The circulation flows on fake devices: every outcome and every refusal reason."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from fakes import TZ

from kiosk.circulation import Refused
from kiosk.config import ConfigError
from kiosk.devices import DoorSensor
from kiosk.model import HoldStatus, Patron, PatronKind
from kiosk.reasons import Reason
from kiosk.sample_data import DEMO_PICKUP_CODE

CARD = "3301000000001"
CREDIT_OK = "3301000000002"
CREDIT_LOW = "3301000000003"
BLOCKED = "3301000000004"
HOLDER = "3301000000005"
LIVING = "31234000567890"  # 活着
THREE_BODY = "31234000567891"
REFERENCE = "31234000567900"
HELD_FOR_HOLDER = "31234000567899"


def uid_for(item_id: str) -> str:
    return "E00401" + item_id[-10:]


def on_pad(pad, *item_ids, secured=True):
    return [pad.place(uid_for(i), i, secured) for i in item_ids]


def events(store, kind):
    return [e.payload for e in store.outbox_pending(limit=1000) if e.kind == kind]


def test_borrow_records_loan_unsecures_tag_and_queues_one_event(circulation, store, pad, clock):
    session = circulation.start_session(CARD, "card")
    (tag,) = on_pad(pad, LIVING)
    (outcome,) = circulation.borrow(session, [tag])
    assert outcome.ok and outcome.title == "活着"
    assert outcome.due == clock().date() + timedelta(days=30)
    assert pad.secured(tag.uid) is False
    assert [loan.item_id for loan in store.open_loans(CARD)] == [LIVING]
    (event,) = events(store, "loan")
    assert event["data"]["patron_id"] == CARD and event["data"]["offline"] is False
    assert event["data"]["due"] == outcome.due.isoformat()
    audit = store.recent_audit()
    assert audit[0]["action"] == "borrow" and audit[0]["actor"] == "patron:****0001"
    assert CARD not in str(audit)
    assert store.daily_stats(clock().date())["loans"] == 1
    assert store.pending_intents() == []


def test_return_secures_first_then_closes_the_loan(circulation, store, pad):
    session = circulation.start_session(CARD, "card")
    tags = on_pad(pad, LIVING, THREE_BODY)
    circulation.borrow(session, tags)
    outcomes = circulation.return_items(tags)
    assert all(o.ok and o.reason is None for o in outcomes)
    assert all(pad.secured(t.uid) for t in tags)
    assert store.open_loans(CARD) == []
    assert len(events(store, "return")) == 2


def test_returning_an_item_not_on_loan_secures_it_and_says_so(circulation, store, pad):
    (tag,) = on_pad(pad, LIVING, secured=False)
    (outcome,) = circulation.return_items([tag])
    assert outcome.ok and outcome.reason is Reason.NOT_ON_LOAN
    assert pad.secured(tag.uid) is True
    assert events(store, "return")[0]["data"]["loan_id"] is None


@pytest.mark.parametrize(
    ("patron_id", "reason"),
    [
        ("9999999999999", Reason.PATRON_UNKNOWN),
        (BLOCKED, Reason.PATRON_BLOCKED),
        (CREDIT_LOW, Reason.CREDIT_TOO_LOW),
    ],
)
def test_login_refusals(circulation, store, clock, patron_id, reason):
    with pytest.raises(Refused) as excinfo:
        circulation.start_session(patron_id, "card")
    assert excinfo.value.reason is reason
    assert store.recent_audit()[0]["reason"] == reason.value
    assert store.daily_stats(clock().date())["refusals"] == 1


def test_credit_patron_at_threshold_may_borrow(circulation):
    assert circulation.start_session(CREDIT_OK, "qr").patron.credit_level == 680


@pytest.mark.parametrize(
    ("setup", "item_id", "reason"),
    [
        (None, "00000000000000", Reason.ITEM_UNKNOWN),
        (None, REFERENCE, Reason.ITEM_NOT_LOANABLE),
        (None, HELD_FOR_HOLDER, Reason.ITEM_RESERVED_FOR_OTHER),
        ("already_mine", LIVING, Reason.ITEM_ALREADY_YOURS),
    ],
)
def test_item_refusals(circulation, store, pad, setup, item_id, reason):
    session = circulation.start_session(CARD, "card")
    (tag,) = on_pad(pad, item_id)
    if setup == "already_mine":
        circulation.borrow(session, [tag])
    (outcome,) = circulation.borrow(session, [tag])
    assert not outcome.ok and outcome.reason is reason
    assert len(events(store, "loan")) == (1 if setup else 0)
    assert pad.secured(tag.uid) is (setup is None)


def test_unreadable_tag_is_refused(circulation, pad):
    session = circulation.start_session(CARD, "card")
    tag = pad.place("E004010099999999", None)
    (outcome,) = circulation.borrow(session, [tag])
    assert outcome.reason is Reason.TAG_UNREADABLE


def test_max_items_per_transaction(circulation, pad, store):
    circulation.update_policy({"max_items_per_transaction": 2})
    session = circulation.start_session(CARD, "card")
    outcomes = circulation.borrow(session, on_pad(pad, LIVING, THREE_BODY, "31234000567892"))
    assert [o.ok for o in outcomes] == [True, True, False]
    assert outcomes[2].reason is Reason.MAX_ITEMS_PER_TRANSACTION
    assert len(store.open_loans(CARD)) == 2


def test_max_loans_counts_earlier_loans(circulation, pad):
    circulation.update_policy({"max_loans": 2})
    first = circulation.start_session(CARD, "card")
    circulation.borrow(first, on_pad(pad, LIVING, THREE_BODY))
    second = circulation.start_session(CARD, "card")
    (outcome,) = circulation.borrow(second, on_pad(pad, "31234000567892"))
    assert outcome.reason is Reason.MAX_LOANS_REACHED


def test_offline_session_uses_cache_offline_loan_period_and_item_cap(
    circulation, central, pad, store, clock
):
    central.reachable = False
    session = circulation.start_session(CARD, "card")
    assert session.online is False
    ids = [LIVING, THREE_BODY, "31234000567892", "31234000567893"]
    outcomes = circulation.borrow(session, on_pad(pad, *ids))
    assert [o.ok for o in outcomes] == [True, True, True, False]
    assert outcomes[3].reason is Reason.OFFLINE_ITEM_LIMIT
    assert outcomes[0].due == clock().date() + timedelta(days=21)
    assert all(e["data"]["offline"] for e in events(store, "loan"))


def test_offline_cache_still_refuses_blocked_and_low_credit(circulation, central):
    central.reachable = False
    for patron_id, reason in (
        (BLOCKED, Reason.PATRON_BLOCKED),
        (CREDIT_LOW, Reason.CREDIT_TOO_LOW),
    ):
        with pytest.raises(Refused) as excinfo:
            circulation.start_session(patron_id, "card")
        assert excinfo.value.reason is reason


def test_offline_policy_can_forbid_new_sessions(circulation, central):
    circulation.update_policy({"offline": {"allow_new_sessions": False}})
    central.reachable = False
    with pytest.raises(Refused) as excinfo:
        circulation.start_session(CARD, "card")
    assert excinfo.value.reason is Reason.OFFLINE_NO_NEW_SESSIONS
    central.reachable = True
    assert circulation.start_session(CARD, "card").online


def test_central_answer_decides_and_refreshes_the_local_copy(circulation, central, store):
    blocked_centrally = Patron(CARD, PatronKind.CARD, blocked=True, block_reason="overdue")
    central.answers[CARD] = blocked_centrally
    with pytest.raises(Refused) as excinfo:
        circulation.start_session(CARD, "card")
    assert excinfo.value.reason is Reason.PATRON_BLOCKED
    assert store.get_patron(CARD).blocked
    central.reachable = False
    with pytest.raises(Refused) as excinfo:
        circulation.start_session(CARD, "card")
    assert excinfo.value.reason is Reason.PATRON_BLOCKED


def test_patron_unknown_to_central_is_refused_even_if_cached(circulation, central):
    central.answers[CARD] = None
    with pytest.raises(Refused) as excinfo:
        circulation.start_session(CARD, "card")
    assert excinfo.value.reason is Reason.PATRON_UNKNOWN


def test_failed_security_write_refuses_and_records_nothing(circulation, pad, store):
    session = circulation.start_session(CARD, "card")
    (tag,) = on_pad(pad, LIVING)
    pad.fail_next_write("not_taken")
    (outcome,) = circulation.borrow(session, [tag])
    assert outcome.reason is Reason.SECURITY_WRITE_FAILED
    assert store.open_loans(CARD) == [] and events(store, "loan") == []
    assert pad.secured(tag.uid) is True
    assert session.borrowed == 0


def test_write_that_took_despite_an_error_is_a_loan(circulation, pad, store):
    session = circulation.start_session(CARD, "card")
    (tag,) = on_pad(pad, LIVING)
    pad.fail_next_write("taken_then_error")
    (outcome,) = circulation.borrow(session, [tag])
    assert outcome.ok and not outcome.needs_staff
    assert len(store.open_loans(CARD)) == 1


def test_tag_gone_during_write_charges_patron_and_alerts_staff(circulation, pad, store):
    session = circulation.start_session(CARD, "card")
    (tag,) = on_pad(pad, LIVING)
    pad.fail_next_write("tag_gone")
    (outcome,) = circulation.borrow(session, [tag])
    assert outcome.ok and outcome.needs_staff
    (loan,) = store.open_loans(CARD)
    assert loan.needs_staff
    (alarm,) = store.active_alarms()
    assert alarm.kind == "security_state_unknown" and alarm.subject == LIVING


def test_return_whose_write_fails_keeps_the_loan(circulation, pad, store):
    session = circulation.start_session(CARD, "card")
    (tag,) = on_pad(pad, LIVING)
    circulation.borrow(session, [tag])
    pad.fail_next_write("not_taken")
    (outcome,) = circulation.return_items([tag])
    assert outcome.reason is Reason.SECURITY_WRITE_FAILED
    assert len(store.open_loans(CARD)) == 1


def test_item_still_on_someone_elses_loan_is_returned_then_lent(circulation, pad, store):
    first = circulation.start_session(CARD, "card")
    (tag,) = on_pad(pad, LIVING)
    circulation.borrow(first, [tag])
    pad.place(tag.uid, LIVING, secured=False)
    second = circulation.start_session(CREDIT_OK, "qr")
    (outcome,) = circulation.borrow(second, [tag])
    assert outcome.ok
    assert store.open_loans(CARD) == []
    assert [loan.item_id for loan in store.open_loans(CREDIT_OK)] == [LIVING]
    assert [e.kind for e in store.outbox_pending()] == ["loan", "return", "loan"]


def test_renew(circulation, pad, store, central, clock):
    session = circulation.start_session(CARD, "card")
    circulation.borrow(session, on_pad(pad, LIVING))
    circulation.update_policy({"renew_window_days": 30})  # the window: test_renew_rules.py
    (outcome,) = circulation.renew(session, [LIVING])
    assert outcome.ok and outcome.due == clock().date() + timedelta(days=60)
    circulation.update_policy({"max_renewals": 1})
    (again,) = circulation.renew(session, [LIVING])
    assert again.reason is Reason.RENEWAL_LIMIT
    (other,) = circulation.renew(session, [THREE_BODY])
    assert other.reason is Reason.LOAN_NOT_FOUND
    assert len(events(store, "renew")) == 1


def test_renew_refused_when_reserved_or_offline(circulation, pad, store, central, clock):
    session = circulation.start_session(CARD, "card")
    circulation.borrow(session, on_pad(pad, LIVING))
    store.add_hold("H-9", LIVING, CREDIT_OK, clock() + timedelta(days=5))
    circulation.update_policy({"renew_window_days": 30})  # the window: test_renew_rules.py
    (reserved,) = circulation.renew(session, [LIVING])
    assert reserved.reason is Reason.RENEW_RESERVED
    central.reachable = False
    offline = circulation.start_session(CARD, "card")
    (outcome,) = circulation.renew(offline, [LIVING])
    assert outcome.reason is Reason.RENEW_OFFLINE


def test_pickup_by_card_opens_the_door_and_records_the_loan(circulation, doors, store):
    session = circulation.start_session(HOLDER, "card")
    (hold,) = circulation.holds_ready(session)
    (outcome,) = circulation.pickup(session)
    assert outcome.ok and outcome.compartment_id == "A01" and outcome.title == "西湖游览志"
    assert doors.state["opened"] == ["A01"]
    assert store.get_hold(hold.hold_id).status is HoldStatus.PICKED_UP
    (event,) = events(store, "loan")
    assert event["data"]["hold_id"] == hold.hold_id and event["data"]["compartment_id"] == "A01"
    with pytest.raises(Refused) as excinfo:
        circulation.pickup(session)
    assert excinfo.value.reason is Reason.NO_HOLDS_READY


def test_pickup_code_is_single_use(circulation, store):
    session = circulation.start_code_session(DEMO_PICKUP_CODE)
    assert session.patron_id == HOLDER and session.hold_ids == ("H-0002",)
    circulation.pickup(session)
    with pytest.raises(Refused) as excinfo:
        circulation.start_code_session(DEMO_PICKUP_CODE)
    assert excinfo.value.reason is Reason.PICKUP_CODE_WRONG


def test_expired_hold_cannot_be_picked_up_and_is_reported(circulation, clock, store):
    clock.advance(days=4)
    with pytest.raises(Refused):
        circulation.start_code_session(DEMO_PICKUP_CODE)
    (expired,) = circulation.expire_holds()
    assert expired.hold_id == "H-0002"
    assert [h.hold_id for h in circulation.holds_to_remove()] == ["H-0002"]
    circulation.remove_hold("H-0002")
    assert circulation.holds_to_remove() == []
    # The expired code is refused first (a refusal event), then the hold expires and goes.
    assert [e.kind for e in store.outbox_pending()] == ["refusal", "hold_expired", "hold_removed"]


def test_jammed_door_takes_compartment_out_of_service_and_keeps_hold(circulation, doors, store):
    doors.jam("A01")
    session = circulation.start_session(HOLDER, "card")
    (outcome,) = circulation.pickup(session)
    assert not outcome.ok and outcome.reason is Reason.COMPARTMENT_FAULT
    assert store.get_hold("H-0002").status is HoldStatus.READY
    a01 = next(c for c in store.compartments() if c.compartment_id == "A01")
    assert not a01.in_service
    assert [a.kind for a in store.active_alarms()] == ["lock_did_not_open"]
    assert events(store, "loan") == []


def test_staff_loading_into_an_empty_compartment_gives_a_new_code(circulation, doors, store):
    store.add_hold("H-7", THREE_BODY, CARD, datetime(2026, 12, 31, tzinfo=TZ))
    ticket = circulation.begin_loading(THREE_BODY)
    assert ticket.compartment_id == "A02"  # A01 holds another patron's hold
    assert doors.sensor("A02") is DoorSensor.OPEN
    with pytest.raises(Refused):
        circulation.confirm_loaded(ticket)  # the door is still open
    doors.put_item("A02")
    doors.close("A02")
    code = circulation.confirm_loaded(ticket)
    assert code is not None and len(code) == 6 and code.isdigit()
    (event,) = events(store, "hold_loaded")
    assert event["data"]["pickup_code"] == code and event["data"]["compartment_id"] == "A02"
    session = circulation.start_code_session(code)
    assert session.patron_id == CARD and session.hold_ids == ("H-7",)
    (outcome,) = circulation.pickup(session)
    assert outcome.ok and outcome.compartment_id == "A02"


def test_second_hold_of_a_patron_shares_their_compartment_and_code(circulation, doors, store):
    ticket = circulation.begin_loading(HELD_FOR_HOLDER)
    assert ticket.compartment_id == "A01"
    doors.close("A01")
    assert circulation.confirm_loaded(ticket) is None
    (event,) = events(store, "hold_loaded")
    assert event["data"]["same_code_as"] == "H-0002" and event["data"]["pickup_code"] is None
    session = circulation.start_code_session(DEMO_PICKUP_CODE)
    assert session.hold_ids == ("H-0001", "H-0002")
    outcomes = circulation.pickup(session)
    assert [o.ok for o in outcomes] == [True, True]
    assert doors.state["opened"] == ["A01", "A01"]  # loading, then one pick-up opening


def test_no_free_compartment(circulation, store):
    for compartment in store.compartments():
        store.set_compartment_in_service(compartment.compartment_id, False, "maintenance")
    (waiting,) = circulation.holds_to_load()
    with pytest.raises(Refused) as excinfo:
        circulation.begin_loading(waiting.item_id)
    assert excinfo.value.reason is Reason.NO_FREE_COMPARTMENT


def test_return_into_a_compartment(circulation, pad, store, doors):
    session = circulation.start_session(CARD, "card")
    tags = on_pad(pad, LIVING)
    circulation.borrow(session, tags)
    compartment_id, outcomes = circulation.return_to_compartment(tags, session)
    assert outcomes[0].ok and store.open_loans(CARD) == []
    assert doors.state["opened"][-1] == compartment_id
    assert events(store, "return")[0]["data"]["compartment_id"] == compartment_id
    held = next(c for c in store.compartments() if c.compartment_id == compartment_id)
    assert not held.in_service and held.out_of_service_reason == "returns_to_empty"


def test_out_of_service_terminal_refuses_everything(circulation, pad):
    circulation.set_out_of_service("lock board replaced")
    for action in (
        lambda: circulation.start_session(CARD, "card"),
        lambda: circulation.return_items(on_pad(pad, LIVING)),
    ):
        with pytest.raises(Refused) as excinfo:
            action()
        assert excinfo.value.reason is Reason.TERMINAL_OUT_OF_SERVICE
    circulation.set_out_of_service(None)
    assert circulation.start_session(CARD, "card")


def test_policy_updates_persist_and_are_validated(circulation, store, config, pad, doors, clock):
    from kiosk.circulation import Circulation

    circulation.update_policy({"loan_days": 14})
    with pytest.raises(ConfigError):
        circulation.update_policy({"loan_days": 0})
    restarted = Circulation(store, config, pad, doors, None, clock)
    assert restarted.policy.loan_days == 14


def test_every_reason_speaks_both_languages():
    from kiosk.reasons import Reason

    for reason in Reason:
        assert reason.text("zh") and reason.text("en") and reason.text("zh") != reason.text("en")
        assert reason.advice("zh") and reason.advice("en")


def test_due_dates_are_dates(circulation, pad):
    session = circulation.start_session(CARD, "card")
    (outcome,) = circulation.borrow(session, on_pad(pad, LIVING))
    assert isinstance(outcome.due, date)


def test_without_a_pad_or_doors_the_kiosk_says_the_device_is_unavailable(
    store, config, central, clock
):
    from kiosk.circulation import Circulation
    from kiosk.devices import TagRead

    bare = Circulation(store, config, None, None, central, clock)
    from kiosk.sample_data import seed

    seed(store, clock())
    session = bare.start_session(CARD, "card")
    (outcome,) = bare.borrow(session, [TagRead("E004010000000001", LIVING, True)])
    assert outcome.reason is Reason.DEVICE_UNAVAILABLE
    with pytest.raises(Refused) as excinfo:
        bare.pickup(bare.start_session(HOLDER, "card"))
    assert excinfo.value.reason is Reason.DEVICE_UNAVAILABLE
    assert store.open_loans(CARD) == []


def test_return_whose_book_leaves_mid_write_keeps_the_loan_and_alerts_staff(
    circulation, pad, store
):
    session = circulation.start_session(CARD, "card")
    (tag,) = on_pad(pad, LIVING)
    circulation.borrow(session, [tag])
    pad.fail_next_write("tag_gone")
    (outcome,) = circulation.return_items([tag])
    assert outcome.reason is Reason.SECURITY_WRITE_FAILED
    assert len(store.open_loans(CARD)) == 1
    (alarm,) = store.active_alarms()
    assert (alarm.kind, alarm.subject) == ("security_state_unknown", LIVING)


def test_pickup_code_session_is_offline_when_central_does_not_answer(circulation, central, clock):
    central.reachable = False
    session = circulation.start_code_session(DEMO_PICKUP_CODE)
    assert session.online is False
    (outcome,) = circulation.pickup(session)
    assert outcome.due == clock().date() + timedelta(days=21)  # the offline loan period
    central.reachable = True
    assert circulation.start_session(HOLDER, "card").online is True
