"""The resident's home after login: borrow, return, my loans, pick up, log out."""

from __future__ import annotations

from ui.screens.base import Screen, button, label


class MenuScreen(Screen):
    def __init__(self, window):
        super().__init__(window)
        self.heading = label(name="title")
        self.offline = label(name="banner")
        self.summary = label(name="subtitle")
        self.borrow_button = button(primary=True)
        self.return_button = button()
        self.loans_button = button()
        self.pickup_button = button()
        self.logout_button = button()
        self.borrow_button.clicked.connect(window.show_borrow)
        self.return_button.clicked.connect(window.show_return)
        self.loans_button.clicked.connect(window.show_loans)
        self.pickup_button.clicked.connect(window.show_pickup)
        self.logout_button.clicked.connect(window.finish)
        self.body.addWidget(self.heading)
        self.body.addWidget(self.offline)
        self.body.addWidget(self.summary)
        self.body.addStretch(1)
        self.body.addLayout(self.button_row(self.borrow_button, self.return_button))
        self.body.addLayout(self.button_row(self.loans_button, self.pickup_button))
        self.body.addLayout(self.button_row(self.logout_button))
        self.counts: tuple[int, int] | None = None
        self.reset()

    def enter(self) -> None:
        session = self.win.session
        if session is None:
            return
        circ = self.win.runtime.circulation
        self.win.worker.submit(
            lambda: (len(circ.loans(session)), len(circ.holds_ready(session))),
            done=self._counts,
            failed=lambda exc: None,
            label="menu_counts",
        )

    def _counts(self, counts: tuple[int, int]) -> None:
        self.counts = counts
        self.retranslate()

    def reset(self) -> None:
        self.counts = None
        self.retranslate()

    def retranslate(self) -> None:
        session = self.win.session
        self.heading.setText(
            self.tr("Welcome, reader %1").replace("%1", session.masked_id) if session else ""
        )
        offline = session is not None and not session.online
        self.offline.setVisible(offline)
        policy = self.win.config.policy
        self.offline.setText(
            self.tr(
                "The network is down. You can still borrow up to %1 books now, due in %2 days; "
                "renewals wait until the network is back."
            )
            .replace("%1", str(policy.offline.max_items_per_session))
            .replace("%2", str(policy.offline.loan_days))
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
        self.logout_button.setText(self.tr("Finish and log out"))
