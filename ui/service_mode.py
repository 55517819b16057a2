"""Service mode for maintenance staff: login, every staff action, and the audit trail.

:class:`ServiceController` implements :class:`ui.screens.host.ServiceActions`. Staff log
in with the PIN (checked on the core thread: scrypt, and the lockout of
:class:`kiosk.service_pin.PinGuard` in the store) or a staff card. Every action goes
through :meth:`ServiceController.action`, which runs it on the core thread and writes an
audit row ``service.<action>`` with outcome ok/failed and the staff actor (``staff:pin``
or ``staff:card <last 4 of UID>``); logins and logouts are audited as ``service_login``
and ``service_logout``. After each action the service screen is refreshed from one
snapshot taken on the core thread (:meth:`ServiceController.snapshot`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer

from kiosk.circulation import Refused
from kiosk.devices import DeviceError, DoorSensor
from kiosk.service_pin import PinCheck, PinGuard
from ui.idle import IdleMonitor
from ui.jobs import JobRunner
from ui.navigation import Navigator, View
from ui.overlays import ChoiceDialog
from ui.screens.base import fmt
from ui.screens.host import Cues, ServiceSnapshot
from ui.screens.service import BoardLine, ServiceScreen
from ui.screens.service_login import ServiceLoginScreen
from ui.screens.service_words import ServiceWords
from ui.worker import CoreWorker

# The service screen re-reads everything this often while it is up, so a door closed,
# an alarm raised or an event delivered shows without anyone touching the screen.
REFRESH_INTERVAL_MS = 3000
# Alarms staff have acknowledged (seen, being dealt with) but not yet cleared: a setting,
# the ids of uncleared alarms as a JSON list.
ACKNOWLEDGED_SETTING = "service_acknowledged_alarms"


class ServiceController(QObject):
    """The staff actor, the service screens' actions, and their audit rows."""

    def __init__(
        self,
        runtime: Any,
        worker: CoreWorker,
        cues: Cues,
        idle: IdleMonitor,
        language: Callable[[], str],
        online: Callable[[], bool],
        device_faults: Callable[[], dict[str, str]],
        quit_kiosk: Callable[[], None],
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.runtime = runtime
        self.worker = worker
        self.cues = cues
        self.idle = idle
        self._language = language
        self._online = online
        self._device_faults = device_faults
        self._quit_kiosk = quit_kiosk
        simulated = runtime.simulators is not None
        self.pin_guard = PinGuard(runtime.store, runtime.config.ui.service_pin_hash, simulated)
        self.staff_actor: str | None = None
        self.words = ServiceWords(self)
        self.refresh_timer = QTimer(self)
        self.refresh_timer.setInterval(REFRESH_INTERVAL_MS)
        self.refresh_timer.timeout.connect(self._refresh_if_shown)
        self.quit_dialog: ChoiceDialog | None = None
        self.runner: JobRunner
        self.navigator: Navigator
        self.login_screen: ServiceLoginScreen
        self.screen: ServiceScreen

    def attach(
        self,
        runner: JobRunner,
        navigator: Navigator,
        login_screen: ServiceLoginScreen,
        screen: ServiceScreen,
    ) -> None:
        """The parts built after the controller: the screens it drives, the navigation."""
        self.runner = runner
        self.navigator = navigator
        self.login_screen = login_screen
        self.screen = screen

    @property
    def demo_pin(self) -> bool:
        return self.pin_guard.demo

    # --- login and logout ----------------------------------------------------------------------

    def show_login(self) -> None:
        self.login_screen.reset()
        self.idle.start()
        self.navigator.go(View.SERVICE_LOGIN)

    def login_pin(self, pin: str) -> None:
        guard = self.pin_guard

        def check() -> PinCheck:
            result = guard.check(pin)
            outcome = "ok" if result.ok else ("locked" if result.locked_for_s else "refused")
            self._audit_now("staff:pin", "service_login", outcome)
            return result

        def checked(result: PinCheck) -> None:
            if result.ok:
                self.enter("staff:pin", audited=True)
            else:
                self.cues.error()
                self.login_screen.show_check(result)

        self.runner.run(check, done=checked, label="service_pin")

    def is_staff_card(self, patron_id: str) -> bool:
        """Core thread: the staff card list is a setting in the store."""
        return patron_id in self.pin_guard.staff_cards()

    def enter(self, actor: str, audited: bool = False) -> None:
        if not audited:
            self._audit(actor, "service_login", "ok")
        self.staff_actor = actor
        self.idle.start()
        self.screen.reset()
        self.navigator.go(View.SERVICE)
        self.refresh_timer.start()

    def end(self, why: str) -> None:
        """Logout: audit the end of service mode, if it was on."""
        self.refresh_timer.stop()
        if self.staff_actor is not None:
            self._audit(self.staff_actor, "service_logout", why)
        self.staff_actor = None

    def _audit_now(
        self, actor: str, action: str, outcome: str, detail: dict[str, Any] | None = None
    ) -> None:
        """Core thread: one audit row for a service action."""
        with self.runtime.store.transaction() as tx:
            tx.audit(self.runtime.circulation.clock(), actor, action, outcome, detail=detail)

    def _audit(
        self, actor: str, action: str, outcome: str, detail: dict[str, Any] | None = None
    ) -> None:
        self.worker.submit(
            self._audit_now, actor, action, outcome, detail, session_bound=False, label="audit"
        )

    # --- actions ------------------------------------------------------------------------------

    def action(
        self,
        name: str,
        fn: Callable[..., Any],
        *args: Any,
        detail: dict[str, Any] | None = None,
        done: Callable[[Any], None] | None = None,
        refresh: bool = True,
    ) -> None:
        """Run a staff action on the core thread and audit it as ``service.<name>``.

        The screen says how it went: "<action> (<compartment or device>): done", or what
        failed and what to do; ``done`` may say more.
        """
        actor = self.staff_actor or "staff"

        def act() -> Any:
            try:
                result = fn(*args)
            except Exception as exc:
                self._audit_now(
                    actor, f"service.{name}", "failed", {**(detail or {}), "error": _code(exc)}
                )
                raise
            self._audit_now(actor, f"service.{name}", "ok", detail)
            return result

        def acted(result: Any) -> None:
            self.screen.show_message(fmt(self.tr("%1: done."), self._what(name, detail)))
            if done is not None:
                done(result)
            if refresh:
                self.refresh()

        def failed(exc: BaseException) -> None:
            self.cues.error()
            self.screen.show_message(
                fmt(self.tr("%1: not done. %2"), self._what(name, detail), self._why(exc)),
                error=True,
            )
            self.refresh()

        self.runner.run(act, done=acted, failed=failed, label=f"service.{name}")

    def _what(self, name: str, detail: dict[str, Any] | None) -> str:
        """The action in words, with the compartment it touched (device actions name
        their device already)."""
        words = self.words.action(f"service.{name}")
        compartment_id = (detail or {}).get("compartment_id")
        return fmt(self.tr("%1 (%2)"), words, compartment_id) if compartment_id else words

    def _why(self, exc: BaseException) -> str:
        code = _code(exc)
        explained = self.words.failure(code)
        if explained != code:
            return explained
        if isinstance(exc, Refused):
            return exc.reason.text(self._language())
        return str(exc)

    def refresh(self) -> None:
        self.worker.submit(self.snapshot, done=self.screen.show_snapshot, label="snapshot")

    def _refresh_if_shown(self) -> None:
        if self.navigator.view is View.SERVICE:
            self.refresh()

    def snapshot(self) -> ServiceSnapshot:
        """Core thread: everything the service screen shows."""
        rt = self.runtime
        circ = rt.circulation
        store = rt.store
        # Each device by name: "" when it works, else the code of what is wrong. A
        # warning (paper low) is a code on a device that still works.
        devices: dict[str, tuple[bool, str]] = {}
        try:
            rt.pad.inventory()
            devices["rfid"] = (True, "")
        except DeviceError as exc:
            devices["rfid"] = (False, exc.code)
        try:
            status = rt.printer.status()
            if status.error:
                devices["printer"] = (False, "printer_error")
            elif status.cover_open:
                devices["printer"] = (False, "cover_open")
            elif status.paper.value != "ok":
                devices["printer"] = (status.paper.value == "low", f"paper_{status.paper.value}")
            else:
                devices["printer"] = (True, "")
        except DeviceError as exc:
            devices["printer"] = (False, exc.code)
        faults = self._device_faults()
        for name in ("card", "scanner"):
            code = faults.get(name)
            devices[name] = (code is None, code or "")
        compartments = store.compartments()
        if rt.doors is not None and compartments:
            try:
                rt.doors.sensor(compartments[0].compartment_id)
                devices["lockers"] = (True, "")
            except DeviceError as exc:
                devices["lockers"] = (False, exc.code)

        def title(item_id: str) -> str:
            item = store.get_item(item_id)
            return item.title if item else item_id

        sync = None
        if rt.sync is not None:
            try:
                sync = rt.sync.status()
            except Exception as exc:
                sync = str(exc)
        alarms = store.active_alarms()
        acknowledged = set(json.loads(store.get_setting(ACKNOWLEDGED_SETTING) or "[]"))
        return {
            "devices": devices,
            "compartment_ids": [c.compartment_id for c in compartments],
            "compartments": compartments,
            "to_load": [(h, title(h.item_id)) for h in circ.holds_to_load()],
            "to_remove": [(h, title(h.item_id)) for h in circ.holds_to_remove()],
            "alarms": alarms,
            "acknowledged": acknowledged & {a.alarm_id for a in alarms},
            "outbox": store.outbox_stats(circ.clock()),
            "online": self._online(),
            "sync_status": sync,
            "sync_available": rt.sync is not None,
            "audit": store.recent_audit(50),
            "out_of_service": circ.out_of_service_reason(),
            "places": {c.id: (c.bus, c.board, c.lock) for c in rt.config.lockers.compartments},
        }

    def card_test(self, uid_hex: str, patron_id: str) -> None:
        """A card presented in service mode: show what the reader made of it."""
        self.screen.show_card(uid_hex, patron_id)
        self.action("card_test", lambda: None, detail={"device": "card", "uid": uid_hex})

    def inventory(self) -> None:
        self.action(
            "reader_inventory",
            self.runtime.pad.inventory,
            detail={"device": "rfid"},
            done=self.screen.show_inventory,
        )

    def print_test(self) -> None:
        site = self.runtime.config.site
        from drivers.printer.receipt import Receipt

        receipt = Receipt(
            site_name=site.name,
            kind="loan",
            patron_masked="****",
            lines=(("TEST 测试页", None),),
            receipt_id="TEST",
            issued_at=self.runtime.circulation.clock(),
            qr_payload=f"LKR1.{site.terminal_id}.TEST",
        )

        def printed(_: Any) -> None:
            self.screen.show_message(self.tr("Test page printed: take it from the printer."))

        self.action(
            "printer_test",
            self.runtime.printer.print_receipt,
            receipt,
            detail={"device": "printer"},
            done=printed,
        )

    def board_status(self) -> None:
        doors = self.runtime.doors
        if doors is None:
            return

        def status() -> list[BoardLine]:
            lines: list[BoardLine] = []
            for c in self.runtime.store.compartments():
                try:
                    closed = doors.sensor(c.compartment_id) is DoorSensor.CLOSED
                    lines.append(
                        (c.compartment_id, closed, doors.item_present(c.compartment_id), "")
                    )
                except DeviceError as exc:
                    lines.append((c.compartment_id, None, None, exc.code))
            return lines

        self.action(
            "board_status", status, detail={"device": "lockers"}, done=self.screen.show_board
        )

    def open_door(self, compartment_id: str) -> None:
        """Test-open a door, in service or not (a repair is tried this way)."""
        if self.runtime.doors is None:
            return

        def opened(_: Any) -> None:
            self.screen.show_message(
                fmt(self.tr("Door %1 is open. Close it when you are done."), compartment_id)
            )

        self.action(
            "open_compartment",
            self.runtime.circulation.test_open,
            compartment_id,
            detail={"compartment_id": compartment_id},
            done=opened,
        )

    def begin_loading(self, item_id: str) -> None:
        def opened(ticket: Any) -> None:
            self.screen.ticket = ticket
            self.screen.retranslate()

        self.action(
            "begin_loading",
            self.runtime.circulation.begin_loading,
            item_id,
            self.staff_actor or "staff",
            detail={"item_id": item_id},
            done=opened,
        )

    def confirm_loaded(self) -> None:
        ticket = self.screen.ticket
        if ticket is None:
            return

        def loaded(code: str | None) -> None:
            self.screen.ticket = None
            self.screen.retranslate()
            self.cues.success()
            self.screen.show_message(
                fmt(
                    self.tr("Put into %1. Pick-up code for the reader: %2"),
                    ticket.compartment_id,
                    code or self.tr("(same as before)"),
                )
            )

        self.action(
            "confirm_loaded",
            self.runtime.circulation.confirm_loaded,
            ticket,
            self.staff_actor or "staff",
            detail={"hold_id": ticket.hold_id, "compartment_id": ticket.compartment_id},
            done=loaded,
        )

    def expire_holds(self) -> None:
        def checked(expired: list[Any]) -> None:
            self.screen.show_message(
                fmt(self.tr("%1 holds expired: take them out (Holds)."), len(expired))
                if expired
                else self.tr("No hold has expired.")
            )

        self.action("expire_holds", self.runtime.circulation.expire_holds, done=checked)

    def remove_hold(self, hold_id: str) -> None:
        self.action(
            "remove_hold",
            self.runtime.circulation.remove_hold,
            hold_id,
            self.staff_actor or "staff",
            detail={"hold_id": hold_id},
        )

    def _alarm_detail(self, alarm_id: int) -> dict[str, Any]:
        alarm = next(
            (a for a in self.screen.snapshot.get("alarms", []) if a.alarm_id == alarm_id), None
        )
        detail: dict[str, Any] = {"alarm_id": alarm_id}
        if alarm is not None:
            detail["kind"] = alarm.kind
            key = (
                "compartment_id"
                if alarm.subject in self.screen.snapshot.get("compartment_ids", [])
                else "device"
            )
            detail[key] = alarm.subject
        return detail

    def clear_alarm(self, alarm_id: int) -> None:
        self.action(
            "clear_alarm",
            self.runtime.store.clear_alarm,
            alarm_id,
            self.staff_actor or "staff",
            detail=self._alarm_detail(alarm_id),
        )

    def acknowledge_alarm(self, alarm_id: int) -> None:
        """Seen and being dealt with: the alarm stays until it is cleared."""
        store = self.runtime.store

        def acknowledge() -> None:
            active = {a.alarm_id for a in store.active_alarms()}
            seen = set(json.loads(store.get_setting(ACKNOWLEDGED_SETTING) or "[]"))
            store.set_setting(
                ACKNOWLEDGED_SETTING, json.dumps(sorted((seen | {alarm_id}) & active))
            )

        self.action("acknowledge_alarm", acknowledge, detail=self._alarm_detail(alarm_id))

    def set_compartment(self, compartment_id: str, out_of_service: bool) -> None:
        """Take a compartment out of service, or put it back (its door must be shut)."""
        circ = self.runtime.circulation
        detail = {"compartment_id": compartment_id}
        if out_of_service:
            self.action(
                "compartment_out_of_service",
                circ.take_compartment_out,
                compartment_id,
                detail=detail,
            )
        else:
            self.action(
                "compartment_in_service",
                circ.put_compartment_back,
                compartment_id,
                self.staff_actor or "staff",
                detail=detail,
            )

    def toggle_terminal(self) -> None:
        out = self.screen.snapshot.get("out_of_service")
        self.action(
            "terminal_in_service" if out else "terminal_out_of_service",
            self.runtime.circulation.set_out_of_service,
            None if out else "maintenance",
            self.staff_actor or "staff",
        )

    def sync_now(self) -> None:
        sync = self.runtime.sync
        if sync is None:
            return

        def started(_: Any) -> None:
            depth = self.screen.snapshot.get("outbox")
            self.screen.show_message(
                fmt(
                    self.tr(
                        "Sync started: %1 events waiting. The count below goes down as the "
                        "library confirms them."
                    ),
                    depth.depth if depth is not None else 0,
                )
            )

        self.action("sync_now", sync.sync_now, done=started)

    def quit_kiosk(self) -> None:
        """Ask first: quitting leaves the machine without a kiosk until someone starts it."""

        def render() -> tuple[str, list[str]]:
            return (
                self.tr(
                    "Quit the kiosk program? Residents cannot use this terminal until "
                    "it is started again."
                ),
                [self.tr("Keep running"), self.tr("Quit")],
            )

        def chosen(index: int) -> None:
            if index == 1:
                self.action("quit", lambda: None, done=lambda _: self._quit_kiosk(), refresh=False)

        self.quit_dialog = ChoiceDialog(self.screen, render, chosen)
        self.quit_dialog.open()


def _code(exc: BaseException) -> str:
    """The code of a failure: a refusal's detail code, a device error's code, else the text."""
    if isinstance(exc, Refused):
        return exc.detail or exc.reason.value
    if isinstance(exc, DeviceError):
        return exc.code
    return str(exc)
