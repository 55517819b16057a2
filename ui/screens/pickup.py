"""Pick up reserved books: which are waiting, in which compartment, and open the doors."""

from __future__ import annotations

from kiosk.model import Hold
from ui.screens.base import RowList, Screen, button, fmt, label


class PickupScreen(Screen):
    def __init__(self, window):
        super().__init__(window)
        self.heading = label(name="title")
        self.hint = label(name="subtitle")
        self.rows = RowList()
        self.open_button = button(primary=True)
        self.back_button = button()
        self.open_button.clicked.connect(self.open_doors)
        self.back_button.clicked.connect(self.back)
        self.body.addWidget(self.heading)
        self.body.addWidget(self.hint)
        self.body.addWidget(self.rows, 1)
        self.body.addLayout(self.button_row(self.back_button, self.open_button))
        self.holds: list[tuple[Hold, str]] = []
        self.loaded = False
        self.reset()

    def enter(self) -> None:
        self.reset()
        session = self.win.session
        if session is None:
            return
        circ = self.win.runtime.circulation

        def ready() -> list[tuple[Hold, str]]:
            out = []
            for hold in circ.holds_ready(session):
                item = circ.store.get_item(hold.item_id)
                out.append((hold, item.title if item else hold.item_id))
            return out

        self.win.worker.submit(ready, done=self._loaded, failed=self.win.job_failed, label="holds")

    def _loaded(self, holds: list[tuple[Hold, str]]) -> None:
        self.holds = holds
        self.loaded = True
        self.retranslate()

    def open_doors(self) -> None:
        self.open_button.setEnabled(False)
        self.win.pickup()

    def back(self) -> None:
        if self.win.session is not None and self.win.session.via == "code":
            self.win.logout()
        else:
            self.win.back_to_menu()

    def reset(self) -> None:
        self.holds = []
        self.loaded = False
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Pick up reserved books"))
        if not self.loaded:
            self.hint.setText(self.tr("Looking for your reserved books…"))
        elif not self.holds:
            self.hint.setText(self.tr("There are no reserved books waiting for you here."))
        else:
            self.hint.setText(self.tr("Touch the button and the doors with your books will open."))
        self.rows.clear()
        for hold, title in self.holds:
            self.rows.add(
                label(
                    fmt(self.tr("%1 — compartment %2"), title, hold.compartment_id or "?"),
                    "subtitle",
                )
            )
        self.open_button.setText(self.tr("Open my doors"))
        self.open_button.setEnabled(bool(self.holds))
        self.back_button.setText(self.tr("Back"))
