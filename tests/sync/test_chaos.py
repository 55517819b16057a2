"""The short chaos run (bench/chaos.py): 40 s of loans and returns from 20 terminals while the
broker is restarted or SIGKILLed, central is SIGKILLed and links are stalled, cut and reset;
then every event is at central exactly once and no outbox holds anything.

The long run is ``bench/chaos.py --long`` (docs/reliability.md, "Chaos run").
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_short_chaos_run_loses_nothing_and_doubles_nothing():
    proc = subprocess.run(
        [sys.executable, str(REPO / "bench" / "chaos.py"), "--seconds", "40", "--seed", "15"],
        capture_output=True,
        text=True,
        timeout=280,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    assert lines, proc.stderr[-3000:]
    result = json.loads(lines[-1])
    assert result["what"] == "chaos"
    assert result["ok"], result
    assert result["problems"] == [] and result["left_in_outboxes"] == 0
    assert result["quarantined"] == 0
    # The run did what it says: faults of several kinds, and real traffic through them.
    assert sorted(result["faults"]) == sorted(
        ["broker-restart", "broker-kill", "central-kill", "link-stall", "link-cut", "link-reset"]
    )
    assert result["loans"] > 100 and result["returns"] > 100
    assert result["central_events"] == result["loans"] + result["returns"]
    assert proc.returncode == 0
