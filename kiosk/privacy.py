"""Masking of patron identifiers and names wherever a person other than the patron may see them.

Logs, telemetry, service screens and receipts show a patron id only as ``****`` plus its
last four characters: enough for a patron or a librarian to tell two accounts apart,
not enough to borrow on someone else's card. Ids of four characters or fewer would be
shown whole by that rule, so they are masked completely.

A name is shown only masked (:func:`mask_name`), on the patron's own account screen:
enough for the reader to see the account is theirs, not enough for the person behind
them to learn it. The central service masks a name before it leaves for any terminal,
and the terminal masks again what it receives, so a full name is never stored there.
"""

from __future__ import annotations

MASK = "****"
VISIBLE_TAIL = 4
NAME_MASK = "*"
MAX_NAME_CHARS = 64  # longer names are cut before masking: a screen line, not an archive


def mask_patron_id(patron_id: str | None) -> str:
    """``"3301000000001"`` -> ``"****0001"``; ids of 4 characters or fewer -> ``"****"``.

    ``None`` and the empty string give ``"****"`` too, so a caller never has to branch
    before logging.
    """
    pid = (patron_id or "").strip()
    if len(pid) <= VISIBLE_TAIL:
        return MASK
    return MASK + pid[-VISIBLE_TAIL:]


def _is_cjk(ch: str) -> bool:
    return "\u2e80" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or ch >= "\U00020000"


def mask_name(name: str | None) -> str:
    """A name as the account screen shows it; masking a masked name changes nothing.

    Chinese names keep the first character and, from three characters on, the last:
    ``"张三明"`` -> ``"张*明"``, ``"欧阳娜娜"`` -> ``"欧**娜"``, ``"张三"`` -> ``"张*"``.
    Other names keep the first letter of each word: ``"John Smith"`` -> ``"J*** S****"``.
    One character, ``None`` or blank -> ``""`` (nothing worth showing).
    """
    text = " ".join((name or "").split())[:MAX_NAME_CHARS]
    if len(text) <= 1:
        return ""
    if any(_is_cjk(ch) for ch in text):
        chars = text.replace(" ", "")
        if len(chars) == 2:
            return chars[0] + NAME_MASK
        return chars[0] + NAME_MASK * (len(chars) - 2) + chars[-1]
    return " ".join(word[0] + NAME_MASK * (len(word) - 1) for word in text.split(" "))
