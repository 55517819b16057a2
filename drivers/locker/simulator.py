"""A bank of simulated lock boards on pseudo-terminals, speaking the real protocols' bytes.

Each simulated bus is one pty (:class:`drivers.pty.PtyEndpoint`) and one thread
(``locker-sim-<name>``) that parses the host's requests with the same protocol codec the
driver uses and answers as the boards would. The driver opens the pty's path with
pyserial exactly as it would open ``/dev/ttyUSB0``.

Each lock is modelled as a hook lock with feedback, as fitted to library lockers: a
release command lets the hook go, the door stays shut until someone pulls it open, and
pushing the door shut re-engages the hook. The feedback bit the board reports is
"closed" only while the hook is engaged. Tests and the UI's simulator window act as the
resident (:meth:`LockerSimulator.open_door`, ``close_door``, ``force``), as a broken
lock (``jam``), and inject line and board faults (:class:`Fault`).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum

from drivers.locker.eighta import EightABoardProtocol
from drivers.locker.kerong import KerongProtocol
from drivers.locker.protocol import LockBoardProtocol, Request, RequestKind
from drivers.pty import PtyEndpoint

log = logging.getLogger(__name__)


class Fault(Enum):
    SILENT = "silent"  # the board does not answer
    CORRUPT_CHECKSUM = "corrupt_checksum"  # answers with a wrong checksum byte
    ECHO = "echo"  # echoes each request before answering (some 8A clones)
    BUSY = "busy"  # Kerong: after an unlock, ignores everything until a bare 0x38


class SimDoor(Enum):
    LOCKED = "locked"  # shut, hook engaged
    RELEASED = "released"  # shut, hook released: the next pull opens it
    OPEN = "open"


@dataclass
class _Lock:
    hooked: bool = True
    door_open: bool = False
    jammed: bool = False
    item: bool = False

    @property
    def sensor_closed(self) -> bool:
        return self.hooked and not self.door_open

    @property
    def door(self) -> SimDoor:
        if self.door_open:
            return SimDoor.OPEN
        return SimDoor.LOCKED if self.hooked else SimDoor.RELEASED


class _BusSim:
    """One simulated bus: a pty, its boards and the thread answering on it."""

    def __init__(
        self,
        name: str,
        protocol: LockBoardProtocol,
        boards: Mapping[int, int],
        *,
        wire_time: bool = True,
        reports: bool = False,
        pulse_s: float = 0.0,
    ):
        if reports and not isinstance(protocol, EightABoardProtocol):
            raise ValueError("unsolicited reports exist on 8A-family boards only")
        self.name = name
        self.protocol = protocol
        self.reports = reports
        self.pulse_s = pulse_s
        self.endpoint = PtyEndpoint(baud=protocol.default_baud, emulate_wire_time=wire_time)
        self.locks = {
            (board, lock): _Lock()
            for board, count in boards.items()
            for lock in range(1, count + 1)
        }
        self.boards = frozenset(boards)
        # (fault, board or None for every board) -> replies left to affect (None: until cleared)
        self.faults: dict[tuple[Fault, int | None], int | None] = {}
        self.stuck: set[int] = set()
        self._lock = threading.RLock()
        self._write_lock = threading.Lock()
        self._stop = threading.Event()
        self._parser = protocol.new_parser(from_board=False)
        self._thread = threading.Thread(target=self._run, name=f"locker-sim-{name}", daemon=True)
        self._thread.start()

    @property
    def path(self) -> str:
        return self.endpoint.path

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self.endpoint.close()

    # --- control (any thread) --------------------------------------------------------

    def lock(self, board: int, lock: int) -> _Lock:
        try:
            return self.locks[(board, lock)]
        except KeyError:
            raise ValueError(f"no lock {lock} on board {board} of bus {self.name}") from None

    def change(self, board: int, lock: int, **attrs: bool) -> None:
        with self._lock:
            state = self.lock(board, lock)
            before = state.sensor_closed
            for key, value in attrs.items():
                setattr(state, key, value)
            after = state.sensor_closed
        if before != after:
            self._report(board, lock, after)

    def inject(self, fault: Fault, board: int | None, count: int | None) -> None:
        if fault is Fault.BUSY and not isinstance(self.protocol, KerongProtocol):
            raise ValueError("the BUSY fault is a Kerong board behaviour")
        if board is not None and board not in self.boards:
            raise ValueError(f"no board {board} on bus {self.name}")
        with self._lock:
            self.faults[(fault, board)] = count

    def clear_faults(self, fault: Fault | None, board: int | None) -> None:
        with self._lock:
            for key in list(self.faults):
                if (fault is None or key[0] is fault) and (board is None or key[1] == board):
                    del self.faults[key]
            if fault in (None, Fault.BUSY):
                self.stuck = {b for b in self.stuck if board is not None and b != board}

    # --- the board side --------------------------------------------------------------

    def _run(self) -> None:
        while not self._stop.is_set():
            data = self.endpoint.read(timeout=0.05)
            frames = self._parser.feed(data) if data else self._parser.flush()
            for frame in frames:
                request = self.protocol.decode_request(frame)
                if request is not None:
                    try:
                        self._answer(request)
                    except OSError:
                        return  # the endpoint was closed under us

    def _fault(self, fault: Fault, board: int) -> bool:
        """Whether ``fault`` applies to ``board`` now; uses up one counted occurrence."""
        with self._lock:
            for key in ((fault, board), (fault, None)):
                if key in self.faults:
                    left = self.faults[key]
                    if left is not None:
                        if left <= 1:
                            del self.faults[key]
                        else:
                            self.faults[key] = left - 1
                    return True
        return False

    def _answer(self, request: Request) -> None:
        board = request.board
        if board not in self.boards:
            return
        if request.kind is RequestKind.RESET:
            with self._lock:
                self.stuck.discard(board)
            return
        if self._fault(Fault.SILENT, board):
            return
        with self._lock:
            if board in self.stuck:
                return
        if self._fault(Fault.ECHO, board):
            self._write(request.raw)
        reply = self._execute(request)
        if reply is None:
            return
        if self._fault(Fault.CORRUPT_CHECKSUM, board):
            reply = reply[:-1] + bytes([reply[-1] ^ 0x5A])
        self._write(reply)
        if request.kind is RequestKind.OPEN and self._fault(Fault.BUSY, board):
            with self._lock:
                self.stuck.add(board)

    def _execute(self, request: Request) -> bytes | None:
        board = request.board
        if request.kind in (RequestKind.OPEN, RequestKind.OPEN_MANY):
            for lock in request.locks:
                if (board, lock) in self.locks and not self.locks[(board, lock)].jammed:
                    self.change(board, lock, hooked=False)
            if self.pulse_s:
                time.sleep(self.pulse_s)
        if not request.expects_reply:
            return None
        with self._lock:
            if isinstance(self.protocol, KerongProtocol):
                closed, items = self._board_bits(board)
                return self.protocol.encode_status(board, closed, items)
            assert isinstance(self.protocol, EightABoardProtocol)
            if request.kind in (RequestKind.QUERY_ALL, RequestKind.OPEN_MANY):
                return self.protocol.encode_status(board, self._board_bits(board)[0])
            state = self.locks.get((board, request.locks[0]))
            if state is None:
                return None
            return self.protocol.encode_lock_reply(request, state.sensor_closed)

    def _board_bits(self, board: int) -> tuple[dict[int, bool], dict[int, bool]]:
        # A position with no lock fitted reads as closed and empty.
        closed = dict.fromkeys(range(1, self.protocol.max_locks + 1), True)
        items = dict.fromkeys(range(1, self.protocol.max_locks + 1), False)
        for (b, lock), state in self.locks.items():
            if b == board:
                closed[lock] = state.sensor_closed
                items[lock] = state.item
        return closed, items

    def _report(self, board: int, lock: int, closed: bool) -> None:
        if not self.reports or self._fault(Fault.SILENT, board):
            return
        assert isinstance(self.protocol, EightABoardProtocol)
        self._write(self.protocol.encode_report(board, lock, closed))

    def _write(self, data: bytes) -> None:
        with self._write_lock:
            self.endpoint.write(data)


class LockerSimulator:
    """Simulated lock-board buses; the control API used by tests and the simulator window.

    Methods take ``bus=`` only when there is more than one simulated bus.
    """

    def __init__(self) -> None:
        self._buses: dict[str, _BusSim] = {}

    def add_bus(
        self,
        name: str,
        protocol: LockBoardProtocol,
        boards: Mapping[int, int],
        *,
        wire_time: bool = True,
        reports: bool = False,
        pulse_s: float = 0.0,
    ) -> str:
        """Start a bus with ``boards`` (board -> number of locks); returns the pty path."""
        if name in self._buses:
            raise ValueError(f"bus {name!r} is already simulated")
        self._buses[name] = _BusSim(
            name, protocol, boards, wire_time=wire_time, reports=reports, pulse_s=pulse_s
        )
        return self._buses[name].path

    @property
    def buses(self) -> tuple[str, ...]:
        return tuple(self._buses)

    def _bus(self, bus: str | None) -> _BusSim:
        if bus is None:
            if len(self._buses) != 1:
                raise ValueError(f"say which bus: {sorted(self._buses)}")
            return next(iter(self._buses.values()))
        try:
            return self._buses[bus]
        except KeyError:
            raise ValueError(f"no simulated bus {bus!r}") from None

    def path(self, bus: str | None = None) -> str:
        return self._bus(bus).path

    def open_door(self, board: int, lock: int, bus: str | None = None) -> bool:
        """The resident pulls the door; it opens only if the lock has released."""
        sim = self._bus(bus)
        with sim._lock:
            if sim.lock(board, lock).hooked:
                return False
            sim.change(board, lock, door_open=True)
        return True

    def close_door(self, board: int, lock: int, bus: str | None = None) -> None:
        """The door is pushed shut; the hook engages again."""
        self._bus(bus).change(board, lock, door_open=False, hooked=True)

    def jam(self, board: int, lock: int, jammed: bool = True, bus: str | None = None) -> None:
        """The lock will not release on command (``jammed=False`` repairs it)."""
        self._bus(bus).change(board, lock, jammed=jammed)

    def force(self, board: int, lock: int, bus: str | None = None) -> None:
        """The door is pulled open without a command (the hook gives way)."""
        self._bus(bus).change(board, lock, door_open=True, hooked=False)

    def set_item(self, board: int, lock: int, present: bool, bus: str | None = None) -> None:
        self._bus(bus).change(board, lock, item=present)

    def door(self, board: int, lock: int, bus: str | None = None) -> SimDoor:
        sim = self._bus(bus)
        with sim._lock:
            return sim.lock(board, lock).door

    def inject(
        self,
        fault: Fault,
        board: int | None = None,
        count: int | None = None,
        bus: str | None = None,
    ) -> None:
        """Make ``board`` (None: every board) misbehave for ``count`` answers (None: until
        cleared)."""
        self._bus(bus).inject(fault, board, count)

    def clear_faults(
        self, fault: Fault | None = None, board: int | None = None, bus: str | None = None
    ) -> None:
        self._bus(bus).clear_faults(fault, board)

    def close(self) -> None:
        for sim in self._buses.values():
            sim.close()
        self._buses.clear()

    def __enter__(self) -> LockerSimulator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
