"""Service mode for maintenance staff: PIN or staff-card login, then devices, holds,
alarms, compartments, sync and recent transactions.

The screens ask :class:`ui.screens.host.ServiceActions` (``ui.service_mode``) for
everything; each action runs on the core thread and is written to the audit log with
the staff actor. Patron ids on
these screens are masked (the audit log stores them masked already).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.circulation import LoadTicket
from kiosk.privacy import mask_patron_id
from kiosk.service_pin import DEMO_PIN, PinCheck
from ui.screens.base import RowList, Screen, button, clear_layout, fmt, label
from ui.screens.host import ScreenHost, ServiceSnapshot
from ui.screens.login import Keypad

PIN_MAX = 12


class ServiceLoginScreen(Screen):
    def __init__(self, host: ScreenHost):
        super().__init__(host)
        self.heading = label(name="title")
        self.hint = label(name="subtitle")
        self.demo = label(name="muted")
        self.error = label(name="error")
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setReadOnly(True)
        self.pin.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.keypad = Keypad(self.pin, PIN_MAX)
        self.ok_button = button(primary=True)
        self.back_button = button()
        self.ok_button.clicked.connect(self.submit)
        self.back_button.clicked.connect(lambda: host.logout())
        for w in (self.heading, self.hint, self.demo, self.pin, self.error):
            self.body.addWidget(w)
        self.body.addLayout(self.keypad)
        self.body.addStretch(1)
        self.body.addLayout(self.button_row(self.back_button, self.ok_button))
        self.check: PinCheck | None = None
        self.reset()

    def submit(self) -> None:
        if self.pin.text():
            self.ok_button.setEnabled(False)
            self.host.service.login_pin(self.pin.text())

    def show_check(self, check: PinCheck) -> None:
        self.check = check
        self.pin.clear()
        self.ok_button.setEnabled(True)
        self.retranslate()

    def reset(self) -> None:
        self.check = None
        self.pin.clear()
        self.ok_button.setEnabled(True)
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Service mode"))
        self.hint.setText(self.tr("Enter the service PIN or present a staff card."))
        demo = self.host.service.demo_pin
        self.demo.setVisible(demo)
        self.demo.setText(
            fmt(self.tr("Simulated devices: the demo PIN is %1."), DEMO_PIN) if demo else ""
        )
        check = self.check
        if check is None or check.ok:
            self.error.clear()
        elif check.too_short:
            self.error.setText(self.tr("The service PIN has 6 to 12 digits."))
        elif check.locked_for_s:
            self.error.setText(
                fmt(
                    self.tr("Too many wrong PINs. Service login is locked for %1 s."),
                    check.locked_for_s,
                )
            )
        else:
            self.error.setText(fmt(self.tr("Wrong PIN. %1 tries left."), check.failures_left))
        self.error.setVisible(check is not None and not check.ok)
        self.ok_button.setText(self.tr("Enter"))
        self.back_button.setText(self.tr("Back"))


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


class ServiceScreen(Screen):
    """Tabs: devices, holds, alarms, compartments, sync, transactions."""

    def _local(self, stored: str) -> str:
        """A stored UTC instant as the site's local time, to the second (display only)."""
        offset = timezone(timedelta(hours=self.host.site.utc_offset_hours))
        return datetime.fromisoformat(stored).astimezone(offset).strftime("%Y-%m-%d %H:%M:%S")

    def __init__(self, host: ScreenHost):
        super().__init__(host)
        self.heading = label(name="title")
        self.status = label(name="subtitle")
        self.tabs = QTabWidget()
        self.exit_button = button(primary=True)
        self.quit_button = button()
        self.exit_button.clicked.connect(lambda: host.logout())
        self.quit_button.clicked.connect(host.service.quit_kiosk)
        self.body.addWidget(self.heading)
        self.body.addWidget(self.status)
        self.body.addWidget(self.tabs, 1)
        self.body.addLayout(self.button_row(self.quit_button, self.exit_button))
        self._build_devices()
        self._build_holds()
        self._build_alarms()
        self._build_compartments()
        self._build_sync()
        self._build_transactions()
        self.snapshot: ServiceSnapshot = {}
        self.message = ""
        self.ticket: LoadTicket | None = None
        self.last_card = ""
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
        self.inventory_button.clicked.connect(self.host.service.inventory)
        self.print_test_button.clicked.connect(self.host.service.print_test)
        self.board_button.clicked.connect(self.host.service.board_status)
        self.door_grid = QGridLayout()
        layout.addWidget(self.device_text)
        layout.addLayout(self.button_row(self.inventory_button, self.print_test_button))
        layout.addWidget(self.card_test)
        layout.addLayout(self.door_grid)
        layout.addWidget(self.board_button)
        self.device_out = label(name="muted")
        layout.addWidget(self.device_out, 1)

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
        self.audit_table = _table(["", "", "", "", ""])
        layout.addWidget(self.audit_table, 1)

    # --- data from the service controller ---------------------------------------------------

    def enter(self) -> None:
        self.host.service.refresh()

    def show_snapshot(self, snap: ServiceSnapshot) -> None:
        self.snapshot = snap
        self.retranslate()

    def show_message(self, text: str) -> None:
        self.message = text
        self.status.setText(text)

    def show_card(self, uid_hex: str, patron_id: str) -> None:
        self.last_card = f"{uid_hex} → {mask_patron_id(patron_id)}"
        self.retranslate()

    def reset(self) -> None:
        self.snapshot = {}
        self.message = ""
        self.ticket = None
        self.last_card = ""
        self.device_out.clear()
        self.retranslate()

    def retranslate(self) -> None:
        snap = self.snapshot
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
        self.heading.setText(self.tr("Service mode"))
        self.status.setText(self.message)
        self.exit_button.setText(self.tr("Leave service mode"))
        self.quit_button.setText(self.tr("Quit the kiosk program"))
        # devices
        devices = snap.get("devices", {})
        lines = [
            fmt(self.tr("%1: %2"), name, self.tr("OK") if ok else fmt(self.tr("fault (%1)"), err))
            for name, (ok, err) in sorted(devices.items())
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
        clear_layout(self.door_grid)
        for n, cid in enumerate(snap.get("compartment_ids", [])):
            b = button(fmt(self.tr("Open %1"), cid))
            b.clicked.connect(lambda _=False, c=cid: self.host.service.open_door(c))
            self.door_grid.addWidget(b, n // 4, n % 4)
        # holds
        self.load_rows.clear()
        to_load = snap.get("to_load", [])
        self.holds_hint.setText(
            self.tr("Holds to load: touch Load, the door opens, put the book in.")
            if to_load
            else self.tr("No holds are waiting to be loaded.")
        )
        for hold, title in to_load:
            b = button(fmt(self.tr("Load %1 (%2)"), title, hold.item_id))
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
        # alarms
        self.alarm_rows.clear()
        alarms = snap.get("alarms", [])
        if not alarms:
            self.alarm_rows.add(label(self.tr("No active alarms.")))
        for alarm in alarms:
            b = button(
                fmt(
                    self.tr("Clear: %1 %2 (%3)"),
                    alarm.kind,
                    alarm.subject,
                    self._local(alarm.raised_at),
                )
            )
            b.clicked.connect(lambda _=False, a=alarm.alarm_id: self.host.service.clear_alarm(a))
            self.alarm_rows.add(b)
        # compartments
        out = snap.get("out_of_service")
        self.terminal_button.setText(
            self.tr("Put the terminal back in service")
            if out
            else self.tr("Take the terminal out of service")
        )
        self.compartment_rows.clear()
        for c in snap.get("compartments", []):
            state = (
                self.tr("in service")
                if c.in_service
                else fmt(self.tr("out of service (%1)"), c.out_of_service_reason or "-")
            )
            text = fmt(
                self.tr("%1 [%2] %3 — %4 holds"), c.compartment_id, c.size, state, len(c.holds)
            )
            b = button(text)
            b.setCheckable(True)
            b.setChecked(not c.in_service)
            b.clicked.connect(
                lambda _=False, cid=c.compartment_id, now=c.in_service: (
                    self.host.service.set_compartment(cid, not now)
                )
            )
            self.compartment_rows.add(b)
        # sync
        stats = snap.get("outbox")
        sync_lines = []
        if stats is not None:
            age = "-" if stats.oldest_age_s is None else f"{stats.oldest_age_s:.0f}"
            sync_lines.append(fmt(self.tr("Queued events: %1 (oldest %2 s)"), stats.depth, age))
        online = snap.get("online")
        if online is not None:
            sync_lines.append(
                self.tr("Central library: reachable")
                if online
                else self.tr("Central library: not reachable (working offline)")
            )
        if snap.get("sync_status"):
            sync_lines.append(str(snap["sync_status"]))
        self.sync_text.setText("\n".join(sync_lines))
        self.sync_button.setText(self.tr("Sync now"))
        self.sync_button.setEnabled(bool(snap.get("sync_available")))
        # transactions
        self.audit_table.setHorizontalHeaderLabels(
            [
                self.tr("Time"),
                self.tr("Who"),
                self.tr("Action"),
                self.tr("Outcome"),
                self.tr("Reason"),
            ]
        )
        _fill(
            self.audit_table,
            [
                [self._local(r["at"]), r["actor"], r["action"], r["outcome"], r.get("reason") or ""]
                for r in snap.get("audit", [])
            ],
        )
