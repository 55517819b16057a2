"""Things shown over a screen: the idle countdown, the progress panel, and dialogs.

Dialogs are window-modal and opened with ``open()``, never ``exec()``: no nested event
loop, so an idle logout can close them like anything else (the field's complaint was a
timeout that did not fire while a dialog was open).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui import theme
from ui.screens.base import button, fmt, label


class Overlay(QFrame):
    """A panel centred over its parent that swallows touches to what is beneath."""

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self._over = parent  # the widget this panel is centred over
        self.setObjectName("overlay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(
            theme.SPACE["xl"], theme.SPACE["l"], theme.SPACE["xl"], theme.SPACE["l"]
        )
        self.hide()
        parent.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._over and event.type() == QEvent.Type.Resize:
            self.place()
        return False

    def place(self) -> None:
        over = self._over
        width = min(over.width() - 40, max(480, over.width() * 2 // 3))
        self.setFixedWidth(max(200, width))
        self.adjustSize()
        self.move((over.width() - self.width()) // 2, (over.height() - self.height()) // 2)

    def popup(self) -> None:
        self.place()
        self.show()
        self.raise_()


class IdleWarning(Overlay):
    def __init__(self, parent: QWidget, keep_going: Callable[[], None]):
        super().__init__(parent)
        self.text = label(name="subtitle")
        self.countdown = label(name="countdown")
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.continue_button = button(primary=True)
        self.continue_button.clicked.connect(keep_going)
        self.layout_.addWidget(self.text)
        self.layout_.addWidget(self.countdown)
        self.layout_.addWidget(self.continue_button)
        self.seconds = 0
        self.retranslate()

    def show_seconds(self, seconds: int) -> None:
        self.seconds = seconds
        self.retranslate()
        if not self.isVisible():
            self.popup()

    def retranslate(self) -> None:
        self.text.setText(self.tr("Are you still there? For your privacy, this visit will end."))
        self.countdown.setText(fmt(self.tr("Logging out in %1 s"), self.seconds))
        self.continue_button.setText(self.tr("I'm still here"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class BusyPanel(Overlay):
    """Shown when work takes longer than a moment; ``steps`` > 0 gives a progress bar."""

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.text = label(name="subtitle")
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.bar = QProgressBar()
        self.bar.setTextVisible(False)
        self.layout_.addWidget(self.text)
        self.layout_.addWidget(self.bar)
        self._render: Callable[[], str] = lambda: ""

    def start(self, render: Callable[[], str], steps: int = 0) -> None:
        self._render = render
        self.bar.setRange(0, steps)  # 0..0 is Qt's "busy" animation
        self.bar.setValue(0)
        self.retranslate()

    def advance(self) -> None:
        if self.bar.maximum() > 0:
            self.bar.setValue(min(self.bar.maximum(), self.bar.value() + 1))

    def retranslate(self) -> None:
        self.text.setText(self._render())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class ChoiceDialog(QDialog):
    """A window-modal question with large answers; ``render`` gives the texts in the
    current language: (question, [answer, ...]). ``chosen(index)`` is called once."""

    def __init__(
        self,
        parent: QWidget,
        render: Callable[[], tuple[str, list[str]]],
        chosen: Callable[[int], None],
    ):
        super().__init__(parent, Qt.WindowType.Dialog | Qt.WindowType.FramelessWindowHint)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self._render = render
        self._chosen: Callable[[int], None] | None = chosen
        self.question = label(name="subtitle")
        # The idle countdown, shown here because the dialog covers the window's overlay.
        self.countdown = label(name="countdown")
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.countdown.hide()
        self.seconds_left: int | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(
            theme.SPACE["xl"], theme.SPACE["l"], theme.SPACE["xl"], theme.SPACE["l"]
        )
        layout.addWidget(self.question)
        layout.addWidget(self.countdown)
        row = QHBoxLayout()
        layout.addLayout(row)
        question, answers = render()
        self.answer_buttons: list[QPushButton] = []
        for index, _ in enumerate(answers):
            b = button(primary=index == 0)
            b.clicked.connect(lambda _=False, i=index: self._answer(i))
            row.addWidget(b)
            self.answer_buttons.append(b)
        self.retranslate()

    def _answer(self, index: int) -> None:
        chosen, self._chosen = self._chosen, None
        self.accept()
        if chosen is not None:
            chosen(index)

    def dismiss(self) -> None:
        """Close without an answer: ``chosen`` is not called (the session ended)."""
        self._chosen = None
        self.reject()

    def show_countdown(self, seconds: int | None) -> None:
        """The idle countdown in this dialog (None: the resident touched, hide it)."""
        self.seconds_left = seconds
        self.countdown.setVisible(seconds is not None)
        self.retranslate()
        self.adjustSize()

    def retranslate(self) -> None:
        question, answers = self._render()
        self.question.setText(question)
        for b, text in zip(self.answer_buttons, answers, strict=True):
            b.setText(text)
        self.countdown.setText(
            fmt(self.tr("Are you still there? Logging out in %1 s"), self.seconds_left)
            if self.seconds_left is not None
            else ""
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        parent = self.parentWidget()
        if parent is not None:
            self.resize(min(parent.width() - 40, 720), self.sizeHint().height())
            center = parent.mapToGlobal(parent.rect().center())
            self.move(center.x() - self.width() // 2, center.y() - self.height() // 2)
        super().showEvent(event)
