"""CRC catalogue: every variant against its reveng check value and the specs' examples."""

from __future__ import annotations

import pytest

from drivers.crc import (
    ALL_CRC16,
    CRC16_GENIBUS,
    CRC16_IBM_3740,
    CRC16_MCRF4XX,
    CRC16_X25,
    sum8,
    xor8,
)


@pytest.mark.parametrize("crc", ALL_CRC16, ids=lambda c: c.name)
def test_check_value(crc) -> None:
    assert crc(b"123456789") == crc.check


def test_danish_data_model_reference_value() -> None:
    assert CRC16_IBM_3740(b"RFID tag data model") == 0x1AEE


def test_3m_spec_bcc_example() -> None:
    assert CRC16_GENIBUS.msb_first(bytes.fromhex("0009030002000000 03".replace(" ", ""))) == (
        bytes.fromhex("12E6")
    )


def test_feig_inventory_request_crc() -> None:
    assert CRC16_MCRF4XX.lsb_first(bytes.fromhex("07FFB00100")) == bytes.fromhex("1C56")


def test_iso15693_air_inventory_crc_and_residue() -> None:
    assert CRC16_X25.lsb_first(bytes.fromhex("260100")) == bytes.fromhex("F60A")
    reply = bytes.fromhex("000026AA2331000104E0CA48")
    assert CRC16_X25(reply[:-2]) == 0x48CA
    # The residue 0xF0B8 quoted in docs/rfid.md §1 is the register before the final inversion.
    assert CRC16_X25(reply) ^ 0xFFFF == 0xF0B8


def test_simple_checksums() -> None:
    assert xor8(bytes.fromhex("0501000501")) == 0
    assert sum8(bytes([0xFF, 0x02])) == 0x01
