"""systemd notification and watchdog, against a real datagram socket as the manager.

The manager's side is what systemd does: a bound AF_UNIX datagram socket named by
NOTIFY_SOCKET. A real runtime's kiosk-core thread is made to hang (a call that waits), and
the pings must stop while it hangs and come back when it answers again.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from kiosk.config import load_config
from runtime.build import build_runtime
from runtime.watchdog import Heartbeat, ServiceManager, Watchdog, core_probe

REPO = Path(__file__).resolve().parents[2]
SITE = REPO / "config" / "default.toml"


class Manager:
    """The service manager's end: collects every message sent to NOTIFY_SOCKET."""

    def __init__(self, address: str) -> None:
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind("\0" + address[1:] if address.startswith("@") else address)
        self.sock.settimeout(0.2)
        self.messages: list[dict[str, str]] = []

    def receive_until(self, predicate, timeout: float = 20.0) -> dict[str, str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                data = self.sock.recv(4096)
            except TimeoutError:
                continue
            fields = dict(line.split("=", 1) for line in data.decode().splitlines())
            self.messages.append(fields)
            if predicate(fields):
                return fields
        raise AssertionError(f"no such message; got {self.messages}")

    def drain(self) -> list[dict[str, str]]:
        got = []
        while True:
            try:
                data = self.sock.recv(4096)
            except TimeoutError:
                return got
            got.append(dict(line.split("=", 1) for line in data.decode().splitlines()))


@pytest.fixture
def manager(tmp_path):
    address = f"@kiosk-test-{os.getpid()}-{id(tmp_path)}"
    m = Manager(address)
    yield address, m
    m.sock.close()


def test_pings_stop_while_the_core_thread_hangs_and_resume_after(tmp_path, manager):
    address, m = manager
    runtime = build_runtime(load_config(SITE), data_dir=tmp_path)
    env = {"NOTIFY_SOCKET": address, "WATCHDOG_USEC": "600000", "WATCHDOG_PID": "1"}
    dog = Watchdog(ServiceManager(env), {"kiosk-core": core_probe(runtime.submit)})
    assert env == {}  # not inherited by the kiosk's child processes
    dog.start()
    release = threading.Event()
    try:
        m.receive_until(lambda f: f.get("WATCHDOG") == "1")
        runtime.submit(release.wait)  # a flow stuck on a device that never answers
        hung = m.receive_until(lambda f: "STATUS" in f and "WATCHDOG" not in f)
        assert hung["STATUS"] == "not answering: kiosk-core"
        assert all("WATCHDOG" not in f for f in m.drain())  # a second interval: still none
        release.set()
        m.receive_until(lambda f: f.get("WATCHDOG") == "1")
    finally:
        release.set()
        dog.stop()
        runtime.close()


def test_a_window_that_stops_beating_stops_the_pings():
    now = [0.0]
    heartbeat = Heartbeat(clock=lambda: now[0])
    dog = Watchdog(ServiceManager({}), {"window": heartbeat.probe(max_age_s=10.0)})
    assert dog.check() == []
    now[0] = 11.0
    assert dog.check() == ["window"]
    heartbeat.beat()
    assert dog.check() == []


def test_without_a_manager_nothing_is_sent_and_no_thread_starts():
    manager = ServiceManager({})
    assert not manager.active
    assert manager.notify(ready="1") is False
    dog = Watchdog(manager, {})
    dog.start()
    assert dog._thread is None


def test_headless_kiosk_says_ready_pings_and_says_stopping(tmp_path, manager):
    address, m = manager
    env = dict(os.environ, NOTIFY_SOCKET=address, WATCHDOG_USEC="1000000")
    kiosk = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "cli",
            "run",
            "--headless",
            "--config",
            str(SITE),
            "--data-dir",
            str(tmp_path),
        ],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        ready = m.receive_until(lambda f: "READY" in f, timeout=60)
        assert ready["READY"] == "1"
        m.receive_until(lambda f: f.get("WATCHDOG") == "1")
        kiosk.send_signal(signal.SIGTERM)
        m.receive_until(lambda f: f.get("STOPPING") == "1")
        assert kiosk.wait(timeout=30) == 0
    finally:
        if kiosk.poll() is None:
            kiosk.kill()
            kiosk.wait()
