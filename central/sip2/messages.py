"""SIP2 requests to build and the typed answers read from response frames.

Each request is a :class:`Request` (command, fixed fields, identified fields, the response
it expects, whether sending it twice is harmless); each answer is a frozen dataclass read
from a :class:`~central.sip2.codec.Frame`. Field layouts follow "Command Messages to the
ACS" and "Response Messages from the ACS" of the 3M SIP2 2.00 specification (see
``docs/sip2.md``). Pure: no sockets, no clock except the instant passed in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from central.sip2.codec import Frame, Sip2FormatError, sip_datetime

LANGUAGE_UNKNOWN = "000"
PROTOCOL_VERSION = "2.00"

# Positions of the BX "supported messages" field (Field Definitions, p. 25).
SUPPORTED_MESSAGES = (
    "patron_status",
    "checkout",
    "checkin",
    "block_patron",
    "sc_acs_status",
    "resend",
    "login",
    "patron_information",
    "end_patron_session",
    "fee_paid",
    "item_information",
    "item_status_update",
    "patron_enable",
    "hold",
    "renew",
    "renew_all",
)
# Positions of the 14-character patron status that deny borrowing (p. 23): charge
# privileges denied, card reported lost, too many items charged / overdue / renewals /
# claims returned / lost, excessive fines / fees, recall overdue, too many items billed.
CHARGE_DENIED = 0
CARD_LOST = 4
BLOCKING_POSITIONS = (0, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13)
# Circulation status codes (Field Definitions, p. 18).
CIRCULATION_STATUS = {
    1: "other",
    2: "on_order",
    3: "available",
    4: "charged",
    5: "charged_not_recallable",
    6: "in_process",
    7: "recalled",
    8: "waiting_on_hold_shelf",
    9: "waiting_to_be_reshelved",
    10: "in_transit",
    11: "claimed_returned",
    12: "lost",
    13: "missing",
}


@dataclass(frozen=True)
class Request:
    """One request: what to send and what answer to expect."""

    command: str
    fixed: tuple[str, ...]
    fields: tuple[tuple[str, str | None], ...]
    expects: str
    # True if sending it again (on a new connection) cannot do anything twice.
    idempotent: bool


def _yn(flag: bool) -> str:
    return "Y" if flag else "N"


def login(user: str, password: str, location: str) -> Request:
    # "0": user id and password not encrypted (UID/PWD algorithm, p. 26).
    return Request(
        "93", ("0", "0"), (("CN", user), ("CO", password), ("CP", location or None)), "94", True
    )


def sc_status(max_print_width: int = 40) -> Request:
    return Request("99", ("0", f"{max_print_width:03d}", PROTOCOL_VERSION), (), "98", True)


@dataclass(frozen=True)
class Terminal:
    """What every patron and item request carries about this client."""

    institution: str
    terminal_password: str
    location: str


def patron_status(t: Terminal, at: datetime, patron: str, pin: str | None) -> Request:
    fields = (("AO", t.institution), ("AA", patron), ("AC", t.terminal_password), ("AD", pin or ""))
    return Request("23", (LANGUAGE_UNKNOWN, sip_datetime(at)), fields, "24", True)


def patron_information(t: Terminal, at: datetime, patron: str, pin: str | None) -> Request:
    # Summary all blanks: counts only, no item lists (summary, p. 25).
    fixed = (LANGUAGE_UNKNOWN, sip_datetime(at), " " * 10)
    fields = (("AO", t.institution), ("AA", patron), ("AC", t.terminal_password), ("AD", pin))
    return Request("63", fixed, fields, "64", True)


def checkout(
    t: Terminal,
    at: datetime,
    patron: str,
    item: str,
    *,
    no_block: bool = False,
    nb_due: datetime | None = None,
    pin: str | None = None,
) -> Request:
    when = sip_datetime(at)
    # Fixed fields "cannot be left blank" (p. 15): without a no-block due date the
    # transaction date stands in, as the ACS ignores it unless no_block is Y.
    fixed = ("N", _yn(no_block), when, sip_datetime(nb_due) if nb_due else when)
    fields = (
        ("AO", t.institution),
        ("AA", patron),
        ("AB", item),
        ("AC", t.terminal_password),
        ("AD", pin),
    )
    return Request("11", fixed, fields, "12", False)


def checkin(
    t: Terminal,
    at: datetime,
    item: str,
    *,
    no_block: bool = False,
    returned: datetime | None = None,
) -> Request:
    when = sip_datetime(at)
    fixed = (_yn(no_block), when, sip_datetime(returned) if returned else when)
    fields = (
        ("AP", t.location),
        ("AO", t.institution),
        ("AB", item),
        ("AC", t.terminal_password),
    )
    return Request("09", fixed, fields, "10", False)


def renew(t: Terminal, at: datetime, patron: str, item: str, pin: str | None = None) -> Request:
    when = sip_datetime(at)
    fields = (
        ("AO", t.institution),
        ("AA", patron),
        ("AD", pin),
        ("AB", item),
        ("AC", t.terminal_password),
    )
    return Request("29", ("N", "N", when, when), fields, "30", False)


def renew_all(t: Terminal, at: datetime, patron: str, pin: str | None = None) -> Request:
    fields = (("AO", t.institution), ("AA", patron), ("AD", pin), ("AC", t.terminal_password))
    return Request("65", (sip_datetime(at),), fields, "66", False)


def item_information(t: Terminal, at: datetime, item: str) -> Request:
    fields = (("AO", t.institution), ("AB", item), ("AC", t.terminal_password))
    return Request("17", (sip_datetime(at),), fields, "18", True)


def end_session(t: Terminal, at: datetime, patron: str) -> Request:
    fields = (("AO", t.institution), ("AA", patron), ("AC", t.terminal_password))
    return Request("35", (sip_datetime(at),), fields, "36", True)


# --- answers ------------------------------------------------------------------------------
def _count(text: str) -> int | None:
    return int(text) if text.strip() else None


@dataclass(frozen=True)
class AcsStatus:
    online: bool
    checkin_ok: bool
    checkout_ok: bool
    renewal_ok: bool
    offline_ok: bool
    # Tenths of a second; None when the ACS says "999" (unknown).
    timeout_tenths: int | None
    protocol_version: str
    institution: str
    library_name: str | None
    supported: tuple[str, ...]
    screen_message: tuple[str, ...]


def acs_status(frame: Frame) -> AcsStatus:
    f = frame.fixed
    flags = frame.first("BX") or ""
    timeout = int(f["timeout_period"])
    return AcsStatus(
        online=f["online"] == "Y",
        checkin_ok=f["checkin_ok"] == "Y",
        checkout_ok=f["checkout_ok"] == "Y",
        renewal_ok=f["renewal_policy"] == "Y",
        offline_ok=f["offline_ok"] == "Y",
        timeout_tenths=None if timeout == 999 else timeout,
        protocol_version=f["protocol_version"],
        institution=frame.first("AO") or "",
        library_name=frame.first("AM"),
        supported=tuple(
            name for name, flag in zip(SUPPORTED_MESSAGES, flags, strict=False) if flag == "Y"
        ),
        screen_message=frame.all("AF"),
    )


def _flag(frame: Frame, field_id: str) -> bool | None:
    value = frame.first(field_id)
    if value is None or value == "":
        return None
    if value not in ("Y", "N"):
        raise Sip2FormatError(f"field {field_id} is not Y or N: {value!r}")
    return value == "Y"


@dataclass(frozen=True)
class PatronStatus:
    """A Patron Status (24) or Patron Information (64) answer."""

    patron_id: str
    # None when the ACS leaves BL (optional, p. 26) out.
    valid: bool | None
    pin_ok: bool | None
    name: str | None
    status_flags: str
    fee_amount: str | None
    charged: int | None
    holds: int | None
    overdue: int | None
    screen_message: tuple[str, ...]

    @property
    def blocked(self) -> bool:
        return any(self.status_flags[i] == "Y" for i in BLOCKING_POSITIONS)

    @property
    def message(self) -> str | None:
        return " ".join(self.screen_message) or None


def patron(frame: Frame) -> PatronStatus:
    f = frame.fixed
    info = frame.command == "64"
    name = frame.first("AE") or None
    return PatronStatus(
        patron_id=frame.first("AA") or "",
        valid=_flag(frame, "BL"),
        pin_ok=_flag(frame, "CQ"),
        name=name,
        status_flags=f["patron_status"],
        fee_amount=frame.first("BV"),
        charged=_count(f["charged_items_count"]) if info else None,
        holds=_count(f["hold_items_count"]) if info else None,
        overdue=_count(f["overdue_items_count"]) if info else None,
        screen_message=frame.all("AF"),
    )


@dataclass(frozen=True)
class Circulation:
    """A Checkout (12), Checkin (10) or Renew (30) answer."""

    ok: bool
    item_id: str
    patron_id: str | None
    title: str | None
    # The ACS's due date text: variable-length text in the ACS's own format (due date, p. 19).
    due: str | None
    renewal_ok: bool | None
    alert: bool | None
    permanent_location: str | None
    sort_bin: str | None
    screen_message: tuple[str, ...]

    @property
    def message(self) -> str | None:
        return " ".join(self.screen_message) or None


def circulation(frame: Frame) -> Circulation:
    f = frame.fixed
    return Circulation(
        ok=f["ok"] == "1",
        item_id=frame.first("AB") or "",
        patron_id=frame.first("AA"),
        title=frame.first("AJ") or None,
        due=frame.first("AH") or None,
        renewal_ok=f["renewal_ok"] == "Y" if "renewal_ok" in f else None,
        alert=f["alert"] == "Y" if "alert" in f else None,
        permanent_location=frame.first("AQ"),
        sort_bin=frame.first("CL"),
        screen_message=frame.all("AF"),
    )


@dataclass(frozen=True)
class RenewAll:
    ok: bool
    renewed: tuple[str, ...]
    unrenewed: tuple[str, ...]
    screen_message: tuple[str, ...]


def renew_all_result(frame: Frame) -> RenewAll:
    return RenewAll(
        ok=frame.fixed["ok"] == "1",
        renewed=frame.all("BM"),
        unrenewed=frame.all("BN"),
        screen_message=frame.all("AF"),
    )


@dataclass(frozen=True)
class ItemInfo:
    item_id: str
    title: str | None
    status: str
    due: str | None
    hold_queue_length: str | None
    permanent_location: str | None
    screen_message: tuple[str, ...]


def item_info(frame: Frame) -> ItemInfo:
    code = int(frame.fixed["circulation_status"])
    return ItemInfo(
        item_id=frame.first("AB") or "",
        title=frame.first("AJ") or None,
        status=CIRCULATION_STATUS.get(code, f"unknown_{code:02d}"),
        due=frame.first("AH") or None,
        hold_queue_length=frame.first("CF"),
        permanent_location=frame.first("AQ"),
        screen_message=frame.all("AF"),
    )


@dataclass(frozen=True)
class EndSession:
    ended: bool
    patron_id: str


def end_session_result(frame: Frame) -> EndSession:
    return EndSession(ended=frame.fixed["end_session"] == "Y", patron_id=frame.first("AA") or "")


# How each response command becomes its answer (a fuzz target reads every one).
READERS = {
    "94": lambda frame: frame.fixed["ok"] == "1",
    "98": acs_status,
    "24": patron,
    "64": patron,
    "12": circulation,
    "10": circulation,
    "30": circulation,
    "66": renew_all_result,
    "18": item_info,
    "36": end_session_result,
}
