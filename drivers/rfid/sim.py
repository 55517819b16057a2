"""RFID pad simulators that speak the FEIG and 3M reader protocols on a pseudo-terminal.

A simulator owns a :class:`~drivers.pty.PtyEndpoint`; the real driver opens
:attr:`PadSimulator.path` with pyserial. Tags on the pad are :class:`~drivers.rfid.tag.Tag`
objects that tests (or the kiosk's simulator window) place and remove at any time.

Timing: the endpoint delays every reply by its wire time at the configured baud rate, and
the simulator adds the ISO 15693 air time a real reader spends talking to the tags
(inventory slots, block reads, EEPROM write time), so benchmarks see realistic figures.

Faults (:class:`Fault`) are queued with :meth:`PadSimulator.inject` and used up one per
affected reply, in order: a corrupt CRC, a dropped reply, a reply split into pieces with
gaps under FEIG's 12 ms inter-character limit, garbage before the reply, a reply cut
short but with a valid CRC (buggy firmware), the tag leaving the field in the middle of
a write, and (3M) a UID listed twice in an inventory. ``bit_flip_rate`` p flips one
random bit of the block data in a read reply with probability p (a weak tag EEPROM, or
air noise the reader did not catch), to measure what the data models let through.

Threads: one per simulator, ``rfid-sim-<protocol>``, serves the pty; the control methods
may be called from any thread (a lock guards the tags and the fault queue).
"""

from __future__ import annotations

import hashlib
import logging
import random
import threading
import time
from abc import ABC, abstractmethod
from enum import Enum

from drivers.crc import CRC16_X25
from drivers.pty import PtyEndpoint
from drivers.rfid import bibliotheca, feig, iso28560_2, iso28560_3, rfid501
from drivers.rfid.tag import ISO_ERR_NOT_SUPPORTED, Tag, TagMemoryError, afi_matches, uid_from_hex

log = logging.getLogger(__name__)

INTER_CHAR_TIMEOUT_S = 0.012  # FEIG: a frame whose bytes pause longer than this is dropped

# ISO 15693 high data rate air timing (26.48 kbit/s down, 26.69 kbit/s up), rounded.
AIR_SLOT_S = 0.00032  # an empty inventory slot
AIR_TAG_REPLY_S = 0.0045  # one tag's inventory answer incl. SOF/EOF
AIR_COMMAND_S = 0.002  # an addressed request
AIR_BYTE_UP_S = 0.0003  # one byte from tag to reader
AIR_WRITE_S = 0.0095  # one EEPROM block or AFI write, incl. the tag's write time


class Fault(Enum):
    CORRUPT_REPLY = "corrupt_reply"
    DROP_REPLY = "drop_reply"
    SPLIT_REPLY = "split_reply"
    GARBAGE = "garbage"
    SHORT_REPLY = "short_reply"
    REMOVE_MID_WRITE = "remove_mid_write"
    DUPLICATE_UID = "duplicate_uid"


_REPLY_FAULTS = (
    Fault.CORRUPT_REPLY,
    Fault.DROP_REPLY,
    Fault.SPLIT_REPLY,
    Fault.GARBAGE,
    Fault.SHORT_REPLY,
)
SHORT_REPLY_CUT = 3  # payload bytes a SHORT_REPLY drops


def uid_for_item(item_id: str, manufacturer: int = 0x04) -> bytes:
    """A stable ISO 15693 UID for an item id: the same book keeps its UID across runs."""
    serial = hashlib.sha256(item_id.encode("utf-8")).digest()[:6]
    return bytes([0xE0, manufacturer]) + serial


def library_tag(
    item_id: str,
    owner_isil: str = "CN-330100",
    secured: bool = True,
    model: str = "iso28560-3",
    *,
    set_size: int = 1,
    set_part: int = 1,
    afi_in_library: int = 0x07,
    afi_on_loan: int = 0xC2,
    eas: bool | None = None,
    blocks: int = 28,
    reversed_blocks: bool = False,
    swapped_nibble: bool = False,
) -> Tag:
    """A sample book label (NXP ICODE SLIX, 28 x 4 bytes) carrying ``item_id``.

    ``model`` is "iso28560-3", "iso28560-2", "3m-rfid501" or "blank". ``eas`` defaults to
    following ``secured``. ``reversed_blocks`` / ``swapped_nibble`` reproduce field quirks.
    """
    dsfid = 0x00
    if model == "iso28560-3":
        owner = iso28560_3.owner_as_stored(owner_isil)
        basic = iso28560_3.BasicBlock(item_id, owner, set_size, set_part)
        data = bytearray(iso28560_3.encode(basic))
        if swapped_nibble:
            data[0] = (data[0] & 0x0F) << 4 | data[0] >> 4
            crc = iso28560_3.block_crc(bytes(data))
            data[19:21] = crc.to_bytes(2, "little")
        content = bytes(data)
        if reversed_blocks:
            content = iso28560_3.reverse_blocks(content)
    elif model == "iso28560-2":
        content = iso28560_2.encode(item_id, owner_isil, set_size, set_part)
        dsfid = iso28560_2.DSFID_ISO28560_2
    elif model == "3m-rfid501":
        content = rfid501.encode(item_id, set_size, set_part)
    elif model == "blank":
        content = b""
    else:
        raise ValueError(f"unknown data model {model!r}")
    memory = bytearray(blocks * 4)
    memory[: len(content)] = content
    return Tag(
        uid=uid_for_item(item_id),
        memory=memory,
        dsfid=dsfid,
        afi=afi_in_library if secured else afi_on_loan,
        eas=secured if eas is None else eas,
    )


