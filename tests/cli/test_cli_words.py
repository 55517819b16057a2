"""The ``kiosk`` command's own words, read from the real command in a child process.

``kiosk --help`` gives every command group a line of words; help texts show no docstring
markup; ``kiosk run --headless`` says, in both languages, that it runs, where, and how to
stop it, then keeps running until told to stop.
"""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
KIOSK = [sys.executable, "-m", "cli"]
GROUPS = ("run", "diag", "ecard", "service", "central", "sim")
MARKUP = re.compile(r"``|:(?:mod|class|func|meth|attr):`|\*\*[A-Za-z]")


def kiosk(*args: str) -> str:
    result = subprocess.run(
        [*KIOSK, *args], cwd=REPO, capture_output=True, text=True, timeout=60, check=True
    )
    return result.stdout


def read_lines(child: subprocess.Popen[str], count: int, timeout_s: float) -> list[str]:
    """The child's first ``count`` lines, failing (not hanging) if they do not come."""
    stream = child.stdout
    assert stream is not None
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(ln) for ln in stream], daemon=True).start()
    try:
        return [lines.get(timeout=timeout_s) for _ in range(count)]
    except queue.Empty:
        pytest.fail(f"fewer than {count} lines within {timeout_s} s")


def test_top_level_help_lists_every_group_with_words() -> None:
    text = kiosk("--help")
    for group in GROUPS:
        line = next((ln for ln in text.splitlines() if ln.strip().startswith(group + " ")), "")
        words = line.strip()[len(group) :].strip()
        assert words and words != f"{group} commands", (group, line)
        # Both languages on the one line: some Chinese after the English.
        assert re.search(r"[\u4e00-\u9fff]", words), line


@pytest.mark.parametrize(
    "command",
    [
        ("diag",),
        ("diag", "card"),
        ("diag", "scanner"),
        ("diag", "printer"),
        ("diag", "rfid"),
        ("diag", "locker"),
        ("diag", "sip2"),
        ("ecard",),
        ("central",),
        ("sim",),
        ("service",),
        ("run",),
    ],
)
def test_help_shows_no_docstring_markup(command: tuple[str, ...]) -> None:
    text = kiosk(*command, "--help")
    assert not MARKUP.search(text), text
    assert f"{command[-1]} commands" not in text


def test_headless_says_it_runs_where_and_how_to_stop_then_keeps_running(tmp_path) -> None:
    child = subprocess.Popen(
        [*KIOSK, "run", "--headless", "--data-dir", str(tmp_path)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        lines = read_lines(child, 3, timeout_s=60)
        zh, en = lines[1], lines[2]
        assert "正在运行" in zh and "HZ-DEMO-01" in zh and "Ctrl+C" in zh
        assert f"kill {child.pid}" in zh
        assert "running" in en and "HZ-DEMO-01" in en and "Wulinmen" in en
        assert f"kill {child.pid}" in en
        # Still running after saying so: it waits for the signal it named.
        assert child.poll() is None
        os.kill(child.pid, signal.SIGTERM)
        assert child.wait(timeout=30) == 0
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
