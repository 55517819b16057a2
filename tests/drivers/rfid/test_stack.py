"""A stack of books on the pad (issue #12): each tag read with as few requests and blocks
as its data model needs, and a security write after an inventory sent as the write and
its read-back alone, on both reader protocols over real ptys."""

from __future__ import annotations

import pytest

from drivers.rfid import iso28560_3, open_driver
from drivers.rfid.bibliotheca import BibliothecaReader
from drivers.rfid.pad import FIRST_READ_BLOCKS, ReaderPad, SecurityScheme
from drivers.rfid.reader import ReaderError
from drivers.rfid.sim import (
    BibliothecaSimulator,
    FeigSimulator,
    library_tag,
    uid_for_item,
)
from drivers.rfid.tag import Tag
from kiosk.devices import TagLeftField
from tests.fuzz.hostile import ScriptedLink

UID = bytes.fromhex("E004010031 23AA26".replace(" ", ""))


def h(text: str) -> bytes:
    return bytes.fromhex(text.replace(" ", ""))


def test_security_write_after_an_inventory_is_the_write_and_its_read_back(sim, pad) -> None:
    tags = [library_tag(f"S{n}") for n in range(3)]
    for tag in tags:
        sim.place(tag)
    pad.inventory()
    for tag in tags:
        before = sim.requests_seen
        pad.set_secured(tag.uid_hex, False)
        assert sim.requests_seen - before == 2
        assert sim.tag(tag.uid).afi == 0xC2


def test_security_write_without_an_inventory_asks_the_tag_first(sim, pad) -> None:
    tag = library_tag("S9")
    sim.place(tag)
    before = sim.requests_seen
    pad.set_secured(tag.uid_hex, False)
    assert sim.requests_seen - before == 3
    assert sim.tag(tag.uid).afi == 0xC2


def test_inventory_reads_each_tag_in_two_requests(sim, pad) -> None:
    for n in range(5):
        sim.place(library_tag(f"R{n}"))
    before = sim.requests_seen
    assert len(pad.inventory()) == 5
    assert sim.requests_seen - before == 1 + 2 * 5


def test_first_read_is_the_eight_blocks_of_a_basic_block(sim, pad, monkeypatch) -> None:
    sim.place(library_tag("31234000567890"))
    sim.place(library_tag("3M0001", model="3m-rfid501"))
    counts: list[int] = []
    read_blocks = pad.driver.read_blocks

    def counted(uid: bytes, first: int, count: int, *args: object) -> bytes:
        counts.append(count)
        return read_blocks(uid, first, count, *args)

    monkeypatch.setattr(pad.driver, "read_blocks", counted)
    assert sorted(r.item_id for r in pad.inventory()) == ["31234000567890", "3M0001"]
    # One read of the CRC-checked tag, two alike of the RFID 501 one (no checksum).
    assert FIRST_READ_BLOCKS == 8 and counts == [8, 8, 8]


def test_a_34_byte_basic_block_still_decodes(sim, pad) -> None:
    """Bytes 32-33 in the CRC: the first 8 blocks fail it and the rest of memory is read."""
    owner = "CN330100ABCDE"  # bytes 21-33: only the 34-byte variant holds 13 characters
    block = iso28560_3.encode(iso28560_3.BasicBlock("31234000567892", owner), length=34)
    assert block[32:34] != b"\0\0"
    tag = Tag.blank(uid_for_item("31234000567892"), afi=0x07)
    tag.memory[: len(block)] = block
    sim.place(tag)
    (read,) = pad.inventory()
    assert (read.item_id, read.secured) == ("31234000567892", True)


def test_tag_gone_since_the_inventory_left_the_field(sim, pad) -> None:
    tag = library_tag("G1")
    sim.place(tag)
    pad.inventory()
    sim.remove(tag.uid)
    with pytest.raises(TagLeftField):
        pad.set_secured(tag.uid_hex, False)


def test_afi_changed_since_the_inventory_is_written_after_all(sim, pad) -> None:
    """The inventory said "in library"; the tag now says "on loan": securing still writes."""
    tag = library_tag("C1", secured=True)
    sim.place(tag)
    pad.inventory()
    sim.place(library_tag("C1", secured=False))
    pad.set_secured(tag.uid_hex, True)
    assert sim.tag(tag.uid).afi == 0x07
    assert pad.read_secured(tag.uid_hex) is True


def test_locked_afi_already_in_the_wanted_state_is_not_written(sim, pad) -> None:
    tag = library_tag("K1", secured=False)
    tag.afi_locked = True
    sim.place(tag)
    pad.inventory()
    before = sim.requests_seen
    pad.set_secured(tag.uid_hex, False)
    assert sim.requests_seen - before == 1  # the read-back alone


