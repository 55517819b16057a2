"""What every screen shares: its host (:class:`ui.screens.host.ScreenHost`, the one
interface a screen may ask things of), retranslation, a reset and its layout.

A resident screen lays its content out in a reading column (at most
:data:`ui.theme.READING_WIDTH_PX` wide, centred) anchored near the top, so the main
button sits right under what it acts on rather than at the far end of an empty screen;
what is below the content is empty. The orientation is chosen from the aspect ratio at
every resize (:meth:`Screen.set_portrait`), so the same screen fits a 1920x1080 and a
1080x1920 panel. Service screens (``FILL``) use the whole screen.

A screen keeps what it shows as data and renders it in :meth:`Screen.retranslate`, so a
language switch mid-session redraws everything, and :meth:`Screen.reset` drops all of a
resident's data so nothing of the previous person survives a logout.
"""

from __future__ import annotations

import re
from datetime import date
from enum import Enum

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.reasons import HelpSite, Reason
from ui import theme
from ui.screens.host import ScreenHost
from ui.screens.parts import BookRow, Mark


def label(text: str = "", name: str = "", wrap: bool = True) -> QLabel:
    widget = QLabel(text)
    if name:
        widget.setObjectName(name)
    widget.setWordWrap(wrap)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    return widget


def button(text: str = "", primary: bool = False, name: str = "") -> QPushButton:
    widget = QPushButton(text)
    if primary:
        widget.setObjectName("primary")
    if name:
        widget.setAccessibleName(name)
    widget.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    return widget


def keep_space(widget: QLabel) -> QLabel:
    """A line that comes and goes (an error, a hint) keeps its room while hidden, so
    nothing below it moves under a finger."""
    policy = widget.sizePolicy()
    policy.setRetainSizeWhenHidden(True)
    widget.setSizePolicy(policy)
    return widget


class _KeepLines(QObject):
    """Keeps a label's room for ``lines`` lines of its current font: set now, and again
    whenever its font or style changes (large text, high contrast)."""

    def __init__(self, widget: QLabel, lines: int):
        super().__init__(widget)
        self.lines = lines
        self.apply(widget)
        widget.installEventFilter(self)

    def apply(self, widget: QLabel) -> None:
        widget.ensurePolished()
        widget.setMinimumHeight(self.lines * widget.fontMetrics().lineSpacing())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange) and isinstance(
            watched, QLabel
        ):
            self.apply(watched)
        return False


def keep_lines(widget: QLabel, lines: int) -> QLabel:
    """Room for ``lines`` lines of the widget's text whether it is shown, hidden or shorter:
    an error appearing (or wrapping) never moves what is below it under a finger."""
    keep_space(widget)
    _KeepLines(widget, lines)
    return widget


def clear_layout(layout: QLayout) -> None:
    # takeAt answers None once the layout is empty
    while (item := layout.takeAt(0)) is not None:
        widget = item.widget()
        if widget is not None:
            widget.setParent(None)
            widget.deleteLater()
        elif (inner := item.layout()) is not None:
            clear_layout(inner)


class RowList(QScrollArea):
    """A scrolling column of row widgets (touch-friendly, unlike item views), as tall as
    its rows up to the room there is, so the button under it stays next to the list."""

    MIN_ROWS_PX = 160  # about two rows stay visible however full the screen is

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)
        inner = QWidget()
        self.inner = inner
        self.rows = QVBoxLayout(inner)
        self.rows.setContentsMargins(0, 0, 0, 0)
        self.rows.setSpacing(theme.SPACE["s"])
        self.rows.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.setWidget(inner)

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self.inner.sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        return QSize(
            super().minimumSizeHint().width(), min(self.MIN_ROWS_PX, self.sizeHint().height())
        )

    def clear(self) -> None:
        clear_layout(self.rows)
        self.updateGeometry()

    def add(self, widget: QWidget) -> None:
        self.rows.addWidget(widget)
        widget.show()  # now, not on the layout's next pass: what is listed is on screen
        self.updateGeometry()


def due_text(due: date | None) -> str:
    """A due date as the screens show it; "-" where the core gave none (it always does
    for a loan that was made or renewed)."""
    return due.isoformat() if due is not None else "-"


