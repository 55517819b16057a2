"""Service mode's login: the service PIN on a keypad (6 to 12 digits, with the lockout
the controller reports) or a staff card presented to the reader."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from kiosk.reasons import wait_text
from kiosk.service_pin import DEMO_PIN, PinCheck
from ui.screens.base import Screen, button, fmt, label
from ui.screens.host import ScreenHost
from ui.screens.login import KEYPAD_WIDTH_PX, Keypad

PIN_MAX = 12


class ServiceLoginScreen(Screen):
    def __init__(self, host: ScreenHost):
        super().__init__(host)
        self.column.setMaximumWidth(KEYPAD_WIDTH_PX)
        self.heading = label(name="title")
        self.hint = label(name="subtitle")
        self.demo = label(name="muted")
        self.error = label(name="error")
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setReadOnly(True)
        self.pin.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.keypad = Keypad(self.pin, PIN_MAX)
        self.ok_button = button(primary=True)
        self.back_button = button()
        self.ok_button.clicked.connect(self.submit)
        self.back_button.clicked.connect(lambda: host.logout())
        for w in (self.heading, self.hint, self.demo, self.pin, self.error):
            self.body.addWidget(w)
        self.body.addLayout(self.keypad)
        self.body.addLayout(self.button_row(self.back_button, self.ok_button))
        self.check: PinCheck | None = None
        self.reset()

    def submit(self) -> None:
        if self.pin.text():
            self.ok_button.setEnabled(False)
            self.host.service.login_pin(self.pin.text())

    def show_check(self, check: PinCheck) -> None:
        self.check = check
        self.pin.clear()
        self.ok_button.setEnabled(True)
        self.retranslate()

    def reset(self) -> None:
        self.check = None
        self.pin.clear()
        self.ok_button.setEnabled(True)
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Service mode"))
        self.hint.setText(self.tr("Enter the service PIN or present a staff card."))
        demo = self.host.service.demo_pin
        self.demo.setVisible(demo)
        self.demo.setText(
            fmt(self.tr("Simulated devices: the demo PIN is %1."), DEMO_PIN) if demo else ""
        )
        check = self.check
        if check is None or check.ok:
            self.error.clear()
        elif check.too_short:
            self.error.setText(self.tr("The service PIN has 6 to 12 digits."))
        elif check.locked_for_s:
            self.error.setText(
                fmt(
                    self.tr("Too many wrong PINs: service login is locked. %1"),
                    wait_text(check.locked_for_s, self.lang),
                )
            )
        else:
            self.error.setText(fmt(self.tr("Wrong PIN. %1 tries left."), check.failures_left))
        self.error.setVisible(check is not None and not check.ok)
        self.ok_button.setText(self.tr("Enter"))
        self.back_button.setText(self.tr("Back"))
