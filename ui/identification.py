"""Cards and codes: the two identification devices and what a read means on screen now.

:class:`Identification` owns the card reader's and the QR scanner's
:class:`~ui.worker.DevicePoller` threads and routes each read by the current view: on
the attract screen a card logs in (a staff card opens service mode), a scanned QR
e-card logs in, a scanned pick-up code (:func:`kiosk.pickup_codes.normalise`) starts a
pick-up; in service mode a card is a reader test. It keeps the table of faulty devices
(``device_faults``, shown on the attract screen and in service mode), and tells a
resident how to put a misread right (card lifted too soon, a code the scanner could not
decode) without marking the device faulty.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject

from kiosk.devices import CardRemoved, UnknownCard
from kiosk.ecard import MESSAGES as ECARD_MESSAGES
from kiosk.ecard import EcardVerifier
from kiosk.pickup_codes import CodeSource, normalise
from kiosk.reasons import Reason
from ui.navigation import Navigator, View
from ui.screens.attract import AttractScreen
from ui.screens.host import Cues
from ui.service_mode import ServiceController
from ui.session import SessionController
from ui.worker import CoreWorker, DevicePoller, Misread, is_misread, scanner_reads

log = logging.getLogger(__name__)


class Identification(QObject):
    """The card and scanner pollers, their faults, and where a read leads."""

    def __init__(
        self,
        card_reader: Any,
        scanner: Any,
        worker: CoreWorker,
        cues: Cues,
        navigator: Navigator,
        attract: AttractScreen,
        sessions: SessionController,
        service: ServiceController,
        language: Any,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.worker = worker
        self.cues = cues
        self.navigator = navigator
        self.attract = attract
        self.sessions = sessions
        self.service = service
        self._language = language
        # device name -> the error code of its last failure, until it answers again
        self.device_faults: dict[str, str] = {}
        self.card_poller = DevicePoller(
            "card", card_reader.wait_for_card, card_reader.wait_for_removal, self
        )
        self.card_poller.read.connect(self._on_card)
        self.card_poller.failed.connect(lambda exc: self._poller_failed("card", exc))
        self.card_poller.recovered.connect(lambda: self._device_ok("card"))
        self.scanner_poller = DevicePoller("scanner", scanner_reads(scanner), None, self)
        self.scanner_poller.read.connect(self._on_scan)
        self.scanner_poller.failed.connect(lambda exc: self._poller_failed("scanner", exc))
        self.scanner_poller.recovered.connect(lambda: self._device_ok("scanner"))

    def start(self) -> None:
        self.card_poller.start()
        self.scanner_poller.start()

    def stop(self) -> None:
        self.card_poller.stop()
        self.scanner_poller.stop()

    # --- device standing ----------------------------------------------------------------------

    def report_device_problem(self, device: str, exc: BaseException) -> None:
        code = getattr(exc, "code", type(exc).__name__)
        self.device_faults[device] = code
        log.warning("device %s: %s", device, exc)

    def _device_ok(self, device: str) -> None:
        self.device_faults.pop(device, None)
        self.update_attract_note()

    def _poller_failed(self, device: str, exc: BaseException) -> None:
        if is_misread(exc):
            self._misread(device, exc)
            return
        self.report_device_problem(device, exc)
        self.update_attract_note()

    def _misread(self, device: str, exc: Misread) -> None:
        """A read the resident can put right: say how, on the attract screen, and leave
        the device's standing alone (it answered, so it works)."""
        if self.navigator.view is not View.ATTRACT:
            log.info("%s misread on %s: %s", device, self.navigator.view.value, exc.code)
            return
        self.cues.error()
        if isinstance(exc, UnknownCard):
            self.sessions.show_reason(Reason.PATRON_UNKNOWN)
        elif isinstance(exc, CardRemoved):
            self.attract.show_hint(
                lambda: self.tr("Keep your card on the reader until you hear the tone.")
            )
        else:
            self.attract.show_hint(
                lambda: self.tr(
                    "The code could not be read. Hold it flat under the scanner and scan again."
                )
            )

    def update_attract_note(self) -> None:
        notes = []
        if "card" in self.device_faults:
            notes.append(
                self.tr(
                    "The card reader is not working: log in with the QR e-card or a pick-up code."
                )
            )
        if "scanner" in self.device_faults:
            notes.append(self.tr("The QR scanner is not working: log in with your card."))
        self.attract.set_device_note("\n".join(notes))

    # --- reads ------------------------------------------------------------------------------

    def _on_card(self, read: Any) -> None:
        view = self.navigator.view
        if view is View.SERVICE:
            self.service.card_test(read.uid_hex, read.patron_id)
            return
        session = self.sessions.session
        if session is not None and session.patron_id == read.patron_id:
            return  # the same reader's card again: nothing changes hands
        if view is View.PIN and self.sessions.pin_patron == read.patron_id:
            return  # the card whose PIN is being typed, read again
        waiting = view in (View.ATTRACT, View.SERVICE_LOGIN)
        pin_for = self.sessions.pin_patron
        mid_transaction = self.sessions.runner.running > 0

        def route(is_staff: bool) -> None:
            # The answer arrives later: act only if the screen still waits for a card.
            now = self.navigator.view
            staff_entry = f"staff:card {read.uid_hex[-4:]}"
            if now in (View.ATTRACT, View.SERVICE_LOGIN) and is_staff:
                self.service.enter(staff_entry)
            elif now is View.ATTRACT:
                self.sessions.login(read.patron_id, "card")
            elif (
                not waiting
                and self.sessions.session is session
                and self.sessions.pin_patron == pin_for
            ):
                # Someone else's card mid-visit (or at the PIN screen): the account at
                # the kiosk must change hands, never carry on as the previous reader's;
                # a transaction running now finishes and shows its result first.
                self.sessions.request_hand_over(
                    None if is_staff else read.patron_id,
                    (lambda: self.service.enter(staff_entry)) if is_staff else None,
                    mid_transaction,
                )

        # The staff card list is in the store: read it on the core thread, not here.
        self.worker.submit(
            self.service.is_staff_card,
            read.patron_id,
            done=route,
            session_bound=False,
            label="card",
        )

    def _on_scan(self, text: str) -> None:
        text = text.strip()
        view = self.navigator.view
        if view not in (View.ATTRACT, View.CODE):
            return
        code = normalise(text)
        if EcardVerifier.looks_like_ecard(text):
            if view is View.ATTRACT:
                self.sessions.login_with_ecard(text)
        elif code is not None:
            self.sessions.login_with_code(code, CodeSource.SCANNER)
        elif view is View.ATTRACT:
            self.cues.error()
            self.sessions.show_problem(
                lambda: (
                    self.tr("Sorry"),
                    ECARD_MESSAGES["ecard_malformed"][0 if self._language() == "zh" else 1],
                    "",
                )
            )
