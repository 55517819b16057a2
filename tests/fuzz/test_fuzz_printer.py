"""Fuzzing the printer byte paths: the ESC/POS parser the simulator uses and the real-time
status bytes. Any bytes give events or EscPosError (split anywhere, the same events);
any status byte gives a status or PrinterError."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from drivers.printer import status
from drivers.printer.escpos_parser import EscPosError, EscPosParser
from kiosk.devices import PrinterError
from tests.fuzz.budget import LONG, examples

FUZZ = settings(max_examples=examples(), deadline=None, derandomize=not LONG)
# Command-shaped input: the prefixes the parser dispatches on, followed by anything.
PIECES = st.sampled_from(
    [b"\x1b@", b"\x1ba", b"\x1b!", b"\x1dV", b"\x1d(k", b"\x1dv0", b"\x1c&", b"\x1c.", b"\x10\x04"]
    + [b"\x1d(k\x03\x00\x31\x51\x30", b"\x1d(k\x04\x00\x31\x50\x30", b"\n", b"ab"]
    + [b"\xff", b"\x80", b"\xc3"]
)
STREAMS = st.lists(PIECES, max_size=12).map(b"".join)


def parse(chunks: list[bytes]):
    parser = EscPosParser()
    events = []
    try:
        for chunk in chunks:
            events += parser.feed(chunk)
    except EscPosError:
        return "error"
    return events


@settings(FUZZ, max_examples=examples(2000))
@given(STREAMS | st.binary(max_size=400), st.lists(st.integers(0, 400), max_size=8))
@example(b"\x1d(k\x04\x001P0\xff\x1d(k\x03\x001Q0", [9])  # issue #10: non-UTF-8 QR data
def test_escpos_parser_gives_the_same_events_or_escpos_error_however_split(stream, cuts):
    chunks, start = [], 0
    for cut in sorted({min(c, len(stream)) for c in cuts}) + [len(stream)]:
        chunks.append(stream[start:cut])
        start = cut
    assert parse(chunks) == parse([stream])


@FUZZ
@given(st.integers(0, 255))
def test_status_bytes_decode_or_raise_printer_error(value) -> None:
    for decode in (status.decode_paper, status.decode_offline_cause):
        try:
            decode(value)
        except PrinterError:
            assert value & 0x93 != 0x12
