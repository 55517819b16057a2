"""Builds a running terminal from a site file: store, devices, circulation and sync.

This is the composition root's non-Qt half: it reads nothing but the validated
:class:`~kiosk.config.SiteConfig`, opens every device through its package's factory
(starting simulators on pseudo-terminals where the site says "simulated", so the real
drivers run the real byte protocols even on a laptop), reconciles crash leftovers with
:meth:`Circulation.recover` before anyone can log in, and starts sync when a broker is
configured. The Qt app (:mod:`ui.app`) and the headless mode both run on a Runtime.

A driver's option error surfaces as :class:`~kiosk.config.ConfigError` naming the key,
like any other bad value in the site file; a store that cannot be opened raises
:class:`~kiosk.store.StorageError`. ``kiosk run`` prints either as one line.

Demo or real is the site file's ``[site] demo`` alone: only a demo site seeds the sample
data, gets the simulator control handles (and so the simulator window, the demo PIN and
staff card in :mod:`ui.window`) and may sign e-cards with the demo key. ``driver = "none"``
for the card reader or the scanner opens nothing and raises no alarm: an
:class:`AbsentDevice` never reads anything.

A full disk while running takes the terminal out of service (:meth:`Runtime.
out_of_service_reason` says ``storage_full``, listeners hear the alarm); every
:data:`STORAGE_RETRY_S` the core thread records the alarm and runs
:meth:`Circulation.recover`, and the first attempt that can write settles what the full
disk left pending and puts the terminal back in service.

Threads: the runtime owns ``kiosk-core``, the one thread that calls the circulation
service and the devices it drives (RFID pad, locker doors, printer). The devices are
opened on it, recovery runs on it, and every caller, the UI's worker included, goes
through :meth:`Runtime.submit` / :meth:`Runtime.call`. Device drivers check that they are
always called from the thread that first used them; this keeps that one thread.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.circulation import Circulation, RecoveryOutcome
from kiosk.config import ConfigError, SiteConfig
from kiosk.devices import (
    BoardNotAnswering,
    CompartmentDoors,
    DeviceError,
    NoReader,
    PrinterError,
    RfidPad,
)
from kiosk.ecard import EcardVerifier, issue_ecard
from kiosk.lockers import Alarm as DoorAlarm
from kiosk.model import PatronCheck, PatronCheckResult
from kiosk.sample_data import seed
from kiosk.store import StorageFull, Store

log = logging.getLogger(__name__)

DEMO_ECARD_KEY = Path(__file__).resolve().parents[1] / "config" / "demo-ecard.key"
DEMO_ECARD_KEY_ID = "demo"
STORAGE_FULL = "storage_full"  # the out-of-service reason and the alarm kind
STORAGE_RETRY_S = 10.0


class NetworkSwitch:
    """Whether the central library is reachable, as the simulator window sets it.

    With a real broker the sync client decides; without one (the simulated default)
    this switch lets anyone try the offline rules by "cutting the network".
    """

    def __init__(self) -> None:
        self._online = True
        self._lock = threading.Lock()

    @property
    def online(self) -> bool:
        with self._lock:
            return self._online

    def set_online(self, online: bool) -> None:
        with self._lock:
            self._online = online


class SimulatedCentral:
    """The central library's patron answers when no broker is configured: the local copy,
    as central would keep it current, or no answer at all while the network is cut."""

    def __init__(self, store: Store, network: NetworkSwitch):
        self.store = store
        self.network = network

    def check(self, patron_id: str) -> PatronCheckResult | None:
        if not self.network.online:
            return None
        return PatronCheckResult(self.store.get_patron(patron_id))


class UnavailableDevice:
    """Stands in for a device that could not be opened at start-up (unplugged, wrong port).

    The kiosk still starts and does what needs no such device; every call to this one
    raises the error it failed with, which the screens explain and service mode shows.
    A restart picks the device up again once it is back.
    """

    def __init__(self, name: str, error: DeviceError):
        self.name = name
        self.error = error

    def close(self) -> None:
        """Nothing was opened."""

    def __getattr__(self, attribute: str) -> Callable[..., Any]:
        def unavailable(*_args: Any, **_kwargs: Any) -> Any:
            raise self.error

        return unavailable


class AbsentDevice:
    """A card reader or scanner the site does not have (``driver = "none"``): nothing is
    opened, no alarm is raised, and it never reads anything."""

    def __init__(self, name: str):
        self.name = name
        self._closed = threading.Event()

    def wait_for_card(self, timeout_s: float) -> None:
        self._closed.wait(timeout_s)

    def read_code(self, timeout_s: float) -> None:
        self._closed.wait(timeout_s)

    def wait_for_removal(self, timeout_s: float) -> bool:
        return True

    def close(self) -> None:
        self._closed.set()


@dataclass
class Simulators:
    """The simulated devices' control handles, for the simulator window and the tests."""

    rfid: Any = None
    lockers: Any = None
    card: Any = None
    scanner: Any = None
    printer: Any = None
    # patron id -> QR e-card text, signed with the demo key (demo sites only)
    issue_ecard: Callable[[str], str] | None = None


