"""Patron cards on a PC/SC contactless reader (pcscd + pyscard), e.g. ACR122U, uTrust.

The driver uses the PC/SC Part 3 pseudo-APDUs every contactless reader understands:
``FF CA 00 00 00`` for the UID; for sites whose number is stored on the card,
``FF 82`` (load key) + ``FF 86`` (authenticate) + ``FF B0`` (read binary) for a MIFARE
block, or ISO 7816-4 ``SELECT`` + ``READ BINARY`` for a file on a CPU card. It talks to
pcscd through pyscard's thin ``smartcard.scard`` layer so that each PC/SC return code
can be mapped to the kiosk's typed errors:

* pcscd not running, no matching reader, reader unplugged -> :class:`NoReader`
* card taken away before the read finished -> :class:`CardRemoved`
* card that answers wrongly or whose number does not fit the rule -> :class:`UnknownCard`

Waiting is done in short slices of ``SCardGetStatusChange`` so that :meth:`close` from
another thread ends a wait promptly and an unplugged reader is noticed within a slice.
"""

from __future__ import annotations

import logging
import threading
import time

from smartcard import scard

from drivers.card.base import CardRead
from drivers.card.rule import CardUidRule
from kiosk.devices import CardRemoved, DeviceError, NoReader, UnknownCard
from kiosk.privacy import mask_patron_id

log = logging.getLogger(__name__)

APDU_GET_UID = [0xFF, 0xCA, 0x00, 0x00, 0x00]
SW_OK = (0x90, 0x00)

WAIT_SLICE_MS = 250


def _u32(hresult: int) -> int:
    return hresult & 0xFFFFFFFF


# Return codes meaning "the reader or the service is gone": the kiosk cannot read cards.
_NO_READER_CODES = {
    _u32(c)
    for c in (
        scard.SCARD_E_NO_SERVICE,
        scard.SCARD_E_SERVICE_STOPPED,
        scard.SCARD_E_NO_READERS_AVAILABLE,
        scard.SCARD_E_READER_UNAVAILABLE,
        scard.SCARD_E_UNKNOWN_READER,
        scard.SCARD_E_INVALID_HANDLE,
        scard.SCARD_E_COMM_DATA_LOST,
        # The link to pcscd broke: the daemon stopped or crashed.
        scard.SCARD_F_COMM_ERROR,
        # pcsc-lite 1.9 answers a call still waiting while pcscd shuts down with this
        # ("Access denied", 0x8010006A), seen in the test run when pcscd stops.
        scard.SCARD_W_SECURITY_VIOLATION,
    )
}
# Return codes meaning "the card is no longer there" (or was swapped mid-read).
_CARD_GONE_CODES = {
    _u32(c)
    for c in (
        scard.SCARD_W_REMOVED_CARD,
        scard.SCARD_E_NO_SMARTCARD,
        scard.SCARD_W_RESET_CARD,
        scard.SCARD_W_UNPOWERED_CARD,
        # pcscd reports a vanished contactless card in a transmit as a failed transaction.
        scard.SCARD_E_NOT_TRANSACTED,
    )
}
_UNKNOWN_CARD_CODES = {
    _u32(c)
    for c in (
        scard.SCARD_W_UNRESPONSIVE_CARD,
        scard.SCARD_W_UNSUPPORTED_CARD,
        scard.SCARD_E_CARD_UNSUPPORTED,
        scard.SCARD_E_PROTO_MISMATCH,
    )
}


def pcsc_error(hresult: int, action: str, device: str = "") -> DeviceError:
    """The kiosk error for a failed PC/SC call (pure; tested on its own)."""
    code = _u32(hresult)
    message = f"{action}: {scard.SCardGetErrorMessage(hresult)} (0x{code:08X})"
    if code in _NO_READER_CODES:
        return NoReader(message, device=device)
    if code in _CARD_GONE_CODES:
        return CardRemoved(message, device=device)
    if code in _UNKNOWN_CARD_CODES:
        return UnknownCard(message, device=device)
    return DeviceError(message, device=device)


