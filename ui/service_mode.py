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

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject

from kiosk.circulation import Refused
from kiosk.devices import DeviceError, TagRead
from kiosk.service_pin import PinCheck, PinGuard
from ui.idle import IdleMonitor
from ui.jobs import JobRunner
from ui.navigation import Navigator, View
from ui.screens.base import fmt
from ui.screens.host import Cues, ServiceSnapshot
from ui.screens.service import ServiceLoginScreen, ServiceScreen
from ui.worker import CoreWorker


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

    def end(self, why: str) -> None:
        """Logout: audit the end of service mode, if it was on."""
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
        """Run a staff action on the core thread and audit it as ``service.<name>``."""
        actor = self.staff_actor or "staff"

        def act() -> Any:
            try:
                result = fn(*args)
            except Exception as exc:
                self._audit_now(
                    actor, f"service.{name}", "failed", {**(detail or {}), "error": str(exc)}
                )
                raise
            self._audit_now(actor, f"service.{name}", "ok", detail)
            return result

        def acted(result: Any) -> None:
            if done is not None:
                done(result)
            if refresh:
                self.refresh()

        def failed(exc: BaseException) -> None:
            self.cues.error()
            if isinstance(exc, Refused):
                text = f"{exc.reason.text(self._language())} {exc.detail}".strip()
            else:
                text = str(exc)
            self.screen.show_message(fmt(self.tr("%1 failed: %2"), name, text))
            self.refresh()

        self.runner.run(act, done=acted, failed=failed, label=f"service.{name}")

    def refresh(self) -> None:
        self.worker.submit(self.snapshot, done=self.screen.show_snapshot, label="snapshot")

    def snapshot(self) -> ServiceSnapshot:
        """Core thread: everything the service screen shows."""
        rt = self.runtime
        circ = rt.circulation
        store = rt.store
        devices: dict[str, tuple[bool, str]] = {}
        try:
            rt.pad.inventory()
            devices["rfid"] = (True, "")
        except DeviceError as exc:
            devices["rfid"] = (False, exc.code)
        try:
            status = rt.printer.status()
            problem = status.paper.value != "ok" or status.cover_open or status.error
            devices["printer"] = (not problem, "" if not problem else str(status.as_dict()))
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

        sync_status = None
        if rt.sync is not None:
            try:
                sync_status = rt.sync.status()
            except Exception as exc:
                sync_status = f"sync status unavailable: {exc}"
        return {
            "devices": devices,
            "compartment_ids": [c.compartment_id for c in compartments],
            "compartments": compartments,
            "to_load": [(h, title(h.item_id)) for h in circ.holds_to_load()],
            "to_remove": [(h, title(h.item_id)) for h in circ.holds_to_remove()],
            "alarms": store.active_alarms(),
            "outbox": store.outbox_stats(circ.clock()),
            "online": self._online(),
            "sync_status": sync_status,
            "sync_available": rt.sync is not None,
            "audit": store.recent_audit(50),
            "out_of_service": circ.out_of_service_reason(),
        }

    def card_test(self, uid_hex: str, patron_id: str) -> None:
        """A card presented in service mode: show what the reader made of it."""
        self.screen.show_card(uid_hex, patron_id)
        self.action("card_test", lambda: None, detail={"uid": uid_hex})

    def inventory(self) -> None:
        def shown(tags: list[TagRead]) -> None:
            lines = [
                f"{t.uid}  {t.item_id or '?'}  "
                + (self.tr("secured") if t.secured else self.tr("not secured"))
                for t in tags
            ]
            self.screen.device_out.setText("\n".join(lines) or self.tr("No tags on the pad."))

        self.action("reader_inventory", self.runtime.pad.inventory, done=shown)

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
        self.action("printer_test", self.runtime.printer.print_receipt, receipt)

    def board_status(self) -> None:
        doors = self.runtime.doors
        if doors is None:
            return

        def status() -> list[str]:
            lines = []
            for c in self.runtime.store.compartments():
                try:
                    sensor = doors.sensor(c.compartment_id).value
                    item = doors.item_present(c.compartment_id)
                    lines.append(f"{c.compartment_id}: {sensor}, item={item}")
                except DeviceError as exc:
                    lines.append(f"{c.compartment_id}: {exc.code}")
            return lines

        self.action(
            "board_status",
            status,
            done=lambda lines: self.screen.device_out.setText("\n".join(lines)),
        )

    def open_door(self, compartment_id: str) -> None:
        if self.runtime.doors is not None:
            self.action(
                "open_compartment",
                self.runtime.doors.open,
                compartment_id,
                detail={"compartment_id": compartment_id},
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
                    self.tr("Loaded into %1. Pick-up code for the reader: %2"),
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
        self.action("expire_holds", self.runtime.circulation.expire_holds)

    def remove_hold(self, hold_id: str) -> None:
        self.action(
            "remove_hold",
            self.runtime.circulation.remove_hold,
            hold_id,
            self.staff_actor or "staff",
            detail={"hold_id": hold_id},
        )

    def clear_alarm(self, alarm_id: int) -> None:
        self.action(
            "clear_alarm",
            self.runtime.store.clear_alarm,
            alarm_id,
            self.staff_actor or "staff",
            detail={"alarm_id": alarm_id},
        )

    def set_compartment(self, compartment_id: str, out_of_service: bool) -> None:
        self.action(
            "compartment_out_of_service" if out_of_service else "compartment_in_service",
            self.runtime.store.set_compartment_in_service,
            compartment_id,
            not out_of_service,
            "staff" if out_of_service else None,
            detail={"compartment_id": compartment_id},
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
        if self.runtime.sync is not None:
            self.action("sync_now", self.runtime.sync.sync_now)

    def quit_kiosk(self) -> None:
        self.action("quit", lambda: None, done=lambda _: self._quit_kiosk(), refresh=False)
