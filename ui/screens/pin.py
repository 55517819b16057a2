"""The patron PIN after a card, where the site asks for one: a keypad and masked digits.

Nothing of the account is shown here: the card is not logged in until the PIN is right.
A wrong PIN, or a card that must wait after too many, is said on the screen itself, in
space kept free for it so the keypad never moves under a finger. A visit handed over
from the previous reader says so here too, since this is the new reader's first screen.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from kiosk.patron_pin import MAX_DIGITS, MIN_DIGITS
from kiosk.reasons import Reason, wait_text
from ui.screens.base import Screen, button, keep_lines, label
from ui.screens.host import ScreenHost
from ui.screens.login import ERROR_LINES, Keypad


class PinEntryScreen(Screen):
    def __init__(self, host: ScreenHost):
        super().__init__(host)
        self.heading = label(name="title")
        self.handover = label(name="banner")
        self.hint = label()
        self.error = keep_lines(label(name="error"), ERROR_LINES)
        self.pin = QLineEdit()
        self.pin.setMaxLength(MAX_DIGITS)
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pin.setReadOnly(True)  # the keypad types; no system keyboard on a kiosk
        self.pin.setAccessibleName("PIN")
        self.keypad = Keypad(self.pin, MAX_DIGITS)
        self.ok_button = button(primary=True)
        self.back_button = button()
        self.ok_button.clicked.connect(self.submit)
        self.back_button.clicked.connect(lambda: host.logout())
        self.pin.textChanged.connect(self._changed)
        self.body.addWidget(self.heading)
        self.body.addWidget(self.handover)
        self.body.addWidget(self.hint)
        self.body.addWidget(self.pin)
        self.body.addWidget(self.error)
        self.body.addLayout(self.keypad)
        self.body.addStretch(1)
        self.body.addLayout(self.button_row(self.back_button, self.ok_button))
        self.reason: Reason | None = None
        self.wait_s: int | None = None
        self.reset()

    def _changed(self, text: str) -> None:
        self.ok_button.setEnabled(len(text) >= MIN_DIGITS)

    def submit(self) -> None:
        if len(self.pin.text()) >= MIN_DIGITS:
            self.ok_button.setEnabled(False)
            self.host.resident.login_with_pin(self.pin.text())

    def show_refusal(self, reason: Reason, wait_s: int | None = None) -> None:
        """A wrong PIN; ``wait_s``: how long this card must wait before the next one."""
        self.reason = reason
        self.wait_s = wait_s
        self.pin.clear()
        self.retranslate()

    def enter(self) -> None:
        self.retranslate()

    def reset(self) -> None:
        self.reason = None
        self.wait_s = None
        self.pin.clear()
        self._changed("")
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Enter your PIN"))
        self.handover.setVisible(self.host.resident.handed_over)
        self.handover.setText(
            self.tr("A new card was read, so the previous reader has been logged out.")
        )
        self.hint.setText(
            self.tr("This library asks for your card's PIN before you borrow. Cover the keys.")
        )
        if self.reason is None:
            self.error.clear()
        else:
            lines = [self.reason.text(self.lang), self.reason.advice(self.lang)]
            if self.wait_s:
                lines.insert(1, wait_text(self.wait_s, self.lang))
            self.error.setText("\n".join(lines))
        self.keypad.keys["C"].setText(self.tr("Clear"))
        self.ok_button.setText(self.tr("OK"))
        self.back_button.setText(self.tr("Back"))
