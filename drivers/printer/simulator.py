"""An ESC/POS receipt printer on a pseudo-terminal that records what it printed.

The driver opens :attr:`PrinterSimulator.path` as it would the real printer's port. A
thread ("printer-sim") parses every byte with :class:`EscPosParser`, answers real-time
status requests (``DLE EOT n``) from its paper and cover state, and collects the printed
documents, one per cut. Faults to inject: ``set_paper(Paper.LOW / Paper.OUT)``,
``cover_open``, ``silent`` (answers nothing, like a printer switched off) and
``paper_out_after_lines`` (the roll ends in the middle of a receipt). With the paper out
it prints nothing, like a real printer that has gone offline.
"""

from __future__ import annotations

import logging
import threading

from drivers.printer.escpos_parser import (
    Cut,
    EscPosError,
    EscPosParser,
    PrintedDocument,
    StatusRequest,
    Text,
    add_event,
)
from drivers.printer.status import (
    Paper,
    encode_offline_cause,
    encode_paper,
    encode_printer_status,
)
from drivers.pty import PtyEndpoint

log = logging.getLogger(__name__)


class PrinterSimulator:
    def __init__(self, baud: int = 9600):
        self._pty = PtyEndpoint(baud=baud)
        self.path = self._pty.path
        self.paper = Paper.OK
        self.cover_open = False
        self.silent = False
        self.paper_out_after_lines: int | None = None
        self.documents: list[PrintedDocument] = []
        self.errors: list[str] = []
        self.status_requests = 0
        self.dropped_events = 0
        self._current = PrintedDocument()
        self._parser = EscPosParser()
        self._cond = threading.Condition()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="printer-sim", daemon=True)
        self._thread.start()

    def set_paper(self, paper: Paper) -> None:
        with self._cond:
            self.paper = paper

    def wait_for_documents(self, count: int, timeout_s: float) -> list[PrintedDocument]:
        """The documents printed so far, once there are at least ``count`` (or at timeout)."""
        with self._cond:
            self._cond.wait_for(lambda: len(self.documents) >= count, timeout_s)
            return list(self.documents)

    def close(self) -> None:
        # Stop the thread before closing the pty, so that it never selects on a closed
        # (and possibly reused) file descriptor.
        self._stop.set()
        self._thread.join(timeout=5.0)
        self._pty.close()

    def __enter__(self) -> PrinterSimulator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _run(self) -> None:
        while not self._stop.is_set():
            data = self._pty.read(timeout=0.1)
            if data:
                self._consume(data)

    def _consume(self, data: bytes) -> None:
        try:
            events = self._parser.feed(data)
        except EscPosError as exc:
            log.warning("printer simulator: %s", exc)
            with self._cond:
                self.errors.append(str(exc))
            self._parser = EscPosParser()
            return
        for event in events:
            if isinstance(event, StatusRequest):
                self._answer(event.n)
                continue
            with self._cond:
                if self.paper is Paper.OUT:
                    self.dropped_events += 1
                    continue
                add_event(self._current, event)
                if isinstance(event, Text) and self.paper_out_after_lines is not None:
                    self.paper_out_after_lines -= 1
                    if self.paper_out_after_lines <= 0:
                        self.paper, self.paper_out_after_lines = Paper.OUT, None
                if isinstance(event, Cut):
                    self.documents.append(self._current)
                    self._current = PrintedDocument()
                    self._cond.notify_all()

    def _answer(self, n: int) -> None:
        with self._cond:
            self.status_requests += 1
            if self.silent:
                return
            paper_out = self.paper is Paper.OUT
            answer = {
                1: encode_printer_status(offline=paper_out or self.cover_open),
                2: encode_offline_cause(self.cover_open, paper_out, error=False),
                3: encode_printer_status(offline=False),
                4: encode_paper(self.paper),
            }[n]
        self._pty.write(bytes([answer]))
