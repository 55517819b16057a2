"""The "8A-family" RS-485 lock boards (generic 锁控板 protocol), docs/lockers.md §1.1.

9600 8N1, up to 32 boards (DIP address 1..32) of up to 24 locks on one bus. Frames are
``HEAD BOARD LOCK/PARAM FUNC XOR`` (XOR of all preceding bytes):

    8A BB LL 11 X        open lock LL          -> 8A BB LL SS X   (SS 00 open, 11 closed)
    80 BB LL 33 X        query lock LL         -> 80 BB LL SS X
    80 BB 00 33 X        query all             -> 80 BB s3 s2 s1 33 X   (bit 1 = closed)
    90 BB m3 m2 m1 X     open several (bitmask, m1 = locks 1..8)
    81|82 BB LL SS X     unsolicited status change (some boards)

Clones differ, so three things are per-board options: the state polarity (how the lock
feedback is wired), the unlock parameter (0x11, or 0x33 on some 2025 firmware) and
whether the board echoes each request before answering. The echo matters because an
echoed open request ``8A 01 01 11 9B`` is byte for byte the reply "lock 1 still closed".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from drivers.crc import xor8
from drivers.locker.protocol import (
    NEED_MORE,
    NOT_A_FRAME,
    BoardStatus,
    FrameParser,
    LockBoardProtocol,
    LockReport,
    Reply,
    Request,
    RequestKind,
    check_board,
    check_lock,
)

OPEN = 0x8A
QUERY = 0x80
REPORT_HEADS = (0x81, 0x82)
BATCH_OPEN = 0x90
KEEP_POWERED = (0x9A, 0x9B)
QUERY_FUNC = 0x33  # the FUNC byte of a query; also the marker in a query-all reply
STATE_OPEN = 0x00
STATE_CLOSED = 0x11
MAX_LOCKS = 24  # a query-all reply carries 24 bits
ADDRESSABLE_LOCKS = 50  # some boards have 48/50 locks; parse their frames, don't claim them

POLARITIES = ("closed_high", "closed_low")


@dataclass(frozen=True)
class EightABoardOptions:
    """Per-board variations of the protocol.

    ``polarity``: "closed_high" (state 0x11 / bitmap bit 1 = closed, the usual wiring) or
    "closed_low" (the other way round: "上锁短路" vs "开锁短路").
    ``report_polarity``: the same for unsolicited 0x81/0x82 reports; boards seen in the
    field report 00 = locked there even when their replies say 0x11 = closed.
    ``unlock_func``: the FUNC byte of an open request, 0x11 or 0x33.
    ``echo``: False, True or "auto" (see :class:`drivers.locker.protocol.Request`).
    ``locks``: how many locks the board has (1..24).
    """

    polarity: str = "closed_high"
    report_polarity: str = "closed_low"
    unlock_func: int = 0x11
    echo: bool | str = "auto"
    locks: int = MAX_LOCKS

    def __post_init__(self) -> None:
        if self.polarity not in POLARITIES:
            raise ValueError(f"polarity must be one of {POLARITIES}, not {self.polarity!r}")
        if self.report_polarity not in POLARITIES:
            raise ValueError(f"report_polarity must be one of {POLARITIES}")
        if self.unlock_func not in (0x11, 0x33):
            raise ValueError(f"unlock_func must be 0x11 or 0x33, not {self.unlock_func!r}")
        if not (isinstance(self.echo, bool) or self.echo == "auto"):
            raise ValueError(f"echo must be true, false or 'auto', not {self.echo!r}")
        if not 1 <= self.locks <= MAX_LOCKS:
            raise ValueError(f"locks must be 1..{MAX_LOCKS}, not {self.locks!r}")

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], where: str = "") -> EightABoardOptions:
        known = {f.name for f in fields(cls)}
        for key in data:
            if key not in known:
                raise ValueError(f"unknown option {key!r}{where}")
        return cls(**data)

    def closed_state(self) -> int:
        return STATE_CLOSED if self.polarity == "closed_high" else STATE_OPEN


def _valid_5(frame: bytes, states: tuple[int, ...]) -> bool:
    return (
        1 <= frame[1] <= 32
        and frame[2] <= ADDRESSABLE_LOCKS
        and frame[3] in states
        and xor8(frame[:4]) == frame[4]
    )


def _reply_length(buf: bytes, final: bool) -> int:
    """Frame length for frames from the boards."""
    head = buf[0]
    if head == QUERY:
        # 5 bytes (one lock) or 7 (all locks, byte 5 = 0x33): the sixth byte decides. A
        # one-lock reply is never followed by 0x33 (not a head byte); at the end of a
        # burst (line quiet) a lone 5-byte frame is taken as it is.
        if len(buf) >= 6 and buf[5] == QUERY_FUNC:
            if len(buf) < 7:
                return NOT_A_FRAME if final else NEED_MORE
            ok = 1 <= buf[1] <= 32 and xor8(buf[:6]) == buf[6]
            return 7 if ok else NOT_A_FRAME
        if len(buf) < 5:
            return NOT_A_FRAME if final else NEED_MORE
        if len(buf) == 5 and not final:
            return NEED_MORE
        return 5 if _valid_5(buf, (STATE_OPEN, STATE_CLOSED, QUERY_FUNC)) else NOT_A_FRAME
    if head == OPEN:
        return _fixed(buf, final, (STATE_OPEN, STATE_CLOSED, QUERY_FUNC))
    if head in REPORT_HEADS:
        return _fixed(buf, final, (STATE_OPEN, STATE_CLOSED))
    return _request_length(buf, final)


def _request_length(buf: bytes, final: bool) -> int:
    """Frame length for frames from the host (also what an echoing board sends back)."""
    head = buf[0]
    if head == OPEN:
        return _fixed(buf, final, (0x11, 0x33))
    if head == QUERY:
        return _fixed(buf, final, (QUERY_FUNC,))
    if head in KEEP_POWERED:
        return _fixed(buf, final, (0x11,))
    if head == BATCH_OPEN:
        if len(buf) < 6:
            return NOT_A_FRAME if final else NEED_MORE
        return 6 if 1 <= buf[1] <= 32 and xor8(buf[:5]) == buf[5] else NOT_A_FRAME
    return NOT_A_FRAME


def _fixed(buf: bytes, final: bool, states: tuple[int, ...]) -> int:
    if len(buf) < 5:
        return NOT_A_FRAME if final else NEED_MORE
    return 5 if _valid_5(buf, states) else NOT_A_FRAME


def _bitmap(locks: tuple[int, ...] | Mapping[int, bool]) -> bytes:
    """Locks (1..24) -> m3 m2 m1 (m1 = locks 1..8, bit 0 = lock 1)."""
    value = 0
    for lock in locks:
        value |= 1 << (lock - 1)
    return bytes([(value >> 16) & 0xFF, (value >> 8) & 0xFF, value & 0xFF])


def _unbitmap(b3: int, b2: int, b1: int) -> int:
    return (b3 << 16) | (b2 << 8) | b1


def with_xor(body: bytes) -> bytes:
    return body + bytes([xor8(body)])


class EightABoardProtocol(LockBoardProtocol):
    """The 8A-family codec. ``options`` holds the defaults for every board plus, under
    ``"boards"``, per-board overrides keyed by board number."""

    name = "8a"
    default_baud = 9600
    boards = range(1, 33)
    max_locks = MAX_LOCKS
    has_item_sensors = False

    def __init__(self, options: Mapping[str, Any] | None = None) -> None:
        options = dict(options or {})
        per_board = options.pop("boards", {}) or {}
        self.default = EightABoardOptions.from_dict(options)
        self._boards: dict[int, EightABoardOptions] = {}
        for key, board_options in per_board.items():
            board = int(key)
            check_board(self, board)
            merged = {f.name: getattr(self.default, f.name) for f in fields(EightABoardOptions)}
            for opt in board_options:
                if opt not in merged:
                    raise ValueError(f"unknown option {opt!r} for board {board}")
            merged.update(board_options)
            self._boards[board] = EightABoardOptions(**merged)

    def options(self, board: int) -> EightABoardOptions:
        return self._boards.get(board, self.default)

    def new_parser(self, from_board: bool = True) -> FrameParser:
        return FrameParser(_reply_length if from_board else _request_length, max_frame=7)

    def locks_on(self, board: int) -> int:
        return self.options(board).locks

    # --- host side -------------------------------------------------------------------

    def _request(
        self,
        kind: RequestKind,
        board: int,
        locks: tuple[int, ...],
        body: bytes,
        expects_reply: bool = True,
    ) -> Request:
        check_board(self, board)
        return Request(
            kind, board, locks, with_xor(body), expects_reply, echo=self.options(board).echo
        )

    def open_request(self, board: int, lock: int) -> Request:
        check_lock(self, board, lock)
        func = self.options(board).unlock_func
        return self._request(RequestKind.OPEN, board, (lock,), bytes([OPEN, board, lock, func]))

    def open_many_requests(self, board: int, locks: tuple[int, ...]) -> list[Request]:
        for lock in locks:
            check_lock(self, board, lock)
        body = bytes([BATCH_OPEN, board]) + _bitmap(locks)
        # The batch-open answer is not documented alike by the sources: send it without
        # waiting and confirm with a query-all.
        return [self._request(RequestKind.OPEN_MANY, board, tuple(locks), body, False)]

    def query_all_request(self, board: int) -> Request:
        return self._request(RequestKind.QUERY_ALL, board, (), bytes([QUERY, board, 0, QUERY_FUNC]))

    def query_one_request(self, board: int, lock: int) -> Request:
        check_lock(self, board, lock)
        body = bytes([QUERY, board, lock, QUERY_FUNC])
        return self._request(RequestKind.QUERY_ONE, board, (lock,), body)

    def decode_reply(self, frame: bytes) -> Reply | None:
        head, board = frame[0], frame[1]
        if board not in self.boards:
            return None
        opts = self.options(board)
        if head == QUERY and len(frame) == 7:
            value = _unbitmap(frame[2], frame[3], frame[4])
            closed_bit = 1 if opts.polarity == "closed_high" else 0
            return BoardStatus(
                board,
                {
                    lock: ((value >> (lock - 1)) & 1) == closed_bit
                    for lock in range(1, opts.locks + 1)
                },
            )
        if len(frame) != 5 or frame[3] not in (STATE_OPEN, STATE_CLOSED) or frame[2] == 0:
            return None
        if head == OPEN:
            return LockReport(board, frame[2], frame[3] == opts.closed_state(), "open")
        if head == QUERY:
            return LockReport(board, frame[2], frame[3] == opts.closed_state(), "query")
        if head in REPORT_HEADS:
            closed_state = STATE_CLOSED if opts.report_polarity == "closed_high" else STATE_OPEN
            return LockReport(board, frame[2], frame[3] == closed_state, "report")
        return None

    def answers(self, request: Request, reply: Reply) -> bool:
        if reply.board != request.board:
            return False
        if request.kind is RequestKind.QUERY_ALL:
            return isinstance(reply, BoardStatus)
        if not isinstance(reply, LockReport) or reply.lock not in request.locks:
            return False
        if request.kind is RequestKind.OPEN:
            return reply.source == "open"
        return request.kind is RequestKind.QUERY_ONE and reply.source == "query"

    # --- board side ------------------------------------------------------------------

    def decode_request(self, frame: bytes) -> Request | None:
        head, board, lock = frame[0], frame[1], frame[2]
        if head == OPEN:
            if lock == 0:
                all_locks = tuple(range(1, self.locks_on(board) + 1))
                return Request(RequestKind.OPEN_MANY, board, all_locks, frame)
            return Request(RequestKind.OPEN, board, (lock,), frame)
        if head == QUERY:
            if lock == 0:
                return Request(RequestKind.QUERY_ALL, board, (), frame)
            return Request(RequestKind.QUERY_ONE, board, (lock,), frame)
        if head == BATCH_OPEN:
            value = _unbitmap(frame[2], frame[3], frame[4])
            locks = tuple(n for n in range(1, MAX_LOCKS + 1) if value >> (n - 1) & 1)
            return Request(RequestKind.OPEN_MANY, board, locks, frame, expects_reply=False)
        return None

    def _state(self, board: int, closed: bool) -> int:
        opts = self.options(board)
        closed_state = opts.closed_state()
        return closed_state if closed else closed_state ^ STATE_CLOSED

    def encode_lock_reply(self, request: Request, closed: bool) -> bytes:
        """The answer to an open (0x8A) or query-one (0x80) request."""
        head = OPEN if request.kind is RequestKind.OPEN else QUERY
        return with_xor(
            bytes([head, request.board, request.locks[0], self._state(request.board, closed)])
        )

    def encode_status(self, board: int, closed: Mapping[int, bool]) -> bytes:
        closed_high = self.options(board).polarity == "closed_high"
        bits = [lock for lock in range(1, MAX_LOCKS + 1) if closed.get(lock, True) == closed_high]
        return with_xor(bytes([QUERY, board]) + _bitmap(tuple(bits)) + bytes([QUERY_FUNC]))

    def encode_report(self, board: int, lock: int, closed: bool) -> bytes:
        high = self.options(board).report_polarity == "closed_high"
        state = STATE_CLOSED if closed == high else STATE_OPEN
        return with_xor(bytes([REPORT_HEADS[0], board, lock, state]))
