"""FEIG and 3M framing: the worked frames of docs/rfid.md §5.6 and §6.5, and resynchronisation."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.rfid import bibliotheca, feig

UID = bytes.fromhex("E004010031 23AA26".replace(" ", ""))


def h(text: str) -> bytes:
    return bytes.fromhex(text.replace(" ", ""))


FEIG_REQUESTS = [
    (feig.Frame(255, 0x52, None, b"\x00"), "06 FF 52 00 0F 6E"),
    (feig.Frame(255, 0x69, None, b""), "05 FF 69 89 01"),
    (feig.Frame(255, 0xB0, None, b"\x01\x00"), "07 FF B0 01 00 1C 56"),
    (
        feig.Frame(255, 0xB0, None, b"\x2b\x01" + UID),
        "0F FF B0 2B 01 E0 04 01 00 31 23 AA 26 4C 6E",
    ),
    (
        feig.Frame(255, 0xB0, None, b"\x23\x01" + UID + b"\x00\x08"),
        "11 FF B0 23 01 E0 04 01 00 31 23 AA 26 00 08 61 A8",
    ),
    (feig.Frame(255, 0xB0, None, b"\x23\x00\x00\x08"), "09 FF B0 23 00 00 08 CE B7"),
    (
        feig.Frame(255, 0xB0, None, b"\x24\x01" + UID + h("00 02 04 11 01 01 31 31 32 32 33")),
        "1A FF B0 24 01 E0 04 01 00 31 23 AA 26 00 02 04 11 01 01 31 31 32 32 33 B8 DA",
    ),
    (
        feig.Frame(255, 0xB0, None, b"\x27\x01" + UID + b"\xc2"),
        "10 FF B0 27 01 E0 04 01 00 31 23 AA 26 C2 D4 C6",
    ),
    (
        feig.Frame(255, 0xB0, None, b"\x27\x01" + UID + b"\x07"),
        "10 FF B0 27 01 E0 04 01 00 31 23 AA 26 07 75 57",
    ),
    (
        feig.Frame(255, 0xB0, None, b"\x28\x01" + UID),
        "0F FF B0 28 01 E0 04 01 00 31 23 AA 26 25 1A",
    ),
]
FEIG_RESPONSES = [
    (feig.Frame(0, 0xB0, 0x01, b""), "06 00 B0 01 5C 63"),
    (
        feig.Frame(0, 0xB0, 0x00, h("01 03 00") + UID),
        "11 00 B0 00 01 03 00 E0 04 01 00 31 23 AA 26 85 F8",
    ),
    (
        feig.Frame(0, 0xB0, 0x00, h("02 03 00") + UID + h("03 00 E0 04 01 50 12 34 56 78")),
        "1B 00 B0 00 02 03 00 E0 04 01 00 31 23 AA 26 03 00 E0 04 01 50 12 34 56 78 41 0C",
    ),
    (
        feig.Frame(0, 0xB0, 0x00, b"\x00" + UID + h("07 03 1B 01")),
        "13 00 B0 00 00 E0 04 01 00 31 23 AA 26 07 03 1B 01 D3 F2",
    ),
    (feig.Frame(0, 0xB0, 0x00, b""), "06 00 B0 00 D5 72"),
    (feig.Frame(0, 0xB0, 0x95, b"\x0f"), "07 00 B0 95 0F 04 15"),
]


@pytest.mark.parametrize(("frame", "wire"), FEIG_REQUESTS + FEIG_RESPONSES)
def test_feig_worked_frames(frame: feig.Frame, wire: str) -> None:
    assert feig.encode(frame) == h(wire)
    found = feig.find_frame(h(wire), response=frame.status is not None)
    assert found is not None and found[0] == frame


def test_feig_advanced_frame_round_trip() -> None:
    frame = feig.Frame(0, 0xB0, 0x00, bytes(range(256)) * 2)
    wire = feig.encode(frame)
    assert wire[0] == 0x02 and int.from_bytes(wire[1:3], "big") == len(wire)
    found = feig.find_frame(b"\x13\x37" + wire, response=True)
    assert found is not None and found[0].data == frame.data and found[0].advanced


def test_feig_corrupt_frame_is_not_found() -> None:
    wire = bytearray(h("06 00 B0 00 D5 72"))
    wire[3] ^= 0x01
    assert feig.find_frame(bytes(wire), response=True) is None


BIBLIOTHECA_FRAMES = [
    (bibliotheca.Frame(0x11, None, b""), "D6 00 03 11 64 20"),
    (bibliotheca.Frame(0xFE, None, b"\x00\x05"), "D6 00 05 FE 00 05 FA 40"),
    (bibliotheca.Frame(0xFE, None, b"\x07\x05"), "D6 00 05 FE 07 05 63 D7"),
    (
        bibliotheca.Frame(0x02, None, UID + b"\x00\x08"),
        "D6 00 0D 02 E0 04 01 00 31 23 AA 26 00 08 AD AF",
    ),
    (bibliotheca.Frame(0x0A, None, UID), "D6 00 0B 0A E0 04 01 00 31 23 AA 26 F8 69"),
    (bibliotheca.Frame(0x09, None, UID + b"\xc2"), "D6 00 0C 09 E0 04 01 00 31 23 AA 26 C2 78 64"),
    (bibliotheca.Frame(0x09, None, UID + b"\x07"), "D6 00 0C 09 E0 04 01 00 31 23 AA 26 07 F1 8D"),
    (bibliotheca.Frame(0x0C, None, UID + b"\x01"), "D6 00 0C 0C E0 04 01 00 31 23 AA 26 01 53 3B"),
    (
        bibliotheca.Frame(0x04, None, UID + h("00 02 00 11 01 01 31 31 32 32 33")),
        "D6 00 16 04 E0 04 01 00 31 23 AA 26 00 02 00 11 01 01 31 31 32 32 33 4D 76",
    ),
    (bibliotheca.Frame(0x03, None, h("00 02 00 00 00 03")), "D6 00 09 03 00 02 00 00 00 03 12 E6"),
    (bibliotheca.Frame(0xFE, 0x00, h("00 05 00")), "D6 00 07 FE 00 00 05 00 C9 7B"),
    (
        bibliotheca.Frame(0xFE, 0x00, h("00 05 01") + UID),
        "D6 00 0F FE 00 00 05 01 E0 04 01 00 31 23 AA 26 94 1A",
    ),
    (
        bibliotheca.Frame(0x0A, 0x00, UID + b"\x07"),
        "D6 00 0D 0A 00 E0 04 01 00 31 23 AA 26 07 9C 8B",
    ),
    (bibliotheca.Frame(0x09, 0x00, UID), "D6 00 0C 09 00 E0 04 01 00 31 23 AA 26 6A 44"),
    (bibliotheca.Frame(0x11, 0x00, h("0A 03 02 06")), "D6 00 08 11 00 0A 03 02 06 35 17"),
]


@pytest.mark.parametrize(("frame", "wire"), BIBLIOTHECA_FRAMES)
def test_bibliotheca_worked_frames(frame: bibliotheca.Frame, wire: str) -> None:
    assert bibliotheca.encode(frame) == h(wire)
    found = bibliotheca.find_frame(h(wire), response=frame.err is not None)
    assert found is not None and found[0] == frame


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=20), st.binary(min_size=0, max_size=40), st.sampled_from(["feig", "3m"]))
def test_frame_found_after_any_garbage(garbage: bytes, data: bytes, which: str) -> None:
    """Whatever noise precedes it, the real reply is found (and nothing valid is invented)."""
    if which == "feig":
        frame = feig.Frame(0, 0xB0, 0x00, data)
        found = feig.find_frame(garbage + feig.encode(frame), response=True)
    else:
        frame = bibliotheca.Frame(0x02, 0x00, data)
        found = bibliotheca.find_frame(garbage + bibliotheca.encode(frame), response=True)
    assert found is not None
    assert found[0] == frame or found[2] <= len(garbage) + 2
