"""Pick up reserved books: which are waiting, in which compartment, and open the doors."""

from __future__ import annotations

from kiosk.model import Hold
from ui.screens.base import Flow, RowList, Screen, button, fmt, label
from ui.screens.host import ScreenHost
from ui.screens.parts import BookRow, Mark, StepIndicator


class PickupScreen(Screen):
    def __init__(self, host: ScreenHost):
        super().__init__(host)
        self.steps = StepIndicator()
        self.heading = label(name="title")
        self.hint = label(name="subtitle")
        self.rows = RowList()
        self.open_button = button(primary=True)
        self.back_button = button()
        self.open_button.clicked.connect(self.open_doors)
        self.back_button.clicked.connect(self.back)
        self.body.addWidget(self.steps)
        self.body.addWidget(self.heading)
        self.body.addWidget(self.hint)
        self.body.addWidget(self.rows)
        self.body.addLayout(self.button_row(self.back_button, self.open_button))
        self.holds: list[tuple[Hold, str]] = []
        self.loaded = False
        self.reset()

    def enter(self) -> None:
        self.reset()
        if self.host.session is not None:
            self.host.transactions.list_holds_ready(self._loaded)

    def _loaded(self, holds: list[tuple[Hold, str]]) -> None:
        self.holds = holds
        self.loaded = True
        self.retranslate()

    def open_doors(self) -> None:
        self.open_button.setEnabled(False)
        self.host.transactions.pickup()

    def back(self) -> None:
        session = self.host.session
        if session is not None and session.via == "code":
            self.host.logout()
        else:
            self.host.resident.back_to_menu()

    def reset(self) -> None:
        self.holds = []
        self.loaded = False
        self.retranslate()

    def retranslate(self) -> None:
        self.steps.show_steps(Flow.PICKUP.steps(), 1)
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
                BookRow(
                    title,
                    Mark.OK,
                    [
                        (
                            fmt(self.tr("%1 — compartment %2"), title, hold.compartment_id or "?"),
                            "ok",
                        )
                    ],
                )
            )
        self.open_button.setText(self.tr("Open my doors"))
        self.open_button.setEnabled(bool(self.holds))
        self.back_button.setText(self.tr("Back"))
