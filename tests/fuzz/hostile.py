"""A reader line held in memory whose device side is a function: hostile readers for fuzzing.

:class:`ScriptedLink` implements :class:`drivers.rfid.reader.Link`: each request goes to
``respond(request)``, whose bytes are fed to the driver's reply matcher in small chunks
(as a serial port delivers them). It counts requests, so a test can assert that a driver
facing a reader that answers garbage or "more data" forever gives up after a bounded
number of them. No port, no thread: fast enough for hypothesis at 100k examples.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

CHUNK = 7  # bytes per read: replies arrive split, as on a real line


class ScriptedLink:
    port = "scripted"

    def __init__(self, respond: Callable[[bytes], bytes | None]):
        self.respond = respond
        self.requests = 0

    def wire_time(self, n_bytes: int) -> float:
        return 0.0

    def transact(
        self, request: bytes, match: Callable[[bytearray], T | None], timeout: float
    ) -> T | None:
        self.requests += 1
        reply = self.respond(request) or b""
        buffer = bytearray()
        for start in range(0, len(reply), CHUNK):
            buffer += reply[start : start + CHUNK]
            found = match(buffer)
            if found is not None:
                return found
        return None

    def close(self) -> None:
        pass
