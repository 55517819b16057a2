"""The resident's home after login: borrow, return, my loans, pick up, my account, log out."""

from __future__ import annotations

from ui.screens.base import Screen, button, label
from ui.screens.host import ScreenHost


class MenuScreen(Screen):
    def __init__(self, host: ScreenHost):
        super().__init__(host)
        self.heading = label(name="title")
        self.offline = label(name="banner")
        self.handover = label(name="banner")
        self.summary = label(name="subtitle")
        self.borrow_button = button(primary=True)
        self.return_button = button()
        self.loans_button = button()
        self.pickup_button = button()
        self.account_button = button(name="my account")
        self.logout_button = button()
        self.borrow_button.clicked.connect(host.resident.show_borrow)
        self.return_button.clicked.connect(host.resident.show_return)
        self.loans_button.clicked.connect(host.resident.show_loans)
        self.pickup_button.clicked.connect(host.resident.show_pickup)
        self.account_button.clicked.connect(host.resident.show_account)
        self.logout_button.clicked.connect(host.transactions.finish)
        self.body.addWidget(self.heading)
        self.body.addWidget(self.offline)
        self.body.addWidget(self.handover)
        self.body.addWidget(self.summary)
        self.body.addStretch(1)
        self.body.addLayout(self.button_row(self.borrow_button, self.return_button))
        self.body.addLayout(self.button_row(self.loans_button, self.pickup_button))
        self.body.addLayout(self.button_row(self.account_button, self.logout_button))
        self.counts: tuple[int, int] | None = None
        self.reset()

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
