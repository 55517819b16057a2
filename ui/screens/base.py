"""What every screen shares: its host (:class:`ui.screens.host.ScreenHost`, the one
interface a screen may ask things of), retranslation and a reset.

A screen keeps what it shows as data and renders it in :meth:`Screen.retranslate`, so a
language switch mid-session redraws everything, and :meth:`Screen.reset` drops all of a
resident's data so nothing of the previous person survives a logout.
"""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtCore import QEvent, Qt
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
from ui.screens.host import ScreenHost


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
    """A scrolling column of row widgets (touch-friendly, unlike item views)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        inner = QWidget()
        self.rows = QVBoxLayout(inner)
        self.rows.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.setWidget(inner)

    def clear(self) -> None:
        clear_layout(self.rows)

    def add(self, widget: QWidget) -> None:
        self.rows.addWidget(widget)
        widget.show()  # now, not on the layout's next pass: what is listed is on screen


def due_text(due: date | None) -> str:
    """A due date as the screens show it; "-" where the core gave none (it always does
    for a loan that was made or renewed)."""
    return due.isoformat() if due is not None else "-"


def reason_row(
    title: str, reason: Reason | None, ok_text: str, lang: str, site: HelpSite
) -> QWidget:
    """One item: its title, then either the good news or why not and what to do."""
    row = QFrame()
    row.setFrameShape(QFrame.Shape.StyledPanel)
    layout = QVBoxLayout(row)
    layout.addWidget(label(title, "subtitle"))
    if reason is None:
        layout.addWidget(label(ok_text, "ok"))
    else:
        layout.addWidget(label(reason.text(lang), "error"))
        layout.addWidget(label(reason.advice(lang, site), "muted"))
    return row


class Screen(QWidget):
    """Base of all screens."""

    def __init__(self, host: ScreenHost):
        super().__init__()
        self.host = host
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(24, 16, 24, 16)
        self.body.setSpacing(12)

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
        for b in buttons:
            row.addWidget(b)
        return row


def fmt(template: str, *args: object) -> str:
    """Fill Qt-style ``%1``..``%9`` placeholders in one pass (a title may contain ``%2``)."""
    return re.sub(r"%([1-9])", lambda m: str(args[int(m.group(1)) - 1]), template)
