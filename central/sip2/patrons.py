"""Answering a terminal's patron check from the library system, with fallbacks that say so.

A patron check (``patron/req`` -> ``patron/resp``) is answered from Patron Information 63
(valid patron, blocked, charged items, holds, overdue, fees) when the library system answers
within ``patron_timeout_s``; its answer is kept ``patron_cache_ttl_s`` and stands in while
the library system is slow or down; after that, central's own patron record answers. The
answer's ``source`` says which: ``library``, ``cache`` or ``central``.

A failed ask marks the library system down for ``DOWN_FOR_S``, so while it is unreachable a
check does not wait out the timeout each time. Called from the service's patron-check
threads (``central-patron-N``), never from the MQTT network thread; the cache is shared
under a lock and bounded (``CACHE_MAX``, oldest dropped first).
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from central.sip2.client import Sip2Client
from central.sip2.connection import Sip2Error
from central.sip2.messages import PatronStatus
from central.store import CentralStore
from kiosk.privacy import mask_patron_id

log = logging.getLogger(__name__)

DOWN_FOR_S = 10.0
CACHE_MAX = 20_000
BLOCK_REASON_CHARS = 200


def _patron_record(
    status: PatronStatus, own: dict[str, Any] | None, patron_id: str
) -> dict[str, Any] | None:
    """The terminal's patron record from a 64 answer, central's own fields filling the rest."""
    valid = status.valid if status.valid is not None else bool(status.name)
    if not valid:
        return None
    blocked = status.blocked or bool(own and own["blocked"])
    if status.blocked:
        reason: str | None = (status.message or "blocked by the library system")[
            :BLOCK_REASON_CHARS
        ]
    else:
        reason = own["block_reason"] if own and own["blocked"] else None
    return {
        "patron_id": patron_id,
        "kind": own["kind"] if own else "card",
        "credit_level": own["credit_level"] if own else None,
        "blocked": blocked,
        "block_reason": reason,
    }


def _library_summary(status: PatronStatus) -> dict[str, Any]:
    return {
        "charged": status.charged,
        "holds": status.holds,
        "overdue": status.overdue,
        "fees": status.fee_amount,
    }


class PatronAnswers:
    """Builds patron-response bodies; safe to call from several threads."""

    def __init__(
        self,
        store: CentralStore,
        client: Sip2Client | None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store, self.client, self._clock = store, client, clock
        self._cache: OrderedDict[str, tuple[float, dict[str, Any]]] = OrderedDict()
        self._lock = threading.Lock()
        self._down_until = 0.0

    def answer(self, patron_id: str) -> dict[str, Any]:
        own = self.store.get_patron(patron_id)
        if self.client is not None:
            library = self._ask_library(patron_id, own)
            if library is not None:
                return library
            cached = self._cached(patron_id)
            if cached is not None:
                return {**cached, "source": "cache"}
        found = own is not None
        return {"patron_id": patron_id, "found": found, "patron": own, "source": "central"}

    def _ask_library(self, patron_id: str, own: dict[str, Any] | None) -> dict[str, Any] | None:
        assert self.client is not None
        settings = self.client.pool.settings
        now = self._clock()
        with self._lock:
            if now < self._down_until:
                return None
        try:
            status = self.client.patron_information(
                patron_id, deadline=time.monotonic() + settings.patron_timeout_s
            )
        except Sip2Error as exc:
            log.info(
                "patron check for %s: library system did not answer (%s)",
                mask_patron_id(patron_id),
                exc,
            )
            with self._lock:
                self._down_until = self._clock() + DOWN_FOR_S
            return None
        patron = _patron_record(status, own, patron_id)
        body = {
            "patron_id": patron_id,
            "found": patron is not None,
            "patron": patron,
            "library": _library_summary(status),
        }
        with self._lock:
            self._cache[patron_id] = (self._clock(), body)
            self._cache.move_to_end(patron_id)
            while len(self._cache) > CACHE_MAX:
                self._cache.popitem(last=False)
        return {**body, "source": "library"}

    def _cached(self, patron_id: str) -> dict[str, Any] | None:
        assert self.client is not None
        ttl = self.client.pool.settings.patron_cache_ttl_s
        with self._lock:
            entry = self._cache.get(patron_id)
            if entry is None:
                return None
            if self._clock() - entry[0] > ttl:
                del self._cache[patron_id]
                return None
            return entry[1]
