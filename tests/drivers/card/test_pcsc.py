"""End to end through pcscd + vpcd + the virtual card: what a resident does at the reader."""

from __future__ import annotations

import threading

import pytest
from smartcard import scard

from drivers.card.pcsc import pcsc_error
from drivers.card.rule import CardUidRule, UnmappableCard
from kiosk.devices import CardRemoved, NoReader, UnknownCard
from tests.support.pcsc_rig import PcscRig
from tests.support.vcard import mifare_block_text

SITE_KEY = bytes.fromhex("A0A1A2A3A4A5")
# Sector 1 trailer with the site's key A (and key B) instead of the transport key.
SECTOR1_TRAILER = SITE_KEY + bytes.fromhex("FF078069") + SITE_KEY
BLOCK_RULE = CardUidRule(source="mifare_block", block=4, key_hex=SITE_KEY.hex(), strip_prefix="LIB")


def test_card_in_identifies_the_patron(pcsc_rig: PcscRig, make_reader) -> None:
    reader = make_reader()
    with pcsc_rig.card("00030092EEB201"):
        card = reader.wait_for_card(10)
        assert card is not None
        assert card.uid_hex == "00030092EEB201"
        assert card.patron_id == "3301000000001"
        assert card.reader == pcsc_rig.reader_names[0]
    assert reader.wait_for_removal(10)


def test_card_put_down_while_waiting_is_read(pcsc_rig: PcscRig, make_reader) -> None:
    reader = make_reader()
    card = pcsc_rig.card("00030092EEB202")
    inserter = threading.Timer(0.5, card.insert)
    inserter.start()
    try:
        read = reader.wait_for_card(15)
    finally:
        inserter.join()
        card.remove()
    assert read is not None and read.patron_id == "3301000000002"


def test_no_card_times_out_with_none(make_reader) -> None:
    assert make_reader().wait_for_card(0.6) is None


def test_library_number_stored_in_a_mifare_block(pcsc_rig: PcscRig, make_reader) -> None:
    blocks = {4: mifare_block_text("LIB3301000000003"), 7: SECTOR1_TRAILER}
    card = pcsc_rig.card("04A1B2C3", blocks=blocks)
    with card:
        read = make_reader(BLOCK_RULE).wait_for_card(10)
    assert read is not None and read.patron_id == "3301000000003"
    assert read.uid_hex == "04A1B2C3"
    # UID, load key, authenticate, read block 4: the reader spoke the PC/SC Part 3 APDUs.
    assert [a[:2] for a in card.apdus] == [b"\xff\xca", b"\xff\x82", b"\xff\x86", b"\xff\xb0"]
    assert card.apdus[2] == bytes.fromhex("FF860000050100046000")


def test_card_with_another_key_is_an_unknown_card(pcsc_rig: PcscRig, make_reader) -> None:
    # A card still on the transport key: authentication with the site key fails (63 00).
    card = pcsc_rig.card("04A1B2C3", blocks={4: mifare_block_text("LIB1")})
    with card, pytest.raises(UnknownCard, match="SW 6300"):
        make_reader(BLOCK_RULE).wait_for_card(10)


def test_library_number_in_a_cpu_card_file(pcsc_rig: PcscRig, make_reader) -> None:
    rule = CardUidRule(source="file", file_id="EF05", data_format="bcd", file_length=7)
    files = {"EF05": bytes.fromhex("3301000000004F")}
    with pcsc_rig.card("08112233", files=files):
        read = make_reader(rule).wait_for_card(10)
    assert read is not None and read.patron_id == "3301000000004"


def test_uid_that_does_not_fit_the_rule_is_unknown_and_keeps_the_uid(
    pcsc_rig: PcscRig, make_reader
) -> None:
    with pcsc_rig.card("04A1B2C3D4E5F6"), pytest.raises(UnmappableCard) as caught:
        make_reader().wait_for_card(10)
    assert caught.value.uid_hex == "04A1B2C3D4E5F6"
    assert caught.value.device == pcsc_rig.reader_names[0]


@pytest.mark.parametrize("pull_on_apdu", [1, 2, 4])
def test_card_pulled_mid_read_is_a_clear_error(
    pcsc_rig: PcscRig, make_reader, pull_on_apdu: int
) -> None:
    """Pulled on the UID read, on the key load, on the block read."""
    blocks = {4: mifare_block_text("LIB3301000000003"), 7: SECTOR1_TRAILER}
    card = pcsc_rig.card("04A1B2C3", blocks=blocks, pull_on_apdu=pull_on_apdu)
    reader = make_reader(BLOCK_RULE)
    with card, pytest.raises(CardRemoved):
        reader.wait_for_card(10)
    assert card.pulled.is_set()
    assert reader.wait_for_removal(10)


def test_no_matching_reader_is_no_reader(pcsc_rig: PcscRig) -> None:
    from drivers.card.pcsc import PcscCardReader

    reader = PcscCardReader(reader_filter="ACR122U that is not plugged in")
    with pytest.raises(NoReader, match="no PC/SC reader matching"):
        reader.wait_for_card(1)
    reader.close()


def test_pcscd_stopping_while_waiting_is_no_reader(pcsc_rig: PcscRig, make_reader) -> None:
    """The reader goes away under a waiting kiosk (pcscd stops, as when unplugging the
    only reader): the wait ends with NoReader instead of hanging; then it comes back."""
    reader = make_reader()
    outcome: dict[str, BaseException | object] = {}
    waiting = threading.Event()

    def wait() -> None:
        waiting.set()
        try:
            outcome["result"] = reader.wait_for_card(30)
        except Exception as exc:  # recorded so the assertion shows what went wrong
            outcome["result"] = exc

    worker = threading.Thread(target=wait)
    worker.start()
    assert waiting.wait(5)
    try:
        pcsc_rig.stop()
        worker.join(30)
        assert not worker.is_alive()
        assert isinstance(outcome["result"], NoReader), outcome
    finally:
        # A fresh port pair: vpcd's old port may still be held by closing connections.
        pcsc_rig.port = None
        pcsc_rig.start()
    with pcsc_rig.card("00030092EEB201"):
        read = make_reader().wait_for_card(10)
    assert read is not None and read.patron_id == "3301000000001"


@pytest.mark.parametrize(
    ("hresult", "error"),
    [
        (scard.SCARD_E_NO_SERVICE, NoReader),
        (scard.SCARD_E_READER_UNAVAILABLE, NoReader),
        (scard.SCARD_E_UNKNOWN_READER, NoReader),
        (scard.SCARD_W_REMOVED_CARD, CardRemoved),
        (scard.SCARD_E_NO_SMARTCARD, CardRemoved),
        (scard.SCARD_E_NOT_TRANSACTED, CardRemoved),
        (scard.SCARD_W_UNRESPONSIVE_CARD, UnknownCard),
    ],
)
def test_pcsc_return_codes_map_to_typed_errors(hresult: int, error: type) -> None:
    exc = pcsc_error(hresult, "reading", "R1")
    assert type(exc) is error
    assert exc.device == "R1"
    assert f"0x{hresult & 0xFFFFFFFF:08X}" in str(exc)


def test_the_log_shows_uid_and_patron_masked(pcsc_rig: PcscRig, make_reader, caplog) -> None:
    # Under the default rule the UID is the patron number: neither may reach the log whole.
    caplog.set_level("DEBUG", logger="drivers.card")
    with pcsc_rig.card("00030092EEB201"):
        card = make_reader().wait_for_card(10)
    assert card is not None
    assert "00030092EEB201" not in caplog.text and "3301000000001" not in caplog.text
    assert "****B201" in caplog.text and "****0001" in caplog.text
