"""My loans: every open loan with its due date; select some (or all) and renew.

Offline, renewing is not possible for the whole visit (only the central library knows
whether someone reserved a book meanwhile): the screen says so once and offers no
renewal, rather than repeating the same refusal under every book.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtWidgets import QFrame, QVBoxLayout

from kiosk.circulation import ItemOutcome
from kiosk.model import Item, Loan
from kiosk.reasons import Reason
from ui import theme
from ui.screens.base import RowList, Screen, button, due_text, fmt, label
from ui.screens.host import ScreenHost


class LoansScreen(Screen):
    def __init__(self, host: ScreenHost):
        super().__init__(host)
        self.heading = label(name="title")
        self.hint = label(name="subtitle")
        self.offline_note = label(name="banner")
        self.rows = RowList()
        self.renew_button = button(primary=True)
        self.renew_all_button = button()
        self.back_button = button()
        self.renew_button.clicked.connect(lambda: self.renew(self.selected))
        self.renew_all_button.clicked.connect(
            lambda: self.renew([loan.item_id for loan, _ in self.loans])
        )
        self.back_button.clicked.connect(host.resident.back_to_menu)
        self.body.addWidget(self.heading)
        self.body.addWidget(self.hint)
        self.body.addWidget(self.offline_note)
        self.body.addWidget(self.rows)
        self.body.addLayout(
            self.button_row(self.back_button, self.renew_all_button, self.renew_button)
        )
        self.loans: list[tuple[Loan, Item | None]] = []
        self.selected: list[str] = []
        self.outcomes: dict[str, ItemOutcome] = {}
        self.loaded = False
        self.reset()

    def enter(self) -> None:
        self.reset()
        self.load()

    def load(self) -> None:
        if self.host.session is not None:
            self.host.transactions.list_loans(self._loaded)

    def _loaded(self, loans: list[tuple[Loan, Item | None]]) -> None:
        self.loans = sorted(loans, key=lambda pair: pair[0].due)
        self.loaded = True
        self.retranslate()

    def toggle(self, item_id: str, on: bool) -> None:
        if on and item_id not in self.selected:
            self.selected.append(item_id)
        elif not on and item_id in self.selected:
            self.selected.remove(item_id)
        self._update_buttons()

    def renew(self, item_ids: list[str]) -> None:
        if item_ids:
            self.host.transactions.renew(list(item_ids))

    def show_outcomes(self, outcomes: list[ItemOutcome]) -> None:
        """After a renewal: show each result beside its loan, with the new due dates."""
        self.outcomes = {o.item_id: o for o in outcomes if o.item_id is not None}
        self.selected = []
        self.load()

    def reset(self) -> None:
        self.loans = []
        self.selected = []
        self.outcomes = {}
        self.loaded = False
        self.retranslate()

    def offline(self) -> bool:
        """No renewal this visit: the session began offline, or the core said so."""
        session = self.host.session
        return (session is not None and not session.online) or any(
            o.reason is Reason.RENEW_OFFLINE for o in self.outcomes.values()
        )

    def _update_buttons(self) -> None:
        self.renew_button.setText(
            self.tr("Renew selected (%1)").replace("%1", str(len(self.selected)))
        )
        offline = self.offline()
        self.renew_button.setEnabled(bool(self.selected) and not offline)
        self.renew_all_button.setEnabled(bool(self.loans) and not offline)

    def retranslate(self) -> None:
        self.heading.setText(self.tr("My loans"))
        today = self.host.today()
        if not self.loaded:
            self.hint.setText(self.tr("Loading your loans…"))
        elif not self.loans:
            self.hint.setText(self.tr("You have no books on loan."))
        else:
            self.hint.setText(self.tr("Touch books to select them for renewal."))
        offline = self.offline()
        self.offline_note.setVisible(offline)
        self.offline_note.setText(
            Reason.RENEW_OFFLINE.text(self.lang)
            + "\n"
            + Reason.RENEW_OFFLINE.advice(self.lang, self.host.site)
        )
        self.rows.clear()
        for loan, item in self.loans:
            self.rows.add(self._row(loan, item, today))
        self.renew_all_button.setText(self.tr("Renew all"))
        self.back_button.setText(self.tr("Back"))
        self._update_buttons()

    def _row(self, loan: Loan, item: Item | None, today: date) -> QFrame:
        frame = QFrame()
        layout = QVBoxLayout(frame)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(theme.SPACE["xs"])
        title = item.title if item else loan.item_id
        if loan.due < today:
            due = self.tr("Overdue since %1").replace("%1", loan.due.isoformat())
        else:
            due = self.tr("Due %1").replace("%1", loan.due.isoformat())
        toggle = button(f"{title}\n{due}")
        toggle.setCheckable(True)
        toggle.setChecked(loan.item_id in self.selected)
        toggle.toggled.connect(lambda on, i=loan.item_id: self.toggle(i, on))
        layout.addWidget(toggle)
        outcome = self.outcomes.get(loan.item_id)
        if outcome is not None:
            if outcome.ok:
                layout.addWidget(
                    label(
                        self.tr("Renewed: now due %1").replace("%1", due_text(outcome.due)),
                        "ok",
                    )
                )
            elif outcome.reason is not None and outcome.reason is not Reason.RENEW_OFFLINE:
                # (offline is said once, above the list)
                layout.addWidget(label(outcome.reason.text(self.lang), "error"))
                layout.addWidget(label(outcome.reason.advice(self.lang, self.host.site), "muted"))
                if outcome.reason is Reason.RENEW_TOO_SOON:
                    window = timedelta(days=self.host.policy.renew_window_days)
                    layout.addWidget(
                        label(
                            fmt(self.tr("You can renew it from %1."), due_text(loan.due - window)),
                            "muted",
                        )
                    )
        return frame