@dataclass
class Runtime:
    config: SiteConfig
    store: Store
    circulation: Circulation
    pad: RfidPad
    doors: CompartmentDoors | None
    card_reader: Any
    scanner: Any
    printer: Any
    network: NetworkSwitch
    ecard_verifier: EcardVerifier
    # device name -> why it could not be opened at start-up
    unavailable: dict[str, str] = field(default_factory=dict)
    sync: Any = None
    simulators: Simulators | None = None
    recovered: list[RecoveryOutcome] = field(default_factory=list)
    alarm_listeners: list[Callable[[Any], None]] = field(default_factory=list)
    door_listeners: list[Callable[[str, Any], None]] = field(default_factory=list)
    # why the store cannot be written (a full disk), None while it can; kiosk-core only
    storage_full: str | None = None
    storage_retry_s: float = STORAGE_RETRY_S
    _storage_alarm_recorded: bool = False
    _storage_retry_pending: bool = False  # kiosk-core only, like storage_full
    _closers: list[Callable[[], None]] = field(default_factory=list)
    _core: ThreadPoolExecutor | None = None
    _storage_timer: threading.Timer | None = None

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future:
        """Run ``fn(*args)`` on the kiosk-core thread; the Future carries its result.
        A :class:`StorageFull` from it takes the terminal out of service until the disk
        has space again (the error still reaches the caller)."""
        return self._core.submit(self._watching_storage, fn, *args)

    def _watching_storage(self, fn: Callable[..., Any], *args: Any) -> Any:
        try:
            return fn(*args)
        except StorageFull as exc:
            self._storage_failed(exc)
            raise

    def _storage_failed(self, exc: StorageFull) -> None:
        if self.storage_full is None:
            log.error("out of service: %s", exc)
            self.storage_full = str(exc)
            self._storage_alarm_recorded = False
            for listener in list(self.alarm_listeners):
                listener(STORAGE_FULL)
        self._retry_storage_later()

    def _retry_storage_later(self) -> None:
        # A flag, not the timer's is_alive(): the retry may run on kiosk-core before the
        # timer thread that submitted it has ended, and must still schedule the next one.
        if self._core is None or self._storage_retry_pending:
            return
        self._storage_retry_pending = True
        self._storage_timer = threading.Timer(self.storage_retry_s, self._submit_storage_retry)
        self._storage_timer.daemon = True
        self._storage_timer.start()

    def _submit_storage_retry(self) -> None:
        core = self._core
        if core is not None:
            core.submit(self._retry_storage)

    def _retry_storage(self) -> None:
        """On kiosk-core: record the alarm and settle what the full disk left pending.
        Both write, so success means there is space again."""
        self._storage_retry_pending = False
        if self.storage_full is None or self._core is None:
            return
        try:
            if not self._storage_alarm_recorded:
                self.store.raise_alarm(STORAGE_FULL, "store", {"detail": self.storage_full})
                self._storage_alarm_recorded = True
            self.recovered.extend(self.circulation.recover())
        except StorageFull:
            log.warning("storage still full; next try in %g s", self.storage_retry_s)
            self._retry_storage_later()
            return
        log.info("storage has space again: back in service")
        self.storage_full = None
        for listener in list(self.alarm_listeners):
            listener(STORAGE_FULL)

    def out_of_service_reason(self) -> str | None:
        """Why residents cannot use the terminal now (call on kiosk-core), or None."""
        if self.storage_full is not None:
            return STORAGE_FULL
        return self.circulation.out_of_service_reason()

    def call(self, fn: Callable[..., Any], *args: Any) -> Any:
        """Run ``fn(*args)`` on the kiosk-core thread and wait (tests, headless mode)."""
        return self.submit(fn, *args).result()

    def close(self) -> None:
        """Stop sync, close devices and simulators on the core thread, then stop it.
        Safe to call twice."""
        if self._core is None:
            return
        if self._storage_timer is not None:
            self._storage_timer.cancel()
        core, self._core = self._core, None
        core.submit(_close_all, self._closers).result()
        core.shutdown()


