"""Fuzzing the patron PIN hash a terminal receives from central (kiosk.patron_pin).

The hash arrives in patron records over the network; whatever it holds, checking it
raises only PinHashError, and ``usable`` answers without raising. A hash that passes the
check names parameters a terminal can afford (the scrypt cost is bounded before any work).
"""

from __future__ import annotations

import base64

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk import patron_pin
from tests.fuzz.budget import LONG, examples

VALID = patron_pin.make_hash("1357", salt=b"0123456789abcdef")


@st.composite
def hashes(draw: st.DrawFn) -> str:
    kind = draw(st.integers(0, 2))
    if kind == 0:
        return draw(st.text(max_size=120))
    parts = VALID.split("$")
    i = draw(st.integers(0, len(parts) - 1))
    if kind == 1:
        parts[i] = draw(st.text(max_size=40))
    else:
        parts[i] = draw(
            st.sampled_from(["99", "-1", "0", "1_4", "١٤", "", "=" * 8])
            | st.binary(max_size=80).map(lambda b: base64.b64encode(b).decode())
        )
    return "$".join(parts)


@settings(max_examples=examples(500), deadline=None, derandomize=not LONG)
@given(hashes())
def test_a_received_pin_hash_is_checked_or_refused_never_crashes(encoded):
    try:
        log2_n, r, p, salt, expected = patron_pin.check_hash(encoded)
    except patron_pin.PinHashError:
        assert patron_pin.usable(encoded) is False
        return
    assert patron_pin.usable(encoded) is True
    assert 10 <= log2_n <= patron_pin.MAX_LOG2_N and 1 <= r <= patron_pin.MAX_R
    assert 1 <= p <= patron_pin.MAX_P and len(expected) == 32 and 8 <= len(salt) <= 64
