"""Fuzzing the scanner framer: any bytes, split anywhere, give the same codes, and every
code is one printable line no longer than the limit (never a control character, never a
crash)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.scanner.serial_scanner import CodeFramer
from tests.fuzz.budget import LONG, examples

FUZZ = settings(max_examples=examples(), deadline=None, derandomize=not LONG)
LINES = st.lists(st.binary(max_size=40) | st.text(max_size=20).map(str.encode), max_size=8).map(
    lambda parts: b"\r\n".join(parts)
)


@FUZZ
@given(LINES | st.binary(max_size=300), st.lists(st.integers(0, 300), max_size=10))
def test_codes_do_not_depend_on_how_the_bytes_were_split(stream, cuts) -> None:
    whole = CodeFramer(max_length=32).feed(stream + b"\r")
    framer = CodeFramer(max_length=32)
    pieces, start = [], 0
    for cut in sorted({min(c, len(stream)) for c in cuts}) + [len(stream)]:
        pieces += framer.feed(stream[start:cut])
        start = cut
    pieces += framer.feed(b"\r")
    assert pieces == whole
    for code in whole:
        assert code and code.isprintable() and code == code.strip()
        assert len(code.encode()) <= 32