def build_runtime(config: SiteConfig, *, data_dir: str | Path | None = None) -> Runtime:
    """Open everything the site file names. ``data_dir`` overrides where the store lives."""
    if data_dir is not None:
        path = str(Path(data_dir) / Path(config.storage.path).name)
        config = dataclasses.replace(config, storage=dataclasses.replace(config.storage, path=path))
    core = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kiosk-core")
    closers: list[Callable[[], None]] = []
    try:
        runtime = core.submit(_build, config, closers, core).result()
    except BaseException:
        core.submit(_close_all, closers).result()
        core.shutdown()
        raise
    runtime._core = core
    return runtime


def _close_all(closers: list[Callable[[], None]]) -> None:
    while closers:
        closer = closers.pop()
        try:
            closer()
        except Exception:
            log.exception("error while shutting down")


def _build(
    config: SiteConfig, closers: list[Callable[[], None]], core: ThreadPoolExecutor
) -> Runtime:
    store = Store(config.storage.path, config.site.terminal_id)
    closers.append(store.close)
    simulators = Simulators()
    network = NetworkSwitch()
    alarm_listeners: list[Callable[[Any], None]] = []
    door_listeners: list[Callable[[str, Any], None]] = []

    unavailable: dict[str, str] = {}

    def open_or_stand_in(
        name: str, key: str, missing: type[DeviceError], opener: Callable, *args: Any
    ) -> Any:
        """Open a device; one that is not there gets a stand-in and an alarm, not a crash."""
        try:
            return _device(config, key, opener, *args)
        except (DeviceError, OSError) as exc:
            error = exc if isinstance(exc, DeviceError) else missing(str(exc), device=name)
            log.error("%s unavailable at start-up: %s", name, error)
            unavailable[name] = f"{error.code}: {error.detail or error}"
            store.raise_alarm("device_unavailable", name, {"error": unavailable[name]})
            return UnavailableDevice(name, error)

    # Closers run in reverse: each simulator is registered before its driver, so the
    # driver lets go of the pty before the simulator's side disappears.
    pad, rfid_sim = _pair(open_or_stand_in("rfid", "devices.rfid", NoReader, _open_pad, config))
    if rfid_sim is not None:
        closers.append(rfid_sim.close)
        simulators.rfid = rfid_sim
    closers.append(pad.close)

    def on_door_alarm(alarm: DoorAlarm) -> None:
        # Runs on a locker bus thread: the store serialises the write.
        store.raise_alarm(alarm.kind.value, alarm.compartment_id, {"detail": alarm.detail})
        store.set_compartment_in_service(alarm.compartment_id, False, alarm.kind.value)
        for listener in list(alarm_listeners):
            listener(alarm)

    def on_door_change(compartment_id: str, state: Any) -> None:
        for listener in list(door_listeners):
            listener(compartment_id, state)

    doors = None
    if config.lockers.compartments:
        doors, locker_sim = _pair(
            open_or_stand_in(
                "lockers",
                "lockers.buses",
                BoardNotAnswering,
                _open_lockers,
                config,
                on_door_alarm,
                on_door_change,
            )
        )
        if locker_sim is not None:
            closers.append(locker_sim.close)
            simulators.lockers = locker_sim
        closers.append(doors.close)

    if config.devices.card.driver == "none":
        card_reader = AbsentDevice("card")
    else:
        card_reader = open_or_stand_in("card", "devices.card", NoReader, _open_card, config)
    closers.append(card_reader.close)
    if config.devices.card.driver == "simulated":
        simulators.card = card_reader
    if config.devices.scanner.driver == "none":
        scanner = AbsentDevice("scanner")
    else:
        scanner = open_or_stand_in("scanner", "devices.scanner", NoReader, _open_scanner, config)
    closers.append(scanner.close)
    if config.devices.scanner.driver == "simulated":
        simulators.scanner = scanner

    def on_printer_alarm(code: str, active: bool, detail: str) -> None:
        if active:
            store.raise_alarm(code, "printer", {"detail": detail})
        else:
            for alarm in store.active_alarms():
                if alarm.kind == code and alarm.subject == "printer":
                    store.clear_alarm(alarm.alarm_id, cleared_by="printer")
        for listener in list(alarm_listeners):
            listener(code)

    printer = open_or_stand_in(
        "printer", "devices.printer", PrinterError, _open_printer, config, on_printer_alarm
    )
    closers.append(printer.close)
    if config.devices.printer.driver == "simulated":
        simulators.printer = printer

    ecard_verifier = _device(
        config,
        "identification.ecard_keys",
        functools.partial(EcardVerifier, memory=store),  # accepted codes outlive a restart
        config.identification.ecard_keys,
        config.identification.ecard_validity_s,
    )
    demo = config.site.demo
    if (
        demo
        and simulators.card is not None
        and DEMO_ECARD_KEY_ID in config.identification.ecard_keys
    ):
        demo_key = DEMO_ECARD_KEY.read_text(encoding="ascii").strip()
        simulators.issue_ecard = lambda patron_id: issue_ecard(
            patron_id, DEMO_ECARD_KEY_ID, demo_key
        )

    sync = None
    patron_check: PatronCheck = SimulatedCentral(store, network)
    circulation = Circulation(store, config, pad, doors, patron_check)
    if config.broker.enabled:
        sync = _start_sync(config, store, circulation, doors, core)
        closers.append(sync.stop)
        circulation.patron_check = sync
    if demo and config.storage.seed_sample_data:
        seed(store, circulation.clock(), config.policy.hold_days)
    recovered = circulation.recover()
    # The simulator handles mean the simulator window, the demo PIN and the demo staff
    # card to the UI: a demo site only, whatever its drivers say.
    any_simulated = any(
        getattr(simulators, name) is not None for name in ("rfid", "lockers", "card", "scanner")
    )
    return Runtime(
        config=config,
        store=store,
        circulation=circulation,
        pad=pad,
        doors=doors,
        card_reader=card_reader,
        scanner=scanner,
        printer=printer,
        network=network,
        ecard_verifier=ecard_verifier,
        unavailable=unavailable,
        sync=sync,
        simulators=simulators if demo and any_simulated else None,
        recovered=recovered,
        alarm_listeners=alarm_listeners,
        door_listeners=door_listeners,
        _closers=closers,
    )


