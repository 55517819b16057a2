"""Site files are validated at start-up: every error names the file, the key and why."""

from __future__ import annotations

import base64
import math

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from fakes import DEFAULT_CONFIG, REPO

from kiosk.config import (
    DEMO_ECARD_PUBLIC_KEY,
    ConfigError,
    load_config,
    parse_config,
    replace_section,
)
from kiosk.service_pin import make_hash, verify

EXAMPLE_REAL_SITE = REPO / "config" / "example-real-site.toml"


def write(tmp_path, text: str):
    path = tmp_path / "site.toml"
    path.write_text(text, encoding="utf-8")
    return path


MINIMAL = '[site]\nterminal_id = "SH-YP-07"\nname = "杨浦区图书馆 自助点"\ndemo = true\n'
PIN_HASH = make_hash("135790")
# A real site (no demo key): every device named, a PIN hash; each test adds one thing.
REAL = f"""[site]
terminal_id = "SH-YP-08"
name = "杨浦区图书馆 自助点"
[devices.rfid]
driver = "feig"
port = "/dev/ttyUSB0"
[devices.card]
driver = "pcsc"
[devices.scanner]
driver = "none"
[devices.printer]
driver = "none"
[ui]
service_pin_hash = "{PIN_HASH}"
"""


def test_default_site_runs_everything_simulated():
    config = load_config(DEFAULT_CONFIG)
    assert config.site.demo is True
    assert config.devices.rfid.driver == "simulated"
    assert config.broker.enabled is False
    assert {c.id for c in config.lockers.compartments} == {"A01", "A02", "A03", "A04"}
    assert config.security.afi_in_library == 0x07 and config.security.afi_on_loan == 0xC2


def test_minimal_site_gets_defaults(tmp_path):
    config = load_config(write(tmp_path, MINIMAL))
    assert config.policy.max_items_per_transaction == 5
    assert config.policy.offline.loan_days == 21


@pytest.mark.parametrize(
    ("extra", "key", "reason"),
    [
        ("[policy]\nloan_dayz = 3\n", "policy.loan_dayz", "unknown key"),
        ("[policy]\nloan_days = 0\n", "policy.loan_days", "1..365"),
        ('[policy]\nmax_loans = "ten"\n', "policy.max_loans", "integer"),
        (
            "[policy.offline]\nallow_new_sessions = 1\n",
            "policy.offline.allow_new_sessions",
            "true or false",
        ),
        ("[security]\nafi_on_loan = 0x07\n", "security.afi_on_loan", "must differ"),
        ('[devices.rfid]\ndriver = "feig"\n', "devices.rfid.port", "needs a port"),
        ('[ui]\nlanguage = "fr"\n', "ui.language", "zh or en"),
        (
            '[lockers]\n[[lockers.buses]]\nname = "A"\n[[lockers.compartments]]\nid = "A1"\n'
            'bus = "B"\nboard = 1\nlock = 1\n',
            "lockers.compartments",
            "unknown bus",
        ),
        (
            '[lockers]\n[[lockers.buses]]\nname = "A"\n[[lockers.compartments]]\nid = "A1"\n'
            'bus = "A"\nboard = 1\nlock = 99\n',
            "lockers.compartments[0].lock",
            "1..48",
        ),
    ],
)
def test_bad_values_stop_start_up_naming_file_and_key(tmp_path, extra, key, reason):
    path = write(tmp_path, MINIMAL + extra)
    with pytest.raises(ConfigError) as excinfo:
        load_config(path)
    assert excinfo.value.file == str(path)
    assert excinfo.value.key == key
    assert reason in excinfo.value.reason
    assert str(path) in str(excinfo.value) and key in str(excinfo.value)


def test_site_kind_is_gone_as_nothing_read_it(tmp_path):
    with pytest.raises(ConfigError, match="site.kind: unknown key"):
        load_config(write(tmp_path, MINIMAL + 'kind = "subway_book_room"\n'))


def test_example_real_site_loads_and_is_not_a_demo():
    config = load_config(EXAMPLE_REAL_SITE)
    assert config.site.demo is False
    assert config.devices.scanner.driver == "none"
    assert not config.storage.seed_sample_data and config.ui.service_pin_hash


def test_demo_public_key_is_the_half_of_the_repository_private_key():
    private = base64.urlsafe_b64decode(
        (REPO / "config" / "demo-ecard.key").read_text(encoding="ascii").strip() + "=="
    )
    public = Ed25519PrivateKey.from_private_bytes(private).public_key()
    raw = public.public_bytes(Encoding.Raw, PublicFormat.Raw)
    assert base64.urlsafe_b64encode(raw).decode().rstrip("=") == DEMO_ECARD_PUBLIC_KEY


def _real(tmp_path, text: str):
    return load_config(write(tmp_path, text))


