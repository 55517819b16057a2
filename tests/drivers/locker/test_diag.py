"""``kiosk diag locker`` as a technician runs it: a separate process on a pty, JSON out."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from drivers.locker import EightABoardProtocol, Fault, KerongProtocol, LockerSimulator, SimDoor

ROOT = Path(__file__).resolve().parents[3]


def diag_locker(*args: str) -> subprocess.CompletedProcess:
    # The command's own deadline is 5 s; the timeout here only stops a hung test.
    return subprocess.run(
        [sys.executable, "-m", "cli", "diag", "locker", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
    )


@pytest.fixture(params=["8a", "kerong"])
def board(request):
    """(protocol name, simulator, pty path) with board 2 on the bus."""
    protocol = EightABoardProtocol() if request.param == "8a" else KerongProtocol()
    with LockerSimulator() as sim:
        path = sim.add_bus("D", protocol, {2: protocol.max_locks})
        yield request.param, sim, path


def test_status(board):
    name, sim, path = board
    sim.force(2, 3)
    sim.set_item(2, 4, True)
    done = diag_locker("--protocol", name, "--port", path, "--board", "2", "status")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 1
    out = json.loads(lines[0])
    count = 24 if name == "8a" else 16
    assert out["board"] == 2
    assert out["locks"] == {str(n): "open" if n == 3 else "closed" for n in range(1, count + 1)}
    if name == "kerong":
        assert out["items"] == {str(n): n == 4 for n in range(1, 17)}
    else:
        assert "items" not in out


def test_open(board):
    name, sim, path = board
    done = diag_locker("--protocol", name, "--port", path, "--board", "2", "open", "7")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"board": 2, "lock": 7, "state": "open"}
    assert sim.door(2, 7) is SimDoor.RELEASED


def test_open_a_jammed_lock_fails_with_one_line(board):
    name, sim, path = board
    sim.jam(2, 7)
    done = diag_locker("--protocol", name, "--port", path, "--board", "2", "open", "7")
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.startswith("lock_did_not_open:") and done.stderr.count("\n") == 1


def test_a_silent_board_fails_within_the_deadline(board):
    name, sim, path = board
    sim.inject(Fault.SILENT)
    done = diag_locker("--protocol", name, "--port", path, "--board", "2", "open", "1")
    assert done.returncode == 1
    assert done.stdout == ""
    # The driver's own verdict, not the 5 s deadline's "timeout:" (which would also fail).
    assert done.stderr.startswith("board_not_answering:"), done.stderr
    assert done.stderr.count("\n") == 1
    assert sim.door(2, 1) is SimDoor.LOCKED


def test_corrupt_and_echoed_answers(board):
    name, sim, path = board
    sim.inject(Fault.ECHO)
    sim.inject(Fault.CORRUPT_CHECKSUM, count=1)
    done = diag_locker("--protocol", name, "--port", path, "--board", "2", "open", "5")
    assert done.returncode == 0, done.stderr
    assert sim.door(2, 5) is SimDoor.RELEASED


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--protocol", "8a", "--board", "33", "status"], "board must be 1..32"),
        (["--protocol", "kerong", "--board", "17", "status"], "board must be 1..16"),
        (["--protocol", "8a", "--board", "1", "open", "25"], "locks 1..24"),
    ],
)
def test_usage_errors(args, message):
    done = diag_locker("--port", "/dev/null", *args)
    assert done.returncode == 2
    assert done.stderr.startswith("usage:") and message in done.stderr


def test_a_port_that_does_not_exist():
    done = diag_locker("--protocol", "8a", "--port", "/dev/no-such-tty", "--board", "1", "status")
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "no-such-tty" in done.stderr
