"""Guess limits that wall-clock changes and restarts cannot shorten or stretch.

Lockouts (pick-up codes, the service PIN) and the e-card replay memory are measured on
a **steady clock**: ``time.monotonic()`` (Linux ``CLOCK_MONOTONIC``, shared by every
process since boot) together with the kernel's boot id. Setting the wall clock back or
forward moves neither. A wait is stored as ``{"boot", "at", "s"}``: ``s`` seconds still
to wait when the steady clock read ``at`` in boot ``boot``, stored again each time it
is looked at. In the same boot, a restarted kiosk finds the wait running on exactly;
after a reboot the steady clock starts again from an unrelated value, so the wait
resumes with the seconds that were left when it was last looked at (downtime does not
count: a reboot never ends a lockout).

:class:`GuessThrottle` keeps, per source of guesses, how many guesses failed and the
wait before the next one may be tried, in one row of the ``settings`` table.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypedDict

BOOT_ID_PATH = Path("/proc/sys/kernel/random/boot_id")


@dataclass(frozen=True)
class SteadyClock:
    """Seconds on a clock that only moves forward, and which boot they belong to."""

    boot_id: str
    monotonic: Callable[[], float] = time.monotonic

    def now(self) -> float:
        return self.monotonic()


def system_steady_clock() -> SteadyClock:
    """The machine's steady clock. Without a readable boot id (not Linux), every process
    counts as a new boot: waits then resume in full after a restart, never shorter."""
    try:
        boot_id = BOOT_ID_PATH.read_text().strip()
    except OSError:
        boot_id = f"process-{uuid.uuid4()}"
    return SteadyClock(boot_id or f"process-{uuid.uuid4()}")


class WaitJson(TypedDict):
    """A :class:`Wait` as stored in the settings row."""

    boot: str
    at: float
    s: float


class SettingsStore(Protocol):
    """Where a throttle keeps its state: one text value per setting name."""

    def get_setting(self, key: str) -> str | None: ...

    def set_setting(self, key: str, value: str) -> None: ...


@dataclass(frozen=True)
class Wait:
    """``seconds`` left to wait when the steady clock of ``boot`` read ``at``."""

    boot: str
    at: float
    seconds: float

    @classmethod
    def starting(cls, clock: SteadyClock, seconds: float) -> Wait:
        return cls(clock.boot_id, clock.now(), max(0.0, seconds))

    def left(self, clock: SteadyClock) -> float:
        if self.boot != clock.boot_id:
            return self.seconds
        return max(0.0, self.seconds - max(0.0, clock.now() - self.at))

    def resumed(self, clock: SteadyClock) -> Wait:
        """The same wait, anchored now on this boot's clock."""
        return Wait.starting(clock, self.left(clock))

    def to_json(self) -> WaitJson:
        return {"boot": self.boot, "at": self.at, "s": self.seconds}

    @classmethod
    def from_json(cls, data: WaitJson) -> Wait:
        return cls(str(data["boot"]), float(data["at"]), float(data["s"]))


@dataclass(frozen=True)
class SourceState:
    """One source's failed guesses since it was last forgiven, and its waits."""

    failures: int = 0
    retry: Wait | None = None  # no guess from this source is tried before it ends
    forget: Wait | None = None  # when it ends without a new failure, failures reset


@dataclass(frozen=True)
class Verdict:
    """The answer to "may this source guess now?" or to a recorded failure."""

    wait_s: int  # whole seconds to wait before the next guess; 0: may guess now
    failures: int


class GuessThrottle:
    """Failed guesses per source with growing waits, kept in the store's settings.

    ``delay(failures)`` is the wait after the n-th failure in a row; ``forget_after_s``
    (None: never) forgives a source that made no failed guess for that long. Not
    thread-safe on its own: each owner calls it from one thread (kiosk-core).
    """

    def __init__(
        self,
        store: SettingsStore,
        setting: str,
        delay: Callable[[int], float],
        clock: SteadyClock,
        forget_after_s: float | None = None,
    ) -> None:
        self.store = store
        self.setting = setting
        self.delay = delay
        self.clock = clock
        self.forget_after_s = forget_after_s

    def check(self, source: str) -> Verdict:
        """How long ``source`` must still wait before a guess is even looked at."""
        state = self._load().get(source, SourceState())
        return Verdict(_ceil(state.retry.left(self.clock)) if state.retry else 0, state.failures)

    def failed(self, source: str) -> Verdict:
        """Record a wrong guess from ``source``; returns the wait it now owes."""
        states = self._load()
        failures = states.get(source, SourceState()).failures + 1
        wait = float(self.delay(failures))
        states[source] = SourceState(
            failures,
            Wait.starting(self.clock, wait) if wait > 0 else None,
            Wait.starting(self.clock, self.forget_after_s) if self.forget_after_s else None,
        )
        self._save(states)
        return Verdict(_ceil(wait), failures)

    def succeeded(self, source: str) -> None:
        """Forget ``source``'s failures (for secrets only the rightful person knows)."""
        states = self._load()
        if states.pop(source, None) is not None:
            self._save(states)

    def _load(self) -> dict[str, SourceState]:
        raw = self.store.get_setting(self.setting)
        states: dict[str, SourceState] = {}
        changed = False
        for source, data in (json.loads(raw) if raw else {}).items():
            retry = Wait.from_json(data["retry"]) if data.get("retry") else None
            forget = Wait.from_json(data["forget"]) if data.get("forget") else None
            if retry is not None and retry.left(self.clock) <= 0:
                retry, changed = None, True
            if forget is not None and forget.left(self.clock) <= 0:
                changed = True
                if retry is None:
                    continue  # forgiven: quiet for long enough and no wait pending
            # Stored again as what is left now, so that a reboot resumes from the last
            # look rather than from the last failure.
            resumed = (
                retry.resumed(self.clock) if retry else None,
                forget.resumed(self.clock) if forget else None,
            )
            changed = changed or resumed != (retry, forget)
            states[source] = SourceState(int(data["failures"]), *resumed)
        if changed:
            self._save(states)
        return states

    def _save(self, states: dict[str, SourceState]) -> None:
        data = {
            source: {
                "failures": s.failures,
                "retry": s.retry.to_json() if s.retry else None,
                "forget": s.forget.to_json() if s.forget else None,
            }
            for source, s in states.items()
        }
        self.store.set_setting(self.setting, json.dumps(data, sort_keys=True))


def _ceil(seconds: float) -> int:
    whole = int(seconds)
    return whole + 1 if seconds > whole else whole
