"""What stops ``kiosk run`` at start-up: one line naming what and where, exit 2, data kept.

Each case runs the real ``kiosk run --check`` as a subprocess on a real site file and a
real data directory: a damaged or truncated store (left byte for byte as it was), a
read-only data directory, a disk that cannot take the new store, a driver option of the
wrong type, a missing broker password file, bad trusted keys, and a site that is not a
demo but would trust the demo key or has no service PIN hash. A real site that has no
card reader or scanner (``driver = "none"``) starts with nothing opened and no alarm.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import shutil
import subprocess
import sys

import pytest

from drivers.rfid import library_tag
from drivers.rfid.sim import make_simulator
from kiosk.config import DEMO_ECARD_PUBLIC_KEY, load_config
from kiosk.service_pin import make_hash
from runtime.build import build_runtime
from runtime.devices import AbsentDevice

from .test_kiosk_e2e import DEFAULT, KIOSK, LIVING, REPO, run_kiosk

PIN_HASH = make_hash("135790")


def refusal(result) -> str:
    """The one line that says why (log lines at INFO are not part of it)."""
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    lines = [line for line in result.stderr.splitlines() if " INFO " not in line]
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


def check(tmp_path, site=DEFAULT, data_dir=None, **kwargs):
    args = ["run", "--check", "--config", str(site), "--data-dir", str(data_dir or tmp_path)]
    return run_kiosk(args, tmp_path, **kwargs)


def site_with(tmp_path, old: str, new: str):
    text = DEFAULT.read_text(encoding="utf-8")
    assert old in text
    site = tmp_path / "site.toml"
    site.write_text(text.replace(old, new, 1), encoding="utf-8")
    return site


def digest(directory) -> dict:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in directory.iterdir()}


def a_store(tmp_path):
    """A data directory with a store the kiosk made and used."""
    data = tmp_path / "data"
    assert check(tmp_path, data_dir=data).returncode == 0
    return data


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_a_damaged_store_is_named_and_left_untouched(tmp_path, damage):
    data = a_store(tmp_path)
    db = data / "kiosk.db"
    if damage == "garbage":
        db.write_bytes(os.urandom(20_000))
    else:
        with db.open("r+b") as f:
            f.truncate(db.stat().st_size // 2)
    before = digest(data)
    line = refusal(check(tmp_path, data_dir=data))
    assert str(db) in line and "damaged" in line and "untouched" in line
    assert digest(data) == before  # nothing moved, rewritten or deleted


@pytest.fixture
def read_only_dir(tmp_path):
    """A data directory nothing can be created in, even by root (immutable attribute)."""
    data = a_store(tmp_path)
    for extra in data.glob("kiosk.db-*"):
        extra.unlink()  # closed cleanly: the WAL is checkpointed, so these hold nothing
    if os.geteuid() == 0:
        if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(data)]).returncode:
            pytest.skip("needs chattr to make a directory read-only for root")
        yield data
        subprocess.run(["chattr", "-i", str(data)], check=True)
    else:
        data.chmod(0o555)
        yield data
        data.chmod(0o755)


def test_a_read_only_data_directory_is_named(tmp_path, read_only_dir):
    before = digest(read_only_dir)
    line = refusal(check(tmp_path, data_dir=read_only_dir))
    assert str(read_only_dir / "kiosk.db") in line and "cannot open or write" in line
    assert digest(read_only_dir) == before


def test_a_disk_that_cannot_take_the_store_is_named(tmp_path):
    # python-escpos writes a cache file when imported: make it before the limit applies.
    cache = tmp_path / "escpos"
    cache.mkdir()
    env = {"ESCPOS_CAPABILITIES_PICKLE_DIR": str(cache)}
    subprocess.run(
        [sys.executable, "-c", "import escpos.capabilities"],
        env={**os.environ, **env},
        check=True,
    )

    def small_disk() -> None:  # files may not grow past 8 KiB: the new store cannot
        resource.setrlimit(resource.RLIMIT_FSIZE, (8192, 8192))

    data = tmp_path / "data"
    result = subprocess.run(
        [*KIOSK, "run", "--check", "--data-dir", str(data)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **env},
        preexec_fn=small_disk,
    )
    line = refusal(result)
    assert str(data / "kiosk.db") in line and "free space" in line


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        (
            '[devices.card]\ndriver = "simulated"',
            '[devices.card]\ndriver = "simulated"\noptions = { rule = 5 }',
            "devices.card",
        ),
        (
            "[broker]\nenabled = false",
            '[broker]\nenabled = true\npassword_file = "/nonexistent/kiosk-password"',
            "broker.password_file",
        ),
        ("ecard_keys = { demo", 'ecard_keys = { bad = "abc", demo', "identification.ecard_keys"),
        (
            "[broker]\nenabled = false",
            '[broker]\nenabled = true\n[sync]\ntrusted_command_keys = { k1 = "not-a-key" }',
            "sync.trusted_command_keys.k1",
        ),
    ],
)
def test_a_bad_value_is_one_line_naming_file_and_key(tmp_path, old, new, key):
    site = site_with(tmp_path, old, new)
    line = refusal(check(tmp_path, site))
    assert line.startswith("配置错误 / configuration error: ")
    assert f"{site}: {key}" in line


def real_site(tmp_path, reader_port: str, extra: str = "") -> object:
    site = tmp_path / "real.toml"
    site.write_text(
        f"""[site]
