"""The kiosk's RFID pad: a reader driver plus data-model decoding and the site's security rule.

:class:`ReaderPad` implements :class:`kiosk.devices.RfidPad` on top of either reader driver.
It decodes whatever library data model each tag carries, interprets AFI (and optionally
the NXP EAS bit) per :class:`SecurityScheme`, and never reports a security change it has
not read back from the tag.

Bad bytes stay with the tag they came from: a tag whose replies cannot be decoded is
reported as that one unreadable tag (``item_id`` None) and the other books on the pad
still read; only a reader that stops answering altogether fails the inventory.

Data models without a checksum (ISO 28560-2, 3M RFID 501) decode a flipped bit to
another item id about a third of the time, so such a tag is read again and its item
counts only once two reads in a row agree (:func:`confirmed`): a wrong id then needs the
same corruption twice.

A stack costs the reader as few requests as the protocols allow (docs/rfid.md §18): each
new tag is read once, its system information and the blocks its data model needs (on a
3M reader the AFIs of a whole stack come from two inventories by AFI instead); a tag
still listed by the next inventory (the kiosk scans every 0.4 s) is not read again; and
securing a tag the inventory just read is its AFI write and the read-back, nothing more.

Threading: not thread-safe by design. The thread that first calls it owns it (the kiosk's
RFID device worker); calls from another thread raise RuntimeError (see
:mod:`drivers.rfid.reader`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TypeVar

from drivers.rfid import iso28560_2, iso28560_3
from drivers.rfid.datamodel import ItemData, Model, decode_memory
from drivers.rfid.reader import DEVICE, InventoryEntry, ReaderDriver, ReaderError, SystemInfo
from drivers.rfid.tag import afi_selects_exactly, uid_from_hex, uid_to_hex
from kiosk.devices import DeviceError, NoReader, NoTag, TagLeftField, TagRead, TagWriteFailed

log = logging.getLogger(__name__)

T = TypeVar("T")

# 32 bytes: an ISO 28560-3 basic block (32-byte variant) or a 3M RFID 501 tag, the models
# library stacks carry. Anything longer (a 34-byte -3 block with bytes 32-33 set, ISO 28560-2
# data sets running on) does not decode from these, and the rest of memory is read then.
FIRST_READ_BLOCKS = 8

# Models whose data carries no checksum: their item id counts only when read twice alike.
UNCHECKED_MODELS = frozenset({Model.ISO28560_2, Model.RFID501})
# Reads a tag is worth: a checksummed read ends at once, an unchecked one needs a pair.
MAX_CONFIRM_READS = 4
QUIRK_UNCONFIRMED = "unconfirmed-read"
# Far more books than fit on a pad; a reader listing more is reporting nonsense, and each
# tag listed costs several requests.
MAX_TAGS_ON_PAD = 200
# A tag listed by two inventories at most this far apart has stayed in the field between
# them, where only this pad writes to it, so what the pad read from it still holds and
# is not read again. The kiosk scans every 0.4 s while books are on the pad; no station
# lifts a book, rewrites it and puts it back within 2 s.
REUSE_WITHIN_S = 2.0
# New tags from which asking the reader for the tags holding each security AFI (two
# inventories) is cheaper than asking each tag for its system information.
AFI_INVENTORY_MIN_TAGS = 3


def confirmed(read: Callable[[], ItemData], max_reads: int = MAX_CONFIRM_READS) -> ItemData:
    """The tag's data, trusted: a checksummed (ISO 28560-3) or blank read at once, an
    unchecked model once two reads in a row decode alike. A read that decodes to nothing
    (a damaged or noisy read) is tried again. After ``max_reads`` reads without that,
    the tag is UNKNOWN: unreadable, never a guess.
    """
    previous: ItemData | None = None
    for _ in range(max_reads):
        item = read()
        if item.model not in UNCHECKED_MODELS and item.model is not Model.UNKNOWN:
            return item
        if item.model in UNCHECKED_MODELS and item == previous:
            return item
        previous = item
    if previous is not None and previous.model is Model.UNKNOWN:
        return previous
    return ItemData(Model.UNKNOWN, quirks=(QUIRK_UNCONFIRMED,))


@dataclass(frozen=True)
class SecurityScheme:
    """How this site marks "in library" (gates alarm) and "on loan" on a tag."""

    afi_in_library: int = 0x07
    afi_on_loan: int = 0xC2
    use_eas: bool = False

    def __post_init__(self) -> None:
        for name in ("afi_in_library", "afi_on_loan"):
            if not 0 <= getattr(self, name) <= 0xFF:
                raise ValueError(f"{name} must be a byte")
        if self.afi_in_library == self.afi_on_loan:
            raise ValueError("afi_in_library and afi_on_loan must differ")

    def afi_for(self, secured: bool) -> int:
        return self.afi_in_library if secured else self.afi_on_loan

    def interpret(self, afi: int, eas: bool | None) -> bool | None:
        """True in library, False on loan, None when the tag matches neither state."""
        if afi == self.afi_in_library and (not self.use_eas or eas is True):
            return True
        if afi == self.afi_on_loan and (not self.use_eas or eas is False):
            return False
        return None


@dataclass
class _OnPad:
    """What the pad last read from one tag in its field."""

    afi: int
    read: TagRead  # as the inventory reported it
    listed_at: float  # monotonic time of the latest inventory that listed the tag


@dataclass(frozen=True)
class TagReport:
    """Everything ``kiosk diag rfid read`` shows about one tag."""

    uid: str
    afi: int
    dsfid: int
    item: ItemData
    eas: bool | None = None


class ReaderPad:
    """An RFID pad backed by a real reader driver (FEIG or 3M protocol)."""

    def __init__(
        self,
        driver: ReaderDriver,
        security: SecurityScheme | None = None,
        *,
        iso28560_2_dsfids: frozenset[int] = frozenset({iso28560_2.DSFID_ISO28560_2}),
    ):
        self.driver = driver
        self.security = security or SecurityScheme()
        # DSFIDs that mark ISO 28560-2 data at this site (0x06 by the standard).
        self.iso28560_2_dsfids = iso28560_2_dsfids
        # Every tag the latest inventory read, kept up to date by later reads and writes
        # of it. A tag listed here answered moments ago, so a security write need not ask
        # it first (its read-back still decides), and the next inventory need not read it
        # again while it stays on the pad (REUSE_WITHIN_S).
        self._on_pad: dict[bytes, _OnPad] = {}

    def close(self) -> None:
        self.driver.close()

    # -- kiosk.devices.RfidPad --

    def inventory(self) -> list[TagRead]:
        previous, self._on_pad = self._on_pad, {}
        entries = self.driver.inventory()
        now = time.monotonic()
        if len(entries) > MAX_TAGS_ON_PAD:
            raise ReaderError(
                f"inventory lists {len(entries)} tags, more than a pad holds ({MAX_TAGS_ON_PAD})",
                device=DEVICE,
            )
        kept_reads = {
            entry.uid: kept
            for entry in entries
            if (kept := previous.get(entry.uid)) is not None
            and kept.read.item_id is not None
            and now - kept.listed_at <= REUSE_WITHIN_S
        }
        afis = self._afis_by_inventory(len(entries) - len(kept_reads))
        reads = []
        for entry in entries:
            kept = kept_reads.get(entry.uid)
            if kept is not None:
                kept.listed_at = now
                self._on_pad[entry.uid] = kept
                reads.append(kept.read)
                continue
            uid = uid_to_hex(entry.uid)
            try:
                afi = afis.get(entry.uid)
                if afi is None:
                    report = self.read_tag(entry.uid)
                else:
                    report = self._read_tag_with_afi(entry, afi)
            except NoTag:
                log.info("tag %s left the pad during inventory", uid)
                continue
            except NoReader:
                raise
            except DeviceError as exc:
                # Its replies made no sense: this one book is unreadable, not the pad.
                log.warning("tag %s unreadable: %s: %s", uid, exc.code, exc.detail)
                reads.append(TagRead(uid=uid, item_id=None))
                continue
            item = report.item
            read = TagRead(
                uid=report.uid,
                item_id=item.item_id,
                secured=self.security.interpret(report.afi, report.eas),
                set_size=item.set_size,
                set_part=item.set_part,
            )
            self._on_pad[entry.uid] = _OnPad(report.afi, read, now)
            reads.append(read)
        return reads

    def _afis_by_inventory(self, new_tags: int) -> dict[bytes, int]:
        """The security AFI of each tag that an inventory selecting by that AFI lists,
        where the reader has such a request (3M) and both AFIs select exactly; {} when
        that is not possible or not worth it. Tags missing here are asked one by one."""
        wanted = (self.security.afi_on_loan, self.security.afi_in_library)
        if new_tags < AFI_INVENTORY_MIN_TAGS or not all(map(afi_selects_exactly, wanted)):
            return {}
        found: dict[bytes, int] = {}
        for afi in wanted:
            try:
                uids = self.driver.uids_with_afi(afi)
            except NoReader:
                raise
            except DeviceError as exc:
                log.warning("inventory by AFI 0x%02X failed: %s", afi, exc.detail)
                return {}
            if uids is None:
                return {}
            found.update(dict.fromkeys(uids, afi))
        return found

    def read_secured(self, uid: str) -> bool:
        raw = uid_from_hex(uid)
        try:
            afi = self.driver.read_afi(raw)
            eas = self.driver.read_eas(raw) if self.security.use_eas else None
        except DeviceError:
            self._on_pad.pop(raw, None)
            raise
        state = self.security.interpret(afi, eas)
        self._remember(raw, afi, state)
        return state is True

    def set_secured(self, uid: str, secured: bool) -> None:
        raw = uid_from_hex(uid)
        try:
            afi = self._set_secured(uid, raw, secured)
        except DeviceError:
            # What the tag holds now is unknown: the next write asks it first.
            self._on_pad.pop(raw, None)
            raise
        self._remember(raw, afi, secured)
        log.info("tag %s %s (AFI 0x%02X)", uid, "secured" if secured else "unsecured", afi)

    def _set_secured(self, uid: str, raw: bytes, secured: bool) -> int:
        """Write the security state and read it back; the AFI read back."""
        afi = self.security.afi_for(secured)
        on_pad = self._on_pad.get(raw)
        # NoTag here: it was never on the pad.
        known = on_pad.afi if on_pad is not None else self.driver.read_afi(raw)
        if known != afi:
            self._while_present(uid, lambda: self.driver.write_afi(raw, afi))
        check = self._while_present(uid, lambda: self.driver.read_afi(raw))
        if check != afi and known == afi:
            # The inventory's reading was out of date after all: write, read back again.
            self._while_present(uid, lambda: self.driver.write_afi(raw, afi))
            check = self._while_present(uid, lambda: self.driver.read_afi(raw))
        if check != afi:
            raise TagWriteFailed(
                f"tag {uid}: AFI reads 0x{check:02X} after writing 0x{afi:02X}", device=DEVICE
            )
        if self.security.use_eas:
            self._while_present(uid, lambda: self.driver.set_eas(raw, secured))
            eas = self._while_present(uid, lambda: self.driver.read_eas(raw))
            if eas != secured:
                raise TagWriteFailed(f"tag {uid}: EAS did not change", device=DEVICE)
        return check

    def _remember(self, raw: bytes, afi: int, secured: bool | None) -> None:
        """A verified reading of a tag the latest inventory listed."""
        on_pad = self._on_pad.get(raw)
        if on_pad is not None:
            on_pad.afi = afi
            on_pad.read = replace(on_pad.read, secured=secured)

    # -- service operations (kiosk diag rfid) --

    def read_tag(self, uid: bytes) -> TagReport:
        info = self.driver.system_info(uid)
        item = self._read_item(uid, info)
        eas = self.driver.read_eas(uid) if self.security.use_eas else None
        return TagReport(uid_to_hex(uid), info.afi, info.dsfid, item, eas)

    def _read_tag_with_afi(self, entry: InventoryEntry, afi: int) -> TagReport:
        """Read a tag whose AFI and DSFID are known from inventories: its memory alone,
        unless that does not decode or the tag is smaller than a first read."""
        # 4-byte blocks: the only size the 3M protocol carries (docs/rfid.md §6.4).
        assumed = SystemInfo(entry.uid, entry.dsfid, afi, 4, FIRST_READ_BLOCKS)
        try:
            item = self._read_item(entry.uid, assumed)
        except (NoTag, NoReader):
            raise
        except DeviceError:
            item = ItemData(Model.UNKNOWN)
        if item.model is Model.UNKNOWN:
            # The memory size decides where the data may run on: ask the tag for it.
            return self.read_tag(entry.uid)
        eas = self.driver.read_eas(entry.uid) if self.security.use_eas else None
        return TagReport(uid_to_hex(entry.uid), afi, entry.dsfid, item, eas)

    def write_item(
        self,
        uid: str,
        item_id: str,
        owner_isil: str,
        set_size: int = 1,
        set_part: int = 1,
        strip_isil_hyphen: bool = True,
    ) -> TagReport:
        """Write an ISO 28560-3 basic block for a circulating item and verify it."""
        raw = uid_from_hex(uid)
        self._on_pad.pop(raw, None)  # its memory is about to change
        owner = iso28560_3.owner_as_stored(owner_isil, strip_isil_hyphen)
        block = iso28560_3.encode(iso28560_3.BasicBlock(item_id, owner, set_size, set_part))
        info = self.driver.system_info(raw)
        if info.block_size != 4 or info.block_count * 4 < len(block):
            raise TagWriteFailed(
                f"tag {uid}: {info.block_count} x {info.block_size} bytes cannot hold the block",
                device=DEVICE,
            )
        self._while_present(uid, lambda: self.driver.write_blocks(raw, 0, block))
        back = self._while_present(uid, lambda: self.driver.read_blocks(raw, 0, len(block) // 4))
        if back != block:
            raise TagWriteFailed(f"tag {uid}: data read back differs from data written")
        return self._while_present(uid, lambda: self.read_tag(raw))

    def _read_item(self, uid: bytes, info: SystemInfo) -> ItemData:
        return confirmed(lambda: self._read_item_once(uid, info))

    def _read_item_once(self, uid: bytes, info: SystemInfo) -> ItemData:
        first = min(FIRST_READ_BLOCKS, info.block_count)
        memory = self.driver.read_blocks(uid, 0, first)
        item = decode_memory(memory, info.dsfid, info.block_size, self.iso28560_2_dsfids)
        if item.model is Model.UNKNOWN and info.block_count > first:
            # ISO 28560-2 data or extension blocks may run past the first read.
            memory += self.driver.read_blocks(uid, first, info.block_count - first)
            item = decode_memory(memory, info.dsfid, info.block_size, self.iso28560_2_dsfids)
        return item

    @staticmethod
    def _while_present(uid: str, operation: Callable[[], T]) -> T:
        """Run a step on a tag already seen: "no transponder" now means it left the field."""
        try:
            return operation()
        except NoTag as exc:
            raise TagLeftField(f"tag {uid} left the field: {exc.detail}", device=DEVICE) from exc
