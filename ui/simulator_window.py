"""The simulator control window: be the resident and the hardware on a laptop.

Beside the kiosk window when the devices are simulated (the default site). It drives
the simulators that sit behind the real drivers: tagged books onto and off the RFID pad
(a catalogue of sample books, Chinese and English), a patron card or staff card onto the
reader, a QR e-card or a pick-up code under the scanner, locker doors opened, closed,
jammed or forced, a failing reader or printer, and the network to the central library
cut or restored. Everything here happens to the simulated hardware; the kiosk sees it
only through its drivers, exactly as it would see real devices.

It is a tool for whoever demonstrates the kiosk, not part of the kiosk: it has its own
fixed style sheet (:data:`STYLE`, which wins over the application's), so the kiosk's
large-text and high-contrast switches do not change it, and it lays out in 560 px
without clipping a word. Without a window manager nothing places windows: it puts
itself on a second screen when there is one, otherwise it opens collapsed to a small
handle in the top-left corner of the kiosk's screen, where the kiosk has no controls
(the top bar's buttons are on the right), and unfolds from there when touched.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.sample_data import BOOKS, DEMO_PICKUP_CODE
from kiosk.service_pin import DEMO_STAFF_CARD
from ui.screens.base import label

log = logging.getLogger(__name__)

# Sample patrons and what each shows (kiosk.sample_data.PATRONS).
SAMPLE_PATRONS = (
    ("3301000000001", "正常 · all fine"),
    ("3301000000002", "信用680 · credit 680"),
    ("3301000000003", "信用512 · below threshold"),
    ("3301000000004", "挂失 · lost card"),
    ("3301000000005", "有预约 · hold in A01"),
)
WIDTH = 560  # the window's width, expanded; everything is laid out to fit it
EXPANDED_HEIGHT = 900
# Its own look, whatever the kiosk's switches say: a widget's style sheet wins over the
# application's for every property it sets, so each property the kiosk theme sets on
# these widget types is set here too.
STYLE = """
QWidget { background: #f4f4f4; color: #202020; font-size: 10pt; font-weight: normal; }
QGroupBox { font-weight: bold; border: 1px solid #b0b0b0; margin-top: 14px; padding: 4px; }
QGroupBox::title { subcontrol-origin: margin; left: 6px; padding: 0 2px; }
QLabel { background: transparent; padding: 0; }
QPushButton {
    background: #ffffff; color: #202020; border: 1px solid #909090; border-radius: 3px;
    padding: 3px 6px; min-height: 22px; min-width: 0px; font-size: 10pt;
}
QPushButton:checked { background: #2a6fb0; color: #ffffff; }
QPushButton:disabled { background: #f4f4f4; color: #909090; border: 1px dashed #909090; }
QPushButton#handle { font-weight: bold; background: #2a6fb0; color: #ffffff; }
QScrollBar:vertical { width: 12px; }
"""
UNKNOWN_CARD = "9999999999999"


def placement(kiosk_screen: QRect, other_screens: list[QRect], handle: QSize) -> tuple[QRect, bool]:
    """Where the window goes and whether it opens expanded: on the first other screen,
    expanded; else folded to ``handle`` in the kiosk screen's top-left corner."""
    if other_screens:
        area = other_screens[0]
        return QRect(area.topLeft(), area.size().boundedTo(QSize(WIDTH, EXPANDED_HEIGHT))), True
    return QRect(kiosk_screen.topLeft(), handle), False


def card_uid(patron_id: str) -> str:
    """The UID the site's default rule maps to ``patron_id`` (MSB first, decimal)."""
    return f"{int(patron_id):014X}"


class SimulatorWindow(QWidget):
    def __init__(self, runtime: Any, kiosk: Any):
        super().__init__(None, Qt.WindowType.Window | Qt.WindowType.WindowStaysOnTopHint)
        self.runtime = runtime
        self.kiosk = kiosk
        self.sims = runtime.simulators
        self.setWindowTitle("模拟器 · Simulator")
        self.setStyleSheet(STYLE)
        self._kept_tags: dict[str, Any] = {}  # a lifted book keeps its tag state
        self.book_buttons: dict[str, QPushButton] = {}
        self.log_line = label()

        self.content = QWidget()
        layout = QVBoxLayout(self.content)
        layout.addWidget(self._books())
        layout.addWidget(self._cards())
        layout.addWidget(self._doors())
        layout.addWidget(self._faults())
        layout.addWidget(self.log_line)
        layout.addStretch(1)
        self.controls = QScrollArea()
        self.controls.setWidgetResizable(True)
        self.controls.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.controls.setWidget(self.content)
        self.handle = QPushButton()
        self.handle.setObjectName("handle")
        self.handle.setCheckable(True)
        self.handle.toggled.connect(self.set_expanded)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(2, 2, 2, 2)
        outer.setSpacing(2)
        outer.addWidget(self.handle, 0, Qt.AlignmentFlag.AlignLeft)
        outer.addWidget(self.controls, 1)
        self.expanded = True
        self.place_beside(kiosk)

    # --- where it goes ------------------------------------------------------------------

    def place_beside(self, kiosk: QWidget) -> None:
        """Where :func:`placement` says, expanded or folded to the handle."""
        kiosk_screen = kiosk.screen()
        others = [s.availableGeometry() for s in QGuiApplication.screens() if s is not kiosk_screen]
        self.set_expanded(False)
        where, expanded = placement(kiosk_screen.geometry(), others, self.sizeHint())
        self.move(where.topLeft())
        self.set_expanded(expanded, where)

    def set_expanded(self, expanded: bool, area: QRect | None = None) -> None:
        """Unfold the controls below the handle (within ``area``, by default the screen
        it is on), or fold them away to the handle alone."""
        self.expanded = expanded
        self.handle.blockSignals(True)
        self.handle.setChecked(expanded)
        self.handle.blockSignals(False)
        self.handle.setText("▾ 模拟器 · Simulator" if expanded else "▸ 模拟器 · Simulator")
        self.controls.setVisible(expanded)
        if expanded:
            room = area if area is not None else self.screen().availableGeometry()
            below = room.bottom() + 1 - max(self.y(), room.y())
            self.setFixedSize(min(WIDTH, room.width()), min(EXPANDED_HEIGHT, below))
        else:
            self.setFixedSize(self.sizeHint())

    def note(self, text: str) -> None:
        self.log_line.setText(text)
        log.info("simulator: %s", text)

    # --- books ----------------------------------------------------------------------------

    def _books(self) -> QGroupBox:
        box = QGroupBox("书 · Books on the pad")
        grid = QGridLayout(box)
        for n, book in enumerate(BOOKS):
            b = QPushButton(f"{book.title} — {book.author}")
            b.setCheckable(True)
            b.toggled.connect(lambda on, item_id=book.item_id: self.set_book(item_id, on))
            grid.addWidget(b, n, 0)
            self.book_buttons[book.item_id] = b
        blank = QPushButton("无法读取的标签 · unreadable tag")
        blank.setCheckable(True)
        blank.toggled.connect(lambda on: self.set_book("BLANK", on))
        grid.addWidget(blank, len(BOOKS), 0)
        self.book_buttons["BLANK"] = blank
        clear = QPushButton("清空 · clear the pad")
        clear.clicked.connect(self.clear_pad)
        grid.addWidget(clear, len(BOOKS) + 1, 0)
        return box

    def tag_for(self, item_id: str) -> Any:
        from drivers.rfid.sim import library_tag

        if item_id not in self._kept_tags:
            security = self.runtime.config.security
            self._kept_tags[item_id] = library_tag(
                "00000000000000" if item_id == "BLANK" else item_id,
                self.runtime.config.site.owner_isil,
                model="blank" if item_id == "BLANK" else "iso28560-3",
                afi_in_library=security.afi_in_library,
                afi_on_loan=security.afi_on_loan,
            )
        return self._kept_tags[item_id]

    def set_book(self, item_id: str, on: bool) -> None:
        tag = self.tag_for(item_id)
        if on:
            self.sims.rfid.place(tag)
            self.note(f"placed {item_id}")
        else:
            self.sims.rfid.remove(tag.uid)
            self.note(f"removed {item_id}")

    def place_book(self, item_id: str) -> None:
        self.book_buttons[item_id].setChecked(True)

    def remove_book(self, item_id: str) -> None:
        self.book_buttons[item_id].setChecked(False)

    def clear_pad(self) -> None:
        for b in self.book_buttons.values():
            b.setChecked(False)

    # --- cards, e-cards, codes ------------------------------------------------------------

    def _cards(self) -> QGroupBox:
        box = QGroupBox("读者证与二维码 · Cards, QR e-cards, pick-up code")
        grid = QGridLayout(box)
        for n, (patron_id, text) in enumerate(SAMPLE_PATRONS):
            card = QPushButton(f"刷卡 card …{patron_id[-4:]}: {text}")
            card.clicked.connect(lambda _=False, p=patron_id: self.present_card(p))
            qr = QPushButton("二维码 QR")
            qr.clicked.connect(lambda _=False, p=patron_id: self.scan_ecard(p))
            grid.addWidget(card, n, 0)
            grid.addWidget(qr, n, 1)
        row = len(SAMPLE_PATRONS)
        staff = QPushButton("工作人员卡 · staff card")
        staff.clicked.connect(lambda: self.present_card(DEMO_STAFF_CARD))
        unknown = QPushButton("未知卡 · unknown card")
        unknown.clicked.connect(lambda: self.present_card(UNKNOWN_CARD))
        lift = QPushButton("拿走卡 · lift the card")
        lift.clicked.connect(self.lift_card)
        code = QPushButton(f"取书码 · pick-up code {DEMO_PICKUP_CODE}")
        code.clicked.connect(lambda: self.scan(DEMO_PICKUP_CODE))
        grid.addWidget(staff, row, 0)
        grid.addWidget(unknown, row, 1)
        grid.addWidget(lift, row + 1, 0)
        grid.addWidget(code, row + 1, 1)
        return box

    def present_card(self, patron_id: str) -> None:
        """Tap a card: put it on the reader (lift it with 'lift the card')."""
        self.sims.card.remove()
        self.sims.card.present(card_uid(patron_id))
        self.note(f"card {card_uid(patron_id)} on the reader")

    def lift_card(self) -> None:
        self.sims.card.remove()
        self.note("card lifted")

    def scan_ecard(self, patron_id: str) -> None:
        if self.sims.issue_ecard is None:
            self.note("no demo e-card key for this site's keys: no simulated e-cards")
            return
        self.scan(self.sims.issue_ecard(patron_id))

    def scan(self, text: str) -> None:
        self.sims.scanner.scan(text)
        self.note(f"scanned {text[:24]}…" if len(text) > 24 else f"scanned {text}")

    # --- doors ----------------------------------------------------------------------------

    def _doors(self) -> QGroupBox:
        box = QGroupBox("柜门 · Locker doors")
        grid = QGridLayout(box)
        for n, c in enumerate(self.runtime.config.lockers.compartments):
            grid.addWidget(label(c.id, wrap=False), n, 0)
            for col, (text, action) in enumerate(
                (
                    ("拉开 open", self.open_door),
                    ("关上 close", self.close_door),
                    ("卡住 jam", self.jam_door),
                    ("修好 fix", self.unjam_door),
                    ("撬开 force", self.force_door),
                ),
                start=1,
            ):
                b = QPushButton(text)
                b.clicked.connect(lambda _=False, cid=c.id, act=action: act(cid))
                grid.addWidget(b, n, col)
        return box

    def _where(self, compartment_id: str) -> tuple[int, int, str]:
        c = next(c for c in self.runtime.config.lockers.compartments if c.id == compartment_id)
        return c.board, c.lock, c.bus

    def open_door(self, compartment_id: str) -> None:
        board, lock, bus = self._where(compartment_id)
        opened = self.sims.lockers.open_door(board, lock, bus)
        self.note(f"{compartment_id}: {'opened' if opened else 'still locked'}")

    def close_door(self, compartment_id: str) -> None:
        board, lock, bus = self._where(compartment_id)
        self.sims.lockers.close_door(board, lock, bus)
        self.note(f"{compartment_id}: closed")

    def jam_door(self, compartment_id: str) -> None:
        board, lock, bus = self._where(compartment_id)
        self.sims.lockers.jam(board, lock, True, bus)
        self.note(f"{compartment_id}: jammed")

    def unjam_door(self, compartment_id: str) -> None:
        board, lock, bus = self._where(compartment_id)
        self.sims.lockers.jam(board, lock, False, bus)
        self.note(f"{compartment_id}: repaired")

    def force_door(self, compartment_id: str) -> None:
        board, lock, bus = self._where(compartment_id)
        self.sims.lockers.force(board, lock, bus)
        self.note(f"{compartment_id}: forced open")

    # --- faults and network -----------------------------------------------------------------

    def _faults(self) -> QGroupBox:
        box = QGroupBox("网络与故障 · Network and faults")
        row = QHBoxLayout(box)
        self.network_button = QPushButton("断网 · no network")
        self.network_button.setCheckable(True)
        self.network_button.toggled.connect(lambda cut: self.set_network(not cut))
        self.reader_button = QPushButton("读写器故障 · reader fault")
        self.reader_button.setCheckable(True)
        self.reader_button.toggled.connect(self.set_reader_fault)
        self.paper_button = QPushButton("缺纸 · paper out")
        self.paper_button.setCheckable(True)
        self.paper_button.toggled.connect(self.set_paper_out)
        for b in (self.network_button, self.reader_button, self.paper_button):
            row.addWidget(b)
        return box

    def set_network(self, online: bool) -> None:
        self.runtime.network.set_online(online)
        self.note("network restored" if online else "network cut")

    def set_reader_fault(self, broken: bool) -> None:
        """The RFID reader stops answering (the kiosk's next inventory fails and says so)
        until the button is released."""
        self.sims.rfid.set_silent(broken)
        self.note("RFID reader not answering" if broken else "RFID reader answering again")

    def set_paper_out(self, out: bool) -> None:
        from drivers.printer.status import Paper

        printer = self.sims.printer
        if printer is not None:
            printer.simulator.set_paper(Paper.OUT if out else Paper.OK)
            self.note("printer out of paper" if out else "printer paper loaded")
