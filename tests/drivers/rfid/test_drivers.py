"""Both reader drivers against their simulators over real pseudo-terminals."""

from __future__ import annotations

import threading

import pytest

from drivers.rfid import open_driver
from drivers.rfid.datamodel import Model
from drivers.rfid.pad import ReaderPad, SecurityScheme
from drivers.rfid.sim import Fault, FeigSimulator, library_tag, uid_for_item
from kiosk.devices import NoReader, NoTag, TagLeftField, TagWriteFailed


def test_inventory_of_a_stack_decodes_every_model(sim, pad) -> None:
    sim.place(library_tag("31234000567890"))
    sim.place(library_tag("CN2-0001", model="iso28560-2", secured=False))
    sim.place(library_tag("3M0001", model="3m-rfid501"))
    sim.place(library_tag("FKI-7", reversed_blocks=True))
    sim.place(library_tag("BIB-8", swapped_nibble=True))
    sim.place(library_tag("NEW", model="blank"))
    reads = {r.uid: r for r in pad.inventory()}
    assert len(reads) == 6
    expected = {
        "31234000567890": True,
        "CN2-0001": False,
        "3M0001": True,
        "FKI-7": True,
        "BIB-8": True,
    }
    for item_id, secured in expected.items():
        read = reads[uid_for_item(item_id).hex().upper()]
        assert (read.item_id, read.secured) == (item_id, secured)
    assert reads[uid_for_item("NEW").hex().upper()].item_id is None


def test_empty_pad(pad) -> None:
    assert pad.inventory() == []


def test_large_stack(sim, pad) -> None:
    ids = [f"B{n:05d}" for n in range(30)]
    for item_id in ids:
        sim.place(library_tag(item_id))
    assert sorted(r.item_id for r in pad.inventory()) == ids


def test_feig_more_data_paging() -> None:
    tags = [library_tag(f"P{n}") for n in range(11)]
    with FeigSimulator(tags, air_time=False, max_tags_per_reply=4) as sim:
        reader = open_driver("feig", sim.path)
        try:
            assert {e.uid for e in reader.inventory()} == {t.uid for t in tags}
        finally:
            reader.close()


def test_feig_bus_address() -> None:
    with FeigSimulator([library_tag("A1")], air_time=False, address=7) as sim:
        reader = open_driver("feig", sim.path, bus_address=7)
        try:
            assert len(reader.inventory()) == 1
        finally:
            reader.close()
        with pytest.raises(NoReader):
            open_driver("feig", sim.path, bus_address=8, timeout=0.1, retries=1)


def test_duplicate_uid_in_inventory_is_listed_once(sim, pad) -> None:
    sim.place(library_tag("D1"))
    sim.inject(Fault.DUPLICATE_UID)
    assert [r.item_id for r in pad.inventory()] == ["D1"]


def test_secure_and_unsecure_round_trip(sim, pad) -> None:
    tag = library_tag("S1", secured=True)
    sim.place(tag)
    pad.set_secured(tag.uid_hex, False)
    assert sim.tag(tag.uid).afi == 0xC2
    assert pad.read_secured(tag.uid_hex) is False
    pad.set_secured(tag.uid_hex, True)
    assert sim.tag(tag.uid).afi == 0x07
    assert pad.read_secured(tag.uid_hex) is True


def test_3m_site_afi_and_eas(sim, driver) -> None:
    scheme = SecurityScheme(afi_in_library=0xD7, afi_on_loan=0xDA, use_eas=True)
    pad = ReaderPad(driver, scheme)
    tag = library_tag("E1", afi_in_library=0xD7, afi_on_loan=0xDA, secured=True)
    sim.place(tag)
    assert pad.read_secured(tag.uid_hex) is True
    pad.set_secured(tag.uid_hex, False)
    on_pad = sim.tag(tag.uid)
    assert (on_pad.afi, on_pad.eas) == (0xDA, False)
    assert pad.inventory()[0].secured is False
    pad.set_secured(tag.uid_hex, True)
    on_pad = sim.tag(tag.uid)
    assert (on_pad.afi, on_pad.eas) == (0xD7, True)