def _pair(opened: Any) -> tuple[Any, Any]:
    """(driver, simulator) from a factory that returns both, or (stand-in, None)."""
    return (opened, None) if isinstance(opened, UnavailableDevice) else opened


def _device(config: SiteConfig, key: str, opener: Callable[..., Any], *args: Any) -> Any:
    """Run a factory that reads a config section; an option it refuses (ValueError) or
    cannot use (TypeError: a string where a number belongs) becomes a ConfigError."""
    try:
        return opener(*args)
    except ValueError as exc:
        raise ConfigError(config.source or "<config>", key, str(exc)) from None
    except TypeError as exc:
        reason = f"an option has the wrong type ({exc})"
        raise ConfigError(config.source or "<config>", key, reason) from None


def _open_pad(config: SiteConfig) -> tuple[Any, Any]:
    from drivers.rfid import SecurityScheme, open_pad

    device = config.devices.rfid
    security = SecurityScheme(
        afi_in_library=config.security.afi_in_library,
        afi_on_loan=config.security.afi_on_loan,
        use_eas=config.security.use_eas,
    )
    return open_pad(device.driver, device.port, device.baud, device.options, security)


def _open_lockers(
    config: SiteConfig, on_alarm: Callable[[Any], None], on_door_change: Callable
) -> tuple[Any, Any]:
    from drivers.locker import open_locker_bank

    return open_locker_bank(
        [dataclasses.asdict(bus) for bus in config.lockers.buses],
        config.lockers.compartments,
        config.lockers.door_open_alarm_s,
        config.lockers.poll_interval_s,
        on_alarm,
        on_door_change,
    )


