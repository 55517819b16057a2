"""Site files are validated at start-up: every error names the file, the key and why."""

from __future__ import annotations

import pytest
from fakes import DEFAULT_CONFIG

from kiosk.config import ConfigError, SiteKind, load_config, replace_section


def write(tmp_path, text: str):
    path = tmp_path / "site.toml"
    path.write_text(text, encoding="utf-8")
    return path


MINIMAL = '[site]\nterminal_id = "SH-YP-07"\nname = "杨浦区图书馆 自助点"\n'


def test_default_site_runs_everything_simulated():
    config = load_config(DEFAULT_CONFIG)
    assert config.site.kind is SiteKind.SUBWAY_BOOK_ROOM
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


def test_site_kind_must_be_known(tmp_path):
    with pytest.raises(ConfigError, match="site.kind: must be one of"):
        load_config(write(tmp_path, MINIMAL + 'kind = "bookshop"\n'))


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
