"""``kiosk sim`` starts a simulator a technician can point ``kiosk diag`` at."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
KIOSK = [sys.executable, "-m", "cli"]


@pytest.fixture
def start_sim():
    started = []

    def start(*args: str) -> dict:
        proc = subprocess.Popen(KIOSK + ["sim", *args], cwd=REPO, stdout=subprocess.PIPE, text=True)
        started.append(proc)
        return json.loads(proc.stdout.readline())

    yield start
    for proc in started:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=20) == 0


def diag(*args: str) -> list[dict]:
    result = subprocess.run(
        KIOSK + ["diag", *args], cwd=REPO, capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_diag_rfid_reads_the_simulated_pad(start_sim):
    sim = start_sim("rfid", "--protocol", "bibliotheca", "--item", "31234000567890")
    assert sim["device"] == "rfid" and Path(sim["port"]).exists()
    (tag,) = diag("rfid", "--protocol", "bibliotheca", "--port", sim["port"], "inventory")
    (read,) = diag("rfid", "--protocol", "bibliotheca", "--port", sim["port"], "read", tag["uid"])
    assert read["item_id"] == "31234000567890" and read["model"] == "iso28560-3"


def test_diag_locker_reads_the_simulated_bus(start_sim):
    sim = start_sim("locker", "--protocol", "kerong", "--boards", "2")
    (status,) = diag(
        "locker", "--protocol", "kerong", "--port", sim["port"], "--board", "2", "status"
    )
    assert status["board"] == 2 and set(status["locks"].values()) == {"closed"}
    assert len(status["locks"]) == 16
