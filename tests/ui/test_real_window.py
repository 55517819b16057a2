"""``kiosk run`` as an operator starts it: the real command in a child process, its window
on a real X server (an Xvfb this test starts, Qt's xcb platform, not offscreen), stopped
by SIGTERM (systemd) or SIGINT (Ctrl-C), which must end it cleanly: exit code 0, the
devices and the store closed (SQLite's WAL file is gone only after the last close)."""

import os
import re
import select
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from uihelp import ROOT

UP_TIMEOUT_S = 120  # cold start on a loaded 2-core machine: imports, simulators, .qm build
STOP_TIMEOUT_S = 60
WINDOW_UP = re.compile(r"kiosk window up: id (0x[0-9a-f]+), \d+x\d+, platform xcb")


def read_line(fd: int, timeout_s: float) -> bytes:
    """Bytes from ``fd`` up to a newline, end of file or the timeout."""
    data = b""
    deadline = time.monotonic() + timeout_s
    while not data.endswith(b"\n"):
        ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
        chunk = os.read(fd, 32) if ready else b""
        if not chunk:
            break
        data += chunk
    return data


def start_xvfb() -> tuple[subprocess.Popen, int, str]:
    """Xvfb on the first free display number from a spread-out start (other test runs
    may hold some). ``-displayfd`` writes the number once the server accepts clients,
    or the pipe closes because that display was taken. The pipe stays open as long as
    the server runs: a write into a closed pipe would kill it."""
    first = 140 + os.getpid() % 80
    for number in [*range(first, 240), *range(140, first)]:
        if Path(f"/tmp/.X11-unix/X{number}").exists() or Path(f"/tmp/.X{number}-lock").exists():
            continue
        read_fd, write_fd = os.pipe()
        server = subprocess.Popen(
            ["Xvfb", f":{number}", "-screen", "0", "1280x800x24", "-nolisten", "tcp"]
            + ["-displayfd", str(write_fd)],
            pass_fds=(write_fd,),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(write_fd)
        if read_line(read_fd, UP_TIMEOUT_S).strip() == str(number).encode():
            return server, read_fd, f":{number}"
        os.close(read_fd)
        server.kill()
        server.wait()
    raise RuntimeError("no free X display number for Xvfb")


@pytest.fixture(scope="module")
def display():
    server, pipe, name = start_xvfb()
    yield name
    server.terminate()
    server.wait(30)
    os.close(pipe)


class KioskProcess:
    """``python -m cli run`` with its log (stderr) read line by line on a thread."""

    def __init__(self, display: str, data_dir: Path):
        env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "DISPLAY": display}
        env.pop("WAYLAND_DISPLAY", None)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "cli", "run", "--data-dir", str(data_dir)],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        self.lines: list[str] = []
        self.window_id: str | None = None
        self._up = threading.Event()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.process.stderr:
            self.lines.append(line.rstrip("\n"))
            found = WINDOW_UP.search(line)
            if found:
                self.window_id = found.group(1)
                self._up.set()
        self._up.set()  # the process ended: stop waiting

    def wait_until_up(self) -> None:
        self._up.wait(UP_TIMEOUT_S)
        assert self.window_id is not None, "no window:\n" + self.log()

    def stop(self, signum: int) -> int:
        self.process.send_signal(signum)
        code = self.process.wait(STOP_TIMEOUT_S)
        self._reader.join(STOP_TIMEOUT_S)
        return code

    def log(self) -> str:
        return "\n".join(self.lines[-40:])

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_kiosk_run_shows_its_window_and_stops_cleanly_on_a_signal(display, tmp_path, signum):
    kiosk = KioskProcess(display, tmp_path)
    try:
        kiosk.wait_until_up()
        # The X server itself says the window is mapped and viewable.
        info = subprocess.run(
            ["xwininfo", "-display", display, "-id", kiosk.window_id],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        ).stdout
        assert "Map State: IsViewable" in info
        assert "Width: 1280" in info

        code = kiosk.stop(signum)
    finally:
        kiosk.kill()
    log = kiosk.log()
    assert code == 0, log
    assert f"stopping the kiosk on {signal.Signals(signum).name}" in log
    assert "kiosk stopped: devices and store closed" in log
    assert "Traceback" not in log
    assert (tmp_path / "kiosk.db").exists()
    assert not (tmp_path / "kiosk.db-wal").exists(), "the store was not closed"
