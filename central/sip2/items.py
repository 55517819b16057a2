"""Answering a terminal's item request (``item/req`` -> ``item/resp``): an item's title and author.

The answer comes from central's cache of what the library system said about items
(``sip2_items``: filled here and by the event uploader from the titles in its 12/10/30
answers), else from Item Information 17 asked within ``patron_timeout_s`` (the bound of a
patron check, 1.5 s by default), else nothing. The answer's ``source`` says which: ``cache``,
``library`` or ``none``. SIP2 2.00 has no author field in the 18 answer (only AJ, the title
identifier), so ``author`` is null unless the cache holds one given some other way.

A failed ask marks the library system down for ``DOWN_FOR_S``, so while it is unreachable a
request does not wait out the time-out each time. Called from the service's patron-check
threads (``central-patron-N``), never from the MQTT network thread. The answer is sent
before the cache is written (:meth:`ItemAnswers.remember`), so a write waiting behind the
worker's transaction never delays the terminal.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from central.sip2.client import Sip2Client
from central.sip2.connection import Sip2Error
from central.store import CentralStore

log = logging.getLogger(__name__)

DOWN_FOR_S = 10.0
# The response schema's bound on a title or an author (a SIP2 field is at most 255 bytes).
TEXT_CHARS = 255


def _text(value: str | None) -> str | None:
    value = (value or "").strip()
    return value[:TEXT_CHARS] or None


class ItemAnswers:
    """Builds item-response bodies; safe to call from several threads."""

    def __init__(
        self,
        store: CentralStore,
        client: Sip2Client | None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store, self.client, self._clock = store, client, clock
        self._lock = threading.Lock()
        self._down_until = 0.0

    def answer(self, item_id: str) -> dict[str, Any]:
        cached = self.store.item_title(item_id)
        title = _text(cached["title"]) if cached is not None else None
        if cached is not None and title is not None:
            return {
                "item_id": item_id,
                "found": True,
                "title": title,
                "author": _text(cached["author"]),
                "source": "cache",
            }
        if self.client is not None:
            library = self._ask_library(item_id)
            if library is not None:
                return library
        return {"item_id": item_id, "found": None, "title": None, "author": None, "source": "none"}

    def remember(self, answer: dict[str, Any]) -> None:
        """Keep a title the library system just gave, for the next terminal that asks."""
        if answer["source"] == "library" and answer["title"] is not None:
            self.store.remember_item_title(answer["item_id"], answer["title"])

    def _ask_library(self, item_id: str) -> dict[str, Any] | None:
        assert self.client is not None
        with self._lock:
            if self._clock() < self._down_until:
                return None
        timeout_s = self.client.pool.settings.patron_timeout_s
        try:
            info = self.client.item_information(item_id, deadline=time.monotonic() + timeout_s)
        except ValueError as exc:
            # An item id SIP2 cannot carry (the delimiter, CR, NUL): nothing to ask.
            log.info("item request for %r not asked: %s", item_id, exc)
            return None
        except Sip2Error as exc:
            log.info("item request for %s: library system did not answer (%s)", item_id, exc)
            with self._lock:
                self._down_until = self._clock() + DOWN_FOR_S
            return None
        title = _text(info.title)
        # Circulation status 01 ("other") with no title is how an ACS says it has no such item.
        found = title is not None or info.status != "other"
        return {
            "item_id": item_id,
            "found": found,
            "title": title,
            "author": None,
            "source": "library",
        }