def test_unknown_afi_reads_as_neither_state(sim, pad) -> None:
    tag = library_tag("U1")
    tag.afi = 0x00
    sim.place(tag)
    assert pad.inventory()[0].secured is None
    assert pad.read_secured(tag.uid_hex) is False


@pytest.mark.parametrize(
    "fault", [Fault.CORRUPT_REPLY, Fault.DROP_REPLY, Fault.SPLIT_REPLY, Fault.GARBAGE]
)
def test_reply_faults_are_survived(sim, pad, fault) -> None:
    tag = library_tag("F1")
    sim.place(tag)
    sim.inject(fault, count=2)
    reads = pad.inventory()
    assert [r.item_id for r in reads] == ["F1"]
    sim.inject(fault)
    pad.set_secured(tag.uid_hex, False)
    assert sim.tag(tag.uid).afi == 0xC2
    assert sim.pending_faults() == []


def test_reader_that_stays_silent_is_no_reader(sim, driver) -> None:
    sim.inject(Fault.DROP_REPLY, count=10)
    with pytest.raises(NoReader):
        driver.inventory()


def test_persistently_corrupt_replies_are_no_reader(sim, driver) -> None:
    sim.inject(Fault.CORRUPT_REPLY, count=10)
    with pytest.raises(NoReader):
        driver.inventory()


def test_no_tag(pad) -> None:
    with pytest.raises(NoTag):
        pad.set_secured("E004000000000001", True)
    with pytest.raises(NoTag):
        pad.read_secured("E004000000000001")


def test_tag_removed_mid_security_write(sim, pad) -> None:
    tag = library_tag("M1", secured=True)
    sim.place(tag)
    sim.inject(Fault.REMOVE_MID_WRITE)
    with pytest.raises(TagLeftField):
        pad.set_secured(tag.uid_hex, False)
    assert sim.tag(tag.uid) is None


def test_tag_removed_mid_data_write(sim, pad) -> None:
    tag = library_tag("W1", model="blank")
    sim.place(tag)
    sim.inject(Fault.REMOVE_MID_WRITE)
    with pytest.raises(TagLeftField):
        pad.write_item(tag.uid_hex, "W1", "CN-330100")


def test_write_item_and_read_back(sim, pad) -> None:
    tag = library_tag("OLD", model="blank")
    sim.place(tag)
    report = pad.write_item(tag.uid_hex, "31234000567891", "CN-330100", set_size=2, set_part=2)
    assert report.item.model is Model.ISO28560_3
    assert (report.item.item_id, report.item.set_size, report.item.set_part) == (
        "31234000567891",
        2,
        2,
    )
    memory = sim.tag(tag.uid).memory
    assert memory[19:21] == bytes.fromhex("AFA9")  # memory order, whatever the wire order


def test_locked_afi_is_write_failed(sim, pad) -> None:
    tag = library_tag("L1", secured=True)
    tag.afi_locked = True
    sim.place(tag)
    with pytest.raises(TagWriteFailed):
        pad.set_secured(tag.uid_hex, False)


def test_feig_without_block_reversal_reads_the_same_item() -> None:
    """The FEIG byte-order switch must agree between reader and driver; memory is unchanged."""
    tag = library_tag("R1")
    with FeigSimulator([tag], air_time=False, reverse_blocks=False) as sim:
        reader = open_driver("feig", sim.path, reverse_blocks=False)
        try:
            assert reader.read_blocks(tag.uid, 0, 8) == bytes(tag.memory[:32])
        finally:
            reader.close()


def test_driver_refuses_a_second_thread(sim, driver) -> None:
    driver.inventory()
    errors: list[BaseException] = []

    def other() -> None:
        try:
            driver.inventory()
        except RuntimeError as exc:
            errors.append(exc)

    thread = threading.Thread(target=other, name="intruder")
    thread.start()
    thread.join(10)
    assert len(errors) == 1 and "owned by thread" in str(errors[0])


def test_realistic_air_time_path(protocol) -> None:
    from drivers.rfid.sim import make_simulator

    with make_simulator(protocol, [library_tag("T1"), library_tag("T2")]) as sim:
        pad = ReaderPad(open_driver(protocol, sim.path))
        try:
            assert sorted(r.item_id for r in pad.inventory()) == ["T1", "T2"]
        finally:
            pad.close()
