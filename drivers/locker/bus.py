"""One RS-485 lock-board bus: the only thread that touches its serial port.

:class:`LockBus` owns the port in a single thread (``locker-bus-<name>``). Other threads
submit requests; the bus thread sends them one at a time, waits for the matching answer,
retries, and completes a Future. Between requests it keeps reading, so unsolicited
reports are delivered, and it polls its boards on a schedule for the door supervision.

The answer to a request is the first frame the protocol says answers it; anything else
that arrives meanwhile is an unsolicited report (delivered) or noise (logged, dropped).
Corrupt frames never reach this level: the protocol's parser drops them, and the request
times out and is retried as if the board had been silent. The line going quiet for
``quiet_s`` ends a burst (see :meth:`drivers.locker.protocol.FrameParser.flush`).
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass

import serial

from drivers.locker.protocol import (
    BoardStatus,
    LockBoardProtocol,
    LockReport,
    Reply,
    Request,
)
from kiosk.devices import BoardNotAnswering, DeviceError, LockDidNotOpen

log = logging.getLogger(__name__)

ResultCallback = Callable[[Reply | None, DeviceError | None], None]
PORT_RETRY_S = 1.0


def lock_closed(reply: Reply, lock: int) -> bool:
    """Whether ``reply`` shows ``lock`` closed (latched)."""
    if isinstance(reply, LockReport):
        return reply.closed
    return reply.closed[lock]


@dataclass
class _Job:
    request: Request
    timeout_s: float
    retries: int
    future: Future[Reply | None] | None
    on_result: ResultCallback | None = None


class LockBus:
    """A bus of lock boards of one protocol on one serial port.

    ``on_poll(board, status_or_None)`` is called from the bus thread after each poll of
    ``poll_boards`` (None: the board did not answer); ``on_report(report)`` for each
    unsolicited report. Callbacks must be quick and must not wait on this bus.
    """

    def __init__(
        self,
        name: str,
        port: str,
        protocol: LockBoardProtocol,
        baud: int | None = None,
        *,
        reply_timeout_s: float = 0.5,
        open_timeout_s: float = 1.5,
        retries: int = 2,
        poll_retries: int = 0,
        quiet_s: float = 0.03,
        poll_boards: Sequence[int] = (),
        poll_interval_s: float = 1.0,
        on_poll: Callable[[int, BoardStatus | None], None] | None = None,
        on_report: Callable[[LockReport], None] | None = None,
    ):
        self.name = name
        self.port = port
        self.protocol = protocol
        self.baud = baud or protocol.default_baud
        self.reply_timeout_s = reply_timeout_s
        self.open_timeout_s = open_timeout_s
        self.retries = retries
        self.poll_retries = poll_retries
        self.quiet_s = quiet_s
        self.poll_boards = tuple(poll_boards)
        self.poll_interval_s = poll_interval_s
        self.on_poll = on_poll
        self.on_report = on_report
        self._parser = protocol.new_parser(from_board=True)
        self._echoing: set[int] = set()  # boards seen echoing requests ("auto" mode)
        self._jobs: queue.SimpleQueue[_Job] = queue.SimpleQueue()
        self._polls: deque[int] = deque()
        self._next_poll = 0.0
        self._stop = threading.Event()
        # Opened here so that a wrong port fails at start-up, in the caller's thread;
        # from start() on only the bus thread touches it.
        self._serial: serial.Serial | None = self._open_port()
        self._thread = threading.Thread(target=self._run, name=f"locker-bus-{name}", daemon=True)

    # --- life cycle ------------------------------------------------------------------

    def start(self) -> LockBus:
        self._thread.start()
        return self

    @property
    def started(self) -> bool:
        return self._thread.ident is not None

    def close(self) -> None:
        self._stop.set()
        if self._thread.is_alive() and threading.current_thread() is not self._thread:
            self._thread.join(5)
        elif not self._thread.is_alive() and self._serial is not None:
            self._serial.close()
            self._serial = None

    def __enter__(self) -> LockBus:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def discarded_bytes(self) -> int:
        """Bytes the parser threw away (garbage, corrupt frames): a line-quality figure."""
        return self._parser.discarded

    def in_bus_thread(self) -> bool:
        return threading.current_thread() is self._thread

    # --- requests (any thread) -------------------------------------------------------

    def submit(
        self,
        request: Request,
        timeout_s: float | None = None,
        retries: int | None = None,
        on_result: ResultCallback | None = None,
    ) -> Future[Reply | None]:
        """Queue ``request``; the Future gives the answer or raises BoardNotAnswering.

        ``on_result(reply, error)`` runs in the bus thread as soon as the answer is in,
        before the bus sends anything else: state derived from it cannot be overtaken
        by a later poll.
        """
        if self._stop.is_set():
            raise BoardNotAnswering(f"bus {self.name} is closed", device=self.name)
        future: Future[Reply | None] = Future()
        if timeout_s is None:
            timeout_s = self.reply_timeout_s
        self._jobs.put(
            _Job(
                request, timeout_s, self.retries if retries is None else retries, future, on_result
            )
        )
        return future

    def call(
        self,
        request: Request,
        timeout_s: float | None = None,
        retries: int | None = None,
        on_result: ResultCallback | None = None,
    ) -> Reply | None:
        """Submit and wait. Not from the bus thread (it would wait for itself)."""
        if self.in_bus_thread():
            raise RuntimeError("LockBus.call() from the bus thread would deadlock")
        timeout_s = self.reply_timeout_s if timeout_s is None else timeout_s
        retries = self.retries if retries is None else retries
        future = self.submit(request, timeout_s, retries, on_result)
        # The bus always completes the job; the bound only guards against a dead thread.
        bound = (retries + 1) * (timeout_s + 2 * self.quiet_s) + 10 + self.reply_timeout_s
        try:
            return future.result(bound)
        except FutureTimeout:
            raise BoardNotAnswering(f"bus {self.name} thread not responding") from None

    def status(self, board: int) -> BoardStatus:
        reply = self.call(self.protocol.query_all_request(board))
        assert isinstance(reply, BoardStatus)
        return reply

    def query_lock(self, board: int, lock: int) -> bool:
        """Whether the lock is closed (latched), asking the board for that lock only."""
        reply = self.call(self.protocol.query_one_request(board, lock))
        assert reply is not None
        return lock_closed(reply, lock)

    def open_lock(self, board: int, lock: int, on_result: ResultCallback | None = None) -> None:
        """Release one lock; return once the board confirms it released.

        Raises LockDidNotOpen (the board says it is still locked) or BoardNotAnswering.
        """
        reply = self.call(
            self.protocol.open_request(board, lock), self.open_timeout_s, on_result=on_result
        )
        assert reply is not None
        if lock_closed(reply, lock):
            raise LockDidNotOpen(
                f"bus {self.name} board {board} lock {lock} still locked", device=self.name
            )

    def open_locks(self, board: int, locks: Sequence[int]) -> None:
        """Release several locks of one board and confirm all of them released."""
        locks = tuple(locks)
        for request in self.protocol.open_many_requests(board, locks):
            self.call(request, self.open_timeout_s)
        # Boards pulse the locks one after another: give each its time.
        deadline = time.monotonic() + self.open_timeout_s + 0.5 * len(locks)
        while True:
            status = self.status(board)
            still = [lock for lock in locks if status.closed.get(lock, True)]
            if not still:
                return
            if time.monotonic() >= deadline:
                raise LockDidNotOpen(
                    f"bus {self.name} board {board} locks {still} still locked",
                    device=self.name,
                )
            time.sleep(self.quiet_s)

    # --- the bus thread --------------------------------------------------------------

    def _run(self) -> None:
        try:
            while not self._stop.is_set():
                if self._serial is None:
                    self._reopen()
                    continue
                job = self._next_job()
                if job is None:
                    self._deliver(self._read_frames())
                else:
                    self._execute(job)
        except Exception:
            log.exception("locker bus %s: bus thread failed", self.name)
        finally:
            self._stop.set()
            error = BoardNotAnswering(f"bus {self.name} is closed", device=self.name)
            while True:
                try:
                    job = self._jobs.get_nowait()
                except queue.Empty:
                    break
                self._finish(job, None, error)
            if self._serial is not None:
                self._serial.close()
                self._serial = None

    def _open_port(self) -> serial.Serial:
        return serial.Serial(
            self.port,
            self.baud,
            bytesize=serial.EIGHTBITS,
            parity=serial.PARITY_NONE,
            stopbits=serial.STOPBITS_ONE,
            timeout=self.quiet_s,
        )

    def _reopen(self) -> None:
        """The port failed (USB adapter unplugged...): fail requests, retry the port."""
        error = BoardNotAnswering(f"bus {self.name}: port {self.port} unavailable")
        while True:
            try:
                job = self._jobs.get_nowait()
            except queue.Empty:
                break
            self._finish(job, None, error)
        if self._stop.wait(PORT_RETRY_S):
            return
        try:
            self._serial = self._open_port()
            log.info("locker bus %s: port %s open again", self.name, self.port)
        except (OSError, serial.SerialException) as exc:
            log.debug("locker bus %s: reopen failed: %s", self.name, exc)

    def _next_job(self) -> _Job | None:
        try:
            return self._jobs.get_nowait()
        except queue.Empty:
            pass
        now = time.monotonic()
        if not self._polls and self.poll_boards and now >= self._next_poll:
            self._polls.extend(self.poll_boards)
            self._next_poll = now + self.poll_interval_s
        if not self._polls:
            return None
        board = self._polls.popleft()

        def polled(reply: Reply | None, error: DeviceError | None, board: int = board) -> None:
            if self.on_poll is not None:
                self.on_poll(board, reply if isinstance(reply, BoardStatus) else None)

        request = self.protocol.query_all_request(board)
        return _Job(request, self.reply_timeout_s, self.poll_retries, None, polled)

    def _read_frames(self) -> list[bytes]:
        """One read (up to ``quiet_s``); a read that times out flushes the parser."""
        assert self._serial is not None
        try:
            data = self._serial.read(max(1, self._serial.in_waiting))
        except (OSError, serial.SerialException) as exc:
            log.warning("locker bus %s: port error: %s", self.name, exc)
            self._serial.close()
            self._serial = None
            return self._parser.flush()
        if not data:
            return self._parser.flush()
        return self._parser.feed(data)

    def _write(self, raw: bytes) -> None:
        assert self._serial is not None
        try:
            self._serial.write(raw)
        except (OSError, serial.SerialException) as exc:
            log.warning("locker bus %s: write failed: %s", self.name, exc)
            self._serial.close()
            self._serial = None

    def _deliver(self, frames: list[bytes]) -> None:
        """Frames that answer nothing: unsolicited reports go out, the rest is logged."""
        for frame in frames:
            reply = self.protocol.decode_reply(frame)
            if isinstance(reply, LockReport) and reply.source == "report":
                if self.on_report is not None:
                    self._guard(self.on_report, reply)
            else:
                log.debug("locker bus %s: unexpected frame %s", self.name, frame.hex(" "))

    def _execute(self, job: _Job) -> None:
        request = job.request
        # Whatever is waiting now is not the answer to a request not yet sent.
        self._deliver(self._parser.feed(self._drain()))
        if not request.expects_reply:
            self._write(request.raw)
            self._finish(job, None, None)
            return
        reply: Reply | None = None
        for attempt in range(job.retries + 1):
            if self._serial is None:
                break
            if attempt:
                log.info(
                    "locker bus %s: board %d silent, retry %d", self.name, request.board, attempt
                )
                recovery = self.protocol.recovery_request(request.board)
                if recovery is not None:
                    self._write(recovery.raw)
            if self._serial is None:
                break
            self._write(request.raw)
            reply = self._await(request, time.monotonic() + job.timeout_s, attempt == job.retries)
            if reply is not None:
                break
        if reply is None:
            error = BoardNotAnswering(
                f"bus {self.name} board {request.board} does not answer", device=self.name
            )
            self._finish(job, None, error)
            return
        followup = self.protocol.followup_request(request)
        if followup is not None and self._serial is not None:
            self._write(followup.raw)
        self._finish(job, reply, None)

    def _drain(self) -> bytes:
        assert self._serial is not None
        try:
            waiting = self._serial.in_waiting
            return self._serial.read(waiting) if waiting else b""
        except (OSError, serial.SerialException):
            return b""

    def _await(self, request: Request, deadline: float, last_attempt: bool) -> Reply | None:
        """The answer to ``request``, or None at the deadline.

        An exact copy of the request is an echo, or (8A open) possibly the answer "still
        closed". With ``echo="auto"`` the copy is held back: any other answer wins, and
        the copy is believed only on the last attempt and only if nothing else (say, a
        corrupted answer) followed it. Boards found echoing are remembered.
        """
        echo = True if request.board in self._echoing else request.echo
        seen_echo = False
        held: bytes | None = None
        discarded_at_hold = 0
        while time.monotonic() < deadline and self._serial is not None:
            for frame in self._read_frames():
                if frame == request.raw:
                    if echo is True and not seen_echo:
                        seen_echo = True
                        continue
                    if echo == "auto":
                        reply = self.protocol.decode_reply(frame)
                        if reply is None or not self.protocol.answers(request, reply):
                            self._learn_echo(request.board)  # cannot be an answer
                            continue
                        if held is None:
                            held = frame
                            discarded_at_hold = self._parser.discarded
                            continue
                reply = self.protocol.decode_reply(frame)
                if reply is not None and self.protocol.answers(request, reply):
                    if held is not None:
                        self._learn_echo(request.board)
                    return reply
                self._deliver([frame])
        if held is not None and last_attempt and self._parser.discarded == discarded_at_hold:
            return self.protocol.decode_reply(held)
        return None

    def _learn_echo(self, board: int) -> None:
        if board not in self._echoing:
            self._echoing.add(board)
            log.info("locker bus %s: board %d echoes requests", self.name, board)

    def _finish(self, job: _Job, reply: Reply | None, error: DeviceError | None) -> None:
        if job.on_result is not None:
            self._guard(job.on_result, reply, error)
        if job.future is not None and not job.future.done():
            if error is not None:
                job.future.set_exception(error)
            else:
                job.future.set_result(reply)

    def _guard(self, callback: Callable[..., object], *args: object) -> None:
        try:
            callback(*args)
        except Exception:
            log.exception("locker bus %s: callback failed", self.name)
