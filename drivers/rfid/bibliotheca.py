"""3M / Bibliotheca "RFID Reader Model 210" protocol (spec v1.0.0, 2009; also the 810 pad).

Frame ``D6 LEN_hi LEN_lo CMD [ERR] fields BCC_hi BCC_lo`` where LEN counts the bytes after
itself and BCC is CRC-16/GENIBUS over LEN..fields, big-endian. Responses carry an error
byte after CMD. Multi-byte numbers and UIDs are big-endian (E0 first); block data comes in
memory order. Line settings 19200 8N1; the reader ignores a command while it is busy.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from drivers.crc import CRC16_GENIBUS
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
from drivers.rfid.tag import afi_selects_exactly
from kiosk.devices import NoTag, TagWriteFailed

log = logging.getLogger(__name__)

DEFAULT_BAUD = 19200
START = 0xD6

CMD_QUIET = 0x01
CMD_READ_MULTIBLOCK = 0x02
CMD_CHECK_EAS = 0x03
CMD_WRITE_MULTIBLOCK = 0x04
CMD_WRITE_BLOCK = 0x05
CMD_WRITE_AFI = 0x09
CMD_GET_AFI = 0x0A
CMD_EAS_CONTROL = 0x0C
CMD_TAG_INFO = 0x0D
CMD_GET_DSFID = 0x0F
CMD_READER_VERSION = 0x11
CMD_READ_BLOCK_UID = 0xFE

INVENTORY_OPT_ADDRESS = 0x01
INVENTORY_OPT_DSFID = 0x02
INVENTORY_OPTIONS = INVENTORY_OPT_ADDRESS | INVENTORY_OPT_DSFID  # 9 bytes a tag: DSFID, UID
TAG_INFO_ALL = 0x0F  # DSFID, AFI, memory size, IC reference

ERR_OK = 0x00
ERR_NOT_IMPLEMENTED = 0x02
ERR_NO_TRANSPONDER = 0x06
ERR_MEM_NOT_AVAILABLE = 0x11
ERR_MEM_LOCKED = 0x12
ERR_MEM_NOT_READ = 0x15
ERR_MEM_NOT_PUT = 0x16
ERR_NOT_SUPPORTED = 0x30
ERR_OPTION_NOT_SUPPORTED = 0x31

ERR_TEXT = {
    0x02: "command not implemented",
    0x06: "no transponder",
    0x0F: "unknown error",
    0x11: "memory not available",
    0x12: "memory locked",
    0x15: "memory not read",
    0x16: "memory not written",
    0x21: "ISO error 01",
    0x22: "ISO error 02",
    0x23: "ISO error 03",
    0x30: "not supported",
    0x31: "option not supported",
    0x32: "parameter error",
}
MAX_BLOCKS_PER_READ = 32


@dataclass(frozen=True)
class Frame:
    cmd: int
    err: int | None  # None in requests
    payload: bytes


def encode(frame: Frame) -> bytes:
    body = bytes([frame.cmd]) + (bytes([frame.err]) if frame.err is not None else b"")
    body += frame.payload
    counted = (len(body) + 2).to_bytes(2, "big") + body
    return bytes([START]) + counted + CRC16_GENIBUS.msb_first(counted)


def find_frame(buffer: bytes | bytearray, response: bool) -> tuple[Frame, int, int] | None:
    """The first BCC-valid frame in ``buffer`` as (frame, start, end), skipping garbage."""
    minimum = 4 if response else 3  # CMD [ERR] BCC BCC
    start = -1
    while (start := buffer.find(START, start + 1)) != -1:
        if len(buffer) - start < 3:
            return None
        length = int.from_bytes(buffer[start + 1 : start + 3], "big")
        end = start + 3 + length
        if length < minimum or end > len(buffer):
            continue
        counted = bytes(buffer[start + 1 : end - 2])
        if CRC16_GENIBUS(counted) != int.from_bytes(buffer[end - 2 : end], "big"):
            continue
        body = counted[2:]
        if response:
            return Frame(body[0], body[1], body[2:]), start, end
        return Frame(body[0], None, body[1:]), start, end
    return None


class BibliothecaReader(ReaderDriver):
    """A 3M / Bibliotheca Model 210 compatible reader."""

    protocol = "bibliotheca"

    def __init__(
        self,
        port: str,
        baud: int = DEFAULT_BAUD,
        *,
        timeout: float = 0.6,
        retries: int = 2,
        link: Link | None = None,
    ):
        """``link``: talk over this instead of opening ``port`` (in-memory readers in tests)."""
        link = link or SerialLink(port, baud, "N", bits_per_byte=10)
        super().__init__(link, timeout=timeout, retries=retries)

    def _request(self, what: str, cmd: int, payload: bytes = b"", slack: int = 64) -> Frame:
        request = encode(Frame(cmd, None, payload))

        def match(buffer: bytearray) -> Frame | None:
            start = 0
            while (found := find_frame(buffer[start:], response=True)) is not None:
                frame, _, end = found
                if frame.cmd == cmd:
                    return frame
                start += end
            return None

        return self._exchange(what, request, match, slack)

    @staticmethod
    def _fail(what: str, frame: Frame, *, writing: bool = False) -> None:
        err = frame.err or 0
        text = ERR_TEXT.get(err, f"error 0x{err:02X}")
        if err == ERR_NO_TRANSPONDER:
            raise NoTag(f"{what}: {text}", device=DEVICE)
        if writing and err in (ERR_MEM_LOCKED, ERR_MEM_NOT_PUT, ERR_MEM_NOT_AVAILABLE):
            raise TagWriteFailed(f"{what}: {text}", device=DEVICE)
        raise ReaderError(f"{what}: {text}", device=DEVICE)

    @staticmethod
    def _after_uid(frame: Frame, uid: bytes, what: str, need: int) -> bytes:
        """The fields after the echoed UID; the reader must echo the UID we addressed."""
        if frame.payload[:8] != uid or len(frame.payload) < 8 + need:
            raise ReaderError(f"{what}: reply for another tag or too short", device=DEVICE)
        return frame.payload[8:]

    @owned
    def probe(self) -> str:
        frame = self._request("reader version", CMD_READER_VERSION)
        if frame.err != ERR_OK or len(frame.payload) < 4:
            self._fail("reader version", frame)
        _, major, minor, build = frame.payload[:4]
        return f"3M/Bibliotheca reader firmware {major}.{minor}.{build}"

    @owned
    def inventory(self) -> list[InventoryEntry]:
        return self._read_block_uid(0x00)

    @owned
    def uids_with_afi(self, afi: int) -> frozenset[bytes] | None:
        # Read Block UID with a non-zero AFI lists only the tags it selects (spec §7.1).
        if not afi_selects_exactly(afi):
            return None
        return frozenset(entry.uid for entry in self._read_block_uid(afi))

    def _read_block_uid(self, afi: int) -> list[InventoryEntry]:
        frame = self._request(
            "read block UID", CMD_READ_BLOCK_UID, bytes([afi, INVENTORY_OPTIONS]), slack=1000
        )
        if frame.err != ERR_OK or len(frame.payload) < 3:
            self._fail("read block UID", frame)
        if afi and frame.payload[0] != afi:
            # Tags listed for another AFI must not be taken for tags holding this one.
            raise ReaderError(
                f"read block UID: reply for AFI 0x{frame.payload[0]:02X}, asked 0x{afi:02X}",
                device=DEVICE,
            )
        count = frame.payload[2]
        records = frame.payload[3:]
        found: dict[bytes, InventoryEntry] = {}
        for index in range(count):
            record = records[index * 9 : (index + 1) * 9]
            if len(record) < 9:
                raise ReaderError("read block UID: reply shorter than its tag count", device=DEVICE)
            # The reader may list a tag twice (it missed the quiet and answered the 2nd poll).
            found.setdefault(bytes(record[1:9]), InventoryEntry(bytes(record[1:9]), record[0]))
        return list(found.values())

    @owned
    def system_info(self, uid: bytes) -> SystemInfo:
        frame = self._request("tag info", CMD_TAG_INFO, uid + bytes([TAG_INFO_ALL]))
        if frame.err != ERR_OK:
            self._fail("tag info", frame)
        fields = self._after_uid(frame, uid, "tag info", 1)
        available = fields[0]
        # The flags say which fields follow: DSFID (1 byte), AFI (1), memory size (2).
        need = 1 + bool(available & 0x01) + bool(available & 0x02) + 2 * bool(available & 0x04)
        if len(fields) < need:
            raise ReaderError(
                f"tag info: flags 0x{available:02X} need {need} bytes, reply has {len(fields)}",
                device=DEVICE,
            )
        pos = 1
        dsfid = afi = 0
        block_size, block_count = 4, 8
        if available & 0x01:
            dsfid, pos = fields[pos], pos + 1
        if available & 0x02:
            afi, pos = fields[pos], pos + 1
        if available & 0x04:
            block_size, block_count = fields[pos] + 1, fields[pos + 1] + 1
        return SystemInfo(uid, dsfid, afi, block_size, block_count)

    @owned
    def read_blocks(self, uid: bytes, first: int, count: int) -> bytes:
        out = bytearray()
        for start in range(first, first + count, MAX_BLOCKS_PER_READ):
            n = min(MAX_BLOCKS_PER_READ, first + count - start)
            frame = self._request(
                "read multiblock", CMD_READ_MULTIBLOCK, uid + bytes([start, n]), slack=n * 6 + 16
            )
            if frame.err != ERR_OK:
                self._fail("read multiblock", frame)
            fields = self._after_uid(frame, uid, "read multiblock", 1)
            if fields[0] != n or len(fields) != 1 + n * 6:
                raise ReaderError(f"read multiblock: {fields[0]} blocks, asked {n}", device=DEVICE)
            for index in range(n):
                record = fields[1 + index * 6 : 7 + index * 6]
                if record[0] != start + index or record[1] > 0x03:
                    raise ReaderError(
                        f"read multiblock: block {record[0]} status 0x{record[1]:02X}",
                        device=DEVICE,
                    )
                out += record[2:6]
        return bytes(out)

    @owned
    def write_blocks(self, uid: bytes, first: int, data: bytes) -> None:
        if len(data) % 4:
            raise ValueError("write whole 4-byte blocks only")
        count = len(data) // 4
        payload = uid + bytes([first, count, 0x00]) + data
        frame = self._request("write multiblock", CMD_WRITE_MULTIBLOCK, payload)
        if frame.err != ERR_OK:
            self._fail("write multiblock", frame, writing=True)

    @owned
    def write_afi(self, uid: bytes, afi: int) -> None:
        frame = self._request("write AFI", CMD_WRITE_AFI, uid + bytes([afi]))
        if frame.err != ERR_OK:
            self._fail("write AFI", frame, writing=True)

    @owned
    def read_afi(self, uid: bytes) -> int:
        # Get AFI (spec §7.10): the UID and one byte back, against tag info's eight.
        frame = self._request("get AFI", CMD_GET_AFI, uid)
        if frame.err != ERR_OK:
            self._fail("get AFI", frame)
        return self._after_uid(frame, uid, "get AFI", 1)[0]

    @owned
    def read_eas(self, uid: bytes) -> bool:
        frame = self._request("check EAS", CMD_CHECK_EAS, uid)
        if frame.err == ERR_OK:
            return bool(self._after_uid(frame, uid, "check EAS", 1)[0])
        if frame.err == ERR_NO_TRANSPONDER:
            # The spec: a tag with EAS 0 does not answer the air command, so 0x06 means
            # "EAS 0 or no tag"; asking the tag itself tells the two apart.
            self.system_info(uid)
            return False
        self._fail("check EAS", frame)
        return False

    @owned
    def set_eas(self, uid: bytes, on: bool) -> None:
        frame = self._request("EAS control", CMD_EAS_CONTROL, uid + bytes([1 if on else 0]))
        if frame.err != ERR_OK:
            self._fail("EAS control", frame, writing=True)