terminal_id = "HZ-REAL-01"
name = "真实站点"
[devices.rfid]
driver = "feig"
port = "{reader_port}"
[devices.card]
driver = "none"
[devices.scanner]
driver = "none"
[devices.printer]
driver = "none"
[ui]
service_pin_hash = "{PIN_HASH}"
{extra}""",
        encoding="utf-8",
    )
    return site


@pytest.mark.parametrize(
    ("extra", "key"),
    [
        (f'[identification]\necard_keys = {{ demo = "{DEMO_ECARD_PUBLIC_KEY}" }}\n', "ecard_keys"),
        ("[storage]\nseed_sample_data = true\n", "storage.seed_sample_data"),
    ],
)
def test_a_real_site_refuses_demo_things(tmp_path, extra, key):
    line = refusal(check(tmp_path, real_site(tmp_path, "/dev/ttyUSB0", extra)))
    assert key in line and "demo" in line


def test_a_real_site_without_a_pin_hash_refuses(tmp_path):
    site = real_site(tmp_path, "/dev/ttyUSB0")
    site.write_text(site.read_text(encoding="utf-8").replace(PIN_HASH, ""), encoding="utf-8")
    assert "ui.service_pin_hash: required" in refusal(check(tmp_path, site))


def test_a_real_site_opens_no_absent_device_and_gets_nothing_of_the_demo(tmp_path):
    reader = make_simulator("feig", [library_tag(LIVING)])
    try:
        site = real_site(tmp_path, reader.path, f'[storage]\npath = "{tmp_path / "k.db"}"\n')
        result = check(tmp_path, site)
        assert result.returncode == 0, result.stderr
        status = json.loads(result.stdout)
        assert status["demo"] is False and status["unavailable"] == {} and status["alarms"] == 0
        runtime = build_runtime(load_config(site))
        try:
            assert runtime.simulators is None  # no simulator window, demo PIN or staff card
            assert isinstance(runtime.card_reader, AbsentDevice)
            assert runtime.card_reader.wait_for_card(0.01) is None
            assert runtime.scanner.read_code(0.01) is None
            assert runtime.store.query("SELECT count(*) AS n FROM patrons")[0]["n"] == 0
            assert runtime.store.holds() == []  # no READY hold with the published code
            assert [t.item_id for t in runtime.call(runtime.pad.inventory)] == [LIVING]
        finally:
            runtime.close()
    finally:
        reader.close()
