"""ui.qapp.running_application: the QApplication, or a plain error where there is none.

Qt allows one application object per process and the UI tests' is already up, so the
cases without one run in a child interpreter.
"""

import os
import subprocess
import sys

from PySide6.QtWidgets import QApplication
from uihelp import ROOT

from ui.qapp import running_application

CHILD = """
import sys
from PySide6.QtCore import QCoreApplication
from ui.qapp import running_application

def attempt():
    try:
        running_application()
    except RuntimeError as exc:
        return f"refused: {exc}"
    return "returned"

print(attempt())
core = QCoreApplication(sys.argv[:1])  # a non-GUI application: no fonts, no widgets
print(attempt())
"""


def test_running_application_is_the_process_qapplication(qtbot):
    app = running_application()
    assert isinstance(app, QApplication)
    assert app is QApplication.instance()


def test_without_a_gui_application_it_says_so_instead_of_failing_on_none():
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", CHILD],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert all(line.startswith("refused: no QApplication in this process") for line in lines)