class PadSimulator(ABC):
    """A reader with a pad of tags, serving its protocol on a pty until closed."""

    protocol = ""
    bits_per_byte = 10

    def __init__(
        self,
        baud: int,
        tags: tuple[Tag, ...] | list[Tag] = (),
        *,
        wire_time: bool = True,
        air_time: bool = True,
        seed: int = 0,
        bit_flip_rate: float = 0.0,
    ):
        if not 0.0 <= bit_flip_rate <= 1.0:
            raise ValueError("bit_flip_rate must be 0..1")
        self.bit_flip_rate = bit_flip_rate
        self.bits_flipped = 0
        # Device time this simulator has spent: reply bytes at the baud rate plus modelled
        # air time. Benchmarks set it beside the time measured at the driver.
        self.device_time_s = 0.0
        self._endpoint = PtyEndpoint(baud, self.bits_per_byte, emulate_wire_time=wire_time)
        self._air_time = air_time
        self._lock = threading.Lock()
        self._tags: dict[bytes, Tag] = {}
        self._faults: list[Fault] = []
        self._random = random.Random(seed)
        self._stop = threading.Event()
        self.requests_seen = 0
        for tag in tags:
            self.place(tag)
        self._thread = threading.Thread(
            target=self._serve, name=f"rfid-sim-{self.protocol}", daemon=True
        )
        self._thread.start()

    @property
    def path(self) -> str:
        return self._endpoint.path

    @property
    def baud(self) -> int:
        return self._endpoint.baud

    # -- control API (any thread) --

    def place(self, tag: Tag) -> None:
        with self._lock:
            self._tags[tag.uid] = tag

    def remove(self, uid: str | bytes) -> Tag | None:
        key = uid_from_hex(uid) if isinstance(uid, str) else uid
        with self._lock:
            return self._tags.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._tags.clear()

    def tags(self) -> list[Tag]:
        """Copies of the tags on the pad now, in the order they were placed."""
        with self._lock:
            return [tag.copy() for tag in self._tags.values()]

    def tag(self, uid: str | bytes) -> Tag | None:
        key = uid_from_hex(uid) if isinstance(uid, str) else uid
        with self._lock:
            tag = self._tags.get(key)
            return tag.copy() if tag else None

    def inject(self, fault: Fault, count: int = 1) -> None:
        with self._lock:
            self._faults.extend([fault] * count)

    def pending_faults(self) -> list[Fault]:
        with self._lock:
            return list(self._faults)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2.0)
        self._endpoint.close()

    def __enter__(self) -> PadSimulator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- serving (simulator thread) --

    def _take_fault(self, kinds: tuple[Fault, ...]) -> Fault | None:
        for index, fault in enumerate(self._faults):
            if fault in kinds:
                return self._faults.pop(index)
        return None

    def _air(self, seconds: float) -> None:
        if self._air_time and seconds > 0:
            self.device_time_s += seconds
            time.sleep(seconds)

    def _emit(self, data: bytes) -> None:
        self.device_time_s += self._endpoint.wire_time(len(data))
        self._endpoint.write(data)

    def _inventory_air_time(self, n_tags: int) -> float:
        rounds = 1 + n_tags // 6  # anticollision rounds of 16 slots
        return rounds * 16 * AIR_SLOT_S + n_tags * AIR_TAG_REPLY_S

    def _serve(self) -> None:
        buffer = bytearray()
        while not self._stop.is_set():
            chunk = self._endpoint.read(timeout=INTER_CHAR_TIMEOUT_S if buffer else 0.1)
            if not chunk:
                if buffer:
                    log.debug(
                        "%s sim: dropping %d bytes without a frame", self.protocol, len(buffer)
                    )
                    buffer.clear()
                continue
            buffer += chunk
            while (found := self._find_request(buffer)) is not None:
                request, end = found
                del buffer[:end]
                self.requests_seen += 1
                try:
                    reply = self._handle(request)
                except Exception:
                    log.exception("%s sim: handler failed", self.protocol)
                    continue
                if reply is not None:
                    self._send(reply)

    def _send(self, reply: bytes) -> None:
        with self._lock:
            fault = self._take_fault(_REPLY_FAULTS)
        if fault is Fault.DROP_REPLY:
            return
        if fault is Fault.CORRUPT_REPLY:
            damaged = bytearray(reply)
            damaged[-1] ^= 0x5A
            reply = bytes(damaged)
        elif fault is Fault.SHORT_REPLY:
            reply = self._shortened(reply)
        elif fault is Fault.GARBAGE:
            junk = bytes(self._random.randrange(256) for _ in range(7))
            self._emit(junk)
        elif fault is Fault.SPLIT_REPLY:
            cut1, cut2 = len(reply) // 3 or 1, 2 * len(reply) // 3 or 1
            for piece in (reply[:cut1], reply[cut1:cut2], reply[cut2:]):
                if piece:
                    self._emit(piece)
                    time.sleep(0.004)
            return
        self._emit(reply)

    def _flip_maybe(self, data: bytes) -> bytes:
        """Block data as read, with one bit flipped at ``bit_flip_rate`` (seeded)."""
        if not data or self._random.random() >= self.bit_flip_rate:
            return data
        bit = self._random.randrange(len(data) * 8)
        damaged = bytearray(data)
        damaged[bit // 8] ^= 0x80 >> (bit % 8)
        self.bits_flipped += 1
        return bytes(damaged)

    def _write_interrupted(self, tag: Tag) -> bool:
        """Consume a REMOVE_MID_WRITE fault: the tag leaves the pad (caller holds the lock)."""
        if self._take_fault((Fault.REMOVE_MID_WRITE,)) is None:
            return False
        self._tags.pop(tag.uid, None)
        return True

    def _write_blocks(self, tag: Tag, first: int, data: bytes) -> bool:
        """Write block by block; False if the tag left the field part way (fault)."""
        count = len(data) // tag.block_size
        interrupted = self._write_interrupted(tag)
        written = count // 2 if interrupted else count
        for index in range(written):
            chunk = data[index * tag.block_size : (index + 1) * tag.block_size]
            tag.write_block(first + index, chunk)
        self._air(AIR_COMMAND_S + AIR_WRITE_S * max(written, 1))
        return not interrupted

    @abstractmethod
    def _find_request(self, buffer: bytearray) -> tuple[object, int] | None: ...

    @abstractmethod
    def _shortened(self, reply: bytes) -> bytes:
        """``reply`` without its last SHORT_REPLY_CUT payload bytes, CRC still valid."""

    @abstractmethod
    def _handle(self, request: object) -> bytes | None: ...


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
        **kwargs: object,
    ):
        self.address = address
        self.reverse_blocks = reverse_blocks
        self.max_tags_per_reply = max_tags_per_reply
        self._pending_inventory: list[Tag] = []
        super().__init__(baud, tags, **kwargs)  # type: ignore[arg-type]

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
            return self._reply(request, feig.STATUS_OK, _air_reply(b"\x00"))
        if command == feig.NXP_EAS_ALARM:
            if not tag.eas:
                return self._reply(request, feig.STATUS_NO_TRANSPONDER)
            sequence = bytes(self._random.randrange(256) for _ in range(feig.EAS_SEQUENCE_LEN))
            return self._reply(request, feig.STATUS_OK, _air_reply(b"\x00" + sequence))
        err = bytes([0x01, ISO_ERR_NOT_SUPPORTED])
        return self._reply(request, feig.STATUS_OK, _air_reply(err))


def _air_reply(payload: bytes) -> bytes:
    """An ISO 15693 tag reply with its X-25 CRC (what FEIG's 0xBF passes through)."""
    return payload + CRC16_X25.lsb_first(payload)


class BibliothecaSimulator(PadSimulator):
    """A 3M / Bibliotheca Model 210 reader (19200 8N1)."""

    protocol = "bibliotheca"
    bits_per_byte = 10

    def __init__(
        self,
        tags: tuple[Tag, ...] | list[Tag] = (),
        *,
        baud: int = bibliotheca.DEFAULT_BAUD,
        **kwargs: object,
    ):
        super().__init__(baud, tags, **kwargs)  # type: ignore[arg-type]

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


def make_simulator(
    protocol: str, tags: list[Tag] | tuple[Tag, ...] = (), **kwargs: object
) -> PadSimulator:
    if protocol == "feig":
        return FeigSimulator(tags, **kwargs)  # type: ignore[arg-type]
    if protocol == "bibliotheca":
        return BibliothecaSimulator(tags, **kwargs)  # type: ignore[arg-type]
    raise ValueError(f"unknown reader protocol {protocol!r} (feig, bibliotheca)")
