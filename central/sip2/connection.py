"""One TCP (or TLS) connection to the library system and the spec's error handling on it.

:class:`Sip2Connection` sends a request and returns its response frame, applying "SC System
Error Handling" (3M SIP2 2.00 rev. 2.10, p. 16): on a timeout the request is re-sent; a
response whose checksum fails is answered with 97 (Request ACS Resend); a 96 (Request SC
Resend) makes it re-send the request unless its last message was itself a 97; a response
whose sequence number is not the request's is discarded; after ``retries`` re-sends, or a
96 answering a 97, communications have failed (:class:`Sip2Unavailable`). A connection is
used by one thread at a time (the pool lends it out); after any failure it is closed.
"""

from __future__ import annotations

import contextlib
import socket
import ssl
import time
from dataclasses import dataclass

from central.sip2 import messages
from central.sip2.codec import (
    CR,
    MAX_FRAME_BYTES,
    ChecksumMismatch,
    Frame,
    Sip2FormatError,
    UnknownCommand,
    encode_request,
    parse_response,
)
from central.sip2.config import Sip2Settings


class Sip2Error(Exception):
    """Base of what talking to the library system can raise."""


class Sip2Unavailable(Sip2Error):
    """The library system could not be reached or did not answer properly in time."""


class Sip2LoginRefused(Sip2Error):
    """The library system refused the login (94 with ok = 0)."""


@dataclass
class Counters:
    """What happened on the wire, for tests, diagnostics and the service's figures."""

    sent: int = 0
    resent_after_timeout: int = 0
    resent_after_96: int = 0
    asked_97: int = 0
    discarded: int = 0


