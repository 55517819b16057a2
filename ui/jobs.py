"""Running a resident's or a staff member's transaction off the UI thread.

:meth:`JobRunner.run` hands the work to the core thread (through
:class:`ui.worker.CoreWorker`), holds the idle timeout while it runs (a transaction in
progress is never cut off) and shows the progress panel if it takes longer than
:data:`BUSY_DELAY_MS`, advanced by :attr:`kiosk.circulation.Circulation.on_step`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from ui.idle import IdleMonitor
from ui.overlays import BusyPanel
from ui.worker import CoreWorker

BUSY_DELAY_MS = 300  # work shorter than this shows no progress panel


class JobRunner(QObject):
    """Transactions on the core thread, with the idle hold and the progress panel."""

    finished = Signal()  # a transaction's answer was handed to its callback

    def __init__(
        self,
        worker: CoreWorker,
        idle: IdleMonitor,
        busy: BusyPanel,
        unhandled: Callable[[BaseException], None],
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.worker = worker
        self.idle = idle
        self.busy = busy
        # What a failure the caller did not handle becomes (a message to the resident).
        self.unhandled = unhandled
        self._busy_timer = QTimer(self)
        self._busy_timer.setSingleShot(True)
        self._busy_timer.timeout.connect(self.busy.popup)
        worker.step.connect(self._step)
        self.running = 0  # transactions submitted whose answer has not come back

    def run(
        self,
        fn: Callable[..., Any],
        *args: Any,
        done: Callable[[Any], None],
        failed: Callable[[BaseException], None] | None = None,
        label: str = "",
        busy_text: Callable[[], str] | None = None,
        steps: int = 0,
    ) -> None:
        """A transaction: hold the idle timeout, show progress if it takes a while."""
        self.idle.hold(True)
        self.busy.start(busy_text or (lambda: self.tr("One moment, please…")), steps)
        self._busy_timer.start(BUSY_DELAY_MS)
        self.running += 1
        generation = self.worker.generation

        def finish() -> None:
            self._busy_timer.stop()
            self.busy.hide()
            self.idle.hold(False)

        def on_done(result: Any) -> None:
            finish()
            done(result)
            self._answered(generation)

        def on_failed(exc: BaseException) -> None:
            finish()
            (failed or self.unhandled)(exc)
            self._answered(generation)

        self.worker.submit(fn, *args, done=on_done, failed=on_failed, label=label)

    def _answered(self, generation: int) -> None:
        if generation == self.worker.generation:
            self.running = max(0, self.running - 1)
            self.finished.emit()

    def cancel(self) -> None:
        """The session ended: no progress panel for work whose answer will be dropped."""
        self._busy_timer.stop()
        self.busy.hide()
        self.running = 0

    def _step(self, label: str) -> None:
        if self.busy.bar.maximum() > 0:
            self.busy.advance()
