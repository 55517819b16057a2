"""Renewal's "too soon" rule: a loan may be renewed only within ``renew_window_days`` of
its due date, so renewing twice in one visit cannot stack two loan periods."""

from __future__ import annotations

from datetime import timedelta

import pytest

from kiosk.config import ConfigError, replace_section
from kiosk.reasons import Reason

CARD = "3301000000001"
LIVING = "31234000567890"  # 活着


def borrow_living(circulation, pad):
    pad.place(f"E004{LIVING[-12:]}", LIVING)
    session = circulation.start_session(CARD, "card")
    (tag,) = pad.inventory()
    (outcome,) = circulation.borrow(session, [tag])
    assert outcome.ok
    return session, outcome.due


def test_a_fresh_loan_is_too_soon_to_renew(circulation, pad, store):
    session, due = borrow_living(circulation, pad)
    (outcome,) = circulation.renew(session, [LIVING])
    assert not outcome.ok and outcome.reason is Reason.RENEW_TOO_SOON
    assert store.open_loans(CARD)[0].due == due


def test_renewing_twice_in_one_visit_adds_one_period(circulation, pad, store, clock):
    session, due = borrow_living(circulation, pad)
    window = circulation.policy.renew_window_days
    clock.advance(days=(due - clock().date()).days - window)  # the first day it may renew
    (first,) = circulation.renew(session, [LIVING])
    assert first.ok and first.due == due + timedelta(days=circulation.policy.renew_days)
    (second,) = circulation.renew(session, [LIVING])
    assert second.reason is Reason.RENEW_TOO_SOON
    assert store.open_loans(CARD)[0].due == first.due


def test_the_window_edge_day_by_day(circulation, pad, clock):
    session, due = borrow_living(circulation, pad)
    window = circulation.policy.renew_window_days
    clock.advance(days=(due - clock().date()).days - window - 1)  # one day early
    (early,) = circulation.renew(session, [LIVING])
    assert early.reason is Reason.RENEW_TOO_SOON
    clock.advance(days=1)
    (in_time,) = circulation.renew(session, [LIVING])
    assert in_time.ok


def test_overdue_loans_may_still_be_renewed(circulation, pad, clock):
    session, due = borrow_living(circulation, pad)
    clock.advance(days=(due - clock().date()).days + 3)
    (outcome,) = circulation.renew(session, [LIVING])
    assert outcome.ok and outcome.due == clock().date() + timedelta(
        days=circulation.policy.renew_days
    )


def test_the_window_is_a_policy_key(circulation, pad, config):
    session, _ = borrow_living(circulation, pad)
    circulation.update_policy({"renew_window_days": circulation.policy.loan_days})
    (outcome,) = circulation.renew(session, [LIVING])
    assert outcome.ok
    with pytest.raises(ConfigError, match="policy.renew_window_days"):
        replace_section(config, "policy", {"renew_window_days": -1})


def test_the_refusal_says_why_and_what_to_do_in_both_languages():
    for lang in ("zh", "en"):
        assert Reason.RENEW_TOO_SOON.text(lang)
        assert Reason.RENEW_TOO_SOON.advice(lang) != Reason.LOAN_NOT_FOUND.advice(lang)
    assert Reason.RENEW_TOO_SOON.text("zh").endswith("。")
