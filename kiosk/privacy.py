"""Masking of patron identifiers wherever a person other than the patron may see them.

Logs, telemetry, service screens and receipts show a patron id only as ``****`` plus its
last four characters: enough for a patron or a librarian to tell two accounts apart,
not enough to borrow on someone else's card. Ids of four characters or fewer would be
shown whole by that rule, so they are masked completely.
"""

from __future__ import annotations

MASK = "****"
VISIBLE_TAIL = 4


def mask_patron_id(patron_id: str | None) -> str:
    """``"3301000000001"`` -> ``"****0001"``; ids of 4 characters or fewer -> ``"****"``.

    ``None`` and the empty string give ``"****"`` too, so a caller never has to branch
    before logging.
    """
    pid = (patron_id or "").strip()
    if len(pid) <= VISIBLE_TAIL:
        return MASK
    return MASK + pid[-VISIBLE_TAIL:]
