"""FEIG OBID ISC / classic-pro host protocol in ISO-Host mode (manual H20800-16e-ID-B).

Standard frame ``LEN COM-ADR CMD [STATUS] data CRC_lo CRC_hi`` (LEN = whole frame, up to
255); advanced frame ``02 ALEN_hi ALEN_lo COM-ADR CMD [STATUS] data CRC`` for longer ones.
CRC-16/MCRF4XX over everything before it. Default line settings 38400 8E1; COM-ADR 255
reaches any reader on the bus. The reader sends no reply at all to a corrupt frame.

Byte order: in ISO-Host mode data goes MSB first, so UIDs travel E0-first and each memory
block arrives with its bytes reversed (byte 3..0). This module is the single place that
turns them back into memory order (``reverse_blocks``, on by default).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from drivers.crc import CRC16_MCRF4XX, CRC16_X25
from drivers.rfid.reader import (
    DEVICE,
    InventoryEntry,
    Link,
    ReaderDriver,
    ReaderError,
    SerialLink,
    SystemInfo,
    owned,
)
from kiosk.devices import NoTag, TagWriteFailed

log = logging.getLogger(__name__)

DEFAULT_BAUD = 38400
BROADCAST_ADDRESS = 255
STX = 0x02

CMD_BAUD_DETECT = 0x52
CMD_SOFTWARE_VERSION = 0x65
CMD_RF_RESET = 0x69
CMD_ISO_HOST = 0xB0
CMD_ISO15693_TRANSPARENT = 0xBF

ISO_INVENTORY = 0x01
ISO_STAY_QUIET = 0x02
ISO_READ_MULTIPLE = 0x23
ISO_WRITE_MULTIPLE = 0x24
ISO_RESET_TO_READY = 0x26
ISO_WRITE_AFI = 0x27
ISO_SYSTEM_INFO = 0x2B

MODE_NON_ADDRESSED = 0x00
MODE_ADDRESSED = 0x01
INVENTORY_MORE = 0x80

TR_TYPE_ISO15693 = 0x03
# A reader pages a large inventory with "more data" (0x94); more pages than this (over a
# thousand tags at FEIG's usual page size) means a reader in a loop, not a pad of books.
MAX_INVENTORY_PAGES = 64
MAX_BLOCK_BYTES = 128  # per Read/Write Multiple Blocks request

STATUS_OK = 0x00
STATUS_NO_TRANSPONDER = 0x01
STATUS_DATA_FALSE = 0x02
STATUS_WRITE_ERROR = 0x03
STATUS_ADDRESS_ERROR = 0x04
STATUS_PARAMETER_RANGE = 0x11
STATUS_UNKNOWN_COMMAND = 0x80
STATUS_LENGTH_ERROR = 0x81
STATUS_RF_ERROR = 0x83
STATUS_MORE_DATA = 0x94
STATUS_ISO_ERROR = 0x95

STATUS_TEXT = {
    0x01: "no transponder",
    0x02: "data false (air CRC/framing)",
    0x03: "write error",
    0x04: "address error",
    0x05: "wrong transponder type",
    0x0E: "general error",
    0x10: "EEPROM failure",
    0x11: "parameter range error",
    0x80: "unknown command",
    0x81: "length error",
    0x82: "command not available",
    0x83: "RF communication error",
    0x93: "buffer overflow",
    0x94: "more data",
    0x95: "ISO 15693 error",
}

# NXP ICODE custom commands sent through 0xBF (ISO 15693 transparent).
NXP_MFG = 0x04
NXP_SET_EAS = 0xA2
NXP_RESET_EAS = 0xA3
NXP_EAS_ALARM = 0xA5
ISO_FLAGS_ADDRESSED_HIGH_RATE = 0x22
TRANSPARENT_READ = 0x01
TRANSPARENT_WRITE = 0x02
EAS_SEQUENCE_LEN = 32


@dataclass(frozen=True)
class Frame:
    com_adr: int
    cmd: int
    status: int | None  # None in requests
    data: bytes
    advanced: bool = False


def encode(frame: Frame, advanced: bool | None = None) -> bytes:
    """Frame bytes; advanced framing when asked or when the frame exceeds 255 bytes."""
    body = bytes([frame.com_adr, frame.cmd])
    if frame.status is not None:
        body += bytes([frame.status])
    body += frame.data
    if advanced is None:
        advanced = frame.advanced or len(body) + 3 > 255
    head = bytes([STX]) + (len(body) + 5).to_bytes(2, "big") if advanced else bytes([len(body) + 3])
    raw = head + body
    return raw + CRC16_MCRF4XX.lsb_first(raw)


def _parse_at(buffer: bytes | bytearray, start: int, response: bool) -> tuple[Frame, int] | None:
    available = len(buffer) - start
    first = buffer[start]
    advanced = first == STX
    if advanced:
        if available < 3:
            return None
        length = int.from_bytes(buffer[start + 1 : start + 3], "big")
        header = 3
    else:
        length = first
        header = 1
    minimum = header + 2 + 2 + (1 if response else 0)
    if length < minimum or length > available:
        return None
    raw = bytes(buffer[start : start + length])
    if CRC16_MCRF4XX(raw[:-2]) != int.from_bytes(raw[-2:], "little"):
        return None
    body = raw[header:-2]
    if response:
        frame = Frame(body[0], body[1], body[2], body[3:], advanced)
    else:
        frame = Frame(body[0], body[1], None, body[2:], advanced)
    return frame, start + length


def find_frame(buffer: bytes | bytearray, response: bool) -> tuple[Frame, int, int] | None:
    """The first CRC-valid frame in ``buffer`` as (frame, start, end), skipping garbage."""
    for start in range(len(buffer)):
        parsed = _parse_at(buffer, start, response)
        if parsed is not None:
            return parsed[0], start, parsed[1]
    return None


def reverse_each_block(data: bytes, block_size: int) -> bytes:
    return b"".join(
        data[i : i + block_size][::-1] for i in range(0, len(data) - block_size + 1, block_size)
    )


class FeigReader(ReaderDriver):
    """A FEIG reader in ISO-Host mode on a serial line."""

    protocol = "feig"

    def __init__(
        self,
        port: str,
        baud: int = DEFAULT_BAUD,
        *,
        bus_address: int = BROADCAST_ADDRESS,
        timeout: float = 0.6,
        retries: int = 2,
        reverse_blocks: bool = True,
        link: Link | None = None,
    ):
        """``link``: talk over this instead of opening ``port`` (in-memory readers in tests)."""
        if not 0 <= bus_address <= 255 or bus_address == 254:
            raise ValueError(f"bus address {bus_address} must be 0..253 or 255")
        # 8E1: 11 bits per byte on the wire; PSST: at least 5 ms quiet before a request.
        link = link or SerialLink(port, baud, "E", bits_per_byte=11, min_gap_s=0.005)
        super().__init__(link, timeout=timeout, retries=retries)
        self.bus_address = bus_address
        self.reverse_blocks = reverse_blocks

    def _request(self, what: str, cmd: int, data: bytes = b"", slack: int = 64) -> Frame:
        request = encode(Frame(self.bus_address, cmd, None, data))

        def match(buffer: bytearray) -> Frame | None:
            start = 0
            while (found := find_frame(buffer[start:], response=True)) is not None:
                frame, _, end = found
                address_ok = self.bus_address in (BROADCAST_ADDRESS, frame.com_adr)
                if frame.cmd == cmd and address_ok:
                    return frame
                start += end
            return None

        return self._exchange(what, request, match, slack)

    def _iso(self, what: str, sub: int, params: bytes, slack: int = 64) -> Frame:
        return self._request(what, CMD_ISO_HOST, bytes([sub]) + params, slack)

    @staticmethod
    def _fail(what: str, frame: Frame, *, writing: bool = False) -> None:
        """Raise the typed error for a non-OK status."""
        status = frame.status or 0
        text = STATUS_TEXT.get(status, f"status 0x{status:02X}")
        if status == STATUS_ISO_ERROR and frame.data:
            text += f" 0x{frame.data[0]:02X}"
        if status == STATUS_NO_TRANSPONDER:
            raise NoTag(f"{what}: {text}", device=DEVICE)
        if writing and status in (STATUS_WRITE_ERROR, STATUS_ISO_ERROR, STATUS_DATA_FALSE):
            raise TagWriteFailed(f"{what}: {text}", device=DEVICE)
        raise ReaderError(f"{what}: {text}", device=DEVICE)

    @owned
    def probe(self) -> str:
        frame = self._request("get software version", CMD_SOFTWARE_VERSION)
        if frame.status != STATUS_OK or len(frame.data) < 5:
            self._fail("get software version", frame)
        sw_rev = int.from_bytes(frame.data[0:2], "big")
        return f"FEIG reader type 0x{frame.data[4]:02X} firmware {sw_rev >> 8}.{sw_rev & 0xFF}"

    @owned
    def inventory(self) -> list[InventoryEntry]:
        found: dict[bytes, InventoryEntry] = {}
        mode = 0x00
        for _ in range(MAX_INVENTORY_PAGES):
            frame = self._iso("inventory", ISO_INVENTORY, bytes([mode]), slack=700)
            if frame.status == STATUS_NO_TRANSPONDER:
                return list(found.values())
            if frame.status not in (STATUS_OK, STATUS_MORE_DATA):
                self._fail("inventory", frame)
            for entry in self._parse_inventory(frame.data):
                found.setdefault(entry.uid, entry)
            if frame.status != STATUS_MORE_DATA:
                return list(found.values())
            mode = INVENTORY_MORE
        raise ReaderError(
            f"inventory: still 'more data' after {MAX_INVENTORY_PAGES} pages", device=DEVICE
        )

    @staticmethod
    def _parse_inventory(data: bytes) -> list[InventoryEntry]:
        if not data:
            return []
        entries = []
        pos = 1
        for _ in range(data[0]):
            record = data[pos : pos + 10]
            if len(record) < 10 or record[0] != TR_TYPE_ISO15693:
                # Other transponder types have other record lengths: stop rather than guess.
                log.warning("inventory record %s is not ISO 15693; rest ignored", record.hex())
                break
            entries.append(InventoryEntry(uid=bytes(record[2:10]), dsfid=record[1]))
            pos += 10
        return entries

    @owned
    def system_info(self, uid: bytes) -> SystemInfo:
        frame = self._iso("get system information", ISO_SYSTEM_INFO, bytes([MODE_ADDRESSED]) + uid)
        if frame.status != STATUS_OK or len(frame.data) < 13:
            self._fail("get system information", frame)
        data = frame.data
        return SystemInfo(
            uid=bytes(data[1:9]),
            dsfid=data[0],
            afi=data[9],
            block_size=(data[10] & 0x1F) + 1,
            block_count=data[11] + 1,
        )

    @owned
    def read_blocks(self, uid: bytes, first: int, count: int, block_size: int = 4) -> bytes:
        out = bytearray()
        per_request = MAX_BLOCK_BYTES // block_size
        for start in range(first, first + count, per_request):
            n = min(per_request, first + count - start)
            params = bytes([MODE_ADDRESSED]) + uid + bytes([start, n])
            frame = self._iso("read blocks", ISO_READ_MULTIPLE, params, slack=n * 5 + 16)
            if frame.status != STATUS_OK or len(frame.data) < 2:
                self._fail("read blocks", frame)
            got, size = frame.data[0], frame.data[1]
            records = frame.data[2:]
            if got != n or len(records) != n * (size + 1):
                raise ReaderError(f"read blocks: {got} x {size} bytes, asked {n}", device=DEVICE)
            for index in range(n):
                block = records[index * (size + 1) + 1 : (index + 1) * (size + 1)]
                out += block[::-1] if self.reverse_blocks else block
        return bytes(out)

    @owned
    def write_blocks(self, uid: bytes, first: int, data: bytes, block_size: int = 4) -> None:
        if len(data) % block_size:
            raise ValueError("write whole blocks only")
        per_request = MAX_BLOCK_BYTES // block_size
        count = len(data) // block_size
        for start in range(first, first + count, per_request):
            n = min(per_request, first + count - start)
            chunk = data[(start - first) * block_size : (start - first + n) * block_size]
            if self.reverse_blocks:
                chunk = reverse_each_block(chunk, block_size)
            params = bytes([MODE_ADDRESSED]) + uid + bytes([start, n, block_size]) + chunk
            frame = self._iso("write blocks", ISO_WRITE_MULTIPLE, params)
            if frame.status != STATUS_OK:
                self._fail("write blocks", frame, writing=True)

    @owned
    def write_afi(self, uid: bytes, afi: int) -> None:
        frame = self._iso("write AFI", ISO_WRITE_AFI, bytes([MODE_ADDRESSED]) + uid + bytes([afi]))
        if frame.status != STATUS_OK:
            self._fail("write AFI", frame, writing=True)

    def _transparent(self, what: str, mode: int, command: int, uid: bytes, reply_len: int) -> Frame:
        iso_request = bytes([ISO_FLAGS_ADDRESSED_HIGH_RATE, command, NXP_MFG]) + uid[::-1]
        # RSP-LENGTH, then the "reserved" response delay FEIG recommends (0x021F x 590 ns).
        params = bytes([mode]) + reply_len.to_bytes(2, "big") + b"\x02\x1f" + iso_request
        return self._request(what, CMD_ISO15693_TRANSPARENT, params)

    @staticmethod
    def _air_reply_ok(data: bytes) -> bool:
        if len(data) < 3 or data[0] & 0x01:
            return False
        return CRC16_X25(data[:-2]) == int.from_bytes(data[-2:], "little")

    @owned
    def read_eas(self, uid: bytes) -> bool:
        reply_len = 1 + EAS_SEQUENCE_LEN + 2
        frame = self._transparent("EAS alarm", TRANSPARENT_READ, NXP_EAS_ALARM, uid, reply_len)
        if frame.status == STATUS_OK and self._air_reply_ok(frame.data):
            return True
        if frame.status == STATUS_NO_TRANSPONDER:
            # Tags with EAS off stay silent, like absent ones: ask the tag itself.
            self.system_info(uid)
            return False
        self._fail("EAS alarm", frame)
        return False

    @owned
    def set_eas(self, uid: bytes, on: bool) -> None:
        command = NXP_SET_EAS if on else NXP_RESET_EAS
        frame = self._transparent("set EAS", TRANSPARENT_WRITE, command, uid, 3)
        if frame.status != STATUS_OK:
            self._fail("set EAS", frame, writing=True)
        if not self._air_reply_ok(frame.data):
            raise TagWriteFailed(f"set EAS: tag answered {frame.data.hex()}", device=DEVICE)
