"""Off-UI-thread work: jobs on the core thread, and the identification pollers.

``CoreWorker`` hands every call into :class:`kiosk.circulation.Circulation` and the
devices it drives (RFID pad, locker doors, receipt printer, sync) to the runtime's one
``kiosk-core`` thread (:meth:`runtime.core.Runtime.submit`): one owner for the circulation
state and for each device, as the core and the drivers require. Results come back to the
UI thread as a queued Qt signal and are handed to the job's callbacks there.

Results are bound to a *generation*: logging out bumps it, so the answer of a job that
belonged to the previous resident is dropped instead of reaching the screen.

``DevicePoller`` owns one identification device (card reader or QR scanner) on its own
thread and reports what it reads as a signal; the UI decides what a read means on the
current screen. Its errors come in two kinds (:func:`is_misread`): a *misread* is the
resident's to fix (card pulled off mid-read, a card that is not ours, a code the scanner
could not decode) and says nothing about the device; anything else is a device fault.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any, TypeGuard

from PySide6.QtCore import QObject, Qt, Signal, Slot

from kiosk.devices import CardRemoved, DeviceError, UnknownCard

log = logging.getLogger(__name__)

Submit = Callable[..., Future[Any]]


@dataclass
class Job:
    fn: Callable[..., Any]
    args: tuple[Any, ...]
    done: Callable[[Any], None] | None
    failed: Callable[[BaseException], None] | None
    generation: int | None
    label: str
    result: Any = None
    error: BaseException | None = None


class CoreWorker(QObject):
    """Jobs on the core thread; results on the UI thread."""

    finished = Signal(object)  # a Job, emitted on the core thread, delivered queued
    idle = Signal()  # no job left
    step = Signal(str)  # a Circulation on_step label, for progress

    def __init__(self, submit: Submit, parent: QObject | None = None):
        super().__init__(parent)
        self._submit = submit
        self.generation = 0
        self._pending = 0
        self._lock = threading.Lock()
        self._stopped = False
        # Queued even when a job finishes before submit() returns: callbacks always run
        # from the event loop, never inside the caller.
        self.finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @property
    def busy(self) -> bool:
        with self._lock:
            return self._pending > 0

    def submit(
        self,
        fn: Callable[..., Any],
        *args: Any,
        done: Callable[[Any], None] | None = None,
        failed: Callable[[BaseException], None] | None = None,
        session_bound: bool = True,
        label: str = "",
    ) -> None:
        """Run ``fn(*args)`` on the core thread; ``done(result)`` or ``failed(exc)`` on the
        UI thread, unless the session ended meanwhile (``session_bound``)."""
        if self._stopped:
            return
        job = Job(fn, args, done, failed, self.generation if session_bound else None, label)
        with self._lock:
            self._pending += 1
        self._submit(self._run, job)

    def new_generation(self) -> None:
        """Forget the answers of every job submitted so far (the session ended)."""
        self.generation += 1

    def on_step(self, label: str) -> None:
        """Circulation's step hook; runs on the core thread."""
        self.step.emit(label)

    def _run(self, job: Job) -> None:
        try:
            job.result = job.fn(*job.args)
        except Exception as exc:  # handed to the UI, which explains it
            job.error = exc
            if not _expected(exc):
                log.exception("job %s failed", job.label or job.fn)
        self.finished.emit(job)

    @Slot(object)
    def _deliver(self, job: Job) -> None:
        with self._lock:
            self._pending -= 1
            now_idle = self._pending == 0
        if self._stopped:
            return
        if job.generation is None or job.generation == self.generation:
            if job.error is None:
                if job.done is not None:
                    job.done(job.result)
            elif job.failed is not None:
                job.failed(job.error)
            else:
                log.error("unhandled failure in %s: %s", job.label, job.error)
        if now_idle:
            self.idle.emit()

    def stop(self) -> None:
        """Deliver nothing more (the window is closing); the runtime owns the thread."""
        self._stopped = True


def _expected(exc: BaseException) -> bool:
    from kiosk.circulation import PinRequired, Refused

    return isinstance(exc, Refused | DeviceError | PinRequired)


class UnreadableCode(DeviceError):
    """The scanner saw a code but what it sent could not be one (held at an angle, a
    damaged print): scan again. The scanner itself answered, so it is not faulty."""

    code = "unreadable_code"


# The errors of a read the resident can put right.
Misread = CardRemoved | UnknownCard | UnreadableCode


def is_misread(exc: BaseException) -> TypeGuard[Misread]:
    """A read the resident can put right; the device that reported it works."""
    return isinstance(exc, Misread)


def scanner_reads(scanner: Any) -> Callable[[float], str | None]:
    """``scanner.read_code`` for a :class:`DevicePoller`, raising :class:`UnreadableCode`
    when the driver dropped a line as not-a-code while nothing good came (serial drivers
    count those in ``rejected`` instead of raising, so noise never becomes a login)."""
    if not hasattr(scanner, "rejected"):
        read_code: Callable[[float], str | None] = scanner.read_code
        return read_code

    def read(timeout_s: float) -> str | None:
        before = scanner.rejected
        code: str | None = scanner.read_code(timeout_s)
        if code is None and scanner.rejected > before:
            raise UnreadableCode(f"{scanner.rejected - before} line(s) dropped", device="scanner")
        return code

    return read


class DevicePoller(QObject):
    """Reads one identification device in a loop on its own thread.

    ``read(timeout_s)`` returns a value or None on timeout; a value is emitted once as
    :attr:`read`. ``settle(timeout_s)`` (optional) is then called until it returns True
    (the card was lifted), so a card lying on the reader logs in once, not again and again.
    Errors are reported as :attr:`failed`: a misread (:func:`is_misread`) every time, then
    settled like a read, so the resident can try again at once; a device fault once, then
    retried every :attr:`RETRY_S` until the device answers (:attr:`recovered`).
    """

    read = Signal(object)
    failed = Signal(object)
    recovered = Signal()
    settled = Signal()  # the card of the last read or misread was lifted; reading again

    POLL_S = 0.3
    RETRY_S = 2.0

    def __init__(
        self,
        name: str,
        read: Callable[[float], Any],
        settle: Callable[[float], bool] | None = None,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.name = name
        self._read = read
        self._settle = settle
        self._stop = threading.Event()
        self._failing = False
        self._thread = threading.Thread(target=self._run, name=f"kiosk-{name}", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                value = self._read(self.POLL_S)
            except Exception as exc:
                if is_misread(exc):  # the device answered: it works
                    log.info("%s misread: %s", self.name, exc)
                    self._answered()
                    self.failed.emit(exc)
                    self._wait_until_settled()
                    continue
                if not self._failing:  # a device fault: report once, back off, try again
                    log.warning("%s failed: %s", self.name, exc)
                    self._failing = True
                    self.failed.emit(exc)
                self._stop.wait(self.RETRY_S)
                continue
            self._answered()
            if value is None:
                continue
            self.read.emit(value)
            self._wait_until_settled()

    def _answered(self) -> None:
        if self._failing:
            self._failing = False
            self.recovered.emit()

    def _wait_until_settled(self) -> None:
        while self._settle is not None and not self._stop.is_set():
            try:
                if self._settle(self.POLL_S):
                    self.settled.emit()
                    return
            except Exception as exc:
                log.warning("%s settle failed: %s", self.name, exc)
                self._stop.wait(self.RETRY_S)
                return

    def stop(self, timeout_s: float = 5.0) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout_s)
