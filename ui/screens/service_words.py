"""Words for the codes service mode shows: alarm kinds, devices, out-of-service reasons,
audit actions and outcomes, failures with what to do about them.

The store, the drivers and the audit log speak in codes (``lock_did_not_release``,
``returns_to_empty``, ``service.clear_alarm``); a technician reads words in the kiosk's
language. Every method answers in the current language, and a code nobody has named yet
is shown as it is rather than hidden. The texts live in one class so that
``pyside6-lupdate`` files them under one context, ``ServiceWords``.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from ui.screens.base import fmt


class ServiceWords(QObject):
    """Codes to words, in the language the kiosk shows now."""

    def device(self, name: str) -> str:
        words = {
            "rfid": self.tr("RFID pad"),
            "printer": self.tr("Receipt printer"),
            "card": self.tr("Card reader"),
            "scanner": self.tr("QR scanner"),
            "lockers": self.tr("Lock boards"),
            "store": self.tr("Storage"),
            "outbox": self.tr("Sync queue"),
            "keypad": self.tr("Keypad"),
            "service_pin": self.tr("Service PIN"),
            "resident": self.tr("Resident at the screen"),
        }
        return words.get(name, name)

    def device_state(self, code: str) -> str:
        """A device's state: "" is working, anything else a problem code."""
        words = {
            "": self.tr("working"),
            "paper_low": self.tr("paper low: change the roll soon"),
            "paper_out": self.tr("paper out: change the roll"),
            "cover_open": self.tr("cover open: close the cover"),
            "printer_error": self.tr("printer error: check the printer"),
            "printer_offline": self.tr("not answering: check cable and power"),
            "no_reader": self.tr("no reader: check cable and power"),
            "rfid_reader_error": self.tr("reader error: check cable and power"),
            "board_not_answering": self.tr("not answering: check cable and power"),
            "device_error": self.tr("device error"),
        }
        return words.get(code, code)

    def alarm(self, kind: str) -> str:
        words = {
            "door_left_open": self.tr("Door left open"),
            "door_forced": self.tr("Door opened by force"),
            "lock_did_not_release": self.tr("Lock did not release"),
            "lock_did_not_open": self.tr("Lock did not open"),
            "board_not_answering": self.tr("Lock board not answering"),
            "compartment_out_of_service": self.tr("Compartment out of service"),
            "door_not_closed": self.tr("Door not closed"),
            "check_compartment": self.tr("Check the compartment: a load was undone"),
            "pickup_unconfirmed": self.tr("Pick-up not confirmed by a sensor"),
            "security_state_unknown": self.tr("Book security state unknown"),
            "pickup_code_guessing": self.tr("Pick-up codes being guessed"),
            "service_pin_guessing": self.tr("Service PIN being guessed"),
            "patron_pin_guessing": self.tr("A patron's PIN being guessed"),
            "device_unavailable": self.tr("Device not found at start-up"),
            "storage_full": self.tr("Storage full"),
            "sync_queue_backlog": self.tr("Events not delivered to the library"),
            "printer_paper_low": self.tr("Printer paper low"),
            "printer_paper_out": self.tr("Printer paper out"),
            "printer_offline": self.tr("Printer not answering"),
            "loan_refused": self.tr("Loan refused by the library system: see the central office"),
            "help_requested": self.tr("A resident asked for help (Help button)"),
        }
        return words.get(kind, kind)

    def subject(self, subject: str) -> str:
        """What an alarm is about: a compartment id stays as it is, devices get words."""
        return self.device(subject)

    def compartment_reason(self, reason: str | None) -> str:
        words = {
            "staff": self.tr("taken out by staff"),
            "returns_to_empty": self.tr("returned books inside: empty it"),
        }
        if not reason:
            return "-"
        return words.get(reason, self.alarm(reason))

    def sensor(self, closed: bool, item: bool | None) -> str:
        door = self.tr("door closed") if closed else self.tr("door open")
        if item is None:
            return door
        return fmt(self.tr("%1, %2"), door, self.tr("item inside") if item else self.tr("empty"))

    def action(self, action: str) -> str:
        words = {
            "borrow": self.tr("Borrow"),
            "return": self.tr("Return"),
            "renew": self.tr("Renew"),
            "pickup": self.tr("Pick-up"),
            "session_start": self.tr("Login"),
            "session_end": self.tr("Logout"),
            "load_hold": self.tr("Hold put in a locker"),
            "remove_hold": self.tr("Hold taken out"),
            "hold_expired": self.tr("Hold expired"),
            "open_compartment": self.tr("Door opened"),
            "terminal_in_service": self.tr("Terminal in service"),
            "terminal_out_of_service": self.tr("Terminal out of service"),
            "service_login": self.tr("Service login"),
            "service_logout": self.tr("Service logout"),
            "service.card_test": self.tr("Card test"),
            "service.reader_inventory": self.tr("Reader inventory"),
            "service.printer_test": self.tr("Printer test page"),
            "service.board_status": self.tr("Lock-board status"),
            "service.open_compartment": self.tr("Test-open a door"),
            "service.begin_loading": self.tr("Open a door to put a hold in"),
            "service.confirm_loaded": self.tr("Hold put in, door closed"),
            "service.expire_holds": self.tr("Check for expired holds"),
            "service.remove_hold": self.tr("Take out an expired hold"),
            "service.clear_alarm": self.tr("Clear an alarm"),
            "service.acknowledge_alarm": self.tr("Acknowledge an alarm"),
            "service.compartment_in_service": self.tr("Compartment back in service"),
            "service.compartment_out_of_service": self.tr("Compartment out of service"),
            "service.terminal_in_service": self.tr("Terminal back in service"),
            "service.terminal_out_of_service": self.tr("Terminal out of service"),
            "service.sync_now": self.tr("Sync now"),
            "service.speech_volume": self.tr("Voice volume"),
            "service.quit": self.tr("Quit the kiosk program"),
        }
        return words.get(action, action)

    def actor(self, actor: str) -> str:
        """Who did it: a masked patron, staff by PIN or card, the terminal itself."""
        kind, _, who = actor.partition(":")
        if kind == "patron":
            return fmt(self.tr("Reader %1"), who)
        if actor == "staff:pin":
            return self.tr("Staff (PIN)")
        if kind == "staff" and who.startswith("card"):
            return fmt(self.tr("Staff (card …%1)"), who.removeprefix("card").strip())
        words = {
            "staff": self.tr("Staff"),
            "system": self.tr("Terminal"),
            "central": self.tr("Central library"),
            "anonymous": self.tr("Anonymous"),
            "printer": self.tr("Receipt printer"),
        }
        return words.get(actor, actor)

    def outcome(self, outcome: str) -> str:
        words = {
            "ok": self.tr("done"),
            "failed": self.tr("failed"),
            "refused": self.tr("refused"),
            "locked": self.tr("locked out"),
            "rolled_back": self.tr("undone"),
            "completed": self.tr("completed"),
            "superseded": self.tr("already done"),
            "not_on_loan": self.tr("was not on loan"),
            "logout": self.tr("logged out"),
            "timeout": self.tr("timed out"),
        }
        return words.get(outcome, outcome)

    def failure(self, code: str) -> str:
        """Why a staff action failed, and what to do."""
        words = {
            "door_not_closed": self.tr("The door is still open: close it, then try again."),
            "lock_did_not_open": self.tr(
                "The lock did not release: check the lock and its cable, then test-open again."
            ),
            "lock_did_not_release": self.tr(
                "The lock did not release: check the lock and its cable, then test-open again."
            ),
            "board_not_answering": self.tr(
                "The lock board does not answer: check its cable and power."
            ),
            "compartment_out_of_service": self.tr(
                "The compartment is out of service: put it back in service first."
            ),
            "paper_out": self.tr("The printer has no paper: change the roll."),
            "printer_error": self.tr("The printer does not answer: check cable and power."),
            "no_reader": self.tr("The reader does not answer: check cable and power."),
        }
        return words.get(code, code)
