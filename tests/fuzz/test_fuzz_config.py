"""Fuzzing site files: whatever the text, loading gives a SiteConfig or a ConfigError.

Two sources: arbitrary TOML-ish text (brackets, quotes, keys of the real schema, numbers
at the edges, inf and nan) through :func:`load_config`, and the real site files with one
to three values replaced by values of other types and extremes through
:func:`parse_config`. Nothing else may escape (no TypeError, KeyError, OverflowError...),
an error is one line naming the file, and a file that loads has every number in range.
"""

from __future__ import annotations

import copy
import dataclasses
import math
import tomllib
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.config import ConfigError, SiteConfig, load_config, parse_config

from .budget import LONG, examples

REPO = Path(__file__).resolve().parents[2]
SITES = [REPO / "config" / "default.toml", REPO / "config" / "example-real-site.toml"]
BASES = [tomllib.loads(p.read_text(encoding="utf-8")) for p in SITES]

SETTINGS = settings(
    max_examples=examples(),
    deadline=None,
    derandomize=not LONG,
    suppress_health_check=[HealthCheck.too_slow],
)

KEYS = sorted(
    {
        "demo", "terminal_id", "name", "loan_days", "max_loans", "driver", "port", "baud",
        "options", "ecard_keys", "service_pin_hash", "poll_interval_s", "door_open_alarm_s",
        "board", "lock", "id", "bus", "idle_timeout_s", "idle_warning_s", "afi_on_loan",
        "utc_offset_hours", "credit_threshold", "seed_sample_data", "path", "enabled",
    }
)  # fmt: skip
TABLES = [
    "site", "policy", "policy.offline", "security", "devices.rfid", "devices.card",
    "devices.scanner", "devices.printer", "lockers", "[lockers.buses]",
    "[lockers.compartments]", "broker", "sync", "identification", "ui", "storage",
]  # fmt: skip
VALUES = [
    "0", "-1", "1", "7", "65536", "99999999999999999999", "1e308", "inf", "-inf", "nan",
    "0.0", "true", "false", '""', '"x"', '"simulated"', '"none"', '"feig"', "[]", "[1, 2]",
    "{}", "{ a = 1 }", "0x07", "1979-05-27T07:32:00Z", '"scrypt$15$8$1$AA==$AA=="',
]  # fmt: skip

line = st.one_of(
    st.sampled_from(TABLES).map(lambda t: f"[{t}]" if not t.startswith("[") else f"[{t}]"),
    st.builds(lambda k, v: f"{k} = {v}", st.sampled_from(KEYS), st.sampled_from(VALUES)),
    st.text(max_size=30),
)
toml_ish = st.lists(line, max_size=25).map("\n".join)


def assert_in_range(config: SiteConfig) -> None:
    """Every number the kiosk will use is finite and within the documented ranges."""
    p = config.policy
    assert 1 <= p.loan_days <= 365 and 1 <= p.renew_days <= 365
    assert 1 <= p.max_loans <= 1000 and 1 <= p.max_items_per_transaction <= 100
    assert 0 <= p.max_renewals <= 100 and 0 <= p.credit_threshold <= 1000
    assert 1 <= p.hold_days <= 60 and 1 <= p.pickup_code_attempts <= 100
    assert 1 <= p.pickup_code_lockout_minutes <= 1440
    assert 0 <= p.offline.max_items_per_session <= 100 and 1 <= p.offline.loan_days <= 365
    assert 0 <= config.security.afi_in_library <= 255 and 0 <= config.security.afi_on_loan <= 255
    assert -12 <= config.site.utc_offset_hours <= 14
    lockers = config.lockers
    assert math.isfinite(lockers.door_open_alarm_s) and 5 <= lockers.door_open_alarm_s <= 86400
    assert math.isfinite(lockers.poll_interval_s) and 0.05 <= lockers.poll_interval_s <= 60
    for c in lockers.compartments:
        assert 1 <= c.board <= 32 and 1 <= c.lock <= 48
    devices = [getattr(config.devices, f.name) for f in dataclasses.fields(config.devices)]
    for device in (*devices, *lockers.buses):
        assert device.baud is None or 300 <= device.baud <= 4_000_000
    assert 10 <= config.identification.ecard_validity_s <= 600
    assert 10 <= config.ui.idle_timeout_s <= 3600
    assert 0 < config.ui.idle_warning_s < config.ui.idle_timeout_s
    if not config.site.demo:
        assert config.ui.service_pin_hash and not config.storage.seed_sample_data


def load_or_refuse(load, *args) -> None:
    try:
        config = load(*args)
    except ConfigError as exc:
        assert "\n" not in exc.reason.strip() or "TOML" in exc.reason
        return
    assert_in_range(config)


@SETTINGS
@given(text=toml_ish)
def test_arbitrary_text_loads_or_is_a_config_error(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("site") / "site.toml"
    path.write_text(text, encoding="utf-8")
    load_or_refuse(load_config, path)


def _paths(table: dict, prefix: tuple = ()) -> list[tuple]:
    out = []
    for key, value in table.items():
        out.append((*prefix, key))
        if isinstance(value, dict):
            out.extend(_paths(value, (*prefix, key)))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, dict):
                    out.extend(_paths(item, (*prefix, key, i)))
    return out


replacement = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.text(max_size=20),
    st.none(),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


@SETTINGS
@given(
    base=st.sampled_from(range(len(BASES))),
    edits=st.lists(st.tuples(st.integers(min_value=0), replacement), min_size=1, max_size=3),
    drop=st.booleans(),
)
def test_mutated_site_files_load_or_are_config_errors(base, edits, drop):
    data = copy.deepcopy(BASES[base])
    for index, value in edits:
        paths = _paths(data)
        if not paths:
            break
        *parents, last = paths[index % len(paths)]
        holder = data
        for step in parents:
            holder = holder[step]
        if drop and isinstance(holder, dict):
            del holder[last]
        else:
            holder[last] = value
    load_or_refuse(parse_config, data, "mutated.toml")