class PcscCardReader:
    """The first PC/SC reader whose name contains ``reader_filter`` (all readers if empty)."""

    def __init__(self, rule: CardUidRule | None = None, reader_filter: str = ""):
        self.rule = rule or CardUidRule()
        self.reader_filter = reader_filter
        self.name = reader_filter or "PC/SC"
        self._context: int | None = None
        self._closed = threading.Event()

    # -- public -----------------------------------------------------------------------

    def readers(self) -> list[str]:
        """Names of the PC/SC readers matching the filter. Raises NoReader without pcscd."""
        context = self._ensure_context()
        hresult, names = scard.SCardListReaders(context, [])
        if _u32(hresult) == _u32(scard.SCARD_E_NO_READERS_AVAILABLE):
            return []
        if hresult != scard.SCARD_S_SUCCESS:
            self._drop_context()
            raise pcsc_error(hresult, "listing readers")
        return [n for n in names if self.reader_filter.lower() in n.lower()]

    def wait_for_card(self, timeout_s: float) -> CardRead | None:
        deadline = time.monotonic() + timeout_s
        reader = self._wait_for_state(present=True, deadline=deadline)
        if reader is None:
            return None
        return self._read(reader)

    def wait_for_removal(self, timeout_s: float) -> bool:
        deadline = time.monotonic() + timeout_s
        return self._wait_for_state(present=False, deadline=deadline) is not None

    def close(self) -> None:
        self._closed.set()
        self._drop_context()

    # -- waiting ----------------------------------------------------------------------

    def _wait_for_state(self, *, present: bool, deadline: float) -> str | None:
        """The first matching reader with a card (present) or without one (not present)."""
        context = self._ensure_context()
        states: dict[str, int] = {}
        while not self._closed.is_set():
            names = self.readers()
            if not names:
                raise NoReader(
                    f"no PC/SC reader matching {self.reader_filter!r}"
                    if self.reader_filter
                    else "no PC/SC reader connected",
                    device=self.name,
                )
            slice_ms = int(min(WAIT_SLICE_MS, max(0.0, deadline - time.monotonic()) * 1000))
            query = [(n, states.get(n, scard.SCARD_STATE_UNAWARE)) for n in names]
            hresult, result = scard.SCardGetStatusChange(context, slice_ms, query)
            if hresult not in (scard.SCARD_S_SUCCESS, scard.SCARD_E_TIMEOUT):
                self._drop_context()
                raise pcsc_error(hresult, "waiting for a card", self.name)
            name: str  # pyscard is untyped: (reader name, event state, ATR) triples
            for name, event_state, _atr in result:
                # Keep the reader's current state (minus CHANGED) for the next query.
                states[name] = event_state & ~scard.SCARD_STATE_CHANGED & 0xFFFF
                if event_state & (scard.SCARD_STATE_UNKNOWN | scard.SCARD_STATE_UNAVAILABLE):
                    continue
                has_card = bool(event_state & scard.SCARD_STATE_PRESENT)
                if has_card and event_state & scard.SCARD_STATE_MUTE:
                    # A card that does not answer the reset: an unknown card, not no card.
                    if present:
                        raise UnknownCard("the card on the reader does not answer", device=name)
                    continue
                if has_card == present:
                    return name
            if time.monotonic() >= deadline:
                return None
        return None

    # -- reading ----------------------------------------------------------------------

    def _read(self, reader: str) -> CardRead:
        context = self._ensure_context()
        hresult, card, protocol = scard.SCardConnect(
            context,
            reader,
            scard.SCARD_SHARE_SHARED,
            scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1,
        )
        if hresult != scard.SCARD_S_SUCCESS:
            raise pcsc_error(hresult, "connecting to the card", reader)
        try:
            link = _Link(card, protocol, reader)
            uid = link.transmit_ok(APDU_GET_UID, "reading the UID")
            stored = self._read_stored(link) if self.rule.reads_stored_number else None
        finally:
            scard.SCardDisconnect(card, scard.SCARD_LEAVE_CARD)
        patron_id = self.rule.patron_id(uid, stored, device=reader)
        uid_hex = uid.hex().upper()
        # Under the default rule the UID is the patron number: both are logged masked.
        log.info(
            "card %s on %s -> patron %s", mask_patron_id(uid_hex), reader, mask_patron_id(patron_id)
        )
        return CardRead(reader=reader, uid_hex=uid_hex, patron_id=patron_id)

    def _read_stored(self, link: _Link) -> bytes:
        rule = self.rule
        if rule.source == "mifare_block":
            key = list(bytes.fromhex(rule.key_hex))
            link.transmit_ok([0xFF, 0x82, 0x00, rule.key_slot, 0x06, *key], "loading the key")
            key_type = 0x60 if rule.key_type == "A" else 0x61
            auth = [0xFF, 0x86, 0x00, 0x00, 0x05, 0x01, 0x00, rule.block, key_type, rule.key_slot]
            link.transmit_ok(auth, f"authenticating block {rule.block}")
            return link.transmit_ok(
                [0xFF, 0xB0, 0x00, rule.block, 0x10], f"reading block {rule.block}"
            )
        fid = list(bytes.fromhex(rule.file_id))
        link.transmit_ok([0x00, 0xA4, 0x00, 0x0C, 0x02, *fid], f"selecting file {rule.file_id}")
        return link.transmit_ok(
            [0x00, 0xB0, 0x00, 0x00, rule.file_length], f"reading file {rule.file_id}"
        )

    # -- context ----------------------------------------------------------------------

    def _ensure_context(self) -> int:
        if self._context is None:
            hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
            if hresult != scard.SCARD_S_SUCCESS:
                # Whatever the code (libpcsclite reports a vanished daemon variously), no
                # context means no card can be read: the kiosk has no working reader.
                code = _u32(hresult)
                raise NoReader(
                    f"cannot reach the PC/SC service (pcscd): "
                    f"{scard.SCardGetErrorMessage(hresult)} (0x{code:08X})",
                    device=self.name,
                )
            self._context = context
        return self._context

    def _drop_context(self) -> None:
        context, self._context = self._context, None
        if context is not None:
            scard.SCardReleaseContext(context)


