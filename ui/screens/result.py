"""What happened: each book with its due date or why it was refused, then receipt or not."""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum

from kiosk.circulation import PickupOutcome
from ui.screens.base import Flow, RowList, Screen, button, due_text, fmt, label
from ui.screens.host import Outcome, ScreenHost
from ui.screens.parts import BookRow, Mark, StepIndicator


class ResultKind(Enum):
    BORROW = "borrow"
    RETURN = "return"
    LOCKER_RETURN = "locker_return"  # returned on the pad, then into a compartment
    PICKUP = "pickup"


class ResultScreen(Screen):
    def __init__(self, host: ScreenHost):
        super().__init__(host)
        self.steps = StepIndicator()
        self.heading = label(name="title")
        self.summary = label(name="subtitle")
        # A new card came while this transaction ran: this visit ends in a moment.
        self.handover = label(name="banner")
        self.rows = RowList()
        self.finish_button = button(primary=True)
        self.continue_button = button()
        self.finish_button.clicked.connect(host.transactions.finish)
        self.continue_button.clicked.connect(host.resident.back_to_menu)
        self.body.addWidget(self.steps)
        self.body.addWidget(self.heading)
        self.body.addWidget(self.summary)
        self.body.addWidget(self.handover)
        self.body.addWidget(self.rows)
        self.body.addLayout(self.button_row(self.continue_button, self.finish_button))
        self.kind: ResultKind | None = None
        self.outcomes: list[Outcome] = []
        self.compartment_id: str | None = None  # the compartment a locker return opened
        self.door_opened = False
        self.door_closed = False
        self.reset()

    def show_outcomes(
        self, kind: ResultKind, outcomes: Sequence[Outcome], compartment_id: str | None = None
    ) -> None:
        self.kind = kind
        self.outcomes = list(outcomes)
        self.compartment_id = compartment_id
        self.door_opened = False
        self.door_closed = False
        self.retranslate()

    def set_door_closed(self) -> None:
        self.door_closed = True
        self.retranslate()

    def reset(self) -> None:
        self.kind = None
        self.outcomes = []
        self.compartment_id = None
        self.door_opened = False
        self.door_closed = False
        self.retranslate()

    def succeeded(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.ok]

    def retranslate(self) -> None:
        self.finish_button.setText(self.tr("Finish"))
        self.continue_button.setText(self.tr("Do something else"))
        session = self.host.session
        self.continue_button.setVisible(session is not None and not session.pickup_only)
        self.handover.setVisible(self.host.resident.hand_over_due)
        self.handover.setText(
            self.tr("A new card was read: this visit ends in a moment, for the next reader.")
        )
        self.rows.clear()
        if self.kind is None:
            self.steps.show_steps([], 0)
            self.heading.clear()
            self.summary.clear()
            return
        flow = {
            ResultKind.BORROW: Flow.BORROW,
            ResultKind.PICKUP: Flow.PICKUP,
        }.get(self.kind, Flow.RETURN if session is not None else Flow.RETURN_WITHOUT_CARD)
        no_door = self.kind is ResultKind.PICKUP and not any(o.ok for o in self.outcomes)
        # A pick-up whose doors did not open has not got past "door opens".
        self.steps.show_steps(flow.steps(), len(flow.steps()) - (2 if no_door else 1))
        ok, total = len(self.succeeded()), len(self.outcomes)
        if self.kind is ResultKind.BORROW:
            self.heading.setText(self.tr("Borrowing done"))
            lines = [fmt(self.tr("%1 of %2 books borrowed."), ok, total)]
            if ok < total:
                lines.append(self.tr("%n book(s) not borrowed: see why below.", "", total - ok))
            self.summary.setText("\n".join(lines))
        elif self.kind is ResultKind.RETURN:
            self.heading.setText(self.tr("Return done"))
            lines = [fmt(self.tr("%1 of %2 books returned. Thank you!"), ok, total)]
            if ok < total:
                lines.append(self.tr("%n book(s) not returned: see why below.", "", total - ok))
            self.summary.setText("\n".join(lines))
        elif self.kind is ResultKind.LOCKER_RETURN:
            self.heading.setText(self.tr("Return into a locker"))
            self.summary.setText(self._locker_summary(ok, total))
        else:
            doors = sorted(
                {o.compartment_id for o in self.outcomes if isinstance(o, PickupOutcome) and o.ok}
            )
            # The heading must not promise open doors when none opened (a jammed lock).
            self.heading.setText(
                self.tr("Your doors are open") if doors else self.tr("The doors did not open")
            )
            self.summary.setText(
                fmt(self.tr("Take your books from door %1, then close it."), ", ".join(doors))
                if doors
                else self.tr("No door could be opened.")
            )
        for outcome in self.outcomes:
            self.rows.add(self._row(outcome))

    def _locker_summary(self, ok: int, total: int) -> str:
        if ok == 0:
            return self.tr("No book could be returned, so no compartment was opened.")
        if self.door_closed:
            return fmt(self.tr("Compartment %1 is closed. Thank you!"), self.compartment_id)
        lines = [
            fmt(
                self.tr("Put the books into compartment %1 and close the door."),
                self.compartment_id,
            )
        ]
        if ok < total:
            lines.append(self.tr("Only the books marked 'Returned' go in; please keep the others."))
        return "\n".join(lines)

    def _row(self, outcome: Outcome) -> BookRow:
        title = outcome.title or outcome.item_id or self.tr("Unknown item")
        lines: list[tuple[str, str]] = []
        mark = Mark.OK
        if outcome.ok:
            if isinstance(outcome, PickupOutcome):
                text = fmt(
                    self.tr("In door %1 — due %2"), outcome.compartment_id, due_text(outcome.due)
                )
            elif self.kind is ResultKind.BORROW:
                text = fmt(self.tr("Borrowed — due %1"), due_text(outcome.due))
            else:
                text = self.tr("Returned")
            lines.append((text, "ok"))
            if outcome.reason is not None:  # returned, but it was not on loan
                lines.append((outcome.reason.text(self.lang), "muted"))
                mark = Mark.WARNING
            if getattr(outcome, "needs_staff", False):
                lines.append(
                    (
                        self.tr(
                            "The security label may not be switched off: if the gate sounds, "
                            "show the book to staff. It is recorded as yours."
                        ),
                        "muted",
                    )
                )
                mark = Mark.WARNING
        else:
            mark = Mark.REFUSED
            if outcome.reason is not None:
                lines.append((outcome.reason.text(self.lang), "error"))
                lines.append((outcome.reason.advice(self.lang, self.host.site), "muted"))
        return BookRow(title, mark, lines)
