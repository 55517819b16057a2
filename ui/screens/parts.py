"""Pictograms and the pieces the resident screens are built from: an icon drawn in the
colour of its text, a main-action tile (icon, label, action), a flow's step indicator
and a book row with a status mark.

Icons are SVG files of the Tabler set shipped in ``ui/icons/`` (see its README), drawn
with QtSvg in the widget's own text colour, so they follow the theme (normal, high
contrast) without a colour of their own. A status is never told by colour alone: each
mark has its own shape (tick, cross, warning triangle) and an accessible name.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import Enum
from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QRectF, QSize, Qt
from PySide6.QtGui import QIcon, QPainter, QPaintEvent, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ui import theme

ICONS = Path(__file__).resolve().parents[1] / "icons"


@lru_cache(maxsize=256)
def _svg(name: str, colour: str) -> bytes:
    """The icon's SVG with its ``currentColor`` strokes in ``colour``."""
    text = (ICONS / f"{name}.svg").read_text(encoding="utf-8")
    return text.replace("currentColor", colour).encode("utf-8")


def icon_pixmap(name: str, colour: str, size: int) -> QPixmap:
    """``name`` (a file in ui/icons without .svg) drawn ``size`` px square in ``colour``."""
    renderer = QSvgRenderer(QByteArray(_svg(name, colour)))
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return pixmap


class Icon(QLabel):
    """A pictogram in the colour the style sheet gives this label's text (its object
    name picks the role: ``markOk``, ``markRefused``...)."""

    def __init__(self, name: str, size: int = 0, role: str = ""):
        super().__init__()
        self.icon_name = name
        self._size = size
        if role:
            self.setObjectName(role)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def px(self) -> int:
        return self._size or round(self.fontMetrics().height() * 1.6)

    def sizeHint(self) -> QSize:
        return QSize(self.px(), self.px())

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:
        colour = self.palette().color(self.foregroundRole()).name()
        painter = QPainter(self)
        painter.drawPixmap(0, 0, icon_pixmap(self.icon_name, colour, self.px()))
        painter.end()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.updateGeometry()
        super().changeEvent(event)


class Tile(QToolButton):
    """A large main-action tile: a pictogram above its label; touching it runs ``action``.

    One more action on a menu is one more ``Tile(icon, text, action)``."""

    def __init__(
        self,
        icon: str,
        text: str = "",
        action: Callable[[], None] | None = None,
        primary: bool = False,
    ):
        super().__init__()
        self.icon_name = icon
        self.setObjectName("tile")
        self.setProperty("primary", primary)
        self.setText(text)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        if action is not None:
            self.clicked.connect(lambda _=False: action())
        self._recolour()

    def setText(self, text: str) -> None:
        """A count in brackets goes on a line of its own: a tile is narrow and a tool
        button does not wrap."""
        for bracket in (" (", "（", "("):
            if bracket in text:
                head, _, tail = text.partition(bracket)
                text = f"{head}\n{bracket.strip()}{tail}"
                break
        super().setText(text)

    def _recolour(self) -> None:
        size = theme.icon_px(self.font().pointSize() > theme.base_point_size(False) + 4)
        colour = self.palette().color(self.foregroundRole())
        if not self.isEnabled():
            colour = self.palette().color(QPalette.ColorGroup.Disabled, self.foregroundRole())
        pixmap = icon_pixmap(self.icon_name, colour.name(), size)
        self.setIcon(QIcon(pixmap))
        self.setIconSize(QSize(size, size))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (
            QEvent.Type.StyleChange,
            QEvent.Type.PaletteChange,
            QEvent.Type.FontChange,
            QEvent.Type.EnabledChange,
        ):
            self._recolour()
        super().changeEvent(event)


class StepIndicator(QWidget):
    """Where the resident is in a flow: done steps ticked, the current one highlighted
    (shape and weight, not colour alone), the rest plain; e.g. identify -> place the
    books -> done."""

    def __init__(self) -> None:
        super().__init__()
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.setSpacing(theme.SPACE["s"])
        self.steps: list[str] = []
        self.current = 0
        self.labels: list[QLabel] = []

    def show_steps(self, steps: Sequence[str], current: int) -> None:
        """``steps`` in the current language; ``current`` is the index of the step now."""
        self.steps = list(steps)
        self.current = current
        while (item := self.row.takeAt(0)) is not None:
            widget = item.widget()
            if widget is not None:
                widget.deleteLater()
        self.labels = []
        self.row.addStretch(1)
        for index, text in enumerate(self.steps):
            if index:
                line = QLabel("──")
                line.setObjectName("stepLine")
                self.row.addWidget(line)
            if index < current:
                shown, role = f"✓ {text}", "stepDone"
            elif index == current:
                shown, role = f"{index + 1}  {text}", "stepCurrent"
            else:
                shown, role = f"{index + 1}  {text}", "stepTodo"
            step = QLabel(shown)
            step.setObjectName(role)
            step.setTextFormat(Qt.TextFormat.PlainText)
            self.row.addWidget(step)
            self.labels.append(step)
        self.row.addStretch(1)


class Mark(Enum):
    """A book's status on a list, each with its own shape."""

    OK = ("circle-check", "markOk")
    WARNING = ("alert-triangle", "markWarning")
    REFUSED = ("circle-x", "markRefused")

    @property
    def icon(self) -> str:
        return self.value[0]

    @property
    def role(self) -> str:
        return self.value[1]


class BookRow(QFrame):
    """One book: a book pictogram, its title and lines below, its status mark at the end.

    ``lines`` are (text, role) pairs: role ``ok``/``error``/``muted``/``small``."""

    def __init__(self, title: str, mark: Mark, lines: Sequence[tuple[str, str]]):
        super().__init__()
        self.setObjectName("row")
        self.mark = mark
        layout = QHBoxLayout(self)
        layout.setContentsMargins(
            theme.SPACE["m"], theme.SPACE["s"], theme.SPACE["m"], theme.SPACE["s"]
        )
        layout.setSpacing(theme.SPACE["m"])
        self.book_icon = Icon("book")
        layout.addWidget(self.book_icon, 0, Qt.AlignmentFlag.AlignTop)
        texts = QVBoxLayout()
        texts.setSpacing(theme.SPACE["xs"])
        self.title = _plain(title, "subtitle")
        texts.addWidget(self.title)
        for text, role in lines:
            texts.addWidget(_plain(text, role))
        layout.addLayout(texts, 1)
        self.mark_icon = Icon(mark.icon, role=mark.role)
        self.mark_icon.setAccessibleName(mark.name.lower())
        layout.addWidget(self.mark_icon, 0, Qt.AlignmentFlag.AlignVCenter)


def _plain(text: str, role: str) -> QLabel:
    widget = QLabel(text)
    widget.setObjectName(role)
    widget.setWordWrap(True)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    return widget
