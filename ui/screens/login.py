"""Pick-up code entry (an on-screen keypad) and the message screen for refusals."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLineEdit

from kiosk.pickup_codes import CODE_DIGITS
from kiosk.reasons import Reason, wait_text
from ui import theme
from ui.screens.base import Flow, Screen, button, keep_lines, label
from ui.screens.host import ScreenHost
from ui.screens.parts import StepIndicator

ERROR_LINES = 4  # a refusal's reason, wait and advice, with one of them wrapped
# A keypad wider than this spreads the keys beyond a thumb's easy reach.
KEYPAD_WIDTH_PX = 720


class Keypad(QGridLayout):
    """Digits 1-9, delete, 0, clear: large keys for touch, feeding one line edit."""

    def __init__(self, target: QLineEdit, max_length: int):
        super().__init__()
        self.setSpacing(theme.SPACE["s"])
        self.target = target
        self.max_length = max_length
        self.keys = {}
        for n, key in enumerate(["1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0", "C"]):
            b = button(key)
            b.setObjectName("key")
            b.clicked.connect(lambda _=False, k=key: self.press(k))
            self.addWidget(b, n // 3, n % 3)
            self.keys[key] = b

    def press(self, key: str) -> None:
        text = self.target.text()
        if key == "⌫":
            self.target.setText(text[:-1])
        elif key == "C":
            self.target.clear()
        elif len(text) < self.max_length:
            self.target.setText(text + key)


class CodeEntryScreen(Screen):
    def __init__(self, host: ScreenHost):
        super().__init__(host)
        self.column.setMaximumWidth(KEYPAD_WIDTH_PX)
        self.steps = StepIndicator()
        self.heading = label(name="title")
        self.hint = label()
        # Room for the longest refusal (reason, wait, advice, one of them wrapped) even
        # while there is none, so a refusal never pushes the keypad under a finger.
        self.error = keep_lines(label(name="error"), ERROR_LINES)
        self.code = QLineEdit()
        self.code.setMaxLength(CODE_DIGITS)
        self.code.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code.setReadOnly(True)  # the keypad types; no system keyboard on a kiosk
        self.keypad = Keypad(self.code, CODE_DIGITS)
        self.ok_button = button(primary=True)
        self.back_button = button()
        self.ok_button.clicked.connect(self.submit)
        self.back_button.clicked.connect(lambda: host.logout())
        self.code.textChanged.connect(self._changed)
        self.body.addWidget(self.steps)
        self.body.addWidget(self.heading)
        self.body.addWidget(self.hint)
        self.body.addWidget(self.code)
        self.body.addWidget(self.error)
        self.body.addLayout(self.keypad)
        # "Open" right under the keypad, where the thumb already is.
        self.body.addLayout(self.button_row(self.back_button, self.ok_button))
        self.reason: Reason | None = None
        self.wait_s: int | None = None
        self.reset()

    def _changed(self, text: str) -> None:
        self.ok_button.setEnabled(len(text) == CODE_DIGITS)

    def submit(self) -> None:
        if len(self.code.text()) == CODE_DIGITS:
            self.ok_button.setEnabled(False)
            self.host.resident.login_with_code(self.code.text())

    def show_refusal(self, reason: Reason, wait_s: int | None = None) -> None:
        """A refused code; ``wait_s``: how long before the keypad takes another."""
        self.reason = reason
        self.wait_s = wait_s
        self.code.clear()
        self.retranslate()

    def reset(self) -> None:
        self.reason = None
        self.wait_s = None
        self.code.clear()
        self._changed("")
        self.retranslate()

    def retranslate(self) -> None:
        self.steps.show_steps(Flow.PICKUP.steps(), 0)
        self.heading.setText(self.tr("Pick up reserved books"))
        self.hint.setText(self.tr("Enter the 6-digit pick-up code from your text message."))
        if self.reason is None:
            self.error.clear()
        else:
            lines = [self.reason.text(self.lang), self.reason.advice(self.lang, self.host.site)]
            if self.wait_s:
                lines.insert(1, wait_text(self.wait_s, self.lang))
            self.error.setText("\n".join(lines))
        self.keypad.keys["C"].setText(self.tr("Clear"))
        self.ok_button.setText(self.tr("Open"))
        self.back_button.setText(self.tr("Back"))


@dataclass(frozen=True)
class _RefusalMessage:
    reason: Reason
    extra: Callable[[], str] | None  # a further line, rendered in the current language


@dataclass(frozen=True)
class _ProblemMessage:
    render: Callable[[], tuple[str, str, str]]  # (heading, text, advice)


class MessageScreen(Screen):
    """A refusal or a problem, in plain words, with what to do next."""

    def __init__(self, host: ScreenHost):
        super().__init__(host)
        self.heading = label(name="title")
        self.text = label(name="error")
        self.advice = label(name="subtitle")
        self.extra = label(name="muted")
        self.ok_button = button(primary=True)
        self.ok_button.clicked.connect(self._ok)
        self.body.addWidget(self.heading)
        self.body.addWidget(self.text)
        self.body.addWidget(self.advice)
        self.body.addWidget(self.extra)
        self.body.addSpacing(theme.SPACE["m"])
        self.body.addLayout(self.button_row(self.ok_button))
        self._content: _RefusalMessage | _ProblemMessage | None = None
        self.reset()

    def show_reason(self, reason: Reason, extra: Callable[[], str] | None = None) -> None:
        """``extra`` renders a further line (e.g. the credit level) in the current language."""
        self._content = _RefusalMessage(reason, extra)
        self.retranslate()

    def show_problem(self, render: Callable[[], tuple[str, str, str]]) -> None:
        """``render`` gives (heading, text, advice) in the current language."""
        self._content = _ProblemMessage(render)
        self.retranslate()

    def _ok(self) -> None:
        self.host.resident.message_acknowledged()

    def reset(self) -> None:
        self._content = None
        self.retranslate()

    def retranslate(self) -> None:
        self.ok_button.setText(self.tr("OK"))
        content = self._content
        if content is None:
            self.heading.clear()
            self.text.clear()
            self.advice.clear()
            self.extra.clear()
        elif isinstance(content, _RefusalMessage):
            self.heading.setText(self.tr("Sorry"))
            self.text.setText(content.reason.text(self.lang))
            self.advice.setText(content.reason.advice(self.lang, self.host.site))
            self.extra.setText(content.extra() if content.extra else "")
        else:
            heading, text, advice = content.render()
            self.heading.setText(heading)
            self.text.setText(text)
            self.advice.setText(advice)
            self.extra.clear()
