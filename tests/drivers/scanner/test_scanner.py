"""Serial-mode scanner: the real driver against a scanner simulator on a real pty."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from drivers.scanner import CodeFramer, ScannerSimulator, SerialScanner, open_scanner
from kiosk.devices import NoReader

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def rig():
    simulator = ScannerSimulator()
    scanner = SerialScanner(simulator.path)
    yield simulator, scanner
    scanner.close()
    simulator.close()


def test_framer_splits_codes_at_any_chunk_boundary() -> None:
    stream = b"9787020002207\r" + b"LKE1.abc\r\n" + "读者证".encode() + b"\n\r\n\r"
    for cut in range(len(stream) + 1):
        framer = CodeFramer()
        codes = framer.feed(stream[:cut]) + framer.feed(stream[cut:])
        assert codes == ["9787020002207", "LKE1.abc", "读者证"], cut


@pytest.mark.parametrize(
    "noise",
    [b"\x00\x01\x02", b"\xff\xfe", b"abc\x1bdef", b" 978702 ", b"A" * 600],
)
def test_framer_drops_lines_that_cannot_be_codes_and_keeps_the_next(noise: bytes) -> None:
    framer = CodeFramer(max_length=512)
    assert framer.feed(noise + b"\r9787020002207\r") == ["9787020002207"]
    assert framer.rejected == 1


def test_scanned_code_arrives(rig) -> None:
    simulator, scanner = rig
    simulator.scan("9787020002207")
    assert scanner.read_code(10) == "9787020002207"


def test_codes_in_a_row_and_split_writes_with_gaps(rig) -> None:
    simulator, scanner = rig
    simulator.scan("31234000567890")
    simulator.scan("读者证 3301")
    simulator.send_raw(b"978702")
    time.sleep(0.05)
    simulator.send_raw(b"0002207\r\n")
    assert [scanner.read_code(10) for _ in range(3)] == [
        "31234000567890",
        "读者证 3301",
        "9787020002207",
    ]


def test_noise_on_the_line_is_dropped_not_delivered(rig) -> None:
    simulator, scanner = rig
    simulator.send_raw(b"\x00\x13\xfe\r")
    simulator.scan("9787020002207")
    assert scanner.read_code(10) == "9787020002207"
    assert scanner.rejected == 1


def test_nothing_scanned_times_out_with_none(rig) -> None:
    _simulator, scanner = rig
    assert scanner.read_code(0.3) is None
    assert scanner.read_code(0) is None


def test_scanner_gone_is_no_reader(rig) -> None:
    simulator, scanner = rig
    simulator.close()
    with pytest.raises(NoReader):
        for _ in range(100):
            scanner.read_code(0.1)


def test_missing_port_is_no_reader(tmp_path: Path) -> None:
    with pytest.raises(NoReader, match="cannot open scanner port"):
        open_scanner("serial", str(tmp_path / "ttyACM9"))


def test_simulated_driver_goes_through_the_serial_bytes() -> None:
    scanner = open_scanner("simulated")
    try:
        scanner.scan("LKE1.k.1.2.x")
        assert scanner.read_code(10) == "LKE1.k.1.2.x"
        assert scanner.port == scanner.simulator.path
    finally:
        scanner.close()


@pytest.mark.parametrize(
    ("driver", "port", "options"),
    [("hid", None, {}), ("serial", None, {}), ("simulated", None, {"suffix": "CR"})],
)
def test_bad_configuration(driver: str, port: str | None, options: dict) -> None:
    with pytest.raises(ValueError):
        open_scanner(driver, port, None, options)


def diag(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "cli", "diag", "scanner", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ),
    )


def test_diag_scanner_prints_the_code() -> None:
    with ScannerSimulator() as simulator:
        process = diag("--port", simulator.path, "--timeout", "4")
        # The driver clears its input on opening: keep scanning until it has read one.
        while process.poll() is None:
            simulator.scan("9787020002207")
            time.sleep(0.2)
        out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert json.loads(out.splitlines()[0]) == {
        "port": simulator.path,
        "code": "9787020002207",
        "length": 13,
    }


def test_diag_scanner_hides_ecards_and_fails_without_scan() -> None:
    with ScannerSimulator() as simulator:
        process = diag("--port", simulator.path, "--timeout", "4")
        while process.poll() is None:
            simulator.scan("LKE1.k2026.3301000000001.1790000000.AAAAAAAA")
            time.sleep(0.2)
        out, _err = process.communicate(timeout=30)
        silent = diag("--port", simulator.path, "--timeout", "0.3")
        _out, silent_err = silent.communicate(timeout=30)
    assert "3301000000001" not in out
    assert json.loads(out)["code"].startswith("LKE1.")
    assert silent.returncode == 1
    assert silent_err.startswith("no_code:")
