"""Builds a :class:`~runtime.core.Runtime` from a site file, on the ``kiosk-core`` thread.

Demo or real is the site file's ``[site] demo`` alone: only a demo site seeds the sample
data, gets the simulator control handles (and so the simulator window, the demo PIN and
staff card in :mod:`ui.window`) and may sign e-cards with the demo key. ``driver = "none"``
for the card reader or the scanner opens nothing and raises no alarm. A store that cannot
be opened raises :class:`~kiosk.store.StorageError`; ``kiosk run`` prints it as one line.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from kiosk.circulation import Circulation, Refused
from kiosk.config import ConfigError, SiteConfig
from kiosk.devices import BoardNotAnswering, DeviceError, NoReader, PrinterError
from kiosk.ecard import EcardVerifier, issue_ecard
from kiosk.lockers import Alarm as DoorAlarm
from kiosk.model import PatronCheck
from kiosk.sample_data import seed
from kiosk.store import Store
from runtime import devices
from runtime.backup import StoreLock
from runtime.core import Runtime, close_all
from runtime.devices import AbsentDevice, UnavailableDevice
from runtime.simulated import (
    DEMO_ECARD_KEY,
    DEMO_ECARD_KEY_ID,
    NetworkSwitch,
    SimulatedCentral,
    Simulators,
)

log = logging.getLogger(__name__)


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
        core.submit(close_all, closers).result()
        core.shutdown()
        raise
    runtime._core = core
    return runtime


def _build(
    config: SiteConfig, closers: list[Callable[[], None]], core: ThreadPoolExecutor
) -> Runtime:
    if config.storage.path != ":memory:":
        lock = StoreLock(config.storage.path)
        lock.acquire()
        closers.append(lock.release)
    store = Store(config.storage.path, config.site.terminal_id)
    closers.append(store.close)
    simulators = Simulators()
    network = NetworkSwitch()
    alarm_listeners: list[Callable[[Any], None]] = []
    door_listeners: list[Callable[[str, Any], None]] = []

    unavailable: dict[str, str] = {}

    def open_or_stand_in(
        name: str, key: str, missing: type[DeviceError], opener: Callable[..., Any], *args: Any
    ) -> Any:
        """Open a device; one that is not there gets a stand-in and an alarm, not a crash."""
        try:
            return devices.from_config(config, key, opener, *args)
        except (DeviceError, OSError) as exc:
            error = exc if isinstance(exc, DeviceError) else missing(str(exc), device=name)
            log.error("%s unavailable at start-up: %s", name, error)
            unavailable[name] = f"{error.code}: {error.detail or error}"
            store.raise_alarm("device_unavailable", name, {"error": unavailable[name]})
            return UnavailableDevice(name, error)

    # Closers run in reverse: each simulator is registered before its driver, so the
    # driver lets go of the pty before the simulator's side disappears.
    pad, rfid_sim = devices.pair(
        open_or_stand_in("rfid", "devices.rfid", NoReader, devices.open_pad, config)
    )
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
        doors, locker_sim = devices.pair(
            open_or_stand_in(
                "lockers",
                "lockers.buses",
                BoardNotAnswering,
                devices.open_lockers,
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
        card_reader = open_or_stand_in("card", "devices.card", NoReader, devices.open_card, config)
    closers.append(card_reader.close)
    if config.devices.card.driver == "simulated":
        simulators.card = card_reader
    if config.devices.scanner.driver == "none":
        scanner = AbsentDevice("scanner")
    else:
        scanner = open_or_stand_in(
            "scanner", "devices.scanner", NoReader, devices.open_scanner, config
        )
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
        "printer", "devices.printer", PrinterError, devices.open_printer, config, on_printer_alarm
    )
    closers.append(printer.close)
    if config.devices.printer.driver == "simulated":
        simulators.printer = printer

    ecard_verifier = devices.from_config(
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
        # Titles of items this terminal does not hold come from the library system.
        circulation.item_lookup = sync
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


def _start_sync(
    config: SiteConfig,
    store: Store,
    circulation: Circulation,
    doors: Any,
    core: ThreadPoolExecutor,
) -> Any:
    from sync.client import SyncClient, SyncSettings
    from sync.commands import CommandFailed, CommandHandlers
    from sync.mqtt import BrokerSettings
    from sync.signing import public_key_from_b64

    trusted: dict[str, str] = {}
    for key_id, public in config.sync.trusted_command_keys.items():
        key = f"sync.trusted_command_keys.{key_id}"
        if not isinstance(public, str):
            raise ConfigError(config.source or "<config>", key, "must be a string")
        devices.from_config(config, key, public_key_from_b64, public)
        trusted[key_id] = public
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

    def put_back(compartment_id: str) -> None:
        try:
            circulation.put_compartment_back(compartment_id, actor="central")
        except Refused as exc:
            # e.g. "door_not_closed": the job fails with it, staff must go and look
            raise CommandFailed("handler_error", exc.detail or exc.reason.value) from exc

    handlers = CommandHandlers(
        apply_config=on_core(circulation.update_policy),
        put_compartment_back=on_core(put_back) if doors is not None else None,
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
        trusted,
        handlers,
        settings=settings,
        district=config.site.district,
    )
    return client.start()
