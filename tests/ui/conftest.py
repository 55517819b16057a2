"""Fixtures for the UI tests: Qt offscreen, a real runtime on the simulators, the window.

QT_QPA_PLATFORM must be set before Qt is imported anywhere, hence at the top of this
file. Each test gets its own store in a temporary directory and its own simulators
(real drivers over ptys), so tests never see each other's loans.
"""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import sys  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent))

from uihelp import ROOT, make_window, open_runtime  # noqa: E402

from kiosk.config import load_config  # noqa: E402


@pytest.fixture
def config():
    return load_config(ROOT / "config" / "default.toml")


@pytest.fixture
def runtime(config, tmp_path):
    rt = open_runtime(config, tmp_path)
    yield rt
    rt.close()


@pytest.fixture
def kiosk(qtbot, runtime):
    window, sim = make_window(qtbot, runtime)
    yield window, sim
    window.allow_close = True
    window.shutdown()
