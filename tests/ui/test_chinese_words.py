"""The mechanical rules of docs/ui.md's Chinese checklist, over every Chinese string of the
touchscreen (ui/i18n/kiosk_zh_CN.ts) and every refusal (kiosk/reasons.py).

What a machine can check: no space between Chinese and digits or Latin letters (a
placeholder such as %1 counts as one), full-width punctuation after Chinese, the Chinese
ellipsis (……), sentence-final 。 where the English is a sentence, minutes rather than
hundreds of seconds, one name for the library's app, 放入柜格 (never 上架) and no service
desk outside the staffed site's own line. The rest of the checklist is read by a person.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from kiosk.config import SiteIdentity
from kiosk.reasons import Reason, help_line, wait_text

TS = Path(__file__).resolve().parents[2] / "ui" / "i18n" / "kiosk_zh_CN.ts"
CJK = "\u3400-\u9fff"
SPACE_AROUND_CJK = re.compile(rf"[{CJK}] +[%0-9A-Za-z]|[%0-9A-Za-z] +[{CJK}]")
HALF_WIDTH_AFTER_CJK = re.compile(rf"[{CJK}][,.:;!?()]")
LONE_ELLIPSIS = re.compile(r"(?<!…)…(?!…)|\.\.\.")
SECONDS_OVER_A_MINUTE = re.compile(r"([0-9]{3,}|[6-9][0-9]) *秒")
SENTENCE_END = ("。", "！", "？", "）", "”", "……")
# The one line that may name a service desk: the help panel at a staffed site.
STAFFED_ONLY = {"Staff work here: ask at the service desk."}
STAFFED = SiteIdentity("T1", "分馆", service_phone="0571-87000000", staffed=True)
UNSTAFFED = SiteIdentity("T1", "地铁书房", service_phone="0571-87000000")


def ts_pairs() -> list[tuple[str, str]]:
    """(English source, Chinese) for every message; each plural form separately."""
    text = TS.read_text(encoding="utf-8")
    pairs = []
    for message in re.findall(r"<message[^>]*>(.*?)</message>", text, re.S):
        source = html.unescape(re.search(r"<source>(.*?)</source>", message, re.S).group(1))
        forms = re.findall(r"<numerusform>(.*?)</numerusform>", message, re.S)
        if not forms:
            forms = re.findall(r"<translation[^>]*>(.*?)</translation>", message, re.S)
        pairs += [(source, html.unescape(form)) for form in forms]
    return pairs


def reason_strings() -> list[tuple[str, str]]:
    pairs = []
    for reason in Reason:
        pairs.append((reason.text("en"), reason.text("zh")))
        for site in (STAFFED, UNSTAFFED, None):
            pairs.append((reason.advice("en", site), reason.advice("zh", site)))
    for site in (STAFFED, UNSTAFFED, None):
        pairs.append((help_line("en", site), help_line("zh", site)))
    for seconds in (5, 30, 59, 60, 90, 300, 360, 3600):
        pairs.append((wait_text(seconds, "en"), wait_text(seconds, "zh")))
    return pairs


ALL = ts_pairs() + reason_strings()


def test_every_string_is_translated() -> None:
    assert len(ts_pairs()) > 250
    assert [source for source, zh in ts_pairs() if not zh.strip()] == []


@pytest.mark.parametrize(
    ("rule", "pattern"),
    [
        ("no space between Chinese and digits or Latin", SPACE_AROUND_CJK),
        ("full-width punctuation after Chinese", HALF_WIDTH_AFTER_CJK),
        ("the Chinese ellipsis is ……", LONE_ELLIPSIS),
        ("minutes, not 300 秒", SECONDS_OVER_A_MINUTE),
        ("放入柜格, never 上架", re.compile("上架")),
        ("one name for the app: 图书馆App", re.compile(r"应用|APP|(?<!图书馆)App")),
        ("the countdown reads 16秒后自动退出", re.compile("以下时间")),
    ],
)
def test_mechanical_rule(rule: str, pattern: re.Pattern[str]) -> None:
    broken = [(source, zh) for source, zh in ALL if pattern.search(zh)]
    assert broken == [], rule


def test_sentences_end_with_a_full_stop() -> None:
    """Where the English is a sentence (ends with . ! ?), so is the Chinese."""
    broken = [
        (source, zh)
        for source, zh in ALL
        if source.rstrip().endswith((".", "!", "?"))
        and re.search(f"[{CJK}]", zh)
        and not zh.rstrip().endswith(SENTENCE_END)
        and not zh.rstrip().endswith("%1")  # the placeholder is itself a sentence
    ]
    assert broken == []


def test_no_service_desk_except_at_a_staffed_site() -> None:
    desks = [source for source, zh in ts_pairs() if "服务台" in zh]
    assert set(desks) <= STAFFED_ONLY
    for reason in Reason:
        for site in (UNSTAFFED, None):
            assert "服务台" not in reason.advice("zh", site) + reason.text("zh")
