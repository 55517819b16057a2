"""Library data models: worked examples of docs/rfid.md §3.1-§3.5, field quirks, and properties."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.rfid import iso28560_2, iso28560_3, rfid501
from drivers.rfid.datamodel import Model, decode_memory

WORKED = bytes.fromhex(
    "11 01 01 33 31 32 33 34 30 30 30 35 36 37 38 39 30 00 00 F0 98"
    " 43 4E 33 33 30 31 30 30 00 00 00"
)
TAG_TAIL = bytes(112 - 32)  # the rest of a 28-block ICODE SLIX


def test_iso28560_3_worked_block_encodes_byte_for_byte() -> None:
    basic = iso28560_3.BasicBlock("31234000567890", "CN330100")
    assert iso28560_3.encode(basic) == WORKED


def test_iso28560_3_set_example() -> None:
    block = iso28560_3.encode(iso28560_3.BasicBlock("31234000567891", "CN330100", 2, 2))
    assert block[:3] == bytes([0x11, 0x02, 0x02])
    assert block[19:21] == bytes.fromhex("AFA9")


def test_iso28560_3_worked_block_decodes() -> None:
    item = decode_memory(WORKED + TAG_TAIL)
    assert item.model is Model.ISO28560_3
    assert (item.item_id, item.owner_library, item.set_size, item.set_part) == (
        "31234000567890",
        "CN330100",
        1,
        1,
    )


def test_owner_hyphen_handling_is_switchable() -> None:
    assert iso28560_3.owner_as_stored("CN-330100") == "CN330100"
    assert iso28560_3.owner_as_stored("CN-330100", strip_first_hyphen=False) == "CN-330100"


def test_extension_block_worked_example() -> None:
    basic = iso28560_3.BasicBlock("1234", "DK718500")
    ext = iso28560_3.ExtensionBlock(iso28560_3.EXT_LIBRARY, b"\x01")
    data = iso28560_3.encode(basic, length=34, extensions=(ext,))
    assert data[34:] == bytes.fromhex("050100050100")
    decoded = iso28560_3.decode(data + bytes(20))
    assert decoded is not None and decoded.length == 34
    assert decoded.extensions == (ext,)


def test_extension_block_with_bad_xor_is_not_accepted() -> None:
    basic = iso28560_3.BasicBlock("1234", "DK718500")
    ext = iso28560_3.ExtensionBlock(iso28560_3.EXT_TITLE, b"Title\0")
    data = bytearray(iso28560_3.encode(basic, length=34, extensions=(ext,)))
    data[40] ^= 0x01
    decoded = iso28560_3.decode(bytes(data))
    assert decoded is not None and decoded.extensions == ()


def test_reversed_block_order_is_tolerated() -> None:
    item = decode_memory(iso28560_3.reverse_blocks(WORKED) + TAG_TAIL)
    assert item.model is Model.ISO28560_3 and item.item_id == "31234000567890"
    assert "reversed-blocks" in item.quirks


def test_swapped_usage_nibble_is_tolerated() -> None:
    data = bytearray(WORKED)
    data[0] = 0x21  # Bibliotheca: usage 2 (not for circulation) high, version 1 low
    data[19:21] = iso28560_3.block_crc(bytes(data)).to_bytes(2, "little")
    item = decode_memory(bytes(data) + TAG_TAIL)
    assert item.model is Model.ISO28560_3 and item.usage == 2
    assert "swapped-usage-nibble" in item.quirks


def test_bad_crc_is_never_valid_data() -> None:
    data = bytearray(WORKED)
    data[10] ^= 0x01
    item = decode_memory(bytes(data) + TAG_TAIL)
    assert item.model is Model.UNKNOWN and item.item_id is None


def test_blank_tags() -> None:
    assert decode_memory(bytes(112)).model is Model.BLANK
    assert decode_memory(b"\x55" * 24 + bytes(88)).model is Model.BLANK


def test_iso28560_2_illustrative_data() -> None:
    data = bytes.fromhex("610A31323334353637383930630944 4B2D37313835303000".replace(" ", ""))
    item = decode_memory(data + bytes(80), dsfid=0x06)
    assert item.model is Model.ISO28560_2
    assert (item.item_id, item.owner_library) == ("1234567890", "DK-718500")


def test_iso28560_2_needs_its_dsfid() -> None:
    data = iso28560_2.encode("X1", "CN-330100") + bytes(60)
    assert decode_memory(data, dsfid=0x00).model is Model.UNKNOWN
    site = frozenset({0x06, 0x3E})
    assert decode_memory(data, dsfid=0x3E, iso28560_2_dsfids=site).item_id == "X1"


def test_iso28560_2_isil_application_compaction() -> None:
    # "US-Ab12" in the ISIL 5/4-bit code: U S - (upper) shift-lower b... built by hand:
    # U=10101 S=10011 -=00000 A=00001 <SL>=11101 b=00010 <LN>=11110 1=0001 2=0010
    bits = "1010110011000000000111101000101111000010010"
    bits += "0" * (-len(bits) % 8)
    raw = int(bits, 2).to_bytes(len(bits) // 8, "big")
    data = iso28560_2.encode_data_set(1, b"42") + bytes([0x03, len(raw)]) + raw + b"\0"
    decoded = iso28560_2.decode(data)
    assert decoded is not None and decoded.owner_library == "US-Ab12"


def test_iso28560_2_compactions() -> None:
    cases = [
        (iso28560_2.COMPACT_INTEGER, (1234567).to_bytes(3, "big"), "1234567"),
        (iso28560_2.COMPACT_NUMERIC, bytes.fromhex("12345F"), "12345"),
        (iso28560_2.COMPACT_5BIT, bytes([0b00001000, 0b10000110]), "ABC"),
        (iso28560_2.COMPACT_7BIT, bytes([0b10000011, 0b00001000]), "AB"),
        (iso28560_2.COMPACT_UTF8, "图书".encode(), "图书"),
    ]
    for compaction, raw, expected in cases:
        data = iso28560_2.encode_data_set(1, raw, compaction) + b"\0"
        decoded = iso28560_2.decode(data)
        assert decoded is not None and decoded.item_id == expected, compaction


def test_iso28560_2_round_trip_with_set_information() -> None:
    item = decode_memory(iso28560_2.encode("X1", "CN-330100", 3, 2) + bytes(60), dsfid=0x06)
    assert (item.model, item.item_id, item.set_size, item.set_part) == (
        Model.ISO28560_2,
        "X1",
        3,
        2,
    )


def test_iso28560_2_rejects_data_set_running_past_memory() -> None:
    assert iso28560_2.decode(bytes([0x61, 0x20]) + b"1234") is None


def test_rfid501_round_trip() -> None:
    data = rfid501.encode("30012345", set_size=2, set_part=1, library=4321, branch=7)
    item = decode_memory(data + bytes(80))
    assert (item.model, item.item_id, item.owner_library) == (Model.RFID501, "30012345", "4321/7")
    assert (item.set_size, item.set_part) == (2, 1)


item_ids = st.text(
    alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1, max_size=16
)
owners = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-", min_size=0, max_size=11)


@settings(max_examples=150, deadline=None)
@given(item_ids, owners, st.integers(1, 255), st.integers(0, 255), st.booleans())
def test_iso28560_3_round_trip(item_id, owner, size, part, reversed_order) -> None:
    data = iso28560_3.encode(iso28560_3.BasicBlock(item_id, owner, size, part))
    if reversed_order:
        data = iso28560_3.reverse_blocks(data)
    item = decode_memory(data + TAG_TAIL)
    assert item.model is Model.ISO28560_3
    assert (item.item_id, item.owner_library, item.set_size, item.set_part) == (
        item_id,
        owner,
        size,
        part,
    )


@settings(max_examples=100, deadline=None)
@given(item_ids, st.sampled_from(["CN-330100", "DK-718500", "US-DLC"]))
def test_iso28560_2_round_trip(item_id, isil) -> None:
    item = decode_memory(iso28560_2.encode(item_id, isil) + bytes(40), dsfid=0x06)
    assert (item.model, item.item_id, item.owner_library) == (Model.ISO28560_2, item_id, isil)


@settings(max_examples=300, deadline=None)
@given(
    item_ids,
    st.lists(st.tuples(st.integers(0, 111), st.integers(1, 255)), min_size=1, max_size=3),
    st.booleans(),
)
def test_mutated_iso28560_3_tag_never_yields_a_wrong_id(item_id, flips, reversed_order) -> None:
    data = bytearray(iso28560_3.encode(iso28560_3.BasicBlock(item_id, "CN330100")) + TAG_TAIL)
    if reversed_order:
        data = bytearray(iso28560_3.reverse_blocks(bytes(data)))
    for position, mask in flips:
        data[position] ^= mask
    item = decode_memory(bytes(data))
    assert item.item_id in (item_id, None)


@settings(max_examples=300, deadline=None)
@given(st.binary(min_size=0, max_size=128), st.integers(0, 255))
def test_random_bytes_never_pass_as_iso28560_3_without_a_valid_crc(data, dsfid) -> None:
    item = decode_memory(data, dsfid)
    if item.model is Model.ISO28560_3:
        orders = (data, iso28560_3.reverse_blocks(data))
        assert any(
            iso28560_3.block_crc(d[:34]) == int.from_bytes(d[19:21], "little") for d in orders
        )
