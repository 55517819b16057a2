"""The 3M/Bibliotheca Model 210 pad simulator (docs/rfid.md §6): requests and replies on a pty."""

from __future__ import annotations

import logging
from typing import Any

from drivers.rfid import bibliotheca
from drivers.rfid.sim_base import (
    AIR_BYTE_UP_S,
    AIR_COMMAND_S,
    AIR_WRITE_S,
    SHORT_REPLY_CUT,
    Fault,
    PadSimulator,
)
from drivers.rfid.tag import Tag, TagMemoryError, afi_matches

log = logging.getLogger(__name__)


class BibliothecaSimulator(PadSimulator):
    """A 3M / Bibliotheca Model 210 reader (19200 8N1)."""

    protocol = "bibliotheca"
    bits_per_byte = 10

    def __init__(
        self,
        tags: tuple[Tag, ...] | list[Tag] = (),
        *,
        baud: int = bibliotheca.DEFAULT_BAUD,
        **kwargs: Any,
    ):
        super().__init__(baud, tags, **kwargs)

    def _find_request(self, buffer: bytearray) -> tuple[object, int] | None:
        found = bibliotheca.find_frame(buffer, response=False)
        if found is None:
            return None
        frame, _, end = found
        return frame, end

    @staticmethod
    def _reply(cmd: int, err: int, payload: bytes = b"") -> bytes:
        return bibliotheca.encode(bibliotheca.Frame(cmd, err, payload))

    def _shortened(self, reply: bytes) -> bytes:
        found = bibliotheca.find_frame(reply, response=True)
        assert found is not None
        frame = found[0]
        return self._reply(frame.cmd, frame.err or 0, frame.payload[:-SHORT_REPLY_CUT])

    def _handle(self, request: object) -> bytes | None:
        assert isinstance(request, bibliotheca.Frame)
        cmd, payload = request.cmd, request.payload
        if cmd == bibliotheca.CMD_READER_VERSION:
            return self._reply(cmd, 0, bytes([0x0A, 3, 2, 6]))
        with self._lock:
            if cmd == bibliotheca.CMD_READ_BLOCK_UID:
                return self._inventory(payload)
            handlers = {
                bibliotheca.CMD_TAG_INFO: self._tag_info,
                bibliotheca.CMD_READ_MULTIBLOCK: self._read,
                bibliotheca.CMD_WRITE_MULTIBLOCK: self._write,
                bibliotheca.CMD_WRITE_BLOCK: self._write_one,
                bibliotheca.CMD_GET_AFI: self._get_afi,
                bibliotheca.CMD_WRITE_AFI: self._write_afi,
                bibliotheca.CMD_CHECK_EAS: self._check_eas,
                bibliotheca.CMD_EAS_CONTROL: self._eas_control,
                bibliotheca.CMD_GET_DSFID: self._get_dsfid,
            }
            handler = handlers.get(cmd)
            if handler is None:
                return self._reply(cmd, bibliotheca.ERR_NOT_IMPLEMENTED)
            if len(payload) < 8:
                return self._reply(cmd, 0x32)
            uid, fields = bytes(payload[:8]), bytes(payload[8:])
            tag = self._tags.get(uid)
            if tag is None:
                self._air(AIR_COMMAND_S + 0.02)
                return self._reply(cmd, bibliotheca.ERR_NO_TRANSPONDER, uid)
            try:
                err, data = handler(tag, fields)
            except TagMemoryError as exc:
                locked = exc.iso_code == 0x12
                err = bibliotheca.ERR_MEM_LOCKED if locked else bibliotheca.ERR_MEM_NOT_AVAILABLE
                data = b""
            return self._reply(cmd, err, uid + data)

    def _inventory(self, payload: bytes) -> bytes:
        cmd = bibliotheca.CMD_READ_BLOCK_UID
        if len(payload) < 2:
            return self._reply(cmd, 0x32)
        afi, options = payload[0], payload[1]
        tags = [t for t in self._tags.values() if afi_matches(afi, t.afi)]
        self._air(self._inventory_air_time(len(tags)))
        if tags and self._take_fault((Fault.DUPLICATE_UID,)):
            tags.append(tags[0])
        records = b""
        for tag in tags:
            if options & bibliotheca.INVENTORY_OPT_DSFID:
                records += bytes([tag.dsfid])
            if options & (bibliotheca.INVENTORY_OPT_ADDRESS | 0x04):
                records += tag.uid
        return self._reply(cmd, 0, bytes([afi, options, len(tags)]) + records)

    def _tag_info(self, tag: Tag, fields: bytes) -> tuple[int, bytes]:
        wanted = fields[0] if fields else 0
        self._air(AIR_COMMAND_S + 15 * AIR_BYTE_UP_S)
        data = b""
        if wanted & 0x01:
            data += bytes([tag.dsfid])
        if wanted & 0x02:
            data += bytes([tag.afi])
        if wanted & 0x04:
            data += bytes([tag.block_size - 1, tag.block_count - 1])
        if wanted & 0x08:
            data += bytes([0x00, tag.ic_ref])
        return 0, bytes([wanted & 0x0F]) + data

    def _read(self, tag: Tag, fields: bytes) -> tuple[int, bytes]:
        if len(fields) < 2:
            return 0x32, b""
        first, count = fields[0], fields[1]
        data = self._flip_maybe(tag.read_blocks(first, count))
        self._air(AIR_COMMAND_S + len(data) * AIR_BYTE_UP_S)
        size = tag.block_size
        records = b"".join(
            bytes([first + i, 0x01 if first + i in tag.locked_blocks else 0x00])
            + data[i * size : (i + 1) * size]
            for i in range(count)
        )
        return 0, bytes([count]) + records

    def _write(self, tag: Tag, fields: bytes) -> tuple[int, bytes]:
        if len(fields) < 3:
            return 0x32, b""
        first, count, data = fields[0], fields[1], fields[3:]
        if count == 0 or len(data) != count * tag.block_size:
            return 0x32, b""
        tag.read_blocks(first, count)
        if not self._write_blocks(tag, first, data):
            return bibliotheca.ERR_NO_TRANSPONDER, b""
        return 0, bytes([first + count])

    def _write_one(self, tag: Tag, fields: bytes) -> tuple[int, bytes]:
        if len(fields) != 1 + tag.block_size:
            return 0x32, b""
        if not self._write_blocks(tag, fields[0], fields[1:]):
            return bibliotheca.ERR_NO_TRANSPONDER, b""
        return 0, b""

    def _get_afi(self, tag: Tag, fields: bytes) -> tuple[int, bytes]:
        # ISO 15693 has no air command that returns the AFI alone: the reader asks the tag
        # for its system information, so the air time is that of Tag Info.
        self._air(AIR_COMMAND_S + 15 * AIR_BYTE_UP_S)
        return 0, bytes([tag.afi])

    def _write_afi(self, tag: Tag, fields: bytes) -> tuple[int, bytes]:
        if len(fields) != 1:
            return 0x32, b""
        if self._write_interrupted(tag):
            return bibliotheca.ERR_NO_TRANSPONDER, b""
        tag.write_afi(fields[0])
        self._air(AIR_COMMAND_S + AIR_WRITE_S)
        return 0, b""

    def _check_eas(self, tag: Tag, fields: bytes) -> tuple[int, bytes]:
        self._air(AIR_COMMAND_S)
        if tag.eas is None:
            return bibliotheca.ERR_NOT_SUPPORTED, b""
        if not tag.eas:
            return bibliotheca.ERR_NO_TRANSPONDER, b"\x00"  # as the spec's example shows
        return 0, b"\x01"

    def _eas_control(self, tag: Tag, fields: bytes) -> tuple[int, bytes]:
        if len(fields) != 1 or fields[0] > 1:
            return 0x32, b""
        if tag.eas is None:
            return bibliotheca.ERR_NOT_SUPPORTED, b""
        if self._write_interrupted(tag):
            return bibliotheca.ERR_NO_TRANSPONDER, b""
        tag.set_eas(bool(fields[0]))
        self._air(AIR_COMMAND_S + AIR_WRITE_S)
        return 0, b""

    def _get_dsfid(self, tag: Tag, fields: bytes) -> tuple[int, bytes]:
        return 0, bytes([tag.dsfid])
