"""The pure codec: checksums, frames and dates, checked against pysip2's independent codec."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pysip2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from central.sip2 import messages
from central.sip2.codec import (
    ChecksumMismatch,
    Sip2FormatError,
    UnknownCommand,
    checksum,
    encode_request,
    parse_response,
    parse_sip_datetime,
    sip_datetime,
)

AT = datetime(2026, 11, 28, 1, 2, 3, tzinfo=UTC)
TERMINAL = messages.Terminal("SZLIB", "tpw", "KIOSK-01")
REQUESTS = {
    "login": messages.login("u", "p", "KIOSK-01"),
    "sc_status": messages.sc_status(),
    "patron_status": messages.patron_status(TERMINAL, AT, "P001", "1234"),
    "patron_information": messages.patron_information(TERMINAL, AT, "读者001", None),
    "checkout": messages.checkout(TERMINAL, AT, "P001", "B001", no_block=True, nb_due=AT),
    "checkin": messages.checkin(TERMINAL, AT, "B001"),
    "renew": messages.renew(TERMINAL, AT, "P001", "B001"),
    "renew_all": messages.renew_all(TERMINAL, AT, "P001"),
    "item_information": messages.item_information(TERMINAL, AT, "B001"),
    "end_session": messages.end_session(TERMINAL, AT, "P001"),
}


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.binary(max_size=300))
def test_checksum_is_the_twos_complement_of_the_byte_sum_as_pysip2_computes_it(data):
    assert checksum(data) == pysip2.calculate_checksum(data)
    assert (sum(data) + int(checksum(data), 16)) & 0xFFFF == 0


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
@pytest.mark.parametrize("name", sorted(REQUESTS))
def test_every_request_is_read_by_pysip2_with_its_sequence_number_and_checksum(name, encoding):
    request = REQUESTS[name]
    frame = encode_request(
        request.command,
        request.fixed,
        request.fields,
        sequence=7,
        error_detection=True,
        encoding=encoding,
    )
    decoded = pysip2.decode_message(frame, encoding=encoding)
    assert decoded.sequence_number == 7
    assert decoded.checksum is not None
    assert pysip2.verify_checksum(frame[:-1])


def test_field_values_that_would_break_the_framing_are_refused():
    for bad in ("P|AB999", "P\rAB", "P\x00"):
        request = messages.patron_status(TERMINAL, AT, bad, None)
        with pytest.raises(ValueError):
            encode_request(
                request.command, request.fixed, request.fields, sequence=0, error_detection=True
            )
    long = messages.item_information(TERMINAL, AT, "书" * 100)  # 300 bytes in UTF-8
    with pytest.raises(ValueError):
        encode_request(long.command, long.fixed, long.fields, sequence=0, error_detection=False)


def _response(text: str, sequence: int = 3) -> bytes:
    body = text.encode() + b"AY" + str(sequence).encode() + b"AZ"
    return body + checksum(body).encode() + b"\r"


def test_a_response_is_parsed_with_its_trailer_and_repeated_fields():
    frame = parse_response(_response("941"), require_checksum=True)
    assert (frame.command, frame.fixed, frame.sequence) == ("94", {"ok": "1"}, 3)
    renew_all = "66" + "1" + "0002" + "0001" + "20261128   Z010203" + "AOX|BMB1|BMB2|BNB3|"
    parsed = parse_response(_response(renew_all))
    assert parsed.all("BM") == ("B1", "B2") and parsed.first("BN") == "B3"


def test_a_damaged_response_is_a_checksum_mismatch_and_a_missing_checksum_too_when_required():
    good = _response("941")
    damaged = good[:2] + b"0" + good[3:]
    with pytest.raises(ChecksumMismatch):
        parse_response(damaged)
    with pytest.raises(ChecksumMismatch):
        parse_response(b"941\r", require_checksum=True)
    assert parse_response(b"941\r").fixed == {"ok": "1"}


def test_unknown_commands_and_malformed_fixed_fields_are_told_apart():
    with pytest.raises(UnknownCommand):
        parse_response(b"42whatever\r")
    for bad in (b"94X\r", b"24" + b"N" * 14 + b"000" + b"x" * 18 + b"\r", b"\r", b"9"):
        with pytest.raises(Sip2FormatError):
            parse_response(bad)


def test_required_identified_fields_must_be_present():
    with pytest.raises(Sip2FormatError, match="AE"):
        parse_response(b"24" + b" " * 14 + b"000" + b"20261128   Z010203" + b"AOX|AAP1|\r")


@pytest.mark.parametrize("tz", ["UTC", "Asia/Shanghai", "America/New_York"])
def test_dates_go_out_in_universal_time_and_blank_zones_read_as_the_library_offset(tz, monkeypatch):
    import time

    monkeypatch.setenv("TZ", tz)
    time.tzset()
    try:
        shanghai = timezone(timedelta(hours=8))
        instant = datetime(2026, 11, 28, 9, 30, 0, tzinfo=shanghai)
        assert sip_datetime(instant) == "20261128   Z013000"
        assert parse_sip_datetime("20261128   Z013000", 8) == instant
        assert parse_sip_datetime("20261128    093000", 8) == instant
        assert parse_sip_datetime("20261128    093000", -5) == instant + timedelta(hours=13)
        assert parse_sip_datetime("2026-11-28", 8) is None
        with pytest.raises(ValueError):
            sip_datetime(datetime(2026, 11, 28))
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