class Sip2Connection:
    """A logged-in connection: connect, 93/94 if a user is configured, 99/98."""

    def __init__(self, settings: Sip2Settings, deadline: float | None = None) -> None:
        self.settings = settings
        self.counters = Counters()
        self._sequence = -1
        self._buffer = b""
        self._answer_due = 0.0
        self._sock = self._connect(deadline)
        self.acs_status: messages.AcsStatus | None = None
        try:
            if settings.username:
                frame = self.exchange(
                    messages.login(settings.username, settings.password, settings.location),
                    deadline,
                )
                if frame.fixed["ok"] != "1":
                    raise Sip2LoginRefused("the library system refused the login")
            self.acs_status = messages.acs_status(self.exchange(messages.sc_status(), deadline))
        except BaseException:
            self.close()
            raise

    def _connect(self, deadline: float | None) -> socket.socket:
        s = self.settings
        timeout = _bounded(s.connect_timeout_s, deadline)
        try:
            sock = socket.create_connection((s.host, s.port), timeout=timeout)
        except OSError as exc:
            raise Sip2Unavailable(f"cannot connect to {s.host}:{s.port}: {exc}") from exc
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if not s.tls:
            return sock
        context = ssl.create_default_context(cafile=s.tls_ca)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        try:
            return context.wrap_socket(sock, server_hostname=s.tls_server_name or s.host)
        except (OSError, ssl.SSLError) as exc:
            sock.close()
            raise Sip2Unavailable(f"TLS with {s.host}:{s.port} failed: {exc}") from exc

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self._sock.close()

    def _next_sequence(self) -> int | None:
        if not self.settings.error_detection:
            return None
        self._sequence = (self._sequence + 1) % 10
        return self._sequence

    def _encode(self, command: str, request: messages.Request | None, seq: int | None) -> bytes:
        s = self.settings
        return encode_request(
            command,
            request.fixed if request else (),
            request.fields if request else (),
            sequence=seq,
            error_detection=s.error_detection,
            encoding=s.encoding,
            delimiter=s.delimiter,
        )

    def exchange(self, request: messages.Request, deadline: float | None = None) -> Frame:
        """Send ``request`` and return its response; :class:`Sip2Unavailable` on failure."""
        try:
            return self._exchange(request, deadline)
        except Sip2Unavailable:
            self.close()
            raise
        except OSError as exc:
            self.close()
            raise Sip2Unavailable(f"connection to the library system failed: {exc}") from exc

    def _exchange(self, request: messages.Request, deadline: float | None) -> Frame:
        s = self.settings
        sequence = self._next_sequence()
        original = self._encode(request.command, request, sequence)
        self._send(original)
        last_was_97 = False
        retries_left = s.retries
        while True:
            try:
                # Frames that are discarded do not extend the wait: the timer runs from
                # the last message sent, so a peer sending junk cannot hold the client.
                raw = self._read_frame(_bounded(self._answer_due - time.monotonic(), deadline))
            except TimeoutError:
                if retries_left == 0 or _expired(deadline):
                    raise Sip2Unavailable("no answer from the library system") from None
                retries_left -= 1
                self.counters.resent_after_timeout += 1
                self._send(original)
                last_was_97 = False
                continue
            try:
                frame = parse_response(
                    raw,
                    encoding=s.encoding,
                    delimiter=s.delimiter,
                    require_checksum=s.error_detection,
                )
            except ChecksumMismatch:
                if retries_left == 0:
                    raise Sip2Unavailable("responses keep failing their checksum") from None
                retries_left -= 1
                self.counters.asked_97 += 1
                self._send(self._encode("97", None, None))
                last_was_97 = True
                continue
            except UnknownCommand:
                # "Command identifiers that are unrecognized should be ignored" (p. 14).
                self.counters.discarded += 1
                continue
            except Sip2FormatError as exc:
                raise Sip2Unavailable(
                    f"the library system sent a malformed response: {exc}"
                ) from exc
            if frame.command == "96":
                if last_was_97 or retries_left == 0:
                    raise Sip2Unavailable("the library system keeps asking for a re-send")
                retries_left -= 1
                self.counters.resent_after_96 += 1
                self._send(original)
                continue
            if s.error_detection and frame.sequence != sequence:
                self.counters.discarded += 1
                continue
            if frame.command == "98" and request.expects != "98" and retries_left > 0:
                # A status change rides on the answer to the next request; the SC takes the
                # new status and sends its command again ("Commands", p. 14), as a new
                # message: with the old sequence number and checksum the ACS would take it
                # for a duplicate and repeat the status.
                retries_left -= 1
                self.acs_status = messages.acs_status(frame)
                sequence = self._next_sequence()
                original = self._encode(request.command, request, sequence)
                self._send(original)
                continue
            if frame.command != request.expects:
                raise Sip2Unavailable(
                    f"the library system answered {frame.command} to {request.command}"
                )
            return frame

    def _send(self, frame: bytes) -> None:
        self.counters.sent += 1
        self._sock.sendall(frame)
        self._answer_due = time.monotonic() + self.settings.timeout_s

    def _read_frame(self, timeout: float) -> bytes:
        """One CR-terminated frame; TimeoutError if none completes within ``timeout``."""
        until = time.monotonic() + timeout
        while CR not in self._buffer:
            if len(self._buffer) > MAX_FRAME_BYTES:
                raise Sip2Unavailable("the library system sent an over-long frame")
            left = until - time.monotonic()
            if left <= 0:
                raise TimeoutError
            self._sock.settimeout(left)
            try:
                chunk = self._sock.recv(4096)
            except ssl.SSLError as exc:
                raise Sip2Unavailable(f"TLS error: {exc}") from exc
            if not chunk:
                raise Sip2Unavailable("the library system closed the connection")
            self._buffer += chunk
        frame, _, self._buffer = self._buffer.partition(CR)
        return frame + CR


def _expired(deadline: float | None) -> bool:
    return deadline is not None and time.monotonic() >= deadline


def _bounded(timeout: float, deadline: float | None) -> float:
    """``timeout``, shortened to what is left before ``deadline`` (Sip2Unavailable if none)."""
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise Sip2Unavailable("out of time before the library system answered")
    return min(timeout, left)
