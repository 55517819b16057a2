"""The running terminal: the ``kiosk-core`` thread and the out-of-service state of a full disk.

Threads: the runtime owns ``kiosk-core``, the one thread that calls the circulation
service and the devices it drives (RFID pad, locker doors, printer). The devices are
opened on it, recovery runs on it, and every caller, the UI's worker included, goes
through :meth:`Runtime.submit` / :meth:`Runtime.call`. Device drivers check that they are
always called from the thread that first used them; this keeps that one thread.

A full disk while running takes the terminal out of service (:meth:`Runtime.
out_of_service_reason` says ``storage_full``, listeners hear the alarm); every
:data:`STORAGE_RETRY_S` a ``storage-retry`` timer has the core thread record the alarm
and run :meth:`Circulation.recover`, and the first attempt that can write settles what
the full disk left pending and puts the terminal back in service.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from kiosk.circulation import Circulation, RecoveryOutcome
from kiosk.config import SiteConfig
from kiosk.devices import CompartmentDoors, RfidPad
from kiosk.ecard import EcardVerifier
from kiosk.store import StorageFull, Store
from runtime.simulated import NetworkSwitch, Simulators

log = logging.getLogger(__name__)

STORAGE_FULL = "storage_full"  # the out-of-service reason and the alarm kind
STORAGE_RETRY_S = 10.0


@dataclass
class Runtime:
    config: SiteConfig
    store: Store
    circulation: Circulation
    pad: RfidPad
    doors: CompartmentDoors | None
    card_reader: Any
    scanner: Any
    printer: Any
    network: NetworkSwitch
    ecard_verifier: EcardVerifier
    # device name -> why it could not be opened at start-up
    unavailable: dict[str, str] = field(default_factory=dict)
    sync: Any = None
    simulators: Simulators | None = None
    recovered: list[RecoveryOutcome] = field(default_factory=list)
    alarm_listeners: list[Callable[[Any], None]] = field(default_factory=list)
    door_listeners: list[Callable[[str, Any], None]] = field(default_factory=list)
    # why the store cannot be written (a full disk), None while it can; kiosk-core only
    storage_full: str | None = None
    storage_retry_s: float = STORAGE_RETRY_S
    _storage_alarm_recorded: bool = False
    _storage_retry_pending: bool = False  # kiosk-core only, like storage_full
    _closers: list[Callable[[], None]] = field(default_factory=list)
    _core: ThreadPoolExecutor | None = None
    _storage_timer: threading.Timer | None = None

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future[Any]:
        """Run ``fn(*args)`` on the kiosk-core thread; the Future carries its result.
        A :class:`StorageFull` from it takes the terminal out of service until the disk
        has space again (the error still reaches the caller)."""
        if self._core is None:
            raise RuntimeError("the runtime is closed")
        return self._core.submit(self._watching_storage, fn, *args)

    def _watching_storage(self, fn: Callable[..., Any], *args: Any) -> Any:
        try:
            return fn(*args)
        except StorageFull as exc:
            self._storage_failed(exc)
            raise

    def _storage_failed(self, exc: StorageFull) -> None:
        if self.storage_full is None:
            log.error("out of service: %s", exc)
            self.storage_full = str(exc)
            self._storage_alarm_recorded = False
            for listener in list(self.alarm_listeners):
                listener(STORAGE_FULL)
        self._retry_storage_later()

    def _retry_storage_later(self) -> None:
        # A flag, not the timer's is_alive(): the retry may run on kiosk-core before the
        # timer thread that submitted it has ended, and must still schedule the next one.
        if self._core is None or self._storage_retry_pending:
            return
        self._storage_retry_pending = True
        self._storage_timer = threading.Timer(self.storage_retry_s, self._submit_storage_retry)
        self._storage_timer.name = "storage-retry"
        self._storage_timer.daemon = True
        self._storage_timer.start()

    def _submit_storage_retry(self) -> None:
        core = self._core
        if core is not None:
            core.submit(self._retry_storage)

    def _retry_storage(self) -> None:
        """On kiosk-core: record the alarm and settle what the full disk left pending.
        Both write, so success means there is space again."""
        self._storage_retry_pending = False
        if self.storage_full is None or self._core is None:
            return
        try:
            if not self._storage_alarm_recorded:
                self.store.raise_alarm(STORAGE_FULL, "store", {"detail": self.storage_full})
                self._storage_alarm_recorded = True
            self.recovered.extend(self.circulation.recover())
        except StorageFull:
            log.warning("storage still full; next try in %g s", self.storage_retry_s)
            self._retry_storage_later()
            return
        log.info("storage has space again: back in service")
        self.storage_full = None
        for listener in list(self.alarm_listeners):
            listener(STORAGE_FULL)

    def out_of_service_reason(self) -> str | None:
        """Why residents cannot use the terminal now (call on kiosk-core), or None."""
        if self.storage_full is not None:
            return STORAGE_FULL
        return self.circulation.out_of_service_reason()

    def call(self, fn: Callable[..., Any], *args: Any) -> Any:
        """Run ``fn(*args)`` on the kiosk-core thread and wait (tests, headless mode)."""
        return self.submit(fn, *args).result()

    def close(self) -> None:
        """Stop sync, close devices and simulators on the core thread, then stop it.
        Safe to call twice."""
        if self._core is None:
            return
        if self._storage_timer is not None:
            self._storage_timer.cancel()
        core, self._core = self._core, None
        core.submit(close_all, self._closers).result()
        core.shutdown()


def close_all(closers: list[Callable[[], None]]) -> None:
    while closers:
        closer = closers.pop()
        try:
            closer()
        except Exception:
            log.exception("error while shutting down")
