"""Fuzzing the RFID byte paths: reader frames, tag memory, and both drivers facing a
hostile reader. Properties: no exception but the documented ones, no wrong item id, and
a bounded number of requests whatever the reader answers."""

from __future__ import annotations

import contextlib

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from drivers.rfid import bibliotheca, feig, iso28560_2, iso28560_3, rfid501
from drivers.rfid.bibliotheca import BibliothecaReader
from drivers.rfid.datamodel import Model, decode_memory
from drivers.rfid.feig import FeigReader
from drivers.rfid.pad import (
    MAX_CONFIRM_READS,
    MAX_TAGS_ON_PAD,
    ReaderPad,
    SecurityScheme,
    confirmed,
)
from kiosk.devices import DeviceError
from tests.fuzz.budget import LONG, examples
from tests.fuzz.hostile import ScriptedLink

FUZZ = settings(
    max_examples=examples(),
    deadline=None,
    derandomize=not LONG,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SLOW = settings(FUZZ, max_examples=examples(400, 100_000))
UID = bytes.fromhex("E004010203040506")
PRINTABLE_ID = st.text(
    st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1, max_size=16
)


def flips(data: bytes, bits: list[int]) -> bytes:
    out = bytearray(data)
    for bit in bits:
        out[(bit // 8) % len(out)] ^= 0x80 >> (bit % 8)
    return bytes(out)


# --- frames ------------------------------------------------------------------------------


@FUZZ
@given(st.binary(max_size=600), st.booleans())
def test_feig_find_frame_never_raises_and_only_returns_crc_valid_frames(raw, response) -> None:
    found = feig.find_frame(raw, response)
    if found is not None:
        frame, start, end = found
        assert 0 <= start < end <= len(raw)
        assert feig.encode(frame, advanced=frame.advanced) == raw[start:end]


@FUZZ
@given(
    st.integers(0, 255),
    st.integers(0, 255),
    st.integers(0, 255),
    st.binary(max_size=400),
    st.booleans(),
    st.data(),
)
def test_feig_frame_survives_any_split_and_surrounding_noise(
    adr, cmd, status, data, advanced, draw
) -> None:
    frame = feig.Frame(adr, cmd, status, data, advanced)
    raw = feig.encode(frame, advanced=advanced)
    noise = draw.draw(st.binary(max_size=20).filter(lambda b: feig.find_frame(b, True) is None))
    stream = noise + raw
    cut = draw.draw(st.integers(0, len(stream)))
    early = feig.find_frame(stream[:cut], True)
    assert early is None or early[2] <= cut
    found = feig.find_frame(stream, True)
    assert found is not None and found[1] <= len(noise)
    if found[1] == len(noise):
        assert found[0] == frame


@FUZZ
@given(st.binary(max_size=600), st.booleans())
def test_bibliotheca_find_frame_never_raises(raw, response) -> None:
    found = bibliotheca.find_frame(raw, response)
    if found is not None:
        frame, start, end = found
        assert bibliotheca.encode(frame) == raw[start:end]


# --- tag memory --------------------------------------------------------------------------


@FUZZ
@given(st.binary(max_size=140), st.integers(0, 255), st.sampled_from([4, 8]))
def test_decode_memory_never_raises(memory, dsfid, block_size) -> None:
    item = decode_memory(memory, dsfid, block_size)
    assert item.item_id is None or item.model not in (Model.BLANK, Model.UNKNOWN)


@FUZZ
@given(st.binary(max_size=140))
def test_iso28560_2_parser_raises_only_invalid(memory) -> None:
    with contextlib.suppress(iso28560_2.Invalid):
        iso28560_2.parse_data_sets(memory)
    iso28560_2.decode(memory)


# Data set contents: raw bytes, or bytes that look like digits in some code (ASCII digits,
# Latin-1 superscripts, BCD), where number parsing goes wrong.
DIGITISH = st.binary(min_size=1, max_size=12) | st.lists(
    st.sampled_from(b"0123456789\xb2\xb3\xb9\x12\x99\x0f"), min_size=1, max_size=12
).map(bytes)
DATA_SETS = st.lists(
    st.tuples(
        st.sampled_from([2, 3, 4, 5, 11, 23, 25]) | st.integers(2, 40),
        st.sampled_from([0, 2, 6, 7]) | st.integers(0, 7),
        DIGITISH,
    ),
    min_size=1,
    max_size=6,
    unique_by=lambda data_set: data_set[0],
)


@settings(FUZZ, max_examples=examples(1500))
@given(PRINTABLE_ID, DATA_SETS, st.binary(max_size=8))
def test_structured_iso28560_2_data_sets_decode_without_raising(item_id, data_sets, tail):
    memory = iso28560_2.encode_data_set(iso28560_2.OID_PRIMARY_ITEM_ID, item_id.encode())
    for oid, compaction, data in data_sets:
        memory += iso28560_2.encode_data_set(oid, data, compaction)
    memory += b"\0" + tail
    item = decode_memory(memory, iso28560_2.DSFID_ISO28560_2)
    assert item.model in (Model.ISO28560_2, Model.UNKNOWN)


@FUZZ
@given(
    PRINTABLE_ID,
    st.sampled_from(["CN330100", "DK-710100", ""]),
    st.lists(st.integers(0, 34 * 8 - 1), min_size=1, max_size=3, unique=True),
    st.booleans(),
)
def test_a_mutated_iso28560_3_tag_never_decodes_to_another_item(item_id, owner, bits, long):
    block = iso28560_3.encode(
        iso28560_3.BasicBlock(item_id, owner),
        length=iso28560_3.BASIC_LEN_LONG if long else iso28560_3.BASIC_LEN_SHORT,
    )
    memory = bytes(block).ljust(112, b"\0")
    # CRC-16/IBM-3740 detects every error of up to 3 bits in a block this short.
    item = decode_memory(flips(memory, [b % (len(block) * 8) for b in bits]))
    assert item.item_id in (None, item_id)


def unchecked_tag(model: str, item_id: str) -> bytes:
    if model == "iso28560-2":
        return iso28560_2.encode(item_id, "CN-330100", 1, 1).ljust(36, b"\0")
    return rfid501.encode(item_id).ljust(36, b"\0")


@FUZZ
@given(
    st.sampled_from(["iso28560-2", "3m-rfid501"]),
    PRINTABLE_ID,
    st.lists(st.one_of(st.none(), st.integers(0, 36 * 8 - 1)), min_size=1, max_size=6),
)
def test_double_read_rule_never_lends_another_item(model, item_id, flip_per_read) -> None:
    """Each read flips at most one bit; two reads in a row never flip the same bit."""
    for previous, current in zip(flip_per_read, flip_per_read[1:], strict=False):
        assume(previous is None or previous != current)
    memory = unchecked_tag(model, item_id)
    dsfid = iso28560_2.DSFID_ISO28560_2 if model == "iso28560-2" else 0
    reads = iter(flip_per_read + [None] * MAX_CONFIRM_READS)

    def read():
        bit = next(reads)
        return decode_memory(memory if bit is None else flips(memory, [bit]), dsfid)

    assert confirmed(read).item_id in (None, item_id)


# --- drivers facing a hostile reader -------------------------------------------------------

FEIG_STATUSES = st.sampled_from(
    [0x00, 0x01, 0x02, 0x03, 0x04, 0x11, 0x80, 0x81, 0x83, 0x94, 0x95, 0xFF]
)
BIB_ERRORS = st.sampled_from([0x00, 0x02, 0x06, 0x11, 0x12, 0x15, 0x16, 0x31, 0x32, 0xFF])


def hostile_feig(draw) -> ScriptedLink:
    # A stuck reader gives the same answer to every request, forever ("more data"...).
    stuck = draw.draw(st.none() | st.tuples(FEIG_STATUSES, st.binary(max_size=40)))

    def respond(request: bytes) -> bytes:
        asked = feig.find_frame(request, response=False)
        assert asked is not None
        if stuck is not None:
            return feig.encode(feig.Frame(0, asked[0].cmd, *stuck))
        kind = draw.draw(st.sampled_from(["frame", "garbage", "silence"]))
        if kind == "garbage":
            return draw.draw(st.binary(max_size=80))
        if kind == "silence":
            return b""
        status = draw.draw(FEIG_STATUSES)
        data = draw.draw(st.binary(max_size=60))
        return feig.encode(feig.Frame(0, asked[0].cmd, status, data))

    return ScriptedLink(respond)


def hostile_bibliotheca(draw) -> ScriptedLink:
    def respond(request: bytes) -> bytes:
        asked = bibliotheca.find_frame(request, response=False)
        assert asked is not None
        kind = draw.draw(st.sampled_from(["frame", "echo-uid", "garbage", "silence"]))
        if kind == "garbage":
            return draw.draw(st.binary(max_size=80))
        if kind == "silence":
            return b""
        payload = draw.draw(st.binary(max_size=60))
        if kind == "echo-uid":  # past the UID check, into the field parsing
            payload = asked[0].payload[:8] + payload
        return bibliotheca.encode(bibliotheca.Frame(asked[0].cmd, draw.draw(BIB_ERRORS), payload))

    return ScriptedLink(respond)


def every_operation(reader) -> list:
    pad = ReaderPad(reader)
    return [
        reader.probe,
        reader.inventory,
        lambda: reader.system_info(UID),
        lambda: reader.read_blocks(UID, 0, 9),
        lambda: reader.write_blocks(UID, 0, bytes(8)),
        lambda: reader.write_afi(UID, 0x07),
        lambda: reader.read_afi(UID),
        lambda: reader.read_eas(UID),
        lambda: reader.set_eas(UID, True),
        pad.inventory,
        lambda: pad.read_secured(UID.hex()),
        lambda: pad.set_secured(UID.hex(), False),
        lambda: secure_a_stack(pad),
        # 3M site values: both select exactly, so new tags' AFIs come from inventories by AFI.
        lambda: secure_a_stack(ReaderPad(reader, SecurityScheme(0xD7, 0xDA))),
    ]


def secure_a_stack(pad: ReaderPad) -> None:
    """The borrow path: an inventory, then each tag it listed secured for a loan."""
    for read in pad.inventory():
        with contextlib.suppress(DeviceError):
            pad.set_secured(read.uid, False)


# Requests one pad inventory may cost: 64 FEIG pages and 2 inventories by AFI, then per
# tag up to 4 reads of its memory alone (AFI known), then system info, up to 4 reads of up
# to 2 requests and the EAS check; each request tried (1 + retries) times.
PER_TAG = MAX_CONFIRM_READS + 1 + MAX_CONFIRM_READS * 2 + 1
REQUEST_BOUND = 3 * (feig.MAX_INVENTORY_PAGES + 2 + MAX_TAGS_ON_PAD * PER_TAG)
# Requests one security write may cost: read first, write, read back, write and read back
# again (the inventory's AFI was out of date), set EAS, read EAS and system information.
SECURITY_REQUESTS = 8
STACK_REQUEST_BOUND = REQUEST_BOUND + 3 * MAX_TAGS_ON_PAD * SECURITY_REQUESTS


@SLOW
@given(st.sampled_from(["feig", "bibliotheca"]), st.integers(0, 13), st.data())
def test_drivers_facing_a_hostile_reader_raise_only_device_errors(protocol, which, draw) -> None:
    if protocol == "feig":
        link = hostile_feig(draw)
        reader = FeigReader("scripted", link=link)
    else:
        link = hostile_bibliotheca(draw)
        reader = BibliothecaReader("scripted", link=link)
    operations = every_operation(reader)
    with contextlib.suppress(DeviceError):
        operations[which]()
    stack = which >= len(operations) - 2
    assert link.requests <= (STACK_REQUEST_BOUND if stack else REQUEST_BOUND)


@FUZZ
@given(st.data())
def test_a_security_write_succeeds_only_after_a_read_back_of_the_wanted_afi(draw) -> None:
    """Inventory, then secure the tag for a loan, against a FEIG reader answering each
    request with a drawn outcome: whatever the inventory said and whatever fails, the
    pad reports success only when the last AFI it accepted from the tag is "on loan"."""
    accepted_afis: list[int] = []
    memory = iso28560_3.encode(iso28560_3.BasicBlock("31234000567890", "CN330100"))

    def respond(request: bytes) -> bytes:
        asked = feig.find_frame(request, response=False)
        assert asked is not None
        sub = asked[0].data[0]
        status = draw.draw(st.sampled_from([feig.STATUS_OK] * 3 + [0x01, 0x03, 0x95]))
        if status != feig.STATUS_OK or sub not in (0x01, 0x2B, 0x23):
            data = b"\x0f" if status == feig.STATUS_ISO_ERROR else b""
            return feig.encode(feig.Frame(0, feig.CMD_ISO_HOST, status, data))
        if sub == 0x01:
            data = bytes([1, feig.TR_TYPE_ISO15693, 0]) + UID
        elif sub == 0x2B:
            afi = draw.draw(st.sampled_from([0x07, 0xC2]) | st.integers(0, 255))
            accepted_afis.append(afi)
            data = bytes([0]) + UID + bytes([afi, 0x03, 0x1B, 0x01])
        else:
            first, count = asked[0].data[10], asked[0].data[11]
            blocks = memory[first * 4 : (first + count) * 4].ljust(count * 4, b"\0")
            data = bytes([count, 4]) + b"".join(
                b"\0" + blocks[i * 4 : i * 4 + 4][::-1] for i in range(count)
            )
        return feig.encode(feig.Frame(0, feig.CMD_ISO_HOST, status, data))

    pad = ReaderPad(FeigReader("scripted", link=ScriptedLink(respond), retries=0))
    with contextlib.suppress(DeviceError):
        pad.inventory()
    try:
        pad.set_secured(UID.hex(), False)
    except DeviceError:
        return
    assert accepted_afis and accepted_afis[-1] == 0xC2
