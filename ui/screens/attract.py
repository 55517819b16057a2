"""The attract screen: who we are, when we are open, what you can do, how to log in.

A drawing of the terminal's front shows where the card (1), the phone's QR e-card (2)
and the books (3) go, beside the numbered steps in words (landscape) or above them
(portrait).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QBoxLayout, QGridLayout, QVBoxLayout

from ui import theme
from ui.screens.base import Screen, button, keep_space, label
from ui.screens.host import ScreenHost
from ui.screens.parts import Icon

HINT_MS = 10_000  # long enough to read twice; the next person should not see it


class AttractScreen(Screen):
    def __init__(self, host: ScreenHost):
        super().__init__(host)
        self.site_name = label(name="title")
        self.site_name.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hours = label(name="subtitle")
        self.hours.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.out_of_service = label(name="banner")
        self.out_of_service.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.what = label()
        self.how = label(name="subtitle")
        self.picture = Icon("terminal-front", theme.mm_to_px(60))
        self.picture.setAccessibleName("where the card, the QR code and the books go")
        # The three places on the drawing, numbered as on it.
        self.places = [label(name="subtitle") for _ in range(3)]
        place_icons = ("id", "qrcode", "book")
        self.device_note = label(name="error")
        # A misread the resident can put right (card lifted too soon, code not decoded).
        self.hint = label(name="error")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._hint: Callable[[], str] | None = None
        self._hint_timer = QTimer(self)
        self._hint_timer.setSingleShot(True)
        self._hint_timer.setInterval(HINT_MS)
        self._hint_timer.timeout.connect(self.clear_hint)
        self.code_button = button(primary=True)
        self.return_button = button()
        self.service_button = button()
        self.code_button.clicked.connect(host.resident.show_code_entry)
        self.return_button.clicked.connect(host.resident.start_return_without_login)
        self.service_button.clicked.connect(host.service.show_login)
        keep_space(self.hint)
        self.body.addWidget(self.site_name)
        self.body.addWidget(self.hours)
        self.body.addWidget(self.out_of_service)
        # The drawing and the numbered places: side by side, or stacked in portrait.
        self.guide = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.guide.setSpacing(theme.SPACE["xl"])
        self.guide.addWidget(self.picture, 0, Qt.AlignmentFlag.AlignCenter)
        steps = QVBoxLayout()
        steps.setSpacing(theme.SPACE["m"])
        steps.addWidget(self.how)
        grid = QGridLayout()
        grid.setHorizontalSpacing(theme.SPACE["m"])
        for row, (place, icon) in enumerate(zip(self.places, place_icons, strict=True)):
            grid.addWidget(Icon(icon), row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(place, row, 1)
        grid.setColumnStretch(1, 1)
        steps.addLayout(grid)
        steps.addWidget(self.what)
        self.guide.addLayout(steps, 1)
        self.body.addLayout(self.guide)
        self.body.addWidget(self.hint)
        self.body.addWidget(self.device_note)
        self.body.addSpacing(theme.SPACE["m"])
        self.body.addLayout(self.button_row(self.code_button, self.return_button))
        service_row = self.button_row(self.service_button)
        service_row.insertStretch(0, 4)
        self.body.addLayout(service_row)
        self.retranslate()

    def set_portrait(self, portrait: bool) -> None:
        self.guide.setDirection(
            QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        )

    def set_out_of_service(self, reason: str | None) -> None:
        self.out_of_service.setVisible(bool(reason))
        self.code_button.setEnabled(not reason)
        self.return_button.setEnabled(not reason)
        self.retranslate()

    def show_hint(self, render: Callable[[], str]) -> None:
        """Show a short how-to (rendered in the current language) for a while."""
        self._hint = render
        self._hint_timer.start()
        self.retranslate()

    def clear_hint(self) -> None:
        self._hint_timer.stop()
        self._hint = None
        self.retranslate()

    def leave(self) -> None:
        self.clear_hint()

    def reset(self) -> None:
        self.clear_hint()

    def set_device_note(self, text: str) -> None:
        self.device_note.setText(text)
        self.device_note.setVisible(bool(text))

    def retranslate(self) -> None:
        site = self.host.site
        self.site_name.setText(site.name_en if self.lang == "en" and site.name_en else site.name)
        hours = site.opening_hours
        self.hours.setText(
            self.tr("Open 24 hours")
            if hours == "00:00-24:00"
            else self.tr("Open %1").replace("%1", hours)
        )
        self.out_of_service.setText(
            self.tr("This terminal is out of service for maintenance. Sorry for the trouble.")
        )
        self.what.setText(
            self.tr(
                "Here you can borrow and return books, renew your loans, and pick up the "
                "books you reserved from the lockers."
            )
        )
        self.how.setText(
            self.tr(
                "To start, place your library card on the card reader, or scan the QR e-card "
                "in the library app under the scanner. Picking up with a code? Enter your "
                "pick-up code."
            )
        )
        for place, text in zip(
            self.places,
            (
                self.tr("1  Library card: on the card reader"),
                self.tr("2  QR e-card on your phone: under the scanner"),
                self.tr("3  Books: on the book pad"),
            ),
            strict=True,
        ):
            place.setText(text)
        self.hint.setText(self._hint() if self._hint is not None else "")
        self.hint.setVisible(self._hint is not None)
        self.code_button.setText(self.tr("Enter pick-up code"))
        self.return_button.setText(self.tr("Return books (no card needed)"))
        self.service_button.setText(self.tr("Staff"))
        if site.service_phone:
            self.what.setText(
                self.what.text() + "\n" + self.tr("Help: call %1").replace("%1", site.service_phone)
            )
