"""A virtual contactless patron card for the vsmartcard ``vpcd`` reader driver.

vpcd is a pcscd reader driver that listens on TCP; whatever connects to its port is the
card in that reader (connect = card placed, close = card taken away). Every message is
a 2-byte big-endian length and a payload: a 1-byte payload from vpcd is a control code
(0 power off, 1 power on, 2 reset, 4 "send your ATR"), anything longer is a command
APDU that the card answers with a response APDU.

:class:`VirtualCard` answers what a PC/SC contactless reader answers for a MIFARE
Classic 1K card (PC/SC Part 3 pseudo-APDUs: ``FF CA`` get UID, ``FF 82`` load key,
``FF 86`` authenticate, ``FF B0`` read binary) and, for CPU-card sites, ISO 7816-4
``SELECT`` by file id and ``READ BINARY``. It can "pull" itself out of the reader when
a chosen APDU arrives, to test a card taken away in the middle of a read. It is used by
the test suite; the kiosk itself never runs it.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import struct
import threading
import time

log = logging.getLogger(__name__)

# PC/SC Part 3 ATR of a contactless storage card, ISO 14443-A part 3, MIFARE Classic 1K.
MIFARE_1K_ATR = bytes.fromhex("3B8F8001804F0CA000000306030001000000006A")

SW_OK = b"\x90\x00"
SW_WRONG_LENGTH = b"\x67\x00"
SW_SECURITY = b"\x69\x82"
SW_AUTH_FAILED = b"\x63\x00"
SW_NOT_FOUND = b"\x6a\x82"
SW_WRONG_P1P2 = b"\x6b\x00"
SW_INS_UNKNOWN = b"\x6d\x00"
SW_CLA_UNKNOWN = b"\x6e\x00"
SW_FUNC_UNSUPPORTED = b"\x6a\x81"

CTRL_POWER_OFF, CTRL_POWER_ON, CTRL_RESET, CTRL_GET_ATR = 0, 1, 2, 4

BLOCK_SIZE = 16
MIFARE_1K_BLOCKS = 64
DEFAULT_KEY = bytes.fromhex("FFFFFFFFFFFF")
# Transport configuration access bits: key A reads and writes data blocks.
_TRAILER_ACCESS = bytes.fromhex("FF078069")


def mifare_block_text(text: str) -> bytes:
    """A 16-byte data block holding ``text`` in ASCII, NUL-padded (how issuers write it)."""
    raw = text.encode("ascii")
    if len(raw) > BLOCK_SIZE:
        raise ValueError(f"{text!r} does not fit a 16-byte block")
    return raw.ljust(BLOCK_SIZE, b"\x00")


class VirtualCard:
    """One card that can be placed on and taken off a vpcd reader slot.

    ``blocks`` overrides MIFARE blocks (block number -> 16 bytes), including sector
    trailers to set other keys; ``files`` maps 4-hex-digit file ids to their contents;
    ``pull_on_apdu`` makes the card leave the field (close its connection without
    answering) when the n-th command APDU after insertion arrives.
    """

    def __init__(
        self,
        uid_hex: str,
        port: int,
        *,
        host: str = "127.0.0.1",
        atr: bytes = MIFARE_1K_ATR,
        blocks: dict[int, bytes] | None = None,
        files: dict[str, bytes] | None = None,
        pull_on_apdu: int | None = None,
    ):
        self.uid = bytes.fromhex(uid_hex)
        self.host = host
        self.port = port
        self.atr = atr
        self.memory = [bytes(BLOCK_SIZE) for _ in range(MIFARE_1K_BLOCKS)]
        for trailer in range(3, MIFARE_1K_BLOCKS, 4):
            self.memory[trailer] = DEFAULT_KEY + _TRAILER_ACCESS + DEFAULT_KEY
        for number, data in (blocks or {}).items():
            if len(data) != BLOCK_SIZE:
                raise ValueError(f"block {number} must be 16 bytes, not {len(data)}")
            self.memory[number] = data
        self.files = {fid.upper(): data for fid, data in (files or {}).items()}
        self.pull_on_apdu = pull_on_apdu
        self.apdus: list[bytes] = []
        self.pulled = threading.Event()
        self._sock: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._reset_state()

    def _reset_state(self) -> None:
        self._key_slots: dict[int, bytes] = {}
        self._authenticated_sector: int | None = None
        self._selected_file: str | None = None

    # -- placing and removing ----------------------------------------------------------

    def insert(self, timeout_s: float = 10.0) -> None:
        """Put the card on the reader: connect to vpcd (retrying while it starts up)."""
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                sock = socket.create_connection((self.host, self.port), timeout=1.0)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        sock.settimeout(None)
        self._sock = sock
        self.apdus.clear()
        self.pulled.clear()
        self._reset_state()
        self._thread = threading.Thread(
            target=self._serve, args=(sock,), name=f"vcard-{self.uid.hex()}", daemon=True
        )
        self._thread.start()

    def remove(self) -> None:
        """Take the card off the reader."""
        sock, self._sock = self._sock, None
        if sock is not None:
            _close(sock)
        if self._thread is not None:
            self._thread.join(timeout=5.0)
            self._thread = None

    @property
    def inserted(self) -> bool:
        return self._sock is not None and not self.pulled.is_set()

    def __enter__(self) -> VirtualCard:
        self.insert()
        return self

    def __exit__(self, *exc: object) -> None:
        self.remove()

    # -- the vpcd link ----------------------------------------------------------------

    def _serve(self, sock: socket.socket) -> None:
        try:
            while True:
                payload = _recv_message(sock)
                if payload is None:
                    return
                if len(payload) == 1:
                    reply = self._control(payload[0])
                else:
                    self.apdus.append(payload)
                    if self.pull_on_apdu is not None and len(self.apdus) >= self.pull_on_apdu:
                        log.debug(
                            "virtual card %s pulled at APDU %s", self.uid.hex(), payload.hex()
                        )
                        self.pulled.set()
                        _close(sock)
                        return
                    reply = self.respond(payload)
                if reply is not None:
                    sock.sendall(struct.pack(">H", len(reply)) + reply)
        except OSError:
            return

    def _control(self, code: int) -> bytes | None:
        if code == CTRL_GET_ATR:
            return self.atr
        if code in (CTRL_POWER_OFF, CTRL_POWER_ON, CTRL_RESET):
            self._reset_state()
        return None

    # -- the card itself --------------------------------------------------------------

    def respond(self, apdu: bytes) -> bytes:
        """The response APDU (data + SW1 SW2) to one command APDU."""
        if len(apdu) < 4:
            return SW_WRONG_LENGTH
        cla, ins, p1, p2 = apdu[:4]
        body = apdu[5:] if len(apdu) > 5 else b""
        if cla == 0xFF:
            return self._pcsc_pseudo_apdu(ins, p1, p2, apdu, body)
        if cla == 0x00:
            return self._iso7816(ins, p1, p2, apdu, body)
        return SW_CLA_UNKNOWN

    def _pcsc_pseudo_apdu(self, ins: int, p1: int, p2: int, apdu: bytes, body: bytes) -> bytes:
        if ins == 0xCA:
            if p1 != 0x00:
                return SW_FUNC_UNSUPPORTED
            return self.uid + SW_OK
        if ins == 0x82:
            if len(body) != 6:
                return SW_WRONG_LENGTH
            self._key_slots[p2] = bytes(body)
            return SW_OK
        if ins == 0x86:
            return self._authenticate(body)
        if ins == 0xB0:
            block = (p1 << 8) | p2
            if block >= MIFARE_1K_BLOCKS:
                return SW_WRONG_P1P2
            if self._authenticated_sector != block // 4:
                return SW_SECURITY
            length = apdu[4] if len(apdu) == 5 else BLOCK_SIZE
            return self.memory[block][: length or BLOCK_SIZE] + SW_OK
        return SW_INS_UNKNOWN

    def _authenticate(self, body: bytes) -> bytes:
        if len(body) != 5 or body[0] != 0x01:
            return SW_WRONG_LENGTH
        block = (body[1] << 8) | body[2]
        key_type, slot = body[3], body[4]
        if block >= MIFARE_1K_BLOCKS or key_type not in (0x60, 0x61) or slot not in self._key_slots:
            self._authenticated_sector = None
            return SW_AUTH_FAILED
        trailer = self.memory[block // 4 * 4 + 3]
        expected = trailer[:6] if key_type == 0x60 else trailer[10:16]
        if self._key_slots[slot] != expected:
            self._authenticated_sector = None
            return SW_AUTH_FAILED
        self._authenticated_sector = block // 4
        return SW_OK

    def _iso7816(self, ins: int, p1: int, p2: int, apdu: bytes, body: bytes) -> bytes:
        if ins == 0xA4:
            if p1 != 0x00 or len(body) != 2:
                return SW_WRONG_P1P2
            fid = body.hex().upper()
            if fid not in self.files:
                self._selected_file = None
                return SW_NOT_FOUND
            self._selected_file = fid
            return SW_OK
        if ins == 0xB0:
            if self._selected_file is None:
                return SW_SECURITY
            data = self.files[self._selected_file]
            offset = (p1 << 8) | p2
            if offset > len(data):
                return SW_WRONG_P1P2
            length = apdu[4] if len(apdu) == 5 else 256
            return data[offset : offset + (length or 256)] + SW_OK
        return SW_INS_UNKNOWN


def _recv_message(sock: socket.socket) -> bytes | None:
    header = _recv_exact(sock, 2)
    if header is None:
        return None
    (length,) = struct.unpack(">H", header)
    return _recv_exact(sock, length)


def _recv_exact(sock: socket.socket, n: int) -> bytes | None:
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def _close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()
