"""Fuzzing the resident's ways in: e-card text (LKE1...) and pick-up code entry.

An e-card is accepted only when it is genuinely valid now (right key, exact signed
text, within its time, not replayed past its lifetime); anything else raises one of the
documented :class:`kiosk.ecard.EcardError` kinds, never another exception. A pick-up
code entry opens a session only for the one ready code; anything else is refused with
PICKUP_CODE_WRONG or PICKUP_CODE_LOCKED.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.circulation import Circulation, Refused
from kiosk.config import load_config
from kiosk.ecard import (
    EcardBadSignature,
    EcardError,
    EcardExpired,
    EcardNotYetValid,
    EcardReplayed,
    EcardVerifier,
    generate_keypair,
    issue_ecard,
)
from kiosk.pickup_codes import THROTTLE_SETTING, CodeSource
from kiosk.reasons import Reason
from kiosk.sample_data import DEMO_PICKUP_CODE, seed
from kiosk.store import Store
from tests.fuzz.budget import LONG, examples

ROOT = Path(__file__).resolve().parents[2]
T0 = 1_790_000_000
VALIDITY, SKEW = 60, 15
PRIVATE, PUBLIC = generate_keypair()
OTHER_PRIVATE, _ = generate_keypair()
FUZZ = settings(
    max_examples=examples(),
    deadline=None,
    derandomize=not LONG,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
PATRONS = st.from_regex(r"[0-9A-Za-z-]{1,32}", fullmatch=True)


class Clocks:
    def __init__(self) -> None:
        self.wall = float(T0)
        self.mono = 1000.0


def verifier(clocks: Clocks, memory=None) -> EcardVerifier:
    return EcardVerifier(
        {"k1": PUBLIC},
        VALIDITY,
        SKEW,
        memory=memory,
        wall_clock=lambda: clocks.wall,
        monotonic=lambda: clocks.mono,
        boot_id="boot-1",
    )


def outcome(v: EcardVerifier, text: str) -> str | None:
    """The patron id it logs in, or None; an undocumented exception fails the test."""
    try:
        return v.verify(text).patron_id
    except EcardError:
        return None


@FUZZ
@given(st.text())
def test_arbitrary_text_never_logs_in(text: str) -> None:
    assert outcome(verifier(Clocks()), text) is None


@FUZZ
@given(
    st.from_regex(r"LKE1\.k1\.[0-9A-Za-z-]{1,32}\.[0-9]{1,12}\.[A-Za-z0-9_-]{8}\.[A-Za-z0-9_-]{86}")
)
def test_well_formed_but_unsigned_text_never_logs_in(text: str) -> None:
    assert outcome(verifier(Clocks()), text) is None


@FUZZ
@given(
    PATRONS,
    st.lists(
        st.tuples(
            st.integers(0, 200), st.sampled_from(["replace", "insert", "delete"]), st.characters()
        ),
        min_size=1,
        max_size=4,
    ),
)
def test_a_mutated_token_logs_in_only_if_it_is_the_same_token(patron: str, edits) -> None:
    token = issue_ecard(patron, "k1", PRIVATE, issued_at=T0)
    text = list(token)
    for position, kind, char in edits:
        at = position % (len(text) + 1)
        if kind == "insert":
            text.insert(at, char)
        elif text and at < len(text):
            if kind == "replace":
                text[at] = char
            else:
                del text[at]
    mutated = "".join(text)
    logged_in = outcome(verifier(Clocks()), mutated)
    assert logged_in == (patron if mutated.strip() == token else None)


@FUZZ
@given(PATRONS)
def test_a_token_signed_with_another_key_is_refused(patron: str) -> None:
    token = issue_ecard(patron, "k1", OTHER_PRIVATE, issued_at=T0)
    with pytest.raises(EcardBadSignature):
        verifier(Clocks()).verify(token)


@FUZZ
@given(PATRONS, st.integers(-10_000, 10_000))
def test_a_token_is_accepted_exactly_within_its_time(patron: str, age: int) -> None:
    token = issue_ecard(patron, "k1", PRIVATE, issued_at=T0 - age)
    valid = -SKEW <= age <= VALIDITY + SKEW
    if valid:
        assert verifier(Clocks()).verify(token).patron_id == patron
    else:
        with pytest.raises(EcardExpired if age > 0 else EcardNotYetValid):
            verifier(Clocks()).verify(token)


@FUZZ
@given(
    st.lists(
        st.tuples(st.floats(0, 200), st.floats(-300, 300), st.booleans()),
        min_size=1,
        max_size=12,
    )
)
def test_a_replayed_token_is_refused_once_its_lifetime_has_passed(tmp_path, steps) -> None:
    """Scan the same token repeatedly while the steady clock moves on and the wall clock
    is set anywhere; sometimes the kiosk restarts (a new verifier on the same store)."""
    clocks = Clocks()
    store = Store(":memory:", "T1")
    try:
        v = verifier(clocks, store)
        token = issue_ecard("3301000000001", "k1", PRIVATE, issued_at=T0)
        first_accepted = None
        for elapsed, wall_shift, restart in steps:
            clocks.mono += elapsed
            clocks.wall = T0 + (clocks.mono - 1000.0) + wall_shift
            if restart:
                v = verifier(clocks, store)
            try:
                v.verify(token)
            except (EcardExpired, EcardNotYetValid, EcardReplayed):
                continue
            if first_accepted is None:
                first_accepted = clocks.mono
            assert clocks.mono - first_accepted <= VALIDITY + SKEW, "replayed after its time"
    finally:
        store.close()


@pytest.fixture(scope="module")
def circulation(tmp_path_factory):
    config = load_config(ROOT / "config" / "default.toml")
    store = Store(tmp_path_factory.mktemp("fuzz") / "kiosk.db", config.site.terminal_id)
    circ = Circulation(store, config)
    seed(store, circ.clock())
    yield circ
    store.close()


@FUZZ
@given(
    st.one_of(
        st.text(),
        st.text(alphabet="0123456789 \t\n٠١٢３", max_size=12),
        st.sampled_from([DEMO_PICKUP_CODE, f" {DEMO_PICKUP_CODE} ", "246 810", "２４６８１０"]),
    ),
    st.sampled_from(list(CodeSource)),
)
def test_code_entry_opens_only_the_ready_code(circulation: Circulation, text: str, source) -> None:
    circulation.store.set_setting(THROTTLE_SETTING, "{}")
    rightful = "".join(text.split()) == DEMO_PICKUP_CODE
    try:
        session = circulation.start_code_session(text, source)
    except Refused as refusal:
        assert not rightful
        assert refusal.reason in (Reason.PICKUP_CODE_WRONG, Reason.PICKUP_CODE_LOCKED)
        return
    assert rightful and session.hold_ids == ("H-0002",) and session.pickup_only


@FUZZ
@given(st.lists(st.text(alphabet="0123456789", min_size=6, max_size=6), max_size=20))
def test_guessing_never_opens_another_code_and_the_source_waits(
    circulation: Circulation, guesses: list[str]
) -> None:
    circulation.store.set_setting(THROTTLE_SETTING, "{}")
    for guess in guesses:
        try:
            session = circulation.start_code_session(guess, CodeSource.KEYPAD)
        except Refused as refusal:
            assert refusal.reason in (Reason.PICKUP_CODE_WRONG, Reason.PICKUP_CODE_LOCKED)
            continue
        assert guess == DEMO_PICKUP_CODE and session.hold_ids == ("H-0002",)
    wrong = sum(g != DEMO_PICKUP_CODE for g in guesses)
    free = circulation.policy.pickup_code_attempts
    assert (circulation.code_throttle().check("keypad").wait_s > 0) == (wrong >= free)
