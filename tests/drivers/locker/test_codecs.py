"""Frame codecs of both lock-board protocols: worked frames (docs/lockers.md §1.1-§1.2), properties.

The properties feed the parsers byte streams split at arbitrary points: valid frames are
all found, corrupt ones rejected, and nothing decodes to a state no valid frame carried.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.locker.eighta import EightABoardProtocol, with_xor
from drivers.locker.kerong import KerongProtocol, with_sum
from drivers.locker.protocol import BoardStatus, LockReport, RequestKind

A8 = EightABoardProtocol()
KR = KerongProtocol()


def hx(text: str) -> bytes:
    return bytes.fromhex(text)


def parse(protocol, chunks, from_board=True) -> list[bytes]:
    parser = protocol.new_parser(from_board)
    frames = []
    for chunk in chunks:
        frames += parser.feed(chunk)
    return frames + parser.flush()


# --- 8A-family: docs/lockers.md §1.1 worked frames------------------------------------------


@pytest.mark.parametrize(
    ("request_bytes", "built"),
    [
        ("8A 01 01 11 9B", lambda: A8.open_request(1, 1)),
        ("80 01 01 33 B3", lambda: A8.query_one_request(1, 1)),
        ("80 01 00 33 B2", lambda: A8.query_all_request(1)),
        ("8A 01 18 11 82", lambda: A8.open_request(1, 24)),
        ("8A 02 05 11 9C", lambda: A8.open_request(2, 5)),
        ("90 01 02 02 02 93", lambda: A8.open_many_requests(1, (2, 10, 18))[0]),
    ],
)
def test_8a_requests_match_the_reference(request_bytes, built):
    assert built().raw == hx(request_bytes)


def test_8a_checksums_of_the_other_reference_frames():
    for frame in (
        "8A 01 00 11 9A",
        "9A 01 01 11 8B",
        "80 01 FF FF FF 33 4D",
        "80 01 FF FF FB 33 49",
    ):
        raw = hx(frame)
        assert with_xor(raw[:-1]) == raw


@pytest.mark.parametrize(
    ("frame", "expected"),
    [
        ("8A 01 01 00 8A", LockReport(1, 1, False, "open")),
        ("80 01 01 11 91", LockReport(1, 1, True, "query")),
        ("80 01 01 00 80", LockReport(1, 1, False, "query")),
    ],
)
def test_8a_single_lock_replies(frame, expected):
    frames = parse(A8, [hx(frame)])
    assert frames == [hx(frame)]
    assert A8.decode_reply(frames[0]) == expected


def test_8a_query_all_bitmaps():
    all_closed = A8.decode_reply(parse(A8, [hx("80 01 FF FF FF 33 4D")])[0])
    assert isinstance(all_closed, BoardStatus) and all(all_closed.closed.values())
    assert len(all_closed.closed) == 24
    three_open = A8.decode_reply(hx("80 01 FF FF FB 33 49"))
    assert [n for n, closed in three_open.closed.items() if not closed] == [3]
    one_nine_seventeen = A8.decode_reply(hx("80 01 01 01 01 33 B3"))
    assert [n for n, closed in one_nine_seventeen.closed.items() if closed] == [1, 9, 17]


def test_8a_inverted_polarity_and_per_board_options():
    proto = EightABoardProtocol({"boards": {"2": {"polarity": "closed_low", "unlock_func": 0x33}}})
    assert proto.open_request(1, 1).raw == hx("8A 01 01 11 9B")
    assert proto.open_request(2, 1).raw == with_xor(hx("8A 02 01 33"))
    assert proto.decode_reply(with_xor(hx("8A 02 01 00"))).closed is True
    assert proto.decode_reply(with_xor(hx("8A 01 01 00"))).closed is False
    status = proto.decode_reply(with_xor(hx("80 02 FF FF FE 33")))
    assert [n for n, closed in status.closed.items() if closed] == [1]


def test_8a_unsolicited_reports_use_their_own_polarity():
    # Observed on boards in the field: 81 01 01 00 81 = locked, 81 01 01 11 90 = unlocked.
    assert A8.decode_reply(hx("81 01 01 00 81")) == LockReport(1, 1, True, "report")
    assert A8.decode_reply(hx("81 01 01 11 90")) == LockReport(1, 1, False, "report")


def test_8a_an_echoed_request_is_not_a_query_answer():
    echo = A8.query_all_request(1).raw
    assert A8.decode_reply(echo) is None
    assert A8.decode_reply(A8.query_one_request(1, 1).raw) is None
    # ...but an echoed open request is indistinguishable from "lock 1 closed": the bus
    # handles that with the per-board echo option.
    assert A8.decode_reply(A8.open_request(1, 1).raw) == LockReport(1, 1, True, "open")


def test_8a_bad_options_name_the_option():
    with pytest.raises(ValueError, match="'polarty'"):
        EightABoardProtocol({"polarty": "closed_low"})
    with pytest.raises(ValueError, match="'ech'"):
        EightABoardProtocol({"boards": {"1": {"ech": True}}})
    with pytest.raises(ValueError, match="unlock_func"):
        EightABoardProtocol({"unlock_func": 0x22})
    with pytest.raises(ValueError, match="board must be 1..32"):
        A8.open_request(33, 1)
    with pytest.raises(ValueError, match="locks 1..24"):
        A8.open_request(1, 25)


def test_8a_board_side_decodes_requests():
    assert A8.decode_request(hx("8A 01 01 11 9B")).kind is RequestKind.OPEN
    assert A8.decode_request(hx("80 01 00 33 B2")).kind is RequestKind.QUERY_ALL
    batch = A8.decode_request(hx("90 01 02 02 02 93"))
    assert batch.kind is RequestKind.OPEN_MANY and batch.locks == (2, 10, 18)


# --- Kerong: docs/lockers.md §1.2 worked frames----------------------------------------------


@pytest.mark.parametrize(
    ("request_bytes", "built"),
    [
        ("02 00 30 03 35", lambda: KR.query_all_request(1)),
        ("02 00 31 03 36", lambda: KR.open_request(1, 1)),
        ("02 0F 31 03 45", lambda: KR.open_request(1, 16)),
        ("02 10 31 03 46", lambda: KR.open_request(2, 1)),
    ],
)
def test_kerong_requests_match_the_reference(request_bytes, built):
    assert built().raw == hx(request_bytes)


def test_kerong_other_reference_checksums():
    for frame in ("02 00 33 03 38", "02 F0 32 03 27"):
        raw = hx(frame)
        assert with_sum(raw[:-2]) == raw


def test_kerong_status_replies():
    all_locked = KR.decode_reply(parse(KR, [hx("02 00 35 FF FF 00 00 03 38")])[0])
    assert all_locked.board == 1 and all(all_locked.closed.values())
    assert not any(all_locked.items.values())
    lock1_open = KR.decode_reply(hx("02 00 35 FE FF 00 00 03 37"))
    assert [n for n, closed in lock1_open.closed.items() if not closed] == [1]
    items = KR.decode_reply(with_sum(hx("02 10 35 FF FF 05 80")))
    assert items.board == 2
    assert [n for n, present in items.items.items() if present] == [1, 3, 16]


def test_kerong_busy_reset_follows_an_unlock_only():
    reset = KR.followup_request(KR.open_request(3, 2))
    assert reset.raw == with_sum(hx("02 20 38")) and not reset.expects_reply
    assert KR.followup_request(KR.query_all_request(3)) is None


# --- parser properties ---------------------------------------------------------------------

boards8 = st.integers(1, 32)
locks8 = st.integers(1, 24)


@st.composite
def eighta_frames(draw) -> bytes:
    """Frames a bus of 8A boards can carry (answers, reports and echoed requests)."""
    board = draw(boards8)
    lock = draw(locks8)
    kind = draw(st.sampled_from(["open", "query", "status", "report", "echo"]))
    if kind == "status":
        b3, b2, b1 = draw(st.binary(min_size=3, max_size=3))
        return with_xor(bytes([0x80, board, b3, b2, b1, 0x33]))
    if kind == "echo":
        return draw(
            st.sampled_from(
                [
                    A8.open_request(board, lock).raw,
                    A8.query_one_request(board, lock).raw,
                    A8.query_all_request(board).raw,
                ]
            )
        )
    head = {"open": 0x8A, "query": 0x80, "report": 0x81}[kind]
    return with_xor(bytes([head, board, lock, draw(st.sampled_from([0x00, 0x11]))]))


@st.composite
def kerong_frames(draw) -> bytes:
    board = draw(st.integers(1, 16))
    kind = draw(st.sampled_from(["status", "open", "query", "reset"]))
    if kind == "status":
        hooks, items = draw(st.integers(0, 0xFFFF)), draw(st.integers(0, 0xFFFF))
        return KR.encode_status(
            board,
            {n: bool(hooks >> (n - 1) & 1) for n in range(1, 17)},
            {n: bool(items >> (n - 1) & 1) for n in range(1, 17)},
        )
    if kind == "open":
        return KR.open_request(board, draw(st.integers(1, 16))).raw
    if kind == "query":
        return KR.query_all_request(board).raw
    return KR.recovery_request(board).raw


# Line noise between frames: bytes that cannot start a frame (and, for 8A, not 0x33,
# which after a one-lock reply would look like the tail of a query-all reply).
NOISE = {
    "8a": st.binary(max_size=4).map(lambda b: bytes(x & 0x7F for x in b if x & 0x7F != 0x33)),
    "kerong": st.binary(max_size=4).map(lambda b: bytes(x for x in b if x != 0x02)),
}
PROTOCOLS = {"8a": (A8, eighta_frames()), "kerong": (KR, kerong_frames())}


def split(data: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({c % (len(data) + 1) for c in cuts})
    return [data[a:b] for a, b in zip([0, *points], [*points, len(data)], strict=True)]


@st.composite
def corrupted(draw, frames) -> bytes:
    """A valid frame damaged the way a line damages it."""
    frame = bytearray(draw(frames))
    how = draw(st.sampled_from(["checksum", "byte", "truncate"]))
    if how == "truncate":
        return bytes(frame[: draw(st.integers(1, len(frame) - 1))])
    index = len(frame) - 1 if how == "checksum" else draw(st.integers(1, len(frame) - 2))
    frame[index] ^= draw(st.integers(1, 255))
    return bytes(frame)


@pytest.mark.parametrize("name", ["8a", "kerong"])
@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_any_stream_gives_the_same_frames_however_it_is_split(name, data):
    protocol, _ = PROTOCOLS[name]
    stream = data.draw(st.binary(max_size=80))
    cuts = data.draw(st.lists(st.integers(0, 80), max_size=12))
    from_board = data.draw(st.booleans())
    whole = parse(protocol, [stream], from_board)
    assert parse(protocol, split(stream, cuts), from_board) == whole
    for frame in whole:
        # Nothing is ever decoded from a frame whose checksum does not hold.
        check = with_xor if name == "8a" else (lambda f: with_sum(f[:-1]))
        assert check(frame[:-1]) == frame
        if from_board:
            protocol.decode_reply(frame)


@pytest.mark.parametrize("name", ["8a", "kerong"])
@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_valid_frames_with_noise_between_are_all_found(name, data):
    protocol, frames = PROTOCOLS[name]
    sent = data.draw(st.lists(frames, min_size=1, max_size=8))
    stream = b"".join(data.draw(NOISE[name]) + f for f in sent) + data.draw(NOISE[name])
    cuts = data.draw(st.lists(st.integers(0, len(stream)), max_size=10))
    assert parse(protocol, split(stream, cuts)) == sent


@pytest.mark.parametrize("name", ["8a", "kerong"])
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_corrupt_frames_are_rejected_and_never_give_a_wrong_state(name, data):
    """Boards speak only when asked, so a frame the line damaged is followed by the line
    going quiet (the parser's flush); good frames may come back to back (echo, report)."""
    protocol, frames = PROTOCOLS[name]
    items = data.draw(
        st.lists(
            st.tuples(st.booleans(), frames, corrupted(frames), st.booleans()),
            min_size=1,
            max_size=8,
        )
    )
    parser = protocol.new_parser()
    found: list[bytes] = []
    valid: list[bytes] = []
    burst = b""
    for is_valid, good, bad, quiet_after in items:
        burst += data.draw(NOISE[name]) + (good if is_valid else bad)
        valid += [good] if is_valid else []
        if quiet_after or not is_valid:
            cuts = data.draw(st.lists(st.integers(0, len(burst)), max_size=6))
            for chunk in split(burst, cuts):
                found += parser.feed(chunk)
            found += parser.flush()
            burst = b""
    found += parser.feed(burst) + parser.flush()
    decoded = [protocol.decode_reply(f) for f in found]
    expected = [protocol.decode_reply(f) for f in valid]
    assert [d for d in decoded if d is not None] == [e for e in expected if e is not None]


@settings(max_examples=200, deadline=None)
@given(
    board=boards8,
    closed=st.dictionaries(locks8, st.booleans()),
    polarity=st.sampled_from(["closed_high", "closed_low"]),
)
def test_8a_status_round_trips_for_both_polarities(board, closed, polarity):
    proto = EightABoardProtocol({"polarity": polarity})
    status = proto.decode_reply(proto.encode_status(board, closed))
    assert status.board == board
    assert status.closed == {n: closed.get(n, True) for n in range(1, 25)}
