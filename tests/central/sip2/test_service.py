"""The central service watches the library system: unreachable or refusing is a central
alarm, cleared when it answers again; ``kiosk central run --sip2`` validates its file."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from central.service import CentralService, CentralSettings
from central.sip2.client import Sip2Client, Sip2Pool
from central.sip2.simulator import Sip2Simulator
from central.store import SIP2_ALARM_SUBJECT
from tests.central.sip2.conftest import PASSWORD, USER, settings_for
from tests.support.fleet import broker_settings

REPO = Path(__file__).resolve().parents[3]
WATCH = CentralSettings(tick_s=0.05, sip2_check_interval_s=0.1, sip2_check_deadline_s=2.0)


def _sip2_alarms(service: CentralService) -> list[str]:
    return sorted(
        a["kind"] for a in service.store.alarms() if a["terminal_id"] == SIP2_ALARM_SUBJECT
    )


def _wait_for(condition, timeout_s: float = 10.0) -> bool:
    until = time.monotonic() + timeout_s
    while time.monotonic() < until:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_an_unreachable_or_refusing_library_system_is_a_central_alarm(broker, signer, tmp_path):
    sim = Sip2Simulator(username=USER, password=PASSWORD).start()
    port = sim.port
    with sim.lock:
        sim.faults.refuse_login = True
    pool = Sip2Pool(settings_for(sim, timeout_s=1.0, retries=0))
    service = CentralService(
        tmp_path / "central.db",
        broker_settings(broker, "central"),
        signer,
        WATCH,
        sip2=Sip2Client(pool),
    ).start()
    try:
        assert _wait_for(lambda: _sip2_alarms(service) == ["sip2_login_refused"])
        with sim.lock:
            sim.faults.refuse_login = False
        assert _wait_for(lambda: _sip2_alarms(service) == [])
        sim.stop()
        assert _wait_for(lambda: _sip2_alarms(service) == ["sip2_unreachable"])
        with Sip2Simulator(username=USER, password=PASSWORD, port=port):
            assert _wait_for(lambda: _sip2_alarms(service) == [])
        history = service.store.alarms(include_cleared=True)
        # A status check that times out on a loaded machine may add an "unreachable" of its
        # own in between: what matters is the order of causes and that all are cleared.
        assert history[0]["kind"] == "sip2_login_refused"
        assert {a["kind"] for a in history} == {"sip2_login_refused", "sip2_unreachable"}
        assert all(a["cleared_at"] for a in history)
    finally:
        service.stop()
        pool.close()
        sim.stop()


def test_central_run_refuses_a_bad_sip2_file_naming_the_key(tmp_path):
    settings = tmp_path / "sip2.toml"
    settings.write_text('[sip2]\nhost = "ils"\nencoding = "latin-1"\n', encoding="utf-8")
    key = tmp_path / "key.pem"
    subprocess.run(
        [sys.executable, "-m", "cli", "central", "keygen", "--out", str(key), "--key-id", "k"],
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    run = subprocess.run(
        [sys.executable, "-m", "cli", "central", "run", "--db", str(tmp_path / "c.db")]
        + ["--key-id", "k", "--signing-key", str(key), "--sip2", str(settings)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert run.returncode == 2 and "sip2.encoding" in run.stderr