def test_3m_get_afi_is_the_worked_frame() -> None:
    """docs/rfid.md §6.5: Get AFI and its reply "AFI = 07"."""
    sent: list[bytes] = []

    def reader(request: bytes) -> bytes:
        sent.append(request)
        return h("D6 00 0D 0A 00 E0 04 01 00 31 23 AA 26 07 9C 8B")

    driver = BibliothecaReader("scripted", link=ScriptedLink(reader), retries=0)
    assert driver.read_afi(UID) == 0x07
    assert sent == [h("D6 00 0B 0A E0 04 01 00 31 23 AA 26 F8 69")]


def test_3m_get_afi_costs_the_air_time_of_tag_info() -> None:
    """ISO 15693 has no air command returning the AFI alone: the reader asks for the
    system information, so the simulator must not make Get AFI cheaper on the air."""
    tag = library_tag("A1")
    with BibliothecaSimulator([tag], wire_time=False) as sim:
        driver = BibliothecaReader(sim.path)
        try:
            start = sim.device_time_s
            driver.system_info(tag.uid)
            tag_info = sim.device_time_s - start
            start = sim.device_time_s
            assert driver.read_afi(tag.uid) == tag.afi
            assert sim.device_time_s - start == pytest.approx(tag_info)
        finally:
            driver.close()


@pytest.mark.parametrize(
    ("simulator", "reply_bytes"),
    [
        # inventory of one tag 17, system information 19, 8 blocks 6 + 2 + 8 x 5 = 48
        (FeigSimulator, 17 + 19 + 48),
        # read block UID 10 + 9, tag info 22, read multiblock 16 + 8 x 6 = 64
        (BibliothecaSimulator, 19 + 22 + 64),
    ],
)
def test_device_time_is_reply_bytes_at_the_baud_rate(simulator, reply_bytes) -> None:
    """What bench/bench_stack.py sets beside its times: here air time is off, so the
    device time of reading one tag is its reply bytes on the wire, exactly."""
    tag = library_tag("D1")
    with simulator([tag], air_time=False) as sim:
        driver = open_driver(sim.protocol, sim.path, sim.baud)
        try:
            pad = ReaderPad(driver, SecurityScheme())
            start = sim.device_time_s
            assert [r.item_id for r in pad.inventory()] == ["D1"]
            byte_time = sim.bits_per_byte / sim.baud
            assert sim.device_time_s - start == pytest.approx(reply_bytes * byte_time)
        finally:
            driver.close()


def test_rescan_of_a_stack_still_on_the_pad_is_the_inventory_alone(sim, pad) -> None:
    """The borrow screen scans every 0.4 s: books already read are not read again."""
    for n in range(5):
        sim.place(library_tag(f"P{n}"))
    first = pad.inventory()
    before = sim.requests_seen
    assert pad.inventory() == first
    assert sim.requests_seen - before == 1


def test_rescan_reports_the_security_state_written_since(sim, pad) -> None:
    tag = library_tag("Q1", secured=True)
    sim.place(tag)
    assert pad.inventory()[0].secured is True
    pad.set_secured(tag.uid_hex, False)
    before = sim.requests_seen
    assert pad.inventory()[0].secured is False
    assert sim.requests_seen - before == 1


def test_tag_that_left_the_pad_is_read_again_when_back(sim, pad) -> None:
    """Off the pad, a tag may be rewritten elsewhere: same UID, new data, read anew."""
    sim.place(library_tag("N1"))
    pad.inventory()
    sim.remove(uid_for_item("N1"))
    assert pad.inventory() == []
    relabelled = library_tag("N2", secured=False)
    relabelled.uid = uid_for_item("N1")
    sim.place(relabelled)
    (read,) = pad.inventory()
    assert (read.item_id, read.secured) == ("N2", False)


def test_tag_listed_again_only_after_the_reuse_window_is_read_again(sim, pad, monkeypatch) -> None:
    sim.place(library_tag("O1"))
    pad.inventory()
    monkeypatch.setattr("drivers.rfid.pad.REUSE_WITHIN_S", -1.0)
    relabelled = library_tag("O2")
    relabelled.uid = uid_for_item("O1")
    sim.place(relabelled)
    assert [r.item_id for r in pad.inventory()] == ["O2"]


def test_tag_written_by_the_pad_is_read_again(sim, pad) -> None:
    tag = library_tag("W0")
    sim.place(tag)
    pad.inventory()
    pad.write_item(tag.uid_hex, "W9", "CN-330100")
    assert [r.item_id for r in pad.inventory()] == ["W9"]


def test_tag_without_an_item_id_is_read_again_on_every_scan(sim, pad) -> None:
    """Blank or unreadable this time: nothing is kept, the next scan tries again."""
    blank = library_tag("X1", model="blank")
    sim.place(blank)
    assert [r.item_id for r in pad.inventory()] == [None]
    sim.place(library_tag("X1"))
    assert [r.item_id for r in pad.inventory()] == ["X1"]


