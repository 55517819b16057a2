"""What every lock-board protocol provides: requests, replies and an incremental parser.

A :class:`LockBoardProtocol` is a pure codec. The host side builds :class:`Request` s and
decodes board frames into :class:`LockReport` / :class:`BoardStatus`; the board side (used
by the simulator, so that it speaks exactly the same bytes) decodes requests and builds
replies. Nothing here touches a port: :class:`drivers.locker.bus.LockBus` does that.

Framing is done by :class:`FrameParser`, fed byte chunks as they arrive. Each protocol
supplies one function that looks at the bytes from a candidate start and says "a valid
frame of n bytes", "not a frame here" or "need more bytes". Because every decision is
made on complete data, the frames found do not depend on how the stream was split.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

# A frame-length function: (bytes from a candidate start, line went quiet) -> n > 0 for a
# valid frame of n bytes, NOT_A_FRAME, or NEED_MORE.
NEED_MORE = 0
NOT_A_FRAME = -1
FrameLength = Callable[[bytes, bool], int]


class RequestKind(Enum):
    OPEN = "open"
    OPEN_MANY = "open_many"
    QUERY_ONE = "query_one"
    QUERY_ALL = "query_all"
    RESET = "reset"  # a harmless frame that un-sticks a board (Kerong "BUSY")


# How a board echoes requests: False never, True always (skip the first exact copy),
# "auto": an exact copy is held back and used as the reply only if nothing else answers.
EchoMode = bool | str


@dataclass(frozen=True)
class Request:
    kind: RequestKind
    board: int
    locks: tuple[int, ...]
    raw: bytes
    expects_reply: bool = True
    echo: EchoMode = False


@dataclass(frozen=True)
class LockReport:
    """One lock's state as a board reported it. ``closed``: latch engaged, door shut."""

    board: int
    lock: int
    closed: bool
    source: str  # "open" (answer to an open), "query" (answer to a query), "report"


@dataclass(frozen=True)
class BoardStatus:
    """All locks of one board; ``items`` is the item sensors where the board has them."""

    board: int
    closed: Mapping[int, bool]
    items: Mapping[int, bool] | None = None


Reply = LockReport | BoardStatus


class FrameParser:
    """Finds frames in a byte stream fed in arbitrary chunks; drops what is not a frame.

    ``feed`` returns the complete frames so far; ``flush`` is called when the line has
    been quiet for a while and settles a frame whose length was still ambiguous.
    ``discarded`` counts bytes thrown away (garbage, corrupt or truncated frames).
    """

    def __init__(self, frame_length: FrameLength, max_frame: int):
        self._frame_length = frame_length
        self._max_frame = max_frame
        self._buf = bytearray()
        self.discarded = 0

    def feed(self, chunk: bytes) -> list[bytes]:
        self._buf += chunk
        return self._scan(final=False)

    def flush(self) -> list[bytes]:
        frames = self._scan(final=True)
        self.discarded += len(self._buf)
        self._buf.clear()
        return frames

    @property
    def pending(self) -> bytes:
        return bytes(self._buf)

    def _scan(self, final: bool) -> list[bytes]:
        frames: list[bytes] = []
        buf = self._buf
        i = 0
        while i < len(buf):
            n = self._frame_length(bytes(buf[i : i + self._max_frame]), final)
            if n > 0:
                frames.append(bytes(buf[i : i + n]))
                i += n
            elif n == NEED_MORE:
                break
            else:
                self.discarded += 1
                i += 1
        del buf[:i]
        return frames


class LockBoardProtocol(ABC):
    """The codec for one family of lock boards; one instance per bus."""

    name: str
    default_baud: int
    boards: range  # valid board numbers as the project numbers them
    max_locks: int
    has_item_sensors: bool

    @abstractmethod
    def __init__(self, options: Mapping[str, Any] | None = None) -> None:
        """Take the bus's ``options`` table; ValueError names an unknown or bad option."""

    # --- framing ---------------------------------------------------------------------

    @abstractmethod
    def new_parser(self, from_board: bool = True) -> FrameParser:
        """A parser for frames from the boards (host side) or from the host (board side)."""

    # --- host side -------------------------------------------------------------------

    @abstractmethod
    def open_request(self, board: int, lock: int) -> Request: ...

    @abstractmethod
    def open_many_requests(self, board: int, locks: tuple[int, ...]) -> list[Request]:
        """The requests that open several locks; the last one's answer confirms them."""

    @abstractmethod
    def query_all_request(self, board: int) -> Request: ...

    @abstractmethod
    def query_one_request(self, board: int, lock: int) -> Request: ...

    def followup_request(self, answered: Request) -> Request | None:
        """A frame to send after ``answered`` was answered (none by default)."""
        return None

    def recovery_request(self, board: int) -> Request | None:
        """A frame to send before retrying an unanswered request (none by default)."""
        return None

    @abstractmethod
    def decode_reply(self, frame: bytes) -> Reply | None:
        """A frame from a board, or None if it is not a reply (e.g. an echoed request)."""

    @abstractmethod
    def answers(self, request: Request, reply: Reply) -> bool:
        """Whether ``reply`` is the answer to ``request``."""

    @abstractmethod
    def locks_on(self, board: int) -> int:
        """How many locks a status of ``board`` covers."""

    # --- board side (simulators) -----------------------------------------------------

    @abstractmethod
    def decode_request(self, frame: bytes) -> Request | None: ...


def check_board(protocol: LockBoardProtocol, board: int) -> None:
    if board not in protocol.boards:
        raise ValueError(
            f"{protocol.name} board must be {protocol.boards.start}..{protocol.boards.stop - 1}"
            f", not {board}"
        )


def check_lock(protocol: LockBoardProtocol, board: int, lock: int) -> None:
    if not 1 <= lock <= protocol.locks_on(board):
        raise ValueError(
            f"{protocol.name} board {board} has locks 1..{protocol.locks_on(board)}, not {lock}"
        )
