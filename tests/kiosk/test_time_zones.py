"""The replay, e-card and pick-up suites pass with the kiosk in China's and New York's
time zone, not only in UTC: each is run again in a child pytest with TZ set.

The suites chosen are those where a time is stored or compared: signed-command replay
(a real broker), e-cards (accepted codes remembered in the store) and pick-up codes
(expiry and guess limits), patron PINs (waits per card, a loan overdue by the site's
day), titles asked once a day, visits, availability across a local day boundary, loans
applied to the library system with their own time and due date, plus the store's own
time tests.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SUITES = [
    "tests/sync/test_commands.py",
    "tests/central/test_jobs.py",
    "tests/kiosk/test_ecard.py",
    "tests/kiosk/test_pickup_guessing.py",
    "tests/kiosk/test_patron_pin.py",
    "tests/kiosk/test_store_time.py",
    "tests/kiosk/test_item_titles.py",
    "tests/kiosk/test_visit_events.py",
    "tests/central/web/test_visit_figures.py",
    "tests/central/sip2/test_upload.py",
]


@pytest.mark.parametrize("zone", ["Asia/Shanghai", "America/New_York"])
def test_time_suites_pass_in_zone(zone: str) -> None:
    env = {**os.environ, "TZ": zone, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *SUITES],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