THREE_M = SecurityScheme(afi_in_library=0xD7, afi_on_loan=0xDA)


def three_m_tag(item_id: str, secured: bool) -> Tag:
    return library_tag(item_id, secured=secured, afi_in_library=0xD7, afi_on_loan=0xDA)


def test_3m_read_block_uid_by_afi_is_the_worked_frame() -> None:
    """docs/rfid.md §6.5: Read Block UID for AFI DA, and its reply listing one tag."""
    sent: list[bytes] = []

    def reader(request: bytes) -> bytes:
        sent.append(request)
        return h("D6 00 10 FE 00 DA 03 01 00 E0 04 01 00 31 23 AA 26 91 43")

    driver = BibliothecaReader("scripted", link=ScriptedLink(reader), retries=0)
    assert driver.uids_with_afi(0xDA) == {UID}
    assert sent == [h("D6 00 05 FE DA 03 60 6A")]


def test_3m_inventory_reply_for_another_afi_is_not_taken_for_this_one() -> None:
    def reader(request: bytes) -> bytes:  # lists the tag, but for AFI 00 (every tag)
        return h("D6 00 10 FE 00 00 03 01 00 E0 04 01 00 31 23 AA 26 CC B0")

    driver = BibliothecaReader("scripted", link=ScriptedLink(reader), retries=0)
    with pytest.raises(ReaderError):
        driver.uids_with_afi(0xDA)


def test_afis_that_do_not_select_exactly_are_not_inventoried() -> None:
    driver = BibliothecaReader("scripted", link=ScriptedLink(lambda request: b""), retries=0)
    assert driver.uids_with_afi(0x07) is None  # "0Y": read differently (§2.3)
    assert driver.uids_with_afi(0xC0) is None  # a whole family
    assert driver.uids_with_afi(0x00) is None  # every tag


def test_3m_stack_takes_its_security_state_from_two_inventories_by_afi() -> None:
    tags = [three_m_tag(f"M{n}", secured=n != 3) for n in range(4)]
    odd = three_m_tag("M9", secured=True)
    odd.afi = 0x00  # neither state: not listed by AFI, asked for its system information
    with BibliothecaSimulator([*tags, odd], air_time=False) as sim:
        pad = ReaderPad(open_driver("bibliotheca", sim.path), THREE_M)
        try:
            before = sim.requests_seen
            reads = {r.item_id: r.secured for r in pad.inventory()}
            # 1 inventory + 2 by AFI + 4 memory reads + the odd tag's tag info and read
            assert sim.requests_seen - before == 3 + 4 + 2
            assert reads == {"M0": True, "M1": True, "M2": True, "M3": False, "M9": None}
            pad.set_secured(tags[0].uid_hex, False)
            assert sim.tag(tags[0].uid).afi == 0xDA
        finally:
            pad.close()


def test_3m_few_new_tags_are_asked_one_by_one() -> None:
    tags = [three_m_tag(f"F{n}", secured=True) for n in range(2)]
    with BibliothecaSimulator(tags, air_time=False) as sim:
        pad = ReaderPad(open_driver("bibliotheca", sim.path), THREE_M)
        try:
            before = sim.requests_seen
            assert [r.secured for r in pad.inventory()] == [True, True]
            assert sim.requests_seen - before == 1 + 2 * 2
        finally:
            pad.close()


def test_feig_has_no_inventory_by_afi() -> None:
    tags = [three_m_tag(f"E{n}", secured=True) for n in range(4)]
    with FeigSimulator(tags, air_time=False) as sim:
        pad = ReaderPad(open_driver("feig", sim.path), THREE_M)
        try:
            before = sim.requests_seen
            assert [r.secured for r in pad.inventory()] == [True] * 4
            assert sim.requests_seen - before == 1 + 2 * 4
        finally:
            pad.close()


def test_3m_tag_smaller_than_a_first_read_is_still_read() -> None:
    """Its AFI comes from the inventory, but 8 blocks are more than it has: the pad asks
    it for its memory size and reads what there is."""
    tags = [three_m_tag(f"S{n}", secured=True) for n in range(3)]
    small = Tag.blank(uid_for_item("SMALL"), blocks=4, afi=0xD7)
    with BibliothecaSimulator([*tags, small], air_time=False) as sim:
        pad = ReaderPad(open_driver("bibliotheca", sim.path), THREE_M)
        try:
            reads = {r.uid: r for r in pad.inventory()}
            assert len(reads) == 4
            assert (reads[small.uid_hex].item_id, reads[small.uid_hex].secured) == (None, True)
        finally:
            pad.close()
