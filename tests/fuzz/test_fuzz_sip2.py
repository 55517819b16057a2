"""Fuzzing the SIP2 response parser: whatever a library system (or anything between it and
central) sends, parsing and reading the answer raise only Sip2FormatError.

Inputs: arbitrary bytes, and valid responses of every kind central reads (encoded by pysip2,
an independent codec) with bytes flipped, inserted, deleted or cut.
"""

from __future__ import annotations

import pysip2
from hypothesis import given, settings
from hypothesis import strategies as st

from central.sip2.codec import Sip2FormatError, parse_response
from central.sip2.messages import READERS
from tests.fuzz.budget import LONG, examples

FUZZ = settings(max_examples=examples(), deadline=None, derandomize=not LONG)
DATE = "20261128   Z010203"
VALID = [
    pysip2.LoginResponse(ok="1"),
    pysip2.ACSStatusResponse(
        online_status="Y",
        checkin_ok="Y",
        checkout_ok="Y",
        acs_renewal_policy="Y",
        status_update_ok="N",
        offline_ok="Y",
        timeout_period="030",
        retries_allowed="003",
        date_time_sync=DATE,
        protocol_version="2.00",
        institution_id="SZLIB",
        supported_messages="YYYNYYYYYNYNNNYY",
    ),
    pysip2.PatronStatusResponse(
        patron_status="Y" + " " * 13,
        language="000",
        transaction_date=DATE,
        institution_id="SZLIB",
        patron_identifier="P001",
        personal_name="张三",
        valid_patron="Y",
        valid_patron_password="N",
        screen_message=("借阅证已停用",),
    ),
    pysip2.PatronInformationResponse(
        patron_status=" " * 14,
        language="000",
        transaction_date=DATE,
        hold_items_count="0001",
        overdue_items_count="0000",
        charged_items_count="0002",
        fine_items_count="0000",
        recall_items_count="0000",
        unavailable_holds_count="    ",
        institution_id="SZLIB",
        patron_identifier="P001",
        personal_name="Li",
        charged_items=("B1", "B2"),
    ),
    pysip2.CheckoutResponse(
        ok="1",
        renewal_ok="N",
        magnetic_media="N",
        desensitize="Y",
        transaction_date=DATE,
        institution_id="SZLIB",
        patron_identifier="P001",
        item_identifier="B1",
        title_identifier="红楼梦",
        due_date=DATE,
    ),
    pysip2.CheckinResponse(
        ok="1",
        resensitize="Y",
        magnetic_media="N",
        alert="Y",
        transaction_date=DATE,
        institution_id="SZLIB",
        item_identifier="B1",
        permanent_location="MAIN",
        sort_bin="HOLDS",
    ),
    pysip2.RenewResponse(
        ok="0",
        renewal_ok="N",
        magnetic_media="U",
        desensitize="U",
        transaction_date=DATE,
        institution_id="SZLIB",
        patron_identifier="P001",
        item_identifier="B1",
        title_identifier="T",
        due_date="",
    ),
    pysip2.RenewAllResponse(
        ok="1",
        renewed_count="0001",
        unrenewed_count="0001",
        transaction_date=DATE,
        institution_id="SZLIB",
        renewed_items=("B1",),
        unrenewed_items=("B2",),
    ),
    pysip2.ItemInformationResponse(
        circulation_status="04",
        security_marker="02",
        fee_type="01",
        transaction_date=DATE,
        due_date=DATE,
        item_identifier="B1",
        title_identifier="三体",
    ),
    pysip2.EndSessionResponse(
        end_session="Y", transaction_date=DATE, institution_id="SZLIB", patron_identifier="P001"
    ),
]
FRAMES = [
    (pysip2.encode_message(m, sequence_number=4, checksum=checksummed, encoding=encoding), encoding)
    for m in VALID
    for checksummed in (True, False)
    for encoding in ("utf-8", "gb18030")
]


def read(frame: bytes, encoding: str, require_checksum: bool) -> str:
    try:
        parsed = parse_response(frame, encoding=encoding, require_checksum=require_checksum)
        READERS[parsed.command](parsed)
    except Sip2FormatError:
        return "error"
    return "read"


def test_every_valid_frame_is_read():
    for frame, encoding in FRAMES:
        assert read(frame, encoding, require_checksum=False) == "read", frame


@settings(FUZZ, max_examples=examples(2000))
@given(st.binary(max_size=600), st.sampled_from(["utf-8", "gb18030"]), st.booleans())
def test_arbitrary_bytes_give_an_answer_or_sip2_format_error(data, encoding, require):
    read(data, encoding, require)
    read(data + b"\r", encoding, require)


MUTATION = st.tuples(
    st.sampled_from(["flip", "insert", "delete", "cut"]),
    st.integers(0, 10_000),
    st.integers(0, 255),
)


@settings(FUZZ, max_examples=examples(2000))
@given(
    st.sampled_from(FRAMES),
    st.lists(MUTATION, min_size=1, max_size=6),
    st.sampled_from(["utf-8", "gb18030"]),
    st.booleans(),
)
def test_mutated_valid_responses_give_an_answer_or_sip2_format_error(
    frame_and_encoding, mutations, encoding, require
):
    data = bytearray(frame_and_encoding[0])
    for kind, position, value in mutations:
        at = position % (len(data) + 1)
        if kind == "flip" and at < len(data):
            data[at] = value
        elif kind == "insert":
            data.insert(at, value)
        elif kind == "delete" and at < len(data):
            del data[at]
        elif kind == "cut":
            del data[at:]
    read(bytes(data), encoding, require)
