"""The resident's home after login: borrow, return, my loans, pick up, my account, log out.

The main actions are pictogram tiles (:class:`ui.screens.parts.Tile`) in a grid: three
across in landscape, two in portrait. Another action is one more entry of
:meth:`MenuScreen.add_tile`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QGridLayout

from ui import theme
from ui.screens.base import Screen, button, label
from ui.screens.host import ScreenHost
from ui.screens.parts import Tile


class MenuScreen(Screen):
    def __init__(self, host: ScreenHost):
        super().__init__(host)
        self.heading = label(name="title")
        self.offline = label(name="banner")
        self.handover = label(name="banner")
        self.summary = label(name="subtitle")
        self.tiles: list[Tile] = []
        self.grid = QGridLayout()
        self.grid.setSpacing(theme.SPACE["m"])
        self.columns = 3
        self.borrow_button = self.add_tile("book-download", host.resident.show_borrow, True)
        self.return_button = self.add_tile("book-upload", host.resident.show_return)
        self.pickup_button = self.add_tile("lock-open", host.resident.show_pickup)
        self.loans_button = self.add_tile("calendar-repeat", host.resident.show_loans)
        self.account_button = self.add_tile("user-circle", host.resident.show_account)
        self.account_button.setAccessibleName("my account")
        self.logout_button = button()
        self.logout_button.clicked.connect(host.transactions.finish)
        self.body.addWidget(self.heading)
        self.body.addWidget(self.offline)
        self.body.addWidget(self.handover)
        self.body.addWidget(self.summary)
        self.body.addLayout(self.grid)
        self.body.addSpacing(theme.SPACE["m"])
        self.body.addLayout(self.button_row(self.logout_button))
        self.counts: tuple[int, int] | None = None
        self.reset()

    def add_tile(self, icon: str, action: Callable[[], None], primary: bool = False) -> Tile:
        """One more main action on the menu (its text is set in :meth:`retranslate`)."""
        tile = Tile(icon, action=action, primary=primary)
        self.tiles.append(tile)
        self._place_tiles()
        return tile

    def _place_tiles(self) -> None:
        for tile in self.tiles:
            self.grid.removeWidget(tile)
        for index, tile in enumerate(self.tiles):
            self.grid.addWidget(tile, index // self.columns, index % self.columns)

    def set_portrait(self, portrait: bool) -> None:
        self.columns = 2 if portrait else 3
        self._place_tiles()

    def enter(self) -> None:
        # Drawn now, not when the counts come back: the hand-over and offline notices
        # belong to the whole of this screen's time, not to the end of a core job.
        self.retranslate()
        if self.host.session is not None:
            self.host.transactions.count_loans_and_holds(self._counts)

    def _counts(self, counts: tuple[int, int]) -> None:
        self.counts = counts
        self.retranslate()

    def reset(self) -> None:
        self.counts = None
        self.retranslate()

    def retranslate(self) -> None:
        session = self.host.session
        self.heading.setText(
            self.tr("Welcome, reader %1").replace("%1", session.masked_id) if session else ""
        )
        offline = session is not None and not session.online
        self.offline.setVisible(offline)
        policy = self.host.policy
        self.offline.setText(
            self.tr(
                "The network is down. You can still borrow up to %1 books now, due in %2 days; "
                "renewals wait until the network is back."
            )
            .replace("%1", str(policy.offline.max_items_per_session))
            .replace("%2", str(policy.offline.loan_days))
        )
        self.handover.setVisible(session is not None and self.host.resident.handed_over)
        self.handover.setText(
            self.tr("A new card was read, so the previous reader has been logged out.")
        )
        loans, holds = self.counts if self.counts else (None, None)
        self.summary.setText(
            self.tr("You have %n book(s) on loan.", "", loans) if loans is not None else ""
        )
        self.borrow_button.setText(self.tr("Borrow"))
        self.return_button.setText(self.tr("Return"))
        self.loans_button.setText(self.tr("My loans and renewals"))
        self.pickup_button.setText(
            self.tr("Pick up reserved books (%1 ready)").replace("%1", str(holds))
            if holds
            else self.tr("Pick up reserved books")
        )
        self.account_button.setText(self.tr("My account"))
        self.logout_button.setText(self.tr("Finish and log out"))
