"""The resident's own account, read only: who (masked), loans, overdue, fines, holds.

Reached from the menu after a card or e-card login. It lists every loan with its due date
(the site's local date) and the renewals left, the overdue count, the fines owed as the
central library last said (view only: paying is done elsewhere), and the holds: ready in
a compartment here (which one, and until when the pick-up code works: never the code
itself) and reserved but not here yet. The name is shown masked (张*明). Everything is
dropped on :meth:`AccountScreen.reset`, which every logout and idle timeout calls.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from kiosk.circulation import Account
from ui.screens.base import RowList, Screen, button, due_text, fmt, label
from ui.screens.host import ScreenHost


def money_text(cents: int) -> str:
    """Cents as yuan with two decimals: 1250 -> "12.50"."""
    return f"{cents // 100}.{cents % 100:02d}"


class AccountScreen(Screen):
    def __init__(self, host: ScreenHost):
        super().__init__(host)
        self.heading = label(name="title")
        self.who = label(name="subtitle")
        self.summary = label()
        self.rows = RowList()
        self.back_button = button(primary=True)
        self.back_button.clicked.connect(host.resident.back_to_menu)
        self.body.addWidget(self.heading)
        self.body.addWidget(self.who)
        self.body.addWidget(self.summary)
        self.body.addWidget(self.rows, 1)
        self.body.addLayout(self.button_row(self.back_button))
        self.account: Account | None = None
        self.reset()

    def enter(self) -> None:
        self.account = None
        self.retranslate()
        if self.host.session is not None:
            self.host.transactions.read_account(self.show_account)

    def show_account(self, account: Account) -> None:
        self.account = account
        self.retranslate()

    def reset(self) -> None:
        self.account = None
        self.rows.clear()
        self.retranslate()

    def _local(self, when: datetime | None) -> str:
        """An instant in the site's local time, as a resident reads it."""
        if when is None:
            return "-"
        tz = timezone(timedelta(hours=self.host.site.utc_offset_hours))
        return when.astimezone(tz).strftime("%Y-%m-%d %H:%M")

    def retranslate(self) -> None:
        self.heading.setText(self.tr("My account"))
        self.back_button.setText(self.tr("Back"))
        self.rows.clear()
        account = self.account
        if account is None:
            self.who.clear()
            self.summary.setText(self.tr("Loading your account…") if self.host.session else "")
            return
        self.who.setText(
            fmt(self.tr("Reader %1 (%2)"), account.masked_name, account.masked_id)
            if account.masked_name
            else fmt(self.tr("Reader %1"), account.masked_id)
        )
        lines = [
            self.tr("%n book(s) on loan", "", len(account.loans)),
            self.tr("%n overdue", "", account.overdue),
        ]
        if account.fines_cents is not None:
            lines.append(fmt(self.tr("Fines owed: %1 yuan"), money_text(account.fines_cents)))
        self.summary.setText(self.tr(", ").join(lines))
        self._section(self.tr("On loan"), len(account.loans), self.tr("No books on loan."))
        for loan in account.loans:
            details = [
                fmt(self.tr("Due %1"), due_text(loan.loan.due)),
                self.tr("%n renewal(s) left", "", loan.renewals_left),
            ]
            self.rows.add(
                self._row(
                    loan.title,
                    self.tr(", ").join(details),
                    self.tr("Overdue: please return it soon.") if loan.overdue else "",
                )
            )
        self._section(
            self.tr("Ready to pick up here"), len(account.ready), self.tr("Nothing ready here.")
        )
        for hold in account.ready:
            self.rows.add(
                self._row(
                    hold.title,
                    fmt(
                        self.tr("Compartment %1, pick up by %2"),
                        hold.hold.compartment_id or "-",
                        self._local(hold.hold.expires_at),
                    ),
                )
            )
        self._section(self.tr("Reserved, not here yet"), len(account.waiting), self.tr("None."))
        waiting_text = self.tr("You will get a message when it is ready.")
        for hold in account.waiting:
            self.rows.add(self._row(hold.title, waiting_text))

    def _section(self, title: str, count: int, empty: str) -> None:
        self.rows.add(label(title, "subtitle"))
        if count == 0:
            self.rows.add(label(empty, "muted"))

    def _row(self, title: str, detail: str, warning: str = "") -> QWidget:
        row = QFrame()
        row.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(row)
        layout.addWidget(label(title))
        layout.addWidget(label(detail, "muted"))
        if warning:
            layout.addWidget(label(warning, "error"))
        return row