def test_a_real_site_loads(tmp_path):
    config = _real(tmp_path, REAL)
    assert config.site.demo is False and config.devices.card.driver == "pcsc"


@pytest.mark.parametrize(
    ("text", "key", "reason"),
    [
        # the scanner section left out: not silently simulated
        (
            REAL.replace('[devices.scanner]\ndriver = "none"\n', ""),
            "devices.scanner.driver",
            "none",
        ),
        (REAL.replace('driver = "pcsc"', 'driver = "simulated"'), "devices.card.driver", "demo"),
        (REAL.replace(f'service_pin_hash = "{PIN_HASH}"', ""), "ui.service_pin_hash", "required"),
        (REAL + "[storage]\nseed_sample_data = true\n", "storage.seed_sample_data", "demo"),
        (
            REAL + f'[identification]\necard_keys = {{ lib = "{DEMO_ECARD_PUBLIC_KEY}" }}\n',
            "identification.ecard_keys.lib",
            "demo key",
        ),
        (
            REAL + f'[sync]\ntrusted_command_keys = {{ c = "{DEMO_ECARD_PUBLIC_KEY}" }}\n',
            "sync.trusted_command_keys.c",
            "demo key",
        ),
        (
            REAL + '[[lockers.buses]]\nname = "A"\ndriver = "simulated"\n',
            "lockers.buses[0].driver",
            "demo",
        ),
    ],
)
def test_a_real_site_refuses_what_only_a_demo_may_do(tmp_path, text, key, reason):
    with pytest.raises(ConfigError) as excinfo:
        _real(tmp_path, text)
    assert excinfo.value.key == key and reason in excinfo.value.reason
    assert "\n" not in str(excinfo.value)


@pytest.mark.parametrize(
    ("extra", "key"),
    [
        ("[policy]\ncredit_threshold = 5000\n", "policy.credit_threshold"),
        ("[policy]\npickup_code_lockout_minutes = 0\n", "policy.pickup_code_lockout_minutes"),
        ("[policy]\nhold_days = 1000\n", "policy.hold_days"),
        (
            "[policy.offline]\nmax_items_per_session = 1000\n",
            "policy.offline.max_items_per_session",
        ),
        ("[lockers]\npoll_interval_s = inf\n", "lockers.poll_interval_s"),
        ("[lockers]\ndoor_open_alarm_s = nan\n", "lockers.door_open_alarm_s"),
        ("[identification]\necard_validity_s = 0\n", "identification.ecard_validity_s"),
        ("[identification]\necard_keys = { k = 5 }\n", "identification.ecard_keys.k"),
        ('[identification]\necard_keys = { k = "short" }\n', "identification.ecard_keys"),
        ("[ui]\nidle_timeout_s = 100000\n", "ui.idle_timeout_s"),
        ('[ui]\nservice_pin_hash = "2468"\n', "ui.service_pin_hash"),
        (
            '[ui]\nservice_pin_hash = "scrypt$20$32$1$c2FsdHNhbHQ=$' + "A" * 44 + '"\n',
            "ui.service_pin_hash",
        ),
        ('[devices.rfid]\ndriver = "feig"\nport = "/dev/x"\nbaud = 7\n', "devices.rfid.baud"),
        ('[storage]\npath = ""\n', "storage.path"),
    ],
)
def test_numeric_and_format_ranges(tmp_path, extra, key):
    with pytest.raises(ConfigError) as excinfo:
        load_config(write(tmp_path, MINIMAL + extra))
    assert excinfo.value.key == key


def test_a_pin_hash_the_config_accepts_is_one_the_pin_check_can_use():
    config = parse_config(
        {
            "site": {"terminal_id": "T", "name": "n", "demo": True},
            "ui": {"service_pin_hash": PIN_HASH},
        }
    )
    assert verify("135790", config.ui.service_pin_hash)
    assert math.isfinite(config.lockers.poll_interval_s)


def test_missing_required_key_and_broken_toml(tmp_path):
    with pytest.raises(ConfigError, match="site.terminal_id: required key is missing"):
        load_config(write(tmp_path, '[site]\nname = "x"\n'))
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(write(tmp_path, "[site\n"))
    with pytest.raises(ConfigError, match="file not found"):
        load_config(tmp_path / "absent.toml")


def test_replacing_a_section_is_validated_like_the_file(tmp_path):
    config = load_config(write(tmp_path, MINIMAL))
    changed = replace_section(config, "policy", {"offline": {"max_items_per_session": 1}})
    assert changed.policy.offline.max_items_per_session == 1
    assert changed.policy.offline.loan_days == 21
    with pytest.raises(ConfigError, match="policy.max_renewals"):
        replace_section(config, "policy", {"max_renewals": -1})