class _Link:
    """One connected card: sends APDUs with the protocol pcscd negotiated."""

    def __init__(self, card: int, protocol: int, reader: str):
        self.card = card
        self.pci = scard.SCARD_PCI_T0 if protocol == scard.SCARD_PROTOCOL_T0 else scard.SCARD_PCI_T1
        self.reader = reader

    def transmit_ok(self, apdu: list[int], action: str) -> bytes:
        """The response data of an APDU answered with 90 00; any other answer is an error."""
        hresult, response = scard.SCardTransmit(self.card, self.pci, apdu)
        if hresult != scard.SCARD_S_SUCCESS:
            raise pcsc_error(hresult, action, self.reader)
        return response_data(response, action, self.reader)


def response_data(response: list[int] | bytes, action: str, reader: str = "") -> bytes:
    """The data of an APDU response ending in 90 00 (pure; fuzzed on its own).

    Raises CardRemoved for an answer too short to hold a status word, UnknownCard for
    any other status word.
    """
    if len(response) < 2:
        # vpcd (and some readers) return an empty answer when the card left the field
        # while the command was on its way.
        raise CardRemoved(f"{action}: no answer from the card", device=reader)
    if tuple(response[-2:]) != SW_OK:
        sw = bytes(response[-2:]).hex().upper()
        raise UnknownCard(f"{action}: the card answered SW {sw}", device=reader)
    return bytes(response[:-2])
