"""The SIP2 client central uses: a small pool of connections and one method per message.

:class:`Sip2Pool` owns up to ``pool_size`` logged-in connections. A caller borrows one for
one request; a connection that failed is closed and not returned, and the next request opens
a new one (reconnect). A request that cannot do anything twice (patron status and
information, item information, SC status, end session) is tried once more on a fresh
connection when a pooled one turns out dead; a checkout, checkin or renewal is not, and its
:class:`Sip2Unavailable` goes to the caller, who knows whether to retry.

:class:`Sip2Client` builds each request (:mod:`central.sip2.messages`) with the configured
institution, location and terminal password and returns typed answers.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime

from central.sip2 import messages
from central.sip2.codec import Frame, Sip2FormatError
from central.sip2.config import Sip2Settings
from central.sip2.connection import Sip2Connection, Sip2Unavailable


class Sip2Pool:
    """Up to ``settings.pool_size`` connections, lent to one caller at a time."""

    def __init__(self, settings: Sip2Settings) -> None:
        self.settings = settings
        self._idle: list[Sip2Connection] = []
        self._open = 0
        self._closed = False
        self._available = threading.Condition()
        self.connections_opened = 0

    def _borrow(self, deadline: float | None) -> tuple[Sip2Connection, bool]:
        """A connection and whether it is a pooled one (which may have gone stale)."""
        with self._available:
            while True:
                if self._closed:
                    raise Sip2Unavailable("the SIP2 pool is closed")
                if self._idle:
                    return self._idle.pop(), True
                if self._open < self.settings.pool_size:
                    self._open += 1
                    break
                wait = None if deadline is None else deadline - time.monotonic()
                if wait is not None and wait <= 0:
                    raise Sip2Unavailable("every SIP2 connection is busy")
                self._available.wait(wait)
        try:
            connection = Sip2Connection(self.settings, deadline)
        except BaseException:
            self._forget()
            raise
        self.connections_opened += 1
        return connection, False

    def _forget(self) -> None:
        with self._available:
            self._open -= 1
            self._available.notify()

    def _give_back(self, connection: Sip2Connection) -> None:
        with self._available:
            if self._closed:
                connection.close()
                self._open -= 1
            else:
                self._idle.append(connection)
            self._available.notify()

    def exchange(self, request: messages.Request, deadline: float | None = None) -> Frame:
        """Send ``request`` on a pooled connection and return the response frame."""
        connection, pooled = self._borrow(deadline)
        try:
            frame = connection.exchange(request, deadline)
        except Sip2Unavailable:
            self._forget()
            if not (pooled and request.idempotent):
                raise
            connection, _ = self._borrow(deadline)
            try:
                frame = connection.exchange(request, deadline)
            except BaseException:
                connection.close()
                self._forget()
                raise
        except BaseException:
            connection.close()
            self._forget()
            raise
        self._give_back(connection)
        return frame

    def close(self) -> None:
        with self._available:
            self._closed = True
            idle, self._idle = self._idle, []
            self._open -= len(idle)
            self._available.notify_all()
        for connection in idle:
            connection.close()


class Sip2Client:
    """One method per SIP2 message central uses; answers typed, failures typed."""

    def __init__(
        self,
        pool: Sip2Pool,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.pool = pool
        s = pool.settings
        self.terminal = messages.Terminal(s.institution, s.terminal_password, s.location)
        self._clock = clock

    def _ask(self, request: messages.Request, deadline: float | None) -> Frame:
        return self.pool.exchange(request, deadline)

    def _read(self, reader: Callable[[Frame], object], frame: Frame) -> object:
        try:
            return reader(frame)
        except Sip2FormatError as exc:
            raise Sip2Unavailable(f"the library system sent an unusable answer: {exc}") from exc

    def status(self, deadline: float | None = None) -> messages.AcsStatus:
        return messages.acs_status(self._ask(messages.sc_status(), deadline))

    def patron_status(
        self, patron_id: str, pin: str | None = None, deadline: float | None = None
    ) -> messages.PatronStatus:
        request = messages.patron_status(self.terminal, self._clock(), patron_id, pin)
        return self._patron(request, deadline)

    def patron_information(
        self, patron_id: str, pin: str | None = None, deadline: float | None = None
    ) -> messages.PatronStatus:
        request = messages.patron_information(self.terminal, self._clock(), patron_id, pin)
        return self._patron(request, deadline)

    def _patron(self, request: messages.Request, deadline: float | None) -> messages.PatronStatus:
        result = self._read(messages.patron, self._ask(request, deadline))
        assert isinstance(result, messages.PatronStatus)
        return result

    def _circulation(
        self, request: messages.Request, deadline: float | None
    ) -> messages.Circulation:
        result = self._read(messages.circulation, self._ask(request, deadline))
        assert isinstance(result, messages.Circulation)
        return result

    def checkout(
        self,
        patron_id: str,
        item_id: str,
        *,
        no_block: bool = False,
        at: datetime | None = None,
        nb_due: datetime | None = None,
        pin: str | None = None,
        deadline: float | None = None,
    ) -> messages.Circulation:
        """Check out; an offline loan goes as ``no_block`` with its own time and due date."""
        request = messages.checkout(
            self.terminal,
            at or self._clock(),
            patron_id,
            item_id,
            no_block=no_block,
            nb_due=nb_due,
            pin=pin,
        )
        return self._circulation(request, deadline)

    def checkin(
        self,
        item_id: str,
        *,
        no_block: bool = False,
        at: datetime | None = None,
        deadline: float | None = None,
    ) -> messages.Circulation:
        when = at or self._clock()
        request = messages.checkin(self.terminal, when, item_id, no_block=no_block, returned=when)
        return self._circulation(request, deadline)

    def renew(
        self, patron_id: str, item_id: str, pin: str | None = None, deadline: float | None = None
    ) -> messages.Circulation:
        request = messages.renew(self.terminal, self._clock(), patron_id, item_id, pin)
        return self._circulation(request, deadline)

    def renew_all(
        self, patron_id: str, pin: str | None = None, deadline: float | None = None
    ) -> messages.RenewAll:
        request = messages.renew_all(self.terminal, self._clock(), patron_id, pin)
        result = self._read(messages.renew_all_result, self._ask(request, deadline))
        assert isinstance(result, messages.RenewAll)
        return result

    def item_information(self, item_id: str, deadline: float | None = None) -> messages.ItemInfo:
        request = messages.item_information(self.terminal, self._clock(), item_id)
        result = self._read(messages.item_info, self._ask(request, deadline))
        assert isinstance(result, messages.ItemInfo)
        return result

    def end_session(self, patron_id: str, deadline: float | None = None) -> messages.EndSession:
        request = messages.end_session(self.terminal, self._clock(), patron_id)
        result = self._read(messages.end_session_result, self._ask(request, deadline))
        assert isinstance(result, messages.EndSession)
        return result
