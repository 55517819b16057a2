"""Fixtures for the UI tests: Qt offscreen, a real runtime on the simulators, the window.

QT_QPA_PLATFORM must be set before Qt is imported anywhere, hence at the top of this
file. Each test gets its own store in a temporary directory and its own simulators
(real drivers over ptys), so tests never see each other's loans.
"""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from kiosk.config import load_config, replace_section  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
WAIT_MS = 15_000  # generous: the suite must pass on a loaded 2-core machine


@pytest.fixture
def config():
    return load_config(ROOT / "config" / "default.toml")


def open_runtime(config, data_dir):
    """build_runtime on a thread that then ends: the RFID driver binds to the first thread
    that uses it (its probe at open) and re-binds only once that thread is gone, so the
    kiosk's core worker can own it afterwards."""
    import threading

    from ui.runtime import build_runtime

    built = {}

    def build():
        built["rt"] = build_runtime(config, data_dir=data_dir)

    opener = threading.Thread(target=build, name="runtime-open")
    opener.start()
    opener.join()
    return built["rt"]


@pytest.fixture
def runtime(config, tmp_path):
    rt = open_runtime(config, tmp_path)
    yield rt
    rt.close()


def make_window(qtbot, runtime, **kwargs):
    from ui.simulator_window import SimulatorWindow
    from ui.window import KioskWindow

    window = KioskWindow(runtime, sound=False, **kwargs)
    qtbot.addWidget(window)
    window.show()
    sim = SimulatorWindow(runtime, window)
    qtbot.addWidget(sim)
    return window, sim


@pytest.fixture
def kiosk(qtbot, runtime):
    window, sim = make_window(qtbot, runtime)
    yield window, sim
    window.allow_close = True
    window.shutdown()


@pytest.fixture
def short_idle_config(config):
    return replace_section(config, "ui", {"idle_timeout_s": 10, "idle_warning_s": 3})
