"""``kiosk diag card`` as a technician runs it: a separate process, JSON on stdout."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.support.pcsc_rig import PcscRig

ROOT = Path(__file__).resolve().parents[3]


def diag_card(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cli", "diag", "card", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
        env={**os.environ, **(env or {})},
    )


def test_diag_card_prints_reader_uid_and_masked_patron(pcsc_rig: PcscRig, make_reader) -> None:
    with pcsc_rig.card("00030092EEB202"):
        done = diag_card("--reader", pcsc_rig.reader_names[0], "--timeout", "3")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {
        "reader": pcsc_rig.reader_names[0],
        "uid": "00030092EEB202",
        "patron_id": "****0002",
    }
    assert make_reader().wait_for_removal(10)


def test_diag_card_unmasked_and_unknown_card(pcsc_rig: PcscRig, make_reader) -> None:
    with pcsc_rig.card("04A1B2C3D4E5F6"):
        unknown = diag_card("--reader", pcsc_rig.reader_names[0])
        lsb = diag_card(
            "--reader", pcsc_rig.reader_names[0], "--unmasked", "--rule", '{"digits": 17}'
        )
    # The reader works; the card is one the rule does not map: that is a result, exit 0.
    assert unknown.returncode == 0, unknown.stderr
    shown = json.loads(unknown.stdout)
    assert shown["patron_id"] is None and shown["uid"] == "04A1B2C3D4E5F6"
    assert "longer than the site's 13 digits" in shown["unmapped"]
    assert lsb.returncode == 0, lsb.stderr
    assert json.loads(lsb.stdout)["patron_id"] == "01303689068602870"
    assert make_reader().wait_for_removal(10)


def test_diag_card_without_a_card_fails_with_no_card(pcsc_rig: PcscRig, make_reader) -> None:
    done = diag_card("--reader", pcsc_rig.reader_names[0], "--timeout", "0.5")
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.startswith("no_card:")


def test_diag_card_without_pcscd_fails_with_no_reader(tmp_path: Path) -> None:
    # libpcsclite honours PCSCLITE_CSOCK_NAME: point it at a socket nobody serves.
    done = diag_card(env={"PCSCLITE_CSOCK_NAME": str(tmp_path / "no-pcscd.comm")})
    assert done.returncode == 1
    assert done.stderr.startswith("no_reader:")


def test_diag_card_bad_rule_is_an_error_not_a_crash() -> None:
    done = diag_card("--rule", '{"byte_ordr": 1}', "--timeout", "0")
    assert done.returncode == 1
    assert "unknown option(s) byte_ordr" in done.stderr


def test_diag_card_waits_as_long_as_asked(pcsc_rig: PcscRig, make_reader) -> None:
    done = diag_card("--reader", pcsc_rig.reader_names[0], "--timeout", "5.5")
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith("no_card:") and "within 5.5 s" in done.stderr


def test_diag_card_refuses_a_wait_over_the_limit() -> None:
    done = diag_card("--timeout", "600")
    assert done.returncode == 2
    assert "--timeout must be 0..60 seconds" in done.stderr
