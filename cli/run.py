"""``kiosk run``: start the terminal from a site file, with a window or headless.

Without a display (no ``DISPLAY`` / ``WAYLAND_DISPLAY``) the window cannot open: the
command says so in both languages and how to go on (``--headless``, or ``xvfb-run``),
instead of letting Qt abort. ``--headless`` runs everything but the window (devices,
crash recovery, sync) until SIGINT/SIGTERM, and says so in both languages with the site and
how to stop it; with the window, :mod:`ui.app` turns those
signals into a clean quit. Either way the runtime is closed and the exit code is 0.
``--check`` starts, prints a status line as JSON and stops, which is what an installer or
a smoke test wants.

What stops start-up (a bad site file, a device option a driver refuses, a store that is
damaged, read-only or on a full disk) is one line on stderr naming what and where, in
both languages, and exit code 2; nothing in the data directory is changed or removed.
"""

from __future__ import annotations

import argparse
import functools
import json
import logging
import os
import signal
import sys
import threading
from typing import TYPE_CHECKING

from kiosk import __version__
from kiosk.config import ConfigError, SiteConfig, load_config
from kiosk.store import StorageCorrupt, StorageError, StorageFull, StorageInUse
from runtime.simulated import DEMO_SITE_FILE
from runtime.watchdog import Heartbeat, ServiceManager, Watchdog, core_probe

if TYPE_CHECKING:
    from runtime.core import Runtime

log = logging.getLogger(__name__)

DEFAULT_CONFIG = DEMO_SITE_FILE

NO_DISPLAY = (
    "未找到显示器，无法打开自助终端窗口。可使用 --headless 在后台运行，或用 xvfb-run 启动。\n"
    "No display found, so the kiosk window cannot open. Use --headless to run without a "
    "window, or start it under xvfb-run."
)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "run", help="start the kiosk (simulated devices by default) / 启动自助终端"
    )
    parser.add_argument("--config", default=str(DEFAULT_CONFIG), help="site file (TOML)")
    parser.add_argument("--data-dir", help="directory for the local store (overrides the file)")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--headless", action="store_true", help="run without a window")
    mode.add_argument("--check", action="store_true", help="start, print status, stop")
    parser.add_argument("--full-screen", action="store_true", help="kiosk mode (no way out)")
    parser.add_argument(
        "--no-simulator-window", action="store_true", help="hide the simulator control window"
    )
    parser.set_defaults(handler=run)


def has_display() -> bool:
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform.startswith(("offscreen", "minimal", "vnc")):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run(args: argparse.Namespace) -> int:
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    try:
        config = load_config(args.config)
    except ConfigError as exc:
        sys.stderr.write(f"配置错误 / configuration error: {exc}\n")
        return 2
    if not (args.headless or args.check) and not has_display():
        sys.stderr.write(NO_DISPLAY + "\n")
        return 3

    from runtime.build import build_runtime

    try:
        runtime = build_runtime(config, data_dir=args.data_dir)
    except ConfigError as exc:
        sys.stderr.write(f"配置错误 / configuration error: {exc}\n")
        return 2
    except StorageError as exc:
        sys.stderr.write(storage_message(exc) + "\n")
        return 2
    manager = ServiceManager()
    probes = {"kiosk-core": core_probe(runtime.submit)}
    heartbeat = None
    if not (args.check or args.headless):
        heartbeat = Heartbeat()
        # the window's loop beats every second; 10 s without a beat is a hung window
        probes["window"] = heartbeat.probe(max_age_s=10.0)
    watchdog = Watchdog(manager, probes)
    watchdog.start()
    try:
        if args.check or args.headless:
            sys.stdout.write(json.dumps(status(runtime), ensure_ascii=False) + "\n")
            sys.stdout.flush()
            if args.headless:
                # Catch the signals before saying how to send them.
                stop = stop_on_signals()
                sys.stdout.write(running_message(config, os.getpid()) + "\n")
                sys.stdout.flush()
                manager.notify(ready="1", status="running headless / 无窗口运行中")
                stop.wait()
            return 0
        from ui.app import run_app

        return run_app(
            runtime,
            full_screen=args.full_screen or config.ui.full_screen,
            show_simulator=not args.no_simulator_window,
            on_up=functools.partial(manager.notify, ready="1", status="running / 运行中"),
            heartbeat=heartbeat,
        )
    finally:
        manager.notify(stopping="1")
        watchdog.stop()
        runtime.close()
        log.info("kiosk stopped: devices and store closed")


def running_message(config: SiteConfig, pid: int) -> str:
    """What ``--headless`` says once it runs: that it runs, where, and how to stop it."""
    site = config.site
    name_en = site.name_en or site.name
    return (
        f"自助终端正在运行（无窗口）：{site.name}，终端{site.terminal_id}。"
        f"停止：按Ctrl+C，或执行kill {pid}。\n"
        f"The kiosk is running without a window: {name_en}, terminal {site.terminal_id}. "
        f"To stop it, press Ctrl+C or run kill {pid}."
    )


def storage_message(exc: StorageError) -> str:
    """One line for a store that stops start-up: what, where and what to do."""
    if isinstance(exc, StorageCorrupt):
        advice = (
            "文件未改动：请先备份，再移走它以空库启动（其中未上传的借还记录需人工恢复） / "
            "left untouched: copy it for recovery, then move it away to start with an empty "
            "store (unsent loans in it must be recovered by hand)"
        )
    elif isinstance(exc, StorageInUse):
        advice = (
            "同一数据目录只能运行一个终端程序：请先停止另一个 / only one kiosk may run on a "
            "data directory: stop the other one first"
        )
    elif isinstance(exc, StorageFull):
        advice = "请清理磁盘空间后重启 / free disk space, then start again"
    else:
        advice = (
            "请检查数据目录的权限和剩余空间 / check the data directory's permissions and free space"
        )
    return f"本地数据库错误 / local store error: {exc}; {advice}"


def status(runtime: Runtime) -> dict[str, object]:
    """What an operator wants to see at start: who we are, what runs, what was recovered."""
    stats = runtime.store.outbox_stats(runtime.circulation.clock())
    return {
        "terminal_id": runtime.config.site.terminal_id,
        "version": __version__,
        "store": runtime.config.storage.path,
        "devices": {
            "rfid": runtime.config.devices.rfid.driver,
            "lockers": [bus.driver for bus in runtime.config.lockers.buses],
            "card": runtime.config.devices.card.driver,
            "scanner": runtime.config.devices.scanner.driver,
            "printer": runtime.config.devices.printer.driver,
        },
        "unavailable": runtime.unavailable,
        "demo": runtime.config.site.demo,
        "broker": runtime.config.broker.enabled,
        "recovered": [r.resolution for r in runtime.recovered],
        "queue_depth": stats.depth,
        "alarms": len(runtime.store.active_alarms()),
        # A compartment out of service may have no uncleared alarm (staff took it out,
        # returned books inside, an alarm cleared without the repair): listed on its own.
        "terminal_out_of_service": runtime.circulation.out_of_service_reason(),
        "compartments_out_of_service": {
            c.compartment_id: c.out_of_service_reason or ""
            for c in runtime.store.compartments()
            if not c.in_service
        },
    }


def stop_on_signals() -> threading.Event:
    """An event SIGINT or SIGTERM sets from now on (instead of ending the process)."""
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    return stop
