"""Bad bytes from a reader or a tag: a typed device error for that tag, never a crash, a
hang or another book's id (issue #10)."""

from __future__ import annotations

import pytest

from drivers.rfid import feig, iso28560_2
from drivers.rfid.feig import FeigReader
from drivers.rfid.pad import ReaderPad, SecurityScheme
from drivers.rfid.reader import ReaderError
from drivers.rfid.sim import Fault, library_tag, uid_for_item
from drivers.rfid.tag import Tag
from kiosk.devices import DeviceError
from tests.fuzz.hostile import ScriptedLink

# Octet-compacted set information "²³": Latin-1 superscripts pass str.isdigit().
SUPERSCRIPT_SET_INFO = bytes([0xB2, 0xB3])


def superscript_tag(item_id: str) -> Tag:
    memory = (
        iso28560_2.encode_data_set(iso28560_2.OID_PRIMARY_ITEM_ID, item_id.encode())
        + iso28560_2.encode_data_set(iso28560_2.OID_SET_INFORMATION, SUPERSCRIPT_SET_INFO)
        + b"\0"
    )
    tag = Tag.blank(uid_for_item(item_id), dsfid=iso28560_2.DSFID_ISO28560_2, afi=0x07)
    tag.memory[: len(memory)] = memory
    return tag


def test_superscript_set_information_is_ignored_not_fatal() -> None:
    decoded = iso28560_2.decode(bytes(superscript_tag("CN-77").memory))
    assert decoded is not None
    assert (decoded.item_id, decoded.set_size, decoded.set_part) == ("CN-77", None, None)


def test_a_superscript_tag_does_not_stop_the_pad_reading_the_others(sim, pad) -> None:
    sim.place(library_tag("31234000567890"))
    sim.place(superscript_tag("CN-77"))
    sim.place(library_tag("3M0001", model="3m-rfid501"))
    assert sorted(read.item_id for read in pad.inventory()) == ["31234000567890", "3M0001", "CN-77"]


class FaultAfterInventory:
    """The real driver; the simulator cuts the first reply after the inventory short."""

    def __init__(self, driver, sim) -> None:
        self._driver = driver
        self._sim = sim

    def inventory(self):
        entries = self._driver.inventory()
        self._sim.inject(Fault.SHORT_REPLY)
        return entries

    def __getattr__(self, name: str):
        return getattr(self._driver, name)


def test_a_malformed_reply_makes_one_tag_unreadable_not_the_pad(sim, driver) -> None:
    items = ["B-1", "B-2", "B-3"]
    for item_id in items:
        sim.place(library_tag(item_id))
    pad = ReaderPad(FaultAfterInventory(driver, sim), SecurityScheme())  # type: ignore[arg-type]
    reads = {read.uid: read.item_id for read in pad.inventory()}
    assert reads == {
        uid_for_item("B-1").hex().upper(): None,
        uid_for_item("B-2").hex().upper(): "B-2",
        uid_for_item("B-3").hex().upper(): "B-3",
    }


def test_a_short_tag_info_reply_is_a_device_error_before_lending(protocol, sim, pad) -> None:
    tag = library_tag("B-1")
    sim.place(tag)
    sim.inject(Fault.SHORT_REPLY)
    with pytest.raises(DeviceError):
        pad.set_secured(tag.uid_hex, False)
    assert sim.tag(tag.uid).afi == 0x07  # nothing was written on a reply it misread


def feig_more_data_forever() -> ScriptedLink:
    """A FEIG reader whose every inventory page says "more data", each with a new tag."""
    pages = 0

    def respond(request: bytes) -> bytes:
        nonlocal pages
        pages += 1
        record = bytes([feig.TR_TYPE_ISO15693, 0]) + b"\xe0\x04" + pages.to_bytes(6, "big")
        reply = feig.Frame(0, feig.CMD_ISO_HOST, feig.STATUS_MORE_DATA, b"\x01" + record)
        return feig.encode(reply)

    return ScriptedLink(respond)


def test_feig_more_data_forever_gives_up_after_a_bounded_number_of_pages() -> None:
    link = feig_more_data_forever()
    reader = FeigReader("scripted", link=link)
    with pytest.raises(ReaderError, match="more data"):
        reader.inventory()
    assert link.requests == feig.MAX_INVENTORY_PAGES
