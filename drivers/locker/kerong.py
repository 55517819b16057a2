"""Kerong KR-CU16 / KR-CU12 RS-485 lock boards, docs/lockers.md §1.2.

19200 8N1. Frames are ``STX(02) ADDR CMD [data] ETX(03) SUM`` with SUM the low byte of the
sum of all preceding bytes. ADDR's high nibble is the CU board (DIP 0..F), its low nibble
the lock index (lock - 1). Commands used here:

    02 A0 30 03 S   status of board A           -> 02 A0 35 H1 H2 I1 I2 03 S
    02 AL 31 03 S   unlock lock L+1 of board A  -> the same status frame, after the unlock
    02 A0 38 03 S   sent after an unlock: un-sticks a board left "BUSY" (no answer)

H1/H2: lock feedback for locks 1..8 / 9..16 (bit 0 = lock 1, bit 1 = locked); I1/I2: the
infrared item sensors, same layout (bit 1 = something in the compartment).

Board numbers: the project numbers boards from 1 everywhere (site configuration, the
diag command), so board N here is the CU whose DIP switch reads N - 1.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from drivers.crc import sum8
from drivers.locker.protocol import (
    NEED_MORE,
    NOT_A_FRAME,
    BoardStatus,
    FrameParser,
    LockBoardProtocol,
    Reply,
    Request,
    RequestKind,
    check_board,
    check_lock,
)

STX = 0x02
ETX = 0x03
GET_STATUS = 0x30
UNLOCK = 0x31
BUS_STATUS = 0x32
UNLOCK_ALL = 0x33
STATUS_REPLY = 0x35
SET_PULSE = 0x37
RETURN_PULSE = 0x38
DELAYED_UNLOCK = 0x39
SET_BAUD = 0x40
MAX_LOCKS = 16

# Possible frame lengths per command byte (0x38 is sent bare as the BUSY reset, and
# answers 0x37 with two data bytes).
_LENGTHS: dict[int, tuple[int, ...]] = {
    GET_STATUS: (5,),
    UNLOCK: (5,),
    BUS_STATUS: (5,),
    UNLOCK_ALL: (5,),
    STATUS_REPLY: (9,),
    SET_PULSE: (7,),
    RETURN_PULSE: (5, 7),
    DELAYED_UNLOCK: (6,),
    SET_BAUD: (6,),
}


def _frame_length(buf: bytes, final: bool) -> int:
    if buf[0] != STX:
        return NOT_A_FRAME
    if len(buf) < 3:
        return NOT_A_FRAME if final else NEED_MORE
    for length in _LENGTHS.get(buf[2], ()):
        if len(buf) < length:
            return NOT_A_FRAME if final else NEED_MORE
        if buf[length - 2] == ETX and sum8(buf[: length - 1]) == buf[length - 1]:
            return length
    return NOT_A_FRAME


def with_sum(body: bytes) -> bytes:
    return body + bytes([ETX, sum8(body + bytes([ETX]))])


def _bits(values: Mapping[int, bool], locks: int) -> tuple[int, int]:
    value = 0
    for lock in range(1, locks + 1):
        if values.get(lock, False):
            value |= 1 << (lock - 1)
    return value & 0xFF, (value >> 8) & 0xFF


class KerongProtocol(LockBoardProtocol):
    """The KR-CU16 codec. Option ``locks``: 16 (CU16, default) or 12 (CU12)."""

    name = "kerong"
    default_baud = 19200
    boards = range(1, 17)
    max_locks = MAX_LOCKS
    has_item_sensors = True

    def __init__(self, options: Mapping[str, Any] | None = None) -> None:
        options = dict(options or {})
        locks = options.pop("locks", MAX_LOCKS)
        if options:
            raise ValueError(f"unknown option {next(iter(options))!r} for the kerong protocol")
        if not isinstance(locks, int) or not 1 <= locks <= MAX_LOCKS:
            raise ValueError(f"locks must be 1..{MAX_LOCKS}, not {locks!r}")
        self._locks = locks

    def new_parser(self, from_board: bool = True) -> FrameParser:
        return FrameParser(_frame_length, max_frame=9)

    def locks_on(self, board: int) -> int:
        return self._locks

    @staticmethod
    def _addr(board: int, lock: int = 1) -> int:
        return ((board - 1) << 4) | (lock - 1)

    # --- host side -------------------------------------------------------------------

    def _request(
        self, kind: RequestKind, board: int, locks: tuple[int, ...], addr: int, cmd: int
    ) -> Request:
        check_board(self, board)
        return Request(kind, board, locks, with_sum(bytes([STX, addr, cmd])), cmd != RETURN_PULSE)

    def open_request(self, board: int, lock: int) -> Request:
        check_lock(self, board, lock)
        return self._request(RequestKind.OPEN, board, (lock,), self._addr(board, lock), UNLOCK)

    def open_many_requests(self, board: int, locks: tuple[int, ...]) -> list[Request]:
        return [self.open_request(board, lock) for lock in locks]

    def query_all_request(self, board: int) -> Request:
        return self._request(RequestKind.QUERY_ALL, board, (), self._addr(board), GET_STATUS)

    def query_one_request(self, board: int, lock: int) -> Request:
        check_lock(self, board, lock)
        return self._request(RequestKind.QUERY_ONE, board, (lock,), self._addr(board), GET_STATUS)

    def followup_request(self, answered: Request) -> Request | None:
        # CU16 boards sometimes stay "BUSY" after an unlock and ignore the next command;
        # a bare 0x38 is a harmless reset (the CartWise driver does the same).
        if answered.kind is RequestKind.OPEN:
            return self.recovery_request(answered.board)
        return None

    def recovery_request(self, board: int) -> Request | None:
        return self._request(RequestKind.RESET, board, (), self._addr(board), RETURN_PULSE)

    def decode_reply(self, frame: bytes) -> Reply | None:
        if frame[2] != STATUS_REPLY:
            return None
        board = (frame[1] >> 4) + 1
        hooks = frame[3] | frame[4] << 8
        items = frame[5] | frame[6] << 8
        locks = range(1, self._locks + 1)
        return BoardStatus(
            board,
            {n: bool(hooks >> (n - 1) & 1) for n in locks},
            {n: bool(items >> (n - 1) & 1) for n in locks},
        )

    def answers(self, request: Request, reply: Reply) -> bool:
        return isinstance(reply, BoardStatus) and reply.board == request.board

    # --- board side ------------------------------------------------------------------

    def decode_request(self, frame: bytes) -> Request | None:
        board, lock, cmd = (frame[1] >> 4) + 1, (frame[1] & 0x0F) + 1, frame[2]
        if cmd == GET_STATUS:
            return Request(RequestKind.QUERY_ALL, board, (), frame)
        if cmd == UNLOCK:
            return Request(RequestKind.OPEN, board, (lock,), frame)
        if cmd == UNLOCK_ALL:
            all_locks = tuple(range(1, self._locks + 1))
            return Request(RequestKind.OPEN_MANY, board, all_locks, frame)
        if cmd == RETURN_PULSE and len(frame) == 5:
            return Request(RequestKind.RESET, board, (), frame, expects_reply=False)
        return None

    def encode_status(
        self, board: int, closed: Mapping[int, bool], items: Mapping[int, bool]
    ) -> bytes:
        h1, h2 = _bits(closed, self._locks)
        i1, i2 = _bits(items, self._locks)
        return with_sum(bytes([STX, self._addr(board), STATUS_REPLY, h1, h2, i1, i2]))
