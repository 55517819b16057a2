"""Fuzzing the patron card path: APDU responses, PC/SC return codes and the UID rule.

Whatever a card or reader answers, the kiosk gets a card, CardRemoved, UnknownCard
(UnmappableCard), NoReader or DeviceError: never another exception, never a patron id
that a patron id cannot look like.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drivers.card.pcsc import pcsc_error, response_data
from drivers.card.rule import CardUidRule, UnmappableCard
from kiosk.devices import CardRemoved, DeviceError, UnknownCard
from tests.fuzz.budget import LONG, examples

FUZZ = settings(
    max_examples=examples(),
    deadline=None,
    derandomize=not LONG,
    suppress_health_check=[HealthCheck.too_slow],
)
RULES = st.builds(
    CardUidRule,
    source=st.sampled_from(["uid", "mifare_block", "file"]),
    byte_order=st.sampled_from(["msb_first", "lsb_first"]),
    number=st.sampled_from(["decimal", "hex"]),
    bits=st.none() | st.integers(1, 128),
    digits=st.integers(0, 32),
    prefix=st.sampled_from(["", "LIB", "33"]),
    file_id=st.just("EF01"),
    data_format=st.sampled_from(["ascii", "bcd", "binary"]),
    strip_prefix=st.sampled_from(["", "LIB"]),
)
PATRON_ID = re.compile(r"[0-9A-Za-z-]*")


@FUZZ
@given(st.binary(max_size=300) | st.lists(st.integers(0, 255), max_size=300))
def test_apdu_responses_give_data_or_a_typed_card_error(response) -> None:
    try:
        data = response_data(response, "reading")
    except (CardRemoved, UnknownCard):
        return
    assert bytes(response[-2:]) == b"\x90\x00" and data == bytes(response[:-2])


@FUZZ
@given(st.integers(-(2**31), 2**32 - 1))
def test_every_pcsc_return_code_maps_to_a_device_error(hresult) -> None:
    assert isinstance(pcsc_error(hresult, "waiting"), DeviceError)


@FUZZ
@given(RULES, st.binary(max_size=16), st.none() | st.binary(max_size=64))
def test_the_uid_rule_gives_a_patron_id_or_unmappable_card(rule, uid, stored) -> None:
    try:
        patron_id = rule.patron_id(uid, stored)
    except UnmappableCard as exc:
        assert exc.uid_hex == uid.hex().upper()
        return
    assert patron_id.startswith(rule.prefix)
    assert PATRON_ID.fullmatch(patron_id)
    assert not rule.digits or len(patron_id) == len(rule.prefix) + rule.digits
