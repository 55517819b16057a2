"""Kiosk mode fills the screen on a real X server with no window manager (issue #12):
``showFullScreen()`` alone is only a request to a window manager, so without one the
window stayed 1280x800 in a corner and, on a portrait panel, the language, large-text
and high-contrast buttons were cut off. Checked in landscape 1920x1080 and portrait
1080x1920, each on its own Xvfb (Qt's xcb platform), by the X server's own account of
the window (``xwininfo``) and by where the top bar's buttons are."""

import json
import os
import re
import select
import subprocess
import sys
from pathlib import Path

import pytest
from uihelp import ROOT

START_TIMEOUT_S = 120  # a cold start on a loaded 2-core machine


def start_xvfb(screen: str) -> tuple[subprocess.Popen, int, str]:
    """Xvfb with one screen of ``screen`` (WxHxDepth) on the first free display number
    (``-displayfd`` writes it once the server accepts clients; the pipe stays open while
    the server runs, since a write into a closed pipe would kill it)."""
    first = 240 + os.getpid() % 60
    for number in [*range(first, 300), *range(240, first)]:
        if Path(f"/tmp/.X11-unix/X{number}").exists() or Path(f"/tmp/.X{number}-lock").exists():
            continue
        read_fd, write_fd = os.pipe()
        server = subprocess.Popen(
            ["Xvfb", f":{number}", "-screen", "0", screen, "-nolisten", "tcp"]
            + ["-displayfd", str(write_fd)],
            pass_fds=(write_fd,),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(write_fd)
        ready, _, _ = select.select([read_fd], [], [], START_TIMEOUT_S)
        answer = os.read(read_fd, 32) if ready else b""
        if answer.strip() == str(number).encode():
            return server, read_fd, f":{number}"
        os.close(read_fd)
        server.kill()
        server.wait()
    raise RuntimeError("no free X display number for Xvfb")


# The window in kiosk mode, then what the X server and Qt say about it, as JSON.
PROBE = r"""
import json, sys, tempfile, time
from PySide6.QtCore import QEventLoop, QTimer
from kiosk.config import load_config
from runtime.build import build_runtime
from ui.app import application
from ui.window import KioskWindow

app = application()
with tempfile.TemporaryDirectory() as data_dir:
    runtime = build_runtime(load_config(sys.argv[1]), data_dir=data_dir)
    window = KioskWindow(runtime, sound=False, full_screen=True)
    window.showFullScreen()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not (
        window.windowHandle().isExposed() and window.geometry() == window.screen().geometry()
    ):
        loop = QEventLoop()
        QTimer.singleShot(50, loop.quit)
        loop.exec()
    bar = {}
    for name in ("language_button", "large_button", "contrast_button"):
        b = getattr(window, name)
        top_left = b.mapToGlobal(b.rect().topLeft())
        bar[name] = [top_left.x(), top_left.y(), b.width(), b.height()]
    screen = window.screen().geometry()
    print(json.dumps({
        "window_id": hex(int(window.winId())),
        "screen": [screen.x(), screen.y(), screen.width(), screen.height()],
        "bar": bar,
    }), flush=True)
    sys.stdin.readline()  # the test asks the X server about the window meanwhile
    window.allow_close = True
    window.close()
    window.shutdown()
    runtime.close()
"""


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)], ids=["landscape", "portrait"])
def test_kiosk_mode_fills_the_screen_without_a_window_manager(size):
    server, pipe, display = start_xvfb(f"{size[0]}x{size[1]}x24")
    try:
        env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "DISPLAY": display}
        env.pop("WAYLAND_DISPLAY", None)
        env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
        probe = subprocess.Popen(
            [sys.executable, "-c", PROBE, str(Path(ROOT, "config", "default.toml"))],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        try:
            line = probe.stdout.readline()
            assert line, "the probe ended without a window"
            found = json.loads(line)
            # The X server's account of the window, not Qt's.
            info = subprocess.run(
                ["xwininfo", "-display", display, "-id", found["window_id"]],
                capture_output=True,
                text=True,
                timeout=30,
            ).stdout
            probe.communicate("\n", timeout=START_TIMEOUT_S)
        finally:
            if probe.poll() is None:
                probe.kill()
                probe.wait()
        assert probe.returncode == 0
    finally:
        server.terminate()
        server.wait(30)
        os.close(pipe)
    assert found["screen"] == [0, 0, *size]
    fields = {
        k: int(v)
        for k, v in re.findall(r"(Absolute upper-left [XY]|Width|Height):\s+(-?\d+)", info)
    }
    assert fields == {
        "Absolute upper-left X": 0,
        "Absolute upper-left Y": 0,
        "Width": size[0],
        "Height": size[1],
    }, info
    for name, (x, y, w, h) in found["bar"].items():
        assert x >= 0 and x + w <= size[0] and y >= 0 and y + h <= size[1], (name, x, y, w, h)
