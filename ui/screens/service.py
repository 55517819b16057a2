"""Service mode for maintenance staff (after the login of :mod:`ui.screens.service_login`):
devices, holds, alarms, compartments, sync and recent transactions, refreshed by themselves.

The screens ask :class:`ui.screens.host.ServiceActions` (``ui.service_mode``) for
everything; each action runs on the core thread and is written to the audit log with
the staff actor. Patron ids on
these screens are masked (the audit log stores them masked already).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.circulation import LoadTicket
from kiosk.devices import TagRead
from kiosk.privacy import mask_patron_id
from kiosk.reasons import Reason
from ui import theme
from ui.screens.base import RowList, Screen, button, clear_layout, fmt, label
from ui.screens.host import ScreenHost, ServiceSnapshot
from ui.screens.service_words import ServiceWords
from ui.screens.voice import VoiceSettings


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.horizontalHeader().setStretchLastSection(True)
    table.verticalHeader().setVisible(False)
    return table


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(str(value)))
    table.resizeColumnsToContents()


class Row(QFrame):
    """One line of a service list: what it is, then the buttons that act on it."""

    def __init__(self, text: str, *buttons: QPushButton, name: str = ""):
        super().__init__()
        self.setObjectName("serviceRow")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, theme.SPACE["xs"], 0, theme.SPACE["xs"])
        self.text = label(text, name=name)
        layout.addWidget(self.text, 2)
        self.buttons = buttons
        for b in buttons:
            # never narrower than its words (a portrait screen squeezes the row)
            b.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Preferred)
            layout.addWidget(b, 1)


# One compartment on the lock-board status: id, door closed (None: no answer), item inside
# (None: no item sensor), the error code when the board did not answer.
BoardLine = tuple[str, bool | None, bool | None, str]

# Audit detail keys that name what an action touched, in the order they are shown.
SUBJECT_KEYS = ("compartment_id", "device", "hold_id", "item_id", "alarm_id")


class ServiceScreen(Screen):
    """Tabs: devices, holds, alarms, compartments, sync, transactions."""

    FILL = True

    def _local(self, stored: str) -> str:
        """A stored UTC instant as the site's local time, to the second (display only)."""
        offset = timezone(timedelta(hours=self.host.site.utc_offset_hours))
        return datetime.fromisoformat(stored).astimezone(offset).strftime("%Y-%m-%d %H:%M:%S")

    def __init__(self, host: ScreenHost):
        super().__init__(host)
        self.words = ServiceWords(self)
        self.heading = label(name="title")
        self.status = label(name="subtitle")
        self.tabs = QTabWidget()
        # "Leave" sits where "back" is on every other screen; quitting the program is on
        # the devices page and asks first.
        self.exit_button = button()
        self.exit_button.clicked.connect(lambda: host.logout())
        self.body.addWidget(self.heading)
        self.body.addWidget(self.status)
        self.body.addWidget(self.tabs, 1)
        self.body.addLayout(self.button_row(self.exit_button))
        self._build_devices()
        self._build_holds()
        self._build_alarms()
        self._build_compartments()
        self._build_sync()
        self._build_transactions()
        self.snapshot: ServiceSnapshot = {}
        self.message = ""
        self.message_is_error = False
        self.ticket: LoadTicket | None = None
        self.last_card = ""
        # What the last reader inventory or lock-board status answered (one at a time).
        self.inventory: list[TagRead] | None = None
        self.board: list[BoardLine] | None = None
        self.reset()

    # --- building ------------------------------------------------------------------------

    def _tab(self) -> QVBoxLayout:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.tabs.addTab(page, "")
        return layout

    def _build_devices(self) -> None:
        layout = self._tab()
        self.device_text = label()
        self.inventory_button = button()
        self.card_test = label(name="muted")
        self.print_test_button = button()
        self.board_button = button()
        self.quit_button = button()
        self.inventory_button.clicked.connect(self.host.service.inventory)
        self.print_test_button.clicked.connect(self.host.service.print_test)
        self.board_button.clicked.connect(self.host.service.board_status)
        self.quit_button.clicked.connect(self.host.service.quit_kiosk)
        self.door_grid = QGridLayout()
        layout.addWidget(self.device_text)
        layout.addLayout(self.button_row(self.inventory_button, self.print_test_button))
        layout.addWidget(self.card_test)
        layout.addLayout(self.door_grid)
        layout.addWidget(self.board_button)
        self.voice = VoiceSettings(self.host)
        layout.addWidget(self.voice)
        self.device_out = label(name="muted")
        self.device_out.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.device_out, 1)
        layout.addWidget(self.quit_button, 0, Qt.AlignmentFlag.AlignRight)

    def _build_holds(self) -> None:
        layout = self._tab()
        self.holds_hint = label()
        self.load_rows = RowList()
        self.ticket_text = label(name="banner")
        self.loaded_button = button(primary=True)
        self.loaded_button.clicked.connect(self.host.service.confirm_loaded)
        self.expire_button = button()
        self.expire_button.clicked.connect(self.host.service.expire_holds)
        layout.addWidget(self.holds_hint)
        layout.addWidget(self.load_rows, 1)
        layout.addWidget(self.ticket_text)
        layout.addWidget(self.loaded_button)
        layout.addWidget(self.expire_button)

    def _build_alarms(self) -> None:
        layout = self._tab()
        self.alarm_rows = RowList()
        layout.addWidget(self.alarm_rows, 1)

    def _build_compartments(self) -> None:
        layout = self._tab()
        self.terminal_button = button()
        self.terminal_button.clicked.connect(self.host.service.toggle_terminal)
        self.compartment_rows = RowList()
        layout.addWidget(self.terminal_button)
        layout.addWidget(self.compartment_rows, 1)

    def _build_sync(self) -> None:
        layout = self._tab()
        self.sync_text = label()
        self.sync_button = button(primary=True)
        self.sync_button.clicked.connect(self.host.service.sync_now)
        layout.addWidget(self.sync_text)
        layout.addWidget(self.sync_button)
        layout.addStretch(1)

    def _build_transactions(self) -> None:
        layout = self._tab()
        self.audit_table = _table(["", "", "", "", "", ""])
        layout.addWidget(self.audit_table, 1)

    # --- data from the service controller ---------------------------------------------------

    def enter(self) -> None:
        self.host.service.refresh()

    def show_snapshot(self, snap: ServiceSnapshot) -> None:
        self.snapshot = snap
        self.retranslate()

    def show_message(self, text: str, error: bool = False) -> None:
        self.message = text
        self.message_is_error = error
        self.status.setObjectName("error" if error else "subtitle")
        # the theme styles by object name: apply it again for the new one
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)
        self.status.setText(text)

    def show_inventory(self, tags: list[TagRead]) -> None:
        self.inventory, self.board = tags, None
        self.retranslate()

    def show_board(self, lines: list[BoardLine]) -> None:
        self.inventory, self.board = None, lines
        self.retranslate()

    def show_card(self, uid_hex: str, patron_id: str) -> None:
        self.last_card = f"{uid_hex} → {mask_patron_id(patron_id)}"
        self.retranslate()

    def reset(self) -> None:
        self.snapshot = {}
        self.show_message("")
        self.ticket = None
        self.last_card = ""
        self.inventory = None
        self.board = None
        self.retranslate()

    def retranslate(self) -> None:
        for index, name in enumerate(
            [
                self.tr("Devices"),
                self.tr("Holds"),
                self.tr("Alarms"),
                self.tr("Compartments"),
                self.tr("Sync"),
                self.tr("Transactions"),
            ]
        ):
            self.tabs.setTabText(index, name)
        alarms = self.snapshot.get("alarms", [])
        if alarms:
            self.tabs.setTabText(2, fmt(self.tr("Alarms (%1)"), len(alarms)))
        self.heading.setText(self.tr("Service mode"))
        self.status.setText(self.message)
        self.exit_button.setText(self.tr("Leave service mode"))
        self.quit_button.setText(self.tr("Quit the kiosk program…"))
        self.voice.retranslate()
        self._render_devices()
        self._render_holds()
        self._render_alarms()
        self._render_compartments()
        self._render_sync()
        self._render_transactions()

    # --- rendering, page by page ------------------------------------------------------------

    def _render_devices(self) -> None:
        snap = self.snapshot
        lines = [
            fmt(self.tr("%1: %2"), self.words.device(name), self.words.device_state(code))
            for name, (_ok, code) in sorted(snap.get("devices", {}).items())
        ]
        self.device_text.setText("\n".join(lines))
        self.inventory_button.setText(self.tr("Reader inventory"))
        self.print_test_button.setText(self.tr("Printer test page"))
        self.board_button.setText(self.tr("Lock-board status"))
        self.card_test.setText(
            fmt(self.tr("Card test: last card read %1"), self.last_card)
            if self.last_card
            else self.tr("Card test: present a card to the reader")
        )
        self.device_out.setText(self._device_output())
        clear_layout(self.door_grid)
        for n, cid in enumerate(snap.get("compartment_ids", [])):
            b = button(fmt(self.tr("Test-open door %1"), cid))
            b.clicked.connect(lambda _=False, c=cid: self.host.service.open_door(c))
            self.door_grid.addWidget(b, n // 4, n % 4)

    def _device_output(self) -> str:
        """The answer of the last reader inventory or lock-board status, in words."""
        if self.inventory is not None:
            lines = [
                f"{t.uid}  {t.item_id or '?'}  "
                + (self.tr("secured") if t.secured else self.tr("not secured"))
                for t in self.inventory
            ]
            return "\n".join(lines) or self.tr("No tags on the pad.")
        if self.board is not None:
            return "\n".join(
                fmt(
                    self.tr("%1: %2"),
                    cid,
                    self.words.device_state(code)
                    if closed is None
                    else self.words.sensor(closed, item),
                )
                for cid, closed, item, code in self.board
            )
        return ""

    def _render_holds(self) -> None:
        snap = self.snapshot
        self.load_rows.clear()
        to_load = snap.get("to_load", [])
        self.holds_hint.setText(
            self.tr("Holds to put into a locker: touch one, the door opens, put the book in.")
            if to_load
            else self.tr("No holds are waiting to be put into a locker.")
        )
        for hold, title in to_load:
            b = button(fmt(self.tr("Put %1 (%2) into a locker"), title, hold.item_id))
            b.clicked.connect(lambda _=False, i=hold.item_id: self.host.service.begin_loading(i))
            self.load_rows.add(b)
        for hold, title in snap.get("to_remove", []):
            b = button(fmt(self.tr("Take out expired %1 from %2"), title, hold.compartment_id))
            b.clicked.connect(lambda _=False, h=hold.hold_id: self.host.service.remove_hold(h))
            self.load_rows.add(b)
        ticket = self.ticket
        self.ticket_text.setVisible(ticket is not None)
        self.loaded_button.setVisible(ticket is not None)
        if ticket is not None:
            self.ticket_text.setText(
                fmt(
                    self.tr("Door %1 is open: put item %2 in, close the door, then touch Done."),
                    ticket.compartment_id,
                    ticket.item_id,
                )
            )
        self.loaded_button.setText(self.tr("Done, door closed"))
        self.expire_button.setText(self.tr("Check for expired holds"))

    def _alarm_details(self, alarm: Any) -> str:
        """What an alarm's record says, in words: where the lock is, which hold or item."""
        parts = []
        place = self.snapshot.get("places", {}).get(alarm.subject)
        if place is not None:
            parts.append(fmt(self.tr("bus %1, board %2, lock %3"), *place))
        detail = alarm.detail or {}
        if detail.get("hold_id"):
            parts.append(fmt(self.tr("hold %1"), detail["hold_id"]))
        if detail.get("item_id"):
            parts.append(fmt(self.tr("item %1"), detail["item_id"]))
        if detail.get("depth") is not None:
            parts.append(fmt(self.tr("%1 events waiting"), detail["depth"]))
        if detail.get("failures") is not None:
            parts.append(fmt(self.tr("%1 wrong tries"), detail["failures"]))
        if detail.get("error"):
            parts.append(self.words.device_state(str(detail["error"]).split(":")[0]))
        return "; ".join(parts)

    def _render_alarms(self) -> None:
        self.alarm_rows.clear()
        alarms = self.snapshot.get("alarms", [])
        acknowledged = self.snapshot.get("acknowledged", set())
        if not alarms:
            self.alarm_rows.add(label(self.tr("No active alarms.")))
        for alarm in alarms:
            lines = [
                fmt(
                    self.tr("%1 — %2"),
                    self.words.alarm(alarm.kind),
                    self.words.subject(alarm.subject),
                ),
                fmt(self.tr("Raised %1"), self._local(alarm.raised_at)),
            ]
            details = self._alarm_details(alarm)
            if details:
                lines.append(details)
            if alarm.alarm_id in acknowledged:
                lines.append(self.tr("Acknowledged: being dealt with"))
            ack = button(self.tr("Acknowledge"))
            ack.setEnabled(alarm.alarm_id not in acknowledged)
            ack.clicked.connect(
                lambda _=False, a=alarm.alarm_id: self.host.service.acknowledge_alarm(a)
            )
            clear = button(self.tr("Clear"))
            clear.clicked.connect(
                lambda _=False, a=alarm.alarm_id: self.host.service.clear_alarm(a)
            )
            self.alarm_rows.add(Row("\n".join(lines), ack, clear))

    def _render_compartments(self) -> None:
        out = self.snapshot.get("out_of_service")
        self.terminal_button.setText(
            self.tr("Put the terminal back in service")
            if out
            else self.tr("Take the terminal out of service")
        )
        self.compartment_rows.clear()
        for c in self.snapshot.get("compartments", []):
            state = (
                self.tr("in service")
                if c.in_service
                else fmt(
                    self.tr("out of service: %1"),
                    self.words.compartment_reason(c.out_of_service_reason),
                )
            )
            text = fmt(
                self.tr("%1 (size %2) — %3 — holds: %4"),
                c.compartment_id,
                c.size,
                state,
                len(c.holds),
            )
            test = button(self.tr("Test-open"))
            test.clicked.connect(
                lambda _=False, cid=c.compartment_id: self.host.service.open_door(cid)
            )
            toggle = button(
                self.tr("Take out of service") if c.in_service else self.tr("Put back in service")
            )
            toggle.clicked.connect(
                lambda _=False, cid=c.compartment_id, take_out=c.in_service: (
                    self.host.service.set_compartment(cid, take_out)
                )
            )
            self.compartment_rows.add(Row(text, test, toggle, name="" if c.in_service else "error"))

    def _render_sync(self) -> None:
        snap = self.snapshot
        stats = snap.get("outbox")
        lines = []
        if stats is not None:
            if stats.oldest_age_s is None:
                lines.append(fmt(self.tr("Events waiting to be sent: %1"), stats.depth))
            else:
                lines.append(
                    fmt(
                        self.tr("Events waiting to be sent: %1 (oldest %2 min ago)"),
                        stats.depth,
                        f"{stats.oldest_age_s / 60:.0f}",
                    )
                )
        status = snap.get("sync_status")
        if not snap.get("sync_available"):
            if snap:
                lines.append(
                    self.tr(
                        "No central library is configured ([broker] enabled = false): events "
                        "stay on this terminal and nothing is sent."
                    )
                )
        elif isinstance(status, str) or status is None:
            lines.append(self.tr("Sync status unavailable."))
        else:
            if not status.connected:
                lines.append(self.tr("Broker: not connected (working offline)"))
            elif status.central_online is None:
                lines.append(self.tr("Broker: connected; central library: not heard from yet"))
            elif not status.central_online:
                lines.append(self.tr("Broker: connected; central library: offline"))
            else:
                lines.append(self.tr("Broker: connected; central library: online"))
            lines.append(
                fmt(self.tr("Last confirmed by the library: %1"), self._local(status.last_ack_at))
                if status.last_ack_at
                else self.tr("Nothing confirmed by the library since the start.")
            )
        self.sync_text.setText("\n".join(lines))
        self.sync_button.setText(self.tr("Sync now"))
        self.sync_button.setEnabled(bool(snap.get("sync_available")))

    def _render_transactions(self) -> None:
        self.audit_table.setHorizontalHeaderLabels(
            [
                self.tr("Time"),
                self.tr("Who"),
                self.tr("Action"),
                self.tr("Compartment / device"),
                self.tr("Outcome"),
                self.tr("Reason"),
            ]
        )
        lang = self.host.language
        rows = []
        for r in self.snapshot.get("audit", []):
            detail = r.get("detail") or {}
            subject = next((str(detail[k]) for k in SUBJECT_KEYS if detail.get(k)), "")
            reason = r.get("reason") or detail.get("error") or ""
            if reason in Reason._value2member_map_:
                reason = Reason(reason).text(lang)
            else:
                reason = self.words.failure(reason) if reason else ""
            rows.append(
                [
                    self._local(r["at"]),
                    self.words.actor(r["actor"]),
                    self.words.action(r["action"]),
                    self.words.subject(subject),
                    self.words.outcome(r["outcome"]),
                    reason,
                ]
            )
        _fill(self.audit_table, rows)