def _open_card(config: SiteConfig) -> Any:
    from drivers.card import open_card_reader

    return open_card_reader(config.devices.card.driver, config.devices.card.options)


def _open_scanner(config: SiteConfig) -> Any:
    from drivers.scanner import open_scanner

    device = config.devices.scanner
    return open_scanner(device.driver, device.port, device.baud, device.options)


def _open_printer(config: SiteConfig, on_alarm: Callable[[str, bool, str], None]) -> Any:
    from drivers.printer import open_printer

    device = config.devices.printer
    return open_printer(device.driver, device.port, device.baud, device.options, on_alarm)


def _start_sync(
    config: SiteConfig,
    store: Store,
    circulation: Circulation,
    doors: Any,
    core: ThreadPoolExecutor,
) -> Any:
    from sync.client import SyncClient, SyncSettings
    from sync.commands import CommandHandlers
    from sync.mqtt import BrokerSettings
    from sync.signing import public_key_from_b64

    for key_id, public in config.sync.trusted_command_keys.items():
        key = f"sync.trusted_command_keys.{key_id}"
        if not isinstance(public, str):
            raise ConfigError(config.source or "<config>", key, "must be a string")
        _device(config, key, public_key_from_b64, public)
    broker = config.broker
    password = None
    if broker.password_file:
        try:
            password = Path(broker.password_file).read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as exc:
            why = getattr(exc, "strerror", None) or str(exc)
            raise ConfigError(
                config.source or "<config>",
                "broker.password_file",
                f"cannot read {broker.password_file}: {why}",
            ) from None

    def on_core(fn: Callable[..., Any]) -> Callable[..., Any]:
        # Commands arrive on the sync worker; the circulation and the doors belong to
        # kiosk-core, so the work is handed over and the result (or error) waited for.
        return lambda *args: core.submit(fn, *args).result()

    def service_change(compartment_id: str | None, out_of_service: bool, reason: str) -> None:
        if compartment_id is None:
            circulation.set_out_of_service(reason if out_of_service else None, actor="central")
        elif not out_of_service and doors is not None:
            doors.clear(compartment_id)

    handlers = CommandHandlers(
        apply_config=on_core(circulation.update_policy),
        open_compartment=(
            on_core(lambda cid: doors.open(cid, service=True)) if doors is not None else None
        ),
        on_service_change=on_core(service_change),
    )
    settings = SyncSettings.from_config(config.sync)
    client = SyncClient(
        store,
        config.site.terminal_id,
        BrokerSettings(
            host=broker.host,
            port=broker.port,
            username=broker.username or config.site.terminal_id,
            password=password,
            tls_ca=broker.ca_file or None,
            tls_cert=broker.cert_file or None,
            tls_key=broker.key_file or None,
            keepalive_s=broker.keepalive_s,
        ),
        config.sync.trusted_command_keys,
        handlers,
        settings=settings,
    )
    return client.start()
