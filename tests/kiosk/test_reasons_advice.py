"""Every refusal's advice reads right at a staffed site and at an unstaffed one.

An unstaffed site (a subway book room, a pick-up locker) has no service desk: its advice
gives the help phone, or the help button when the site has no phone. A staffed site sends
the resident to its desk. Both languages, every reason.
"""

from __future__ import annotations

import pytest
from fakes import REPO

from kiosk.config import ConfigError, SiteIdentity, load_config, parse_config
from kiosk.reasons import Reason, help_line, wait_text

PHONE = "0571-87000000"
UNSTAFFED = SiteIdentity(terminal_id="T1", name="地铁书房", service_phone=PHONE)
UNSTAFFED_NO_PHONE = SiteIdentity(terminal_id="T1", name="地铁书房")
STAFFED = SiteIdentity(terminal_id="T1", name="分馆", service_phone=PHONE, staffed=True)
DESK_WORDS = ("服务台", "service desk", "desk")
LANGS = ("zh", "en")


@pytest.mark.parametrize("reason", list(Reason))
@pytest.mark.parametrize("lang", LANGS)
def test_unstaffed_advice_never_sends_anyone_to_a_desk(reason: Reason, lang: str) -> None:
    for site in (UNSTAFFED, UNSTAFFED_NO_PHONE, None):
        advice = reason.advice(lang, site)
        assert advice and "{" not in advice
        assert not any(word in advice for word in DESK_WORDS), (reason, lang, advice)


@pytest.mark.parametrize("reason", list(Reason))
@pytest.mark.parametrize("lang", LANGS)
def test_advice_that_needs_a_person_names_this_sites_help(reason: Reason, lang: str) -> None:
    """Where the advice needs a person, staffed means the desk, unstaffed the phone."""
    unstaffed = reason.advice(lang, UNSTAFFED)
    staffed = reason.advice(lang, STAFFED)
    no_phone = reason.advice(lang, UNSTAFFED_NO_PHONE)
    if help_line(lang, UNSTAFFED) in unstaffed:
        assert PHONE in unstaffed and PHONE not in staffed
        assert help_line(lang, STAFFED) in staffed
        assert help_line(lang, UNSTAFFED_NO_PHONE) in no_phone
    else:
        # Advice that needs nobody (lay the book flat, return it by its due date) is the
        # same everywhere.
        assert unstaffed == staffed == no_phone


@pytest.mark.parametrize(
    "reason", [Reason.PATRON_UNKNOWN, Reason.PATRON_BLOCKED, Reason.CREDIT_TOO_LOW]
)
def test_the_refusals_that_used_to_name_a_desk_now_follow_the_site(reason: Reason) -> None:
    assert reason.advice("zh", UNSTAFFED).endswith(f"请拨打服务电话{PHONE}。")
    assert reason.advice("en", UNSTAFFED).endswith(f"call the help line on {PHONE}.")
    assert reason.advice("zh", STAFFED).endswith("请到服务台找工作人员。")
    assert "服务台" not in reason.advice("zh", UNSTAFFED_NO_PHONE)
    assert "帮助" in reason.advice("zh", UNSTAFFED_NO_PHONE)


def test_staffed_defaults_to_false_and_is_read_from_the_site_file() -> None:
    def site(**keys: object) -> dict[str, object]:
        return {"site": {"terminal_id": "T1", "name": "地铁书房", "demo": True, **keys}}

    assert parse_config(site()).site.staffed is False
    assert parse_config(site(staffed=True)).site.staffed is True
    with pytest.raises(ConfigError, match="site.staffed"):
        parse_config(site(staffed="yes"))
    with pytest.raises(ConfigError, match="site.service_phone"):
        parse_config(site(service_phone="call me"))
    assert load_config(REPO / "config" / "default.toml").site.service_phone


def test_waits_read_in_minutes_without_spaces_in_chinese() -> None:
    assert wait_text(300, "zh") == "请在5分钟后再试。"
    assert wait_text(90, "zh") == "请在1分30秒后再试。"
    assert wait_text(30, "zh") == "请在30秒后再试。"
    assert wait_text(300, "en") == "Try again in 5 min."