def reason_row(
    title: str,
    reason: Reason | None,
    ok_text: str,
    lang: str,
    site: HelpSite,
    mark: Mark | None = None,
) -> BookRow:
    """One book: its title, then either the good news or why not and what to do, with
    its status mark (``mark`` overrides the tick/cross the reason implies)."""
    if reason is None:
        return BookRow(title, mark or Mark.OK, [(ok_text, "ok")])
    return BookRow(
        title,
        mark or Mark.REFUSED,
        [(reason.text(lang), "error"), (reason.advice(lang, site), "muted")],
    )


class Flow(Enum):
    """The resident's flows, each with the steps its step indicator shows."""

    BORROW = "borrow"
    RETURN = "return"
    RETURN_WITHOUT_CARD = "return_without_card"
    PICKUP = "pickup"

    def steps(self) -> list[str]:
        """The steps in the current language (a shared context: every screen shows them)."""
        identify = QCoreApplication.translate("Steps", "Identify")
        done = QCoreApplication.translate("Steps", "Done")
        books = QCoreApplication.translate("Steps", "Place the books")
        if self is Flow.PICKUP:
            return [identify, QCoreApplication.translate("Steps", "Door opens"), done]
        if self is Flow.RETURN_WITHOUT_CARD:
            return [books, done]
        return [identify, books, done]


class Screen(QWidget):
    """Base of all screens: content goes into ``self.body``, the reading column."""

    FILL = False  # True: the whole screen (service mode's tables), not a reading column
    # How far down the column starts, as a share of the screen's height: a portrait panel's
    # top is out of a child's or a wheelchair user's reach.
    TOP_SHARE = {False: 0.02, True: 0.15}

    def __init__(self, host: ScreenHost):
        super().__init__()
        self.host = host
        self.portrait = False
        outer = QVBoxLayout(self)
        margin = theme.SPACE["l"]
        outer.setContentsMargins(margin, theme.SPACE["m"], margin, theme.SPACE["m"])
        outer.setSpacing(0)
        self.column = QWidget()
        self.body = QVBoxLayout(self.column)
        self.body.setContentsMargins(0, 0, 0, 0)
        self.body.setSpacing(theme.SPACE["m"])
        centre = QHBoxLayout()
        centre.addStretch(1)
        centre.addWidget(self.column, 100)
        centre.addStretch(1)
        if self.FILL:
            outer.addLayout(centre, 1)
        else:
            self.column.setMaximumWidth(theme.READING_WIDTH_PX)
            self.column.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)
            outer.addSpacing(0)
            outer.addLayout(centre)
            outer.addStretch(1)
        self._outer = outer

    def resizeEvent(self, event: QResizeEvent) -> None:
        size = event.size()
        portrait = size.height() > size.width()
        if not self.FILL:
            first = self._outer.itemAt(0)
            spacer = first.spacerItem() if first is not None else None
            if spacer is not None:
                # Preferred: the room above gives way first when the content needs it.
                spacer.changeSize(
                    0,
                    round(size.height() * self.TOP_SHARE[portrait]),
                    QSizePolicy.Policy.Minimum,
                    QSizePolicy.Policy.Preferred,
                )
                self._outer.invalidate()
        if portrait != self.portrait:
            self.portrait = portrait
            self.set_portrait(portrait)
        super().resizeEvent(event)

    def set_portrait(self, portrait: bool) -> None:
        """Lay the screen out for a portrait (taller than wide) or landscape panel."""

    @property
    def lang(self) -> str:
        return self.host.language

    def enter(self) -> None:
        """Called when the screen is shown."""

    def leave(self) -> None:
        """Called when another screen is shown."""

    def reset(self) -> None:
        """Forget everything of the current resident."""

    def retranslate(self) -> None:
        """Set every text in the current language."""

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def button_row(self, *buttons: QPushButton) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(theme.SPACE["m"])
        for b in buttons:
            row.addWidget(b)
        return row


def fmt(template: str, *args: object) -> str:
    """Fill Qt-style ``%1``..``%9`` placeholders in one pass (a title may contain ``%2``)."""
    return re.sub(r"%([1-9])", lambda m: str(args[int(m.group(1)) - 1]), template)
