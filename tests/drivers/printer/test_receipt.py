"""Receipts rendered to ESC/POS and parsed back: what would be on the paper."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from escpos.printer import Dummy

from drivers.printer.escpos_parser import (
    Cut,
    EscPosError,
    EscPosParser,
    Qr,
    Raster,
    split_documents,
)
from drivers.printer.receipt import Receipt, display_width, render_receipt, wrap

LOAN = Receipt(
    site_name="杭州图书馆 · 武林门地铁书房",
    kind="loan",
    patron_masked="****0001",
    lines=(
        ("活着", date(2026, 12, 21)),
        ("Harry Potter and the Philosopher's Stone", date(2026, 12, 21)),
        ("中国大百科全书（参考）", None),
    ),
    receipt_id="HZ-DEMO-01-000123",
    issued_at=datetime(2026, 11, 21, 14, 3),
    qr_payload="https://lib.example/r/HZ-DEMO-01-000123",
)


def parse(data: bytes):
    parser = EscPosParser()
    documents, rest = split_documents(parser.feed(data))
    assert parser.pending == 0 and not rest.events
    return documents


def test_loan_receipt_prints_titles_due_dates_and_qr_in_chinese_mode() -> None:
    (doc,) = parse(render_receipt(LOAN))
    text = doc.text
    assert "借书凭条 Loan receipt" in text
    assert "杭州图书馆 ·" in text and "武林门地铁书房" in text
    assert "1. 活着" in doc.lines
    assert "2. Harry Potter and the Philosopher's" in doc.lines and "Stone" in doc.lines
    assert doc.lines.count("   应还 Due: 2026-12-21") == 2
    assert "   未借出 Not lent" in doc.lines
    assert "读者 Patron: ****0001" in doc.lines
    assert "时间 Time: 2026-11-21 14:03" in doc.lines
    assert "凭条号 Receipt: HZ-DEMO-01-000123" in doc.lines
    assert doc.qr_payloads == ["https://lib.example/r/HZ-DEMO-01-000123"]
    qr = next(e for e in doc.events if isinstance(e, Qr))
    assert (qr.size, qr.ec) == (6, "M")
    assert isinstance(doc.events[-1], Cut)


def test_lines_fit_the_paper_width() -> None:
    (doc,) = parse(render_receipt(LOAN, columns=32))
    assert all(display_width(line) <= 32 for line in doc.lines)
    assert max(display_width(line) for line in doc.lines) == 32


@pytest.mark.parametrize(
    ("kind", "heading", "no_due"),
    [
        ("return", "还书凭条 Return receipt", "已还 Returned"),
        ("renew", "续借凭条 Renewal receipt", "未续借 Not renewed"),
        ("pickup", "预约取书凭条 Hold pick-up receipt", "已取 Collected"),
    ],
)
def test_other_receipt_kinds(kind: str, heading: str, no_due: str) -> None:
    receipt = Receipt(
        "Library",
        kind,
        "****0002",
        (("三体", None), ("围城", date(2027, 1, 5))),
        "R9",
        datetime(2026, 11, 21, 9, 0),
        "R9",
    )
    (doc,) = parse(render_receipt(receipt))
    assert heading in doc.lines
    assert "1. 三体" in doc.lines and "2. 围城" in doc.lines
    assert f"   {no_due}" in doc.lines
    assert any(line.endswith("2027-01-05") for line in doc.lines)
    assert doc.qr_payloads == ["R9"]


def test_image_mode_renders_chinese_lines_as_raster_and_keeps_ascii_text() -> None:
    data = render_receipt(LOAN, cjk="image")
    assert b"\x1c\x26" not in data, "image mode must not switch the printer to Chinese mode"
    (doc,) = parse(data)
    assert "2. Harry Potter and the Philosopher's" in doc.lines
    assert doc.qr_payloads == [LOAN.qr_payload]
    rasters = [e for e in doc.events if isinstance(e, Raster)]
    # Site name (2 lines), heading, patron, time, 2 Chinese titles, 3 due lines, total, id.
    assert len(rasters) >= 10
    for raster in rasters:
        assert raster.width_px <= 512
        assert any(raster.data), "a rendered line must have black dots"


def test_unmasked_patron_id_is_refused() -> None:
    with pytest.raises(ValueError, match="masked"):
        Receipt("L", "loan", "3301000000001", (), "R", datetime(2026, 1, 1), "R")
    with pytest.raises(ValueError, match="kind"):
        Receipt("L", "fine", "****0001", (), "R", datetime(2026, 1, 1), "R")


def test_parser_reads_the_reference_qr_vector() -> None:
    dummy = Dummy(profile="TM-T88III")
    dummy.qr("HELLO", native=True, size=3)
    assert dummy.output.hex() == (
        "1d286b040031413200"
        "1d286b0300314303"
        "1d286b0300314530"
        "1d286b08003150304845"
        "4c4c4f"
        "1d286b0300315130"
    )
    events = EscPosParser().feed(dummy.output)
    assert events == [Qr("HELLO", 3, "L")]


@pytest.mark.parametrize(
    "bad",
    [
        bytes.fromhex("1d286b0900315030484c4c4f") + b"\x00" * 1 + bytes.fromhex("1d286b0300315130"),
        bytes.fromhex("1d286b0300314300"),
        bytes.fromhex("1d286b040031430603"),
        bytes.fromhex("1d286b0300315130"),
        bytes.fromhex("1b7e00"),
        bytes.fromhex("1b610700"),
        b"\x07text\n",
        bytes.fromhex("1c26b0") + b"\n",
    ],
)
def test_parser_rejects_malformed_commands(bad: bytes) -> None:
    with pytest.raises(EscPosError):
        EscPosParser().feed(bad)


def test_parser_handles_any_chunking() -> None:
    data = render_receipt(LOAN)
    (whole,) = parse(data)
    for step in (1, 7, 64):
        parser = EscPosParser()
        events = []
        for start in range(0, len(data), step):
            events += parser.feed(data[start : start + step])
        (doc,), _ = split_documents(events)
        assert doc.lines == whole.lines and doc.qr_payloads == whole.qr_payloads


def test_wrap_never_exceeds_columns() -> None:
    for text in ("活着" * 30, "a b " * 40, "混合 mixed 文本 text " * 10):
        assert all(display_width(part) <= 21 for part in wrap(text, 21))
        assert "".join(wrap(text, 21)).replace(" ", "") == text.replace(" ", "")
