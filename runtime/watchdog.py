"""systemd's notification protocol for the kiosk: ready, status, stopping, and a watchdog
that pings only while the kiosk-core thread (and the window, when there is one) answer.

The protocol (sd_notify(3)): newline-separated ``KEY=VALUE`` text in one datagram to the
AF_UNIX socket named by ``$NOTIFY_SOCKET`` (a leading ``@`` means the abstract namespace).
``$WATCHDOG_USEC`` is the unit's ``WatchdogSec``; the manager restarts the service when no
``WATCHDOG=1`` arrives within it, so the pinger checks every half of it and sends only
when every liveness probe passed. ``$WATCHDOG_PID`` is not checked: in the unit of
docs/deployment.md the main process is ``xinit`` and the kiosk its child, which the unit
allows with ``NotifyAccess=all``. Without ``$NOTIFY_SOCKET`` (a terminal session, the
tests' default) every call is a no-op. The variables are removed from the environment so
the child processes the kiosk starts (sound players) do not inherit them.

A probe is a name and a callable returning True when that part answered within the time
it was given; the kiosk-core probe queues an empty call on the core thread and waits for
it, so a flow stuck on a device that never answers stops the pings and the service is
restarted (its crash recovery then settles the flow).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future

log = logging.getLogger(__name__)


class ServiceManager:
    """Sends sd_notify messages; does nothing when not started by systemd."""

    def __init__(self, environ: dict[str, str] | None = None) -> None:
        env = os.environ if environ is None else environ
        self.address = env.pop("NOTIFY_SOCKET", "") or None
        usec = env.pop("WATCHDOG_USEC", "")
        env.pop("WATCHDOG_PID", None)
        self.watchdog_s = int(usec) / 1_000_000 if usec.isdigit() and int(usec) > 0 else None

    @property
    def active(self) -> bool:
        return self.address is not None

    def notify(self, **fields: str) -> bool:
        """Send ``KEY=VALUE`` lines (keys upper-cased); False when not sent."""
        if self.address is None:
            return False
        message = "\n".join(f"{key.upper()}={value}" for key, value in fields.items())
        address = "\0" + self.address[1:] if self.address.startswith("@") else self.address
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
                sock.sendto(message.encode(), address)
        except OSError as exc:
            log.warning("cannot notify the service manager at %s: %s", self.address, exc)
            return False
        return True


Probe = Callable[[float], bool]


class Watchdog:
    """The ``kiosk-watchdog`` thread: pings the manager while every probe passes."""

    def __init__(self, manager: ServiceManager, probes: dict[str, Probe]) -> None:
        self.manager = manager
        self.probes = dict(probes)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.interval_s = (manager.watchdog_s or 0) / 2

    def start(self) -> None:
        if not self.manager.active or not self.interval_s:
            return
        self._thread = threading.Thread(target=self._run, name="kiosk-watchdog", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=self.interval_s + 1)

    def check(self) -> list[str]:
        """Names of the probes that did not answer (each is given half the interval)."""
        timeout = max(self.interval_s / 2, 0.1)
        failed = []
        for name, probe in self.probes.items():
            try:
                healthy = probe(timeout)
            except Exception:
                log.exception("watchdog probe %s failed", name)
                healthy = False
            if not healthy:
                failed.append(name)
        return failed

    def _run(self) -> None:
        hung_before: list[str] = []
        while not self._stop.wait(self.interval_s):
            hung = self.check()
            if not hung:
                self.manager.notify(watchdog="1", status="running / 运行中")
            elif hung != hung_before:
                log.error("not answering: %s; the watchdog stops pinging", ", ".join(hung))
                self.manager.notify(status=f"not answering: {', '.join(hung)}")
            hung_before = hung


def core_probe(submit: Callable[[Callable[[], None]], Future[None]]) -> Probe:
    """A probe that passes when an empty call queued on the core thread runs in time."""

    def probe(timeout: float) -> bool:
        future = submit(lambda: None)
        try:
            future.result(timeout)
        except TimeoutError:
            return False
        return True

    return probe


class Heartbeat:
    """A probe for a thread that beats by itself (the Qt event loop, from a timer)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._last = clock()

    def beat(self) -> None:
        self._last = self._clock()

    def probe(self, max_age_s: float) -> Probe:
        def fresh(_timeout: float) -> bool:
            return self._clock() - self._last <= max_age_s

        return fresh
