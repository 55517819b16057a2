"""``kiosk diag sip2`` as a technician runs it: a subprocess against the simulated library."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from pathlib import Path

from tests.central.sip2.conftest import PASSWORD, USER

REPO = Path(__file__).resolve().parents[3]


def diag(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cli", "diag", "sip2", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=30,
    )


def at(sim) -> list[str]:
    return ["--host", "127.0.0.1", "--port", str(sim.port), "--user", USER, "--password", PASSWORD]


def test_status_patron_and_item(sim):
    status = diag(*at(sim), "--institution", "SIMLIB", "status")
    assert status.returncode == 0, status.stderr
    document = json.loads(status.stdout)
    assert document["online"] is True and document["institution"] == "SIMLIB"
    assert "checkout" in document["supported"]

    with sim.lock:
        sim.data.holds["B002"] = ["P001"]
    patron = diag(*at(sim), "--no-checksums", "patron", "P001", "--pin", "1234")
    assert patron.returncode == 0, patron.stderr
    assert json.loads(patron.stdout) == {
        "patron_id": "P001",
        "valid": True,
        "pin_ok": True,
        "name": "张三 Zhang San",
        "charged": 0,
        "holds": 1,
        "blocked": False,
        "message": None,
    }
    unknown = json.loads(diag(*at(sim), "patron", "NOBODY").stdout)
    assert (unknown["valid"], unknown["pin_ok"], unknown["name"]) == (False, None, None)
    blocked = json.loads(diag(*at(sim), "patron", "P003").stdout)
    assert blocked["blocked"] is True and "停用" in blocked["message"]

    item = diag(*at(sim), "item", "B003")
    assert item.returncode == 0, item.stderr
    assert json.loads(item.stdout) == {
        "item_id": "B003",
        "title": "三体 The Three-Body Problem",
        "status": "available",
        "due": None,
    }


def test_a_refused_login_is_one_line_and_a_non_zero_exit(sim):
    run = diag("--host", "127.0.0.1", "--port", str(sim.port), "--user", USER, "status")
    assert run.returncode == 1
    assert run.stdout == "" and run.stderr.count("\n") == 1 and "login" in run.stderr


def test_nothing_listening_fails_at_once():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    run = diag("--host", "127.0.0.1", "--port", str(port), "status")
    assert run.returncode == 1 and "cannot connect" in run.stderr


def test_a_library_system_that_never_answers_fails_within_ten_seconds():
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        started = time.monotonic()
        run = diag("--host", "127.0.0.1", "--port", str(silent.getsockname()[1]), "status")
        elapsed = time.monotonic() - started
    assert run.returncode in (1, 3) and run.stderr.count("\n") == 1
    assert elapsed < 12  # 10 s deadline plus the interpreter's start-up
