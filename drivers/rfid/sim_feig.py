"""The FEIG ISO-Host pad simulator (docs/rfid.md §5): requests and replies on a pty."""

from __future__ import annotations

import logging
from typing import Any

from drivers.rfid import feig
from drivers.rfid.sim_base import (
    AIR_BYTE_UP_S,
    AIR_COMMAND_S,
    AIR_WRITE_S,
    SHORT_REPLY_CUT,
    PadSimulator,
    air_reply,
)
from drivers.rfid.tag import ISO_ERR_NOT_SUPPORTED, Tag, TagMemoryError

log = logging.getLogger(__name__)


class FeigSimulator(PadSimulator):
    """A FEIG ID CPR/ISC reader in ISO-Host mode (8E1 on the wire: 11 bits per byte)."""

    protocol = "feig"
    bits_per_byte = 11

    def __init__(
        self,
        tags: tuple[Tag, ...] | list[Tag] = (),
        *,
        baud: int = feig.DEFAULT_BAUD,
        address: int = 0,
        reverse_blocks: bool = True,
        max_tags_per_reply: int = 64,
        **kwargs: Any,
    ):
        self.address = address
        self.reverse_blocks = reverse_blocks
        self.max_tags_per_reply = max_tags_per_reply
        self._pending_inventory: list[Tag] = []
        super().__init__(baud, tags, **kwargs)

    def _find_request(self, buffer: bytearray) -> tuple[object, int] | None:
        found = feig.find_frame(buffer, response=False)
        if found is None:
            return None
        frame, start, end = found
        if start:
            log.debug("feig sim: skipped %d bytes of noise", start)
        return frame, end

    def _reply(self, request: feig.Frame, status: int, data: bytes = b"") -> bytes:
        return feig.encode(feig.Frame(self.address, request.cmd, status, data))

    def _shortened(self, reply: bytes) -> bytes:
        found = feig.find_frame(reply, response=True)
        assert found is not None
        frame = found[0]
        return feig.encode(
            feig.Frame(frame.com_adr, frame.cmd, frame.status, frame.data[:-SHORT_REPLY_CUT])
        )

    def _handle(self, request: object) -> bytes | None:
        assert isinstance(request, feig.Frame)
        if request.com_adr not in (self.address, feig.BROADCAST_ADDRESS):
            return None  # another reader on the bus
        if request.cmd == feig.CMD_BAUD_DETECT:
            return self._reply(request, feig.STATUS_OK)
        if request.cmd == feig.CMD_SOFTWARE_VERSION:
            # SW-REV 03.04, D-REV 0, HW-TYPE 0, SW-TYPE 0x80 (ID CPR.M02), TR-TYPE.
            return self._reply(request, feig.STATUS_OK, bytes([3, 4, 0, 0, 0x80, 0x00, 0x08]))
        if request.cmd == feig.CMD_RF_RESET:
            return self._reply(request, feig.STATUS_OK)
        if request.cmd == feig.CMD_ISO_HOST and request.data:
            with self._lock:
                return self._iso_host(request)
        if request.cmd == feig.CMD_ISO15693_TRANSPARENT:
            with self._lock:
                return self._transparent(request)
        return self._reply(request, feig.STATUS_UNKNOWN_COMMAND)

    def _addressed(self, request: feig.Frame) -> tuple[Tag | None, bytes, int | None]:
        """(tag, rest of params, error status) for a MODE [UID] sub-command."""
        params = request.data[1:]
        if not params:
            return None, b"", feig.STATUS_LENGTH_ERROR
        mode, params = params[0], params[1:]
        if mode & 0x07 == feig.MODE_ADDRESSED:
            if len(params) < 8:
                return None, b"", feig.STATUS_LENGTH_ERROR
            tag = self._tags.get(bytes(params[:8]))
            params = params[8:]
        elif mode & 0x07 == feig.MODE_NON_ADDRESSED:
            tag = next(iter(self._tags.values()), None)
        else:
            return None, b"", feig.STATUS_PARAMETER_RANGE
        if tag is None:
            self._air(AIR_COMMAND_S + 0.02)  # the reader waits for an answer in vain
            return None, b"", feig.STATUS_NO_TRANSPONDER
        return tag, params, None

    def _iso_host(self, request: feig.Frame) -> bytes:
        sub = request.data[0]
        if sub == feig.ISO_INVENTORY:
            return self._inventory(request)
        if sub in (feig.ISO_STAY_QUIET, feig.ISO_RESET_TO_READY):
            _, _, error = self._addressed(request)
            return self._reply(request, error or feig.STATUS_OK)
        if sub not in (
            feig.ISO_READ_MULTIPLE,
            feig.ISO_WRITE_MULTIPLE,
            feig.ISO_WRITE_AFI,
            feig.ISO_SYSTEM_INFO,
        ):
            return self._reply(request, feig.STATUS_UNKNOWN_COMMAND)
        tag, params, error = self._addressed(request)
        if error is not None or tag is None:
            return self._reply(request, error or feig.STATUS_NO_TRANSPONDER)
        try:
            if sub == feig.ISO_SYSTEM_INFO:
                self._air(AIR_COMMAND_S + 15 * AIR_BYTE_UP_S)
                mem = bytes([(tag.block_size - 1) & 0x1F, tag.block_count - 1])
                data = bytes([tag.dsfid]) + tag.uid + bytes([tag.afi]) + mem + bytes([tag.ic_ref])
                return self._reply(request, feig.STATUS_OK, data)
            if sub == feig.ISO_READ_MULTIPLE:
                return self._read(request, tag, params)
            if sub == feig.ISO_WRITE_MULTIPLE:
                return self._write(request, tag, params)
            if len(params) != 1:
                return self._reply(request, feig.STATUS_LENGTH_ERROR)
            if self._write_interrupted(tag):
                self._air(AIR_COMMAND_S + 0.02)
                return self._reply(request, feig.STATUS_NO_TRANSPONDER)
            tag.write_afi(params[0])
            self._air(AIR_COMMAND_S + AIR_WRITE_S)
            return self._reply(request, feig.STATUS_OK)
        except TagMemoryError as exc:
            return self._reply(request, feig.STATUS_ISO_ERROR, bytes([exc.iso_code]))

    def _inventory(self, request: feig.Frame) -> bytes:
        mode = request.data[1] if len(request.data) > 1 else 0
        if mode & feig.INVENTORY_MORE and self._pending_inventory:
            tags = self._pending_inventory
        else:
            tags = list(self._tags.values())
            self._air(self._inventory_air_time(len(tags)))
        if not tags:
            return self._reply(request, feig.STATUS_NO_TRANSPONDER)
        now, self._pending_inventory = (
            tags[: self.max_tags_per_reply],
            tags[self.max_tags_per_reply :],
        )
        records = b"".join(bytes([feig.TR_TYPE_ISO15693, t.dsfid]) + t.uid for t in now)
        status = feig.STATUS_MORE_DATA if self._pending_inventory else feig.STATUS_OK
        return self._reply(request, status, bytes([len(now)]) + records)

    def _wire_blocks(self, data: bytes, block_size: int) -> bytes:
        return feig.reverse_each_block(data, block_size) if self.reverse_blocks else data

    def _read(self, request: feig.Frame, tag: Tag, params: bytes) -> bytes:
        if len(params) != 2:
            return self._reply(request, feig.STATUS_LENGTH_ERROR)
        first, count = params
        if count * tag.block_size > feig.MAX_BLOCK_BYTES or count == 0:
            return self._reply(request, feig.STATUS_PARAMETER_RANGE)
        data = self._wire_blocks(self._flip_maybe(tag.read_blocks(first, count)), tag.block_size)
        self._air(AIR_COMMAND_S + len(data) * AIR_BYTE_UP_S)
        size = tag.block_size
        records = b"".join(b"\x00" + data[i * size : (i + 1) * size] for i in range(count))
        return self._reply(request, feig.STATUS_OK, bytes([count, size]) + records)

    def _write(self, request: feig.Frame, tag: Tag, params: bytes) -> bytes:
        if len(params) < 3:
            return self._reply(request, feig.STATUS_LENGTH_ERROR)
        first, count, size = params[:3]
        data = params[3:]
        if size != tag.block_size or len(data) != count * size or count == 0:
            return self._reply(request, feig.STATUS_LENGTH_ERROR)
        tag.read_blocks(first, count)  # range check before anything is written
        if not self._write_blocks(tag, first, self._wire_blocks(data, size)):
            return self._reply(request, feig.STATUS_NO_TRANSPONDER)
        return self._reply(request, feig.STATUS_OK)

    def _transparent(self, request: feig.Frame) -> bytes:
        """0xBF: an ISO 15693 air request (NXP EAS commands); answer with the air reply."""
        data = request.data
        if len(data) < 6 + 3:
            return self._reply(request, feig.STATUS_LENGTH_ERROR)
        air = data[5:]
        command = air[1]
        uid = bytes(air[3:11][::-1]) if air[0] & 0x20 else None
        tag = self._tags.get(uid) if uid else next(iter(self._tags.values()), None)
        self._air(AIR_COMMAND_S)
        if tag is None:
            return self._reply(request, feig.STATUS_NO_TRANSPONDER)
        if command in (feig.NXP_SET_EAS, feig.NXP_RESET_EAS):
            if self._write_interrupted(tag):
                return self._reply(request, feig.STATUS_NO_TRANSPONDER)
            try:
                tag.set_eas(command == feig.NXP_SET_EAS)
            except TagMemoryError:
                return self._reply(request, feig.STATUS_NO_TRANSPONDER)
            self._air(AIR_WRITE_S)
            return self._reply(request, feig.STATUS_OK, air_reply(b"\x00"))
        if command == feig.NXP_EAS_ALARM:
            if not tag.eas:
                return self._reply(request, feig.STATUS_NO_TRANSPONDER)
            sequence = bytes(self._random.randrange(256) for _ in range(feig.EAS_SEQUENCE_LEN))
            return self._reply(request, feig.STATUS_OK, air_reply(b"\x00" + sequence))
        err = bytes([0x01, ISO_ERR_NOT_SUPPORTED])
        return self._reply(request, feig.STATUS_OK, air_reply(err))
