"""The UID -> patron id rule, on its own (no reader needed)."""

from __future__ import annotations

import pytest

from drivers.card import SAMPLE_CARDS
from drivers.card.rule import CardUidRule, UnmappableCard
from tests.support.vcard import mifare_block_text


def test_default_rule_maps_the_sample_cards_to_the_seeded_patrons() -> None:
    rule = CardUidRule()
    for uid_hex, patron_id in SAMPLE_CARDS.items():
        assert rule.patron_id(bytes.fromhex(uid_hex)) == patron_id
    assert SAMPLE_CARDS["00030092EEB201"] == "3301000000001"


def test_default_rule_rejects_a_uid_too_long_for_13_digits_and_keeps_the_uid() -> None:
    with pytest.raises(UnmappableCard) as caught:
        CardUidRule().patron_id(bytes.fromhex("04A1B2C3D4E5F6"))
    assert caught.value.uid_hex == "04A1B2C3D4E5F6"
    assert caught.value.code == "unknown_card"


@pytest.mark.parametrize(
    ("options", "uid_hex", "patron_id"),
    [
        ({"digits": 10}, "04A1B2C3", "0077705923"),
        ({"digits": 10, "byte_order": "lsb_first"}, "04A1B2C3", "3283263748"),
        ({"digits": 0, "number": "hex"}, "04A1B2C3", "4A1B2C3"),
        ({"digits": 8, "number": "hex"}, "04A1B2C3", "04A1B2C3"),
        # Wiegand-26 controllers keep only the low 24 bits of the UID.
        ({"digits": 8, "bits": 24}, "04A1B2C3", "10597059"),
        ({"digits": 9, "prefix": "3301"}, "00000001", "3301000000001"),
        ({"digits": 17}, "04A1B2C3D4E5F6", "01303689068602870"),
    ],
)
def test_configurable_uid_rules(options: dict, uid_hex: str, patron_id: str) -> None:
    assert CardUidRule.from_options(options).patron_id(bytes.fromhex(uid_hex)) == patron_id


def test_stored_ascii_number_with_prefix_and_padding() -> None:
    rule = CardUidRule(source="mifare_block", strip_prefix="PATRON:", digits=13, prefix="")
    stored = mifare_block_text("PATRON:123456789")
    assert rule.patron_id(b"\x04\xa1\xb2\xc3", stored) == "0000123456789"


def test_stored_bcd_and_binary_numbers() -> None:
    bcd = CardUidRule(source="file", file_id="EF01", data_format="bcd", digits=13)
    assert bcd.patron_id(b"\x01", bytes.fromhex("3301000000002F")) == "3301000000002"
    binary = CardUidRule(source="file", file_id="EF01", data_format="binary", digits=6)
    assert binary.patron_id(b"\x01", (4242).to_bytes(4, "big")) == "004242"


@pytest.mark.parametrize(
    ("rule", "stored"),
    [
        (CardUidRule(source="mifare_block"), None),
        (CardUidRule(source="mifare_block"), bytes(16)),
        (CardUidRule(source="mifare_block"), b"\xc4\xe3\xba\xc3" + bytes(12)),
        (CardUidRule(source="mifare_block", strip_prefix="LIB:"), mifare_block_text("PATRON:1")),
        (CardUidRule(source="mifare_block"), mifare_block_text("12 34")),
        (CardUidRule(source="file", file_id="EF01", data_format="bcd"), b"\x12\x3a"),
    ],
)
def test_stored_numbers_that_do_not_fit_are_unknown_cards(
    rule: CardUidRule, stored: bytes | None
) -> None:
    with pytest.raises(UnmappableCard):
        rule.patron_id(b"\x04\xa1\xb2\xc3", stored)


@pytest.mark.parametrize(
    "options",
    [
        {"byte_ordr": "lsb_first"},
        {"byte_order": "little"},
        {"number": "octal"},
        {"source": "file"},
        {"block": 7},
        {"key_hex": "FFFF"},
        {"bits": 0},
        {"digits": -1},
    ],
)
def test_bad_rule_options_fail_at_start_up(options: dict) -> None:
    with pytest.raises(ValueError, match="card rule"):
        CardUidRule.from_options(options)
