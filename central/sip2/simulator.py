"""A library system (ACS) that speaks SIP2, for tests and demos, built on pysip2's server.

pysip2 is an independent implementation of the protocol (its own codec, checksum and
re-send handling), so our client is checked against someone else's reading of the
specification, not its own. The simulator keeps patrons, items, loans and holds in memory
and applies plain circulation rules (refuse a blocked or unknown patron, an item on loan to
someone else or held for someone else, unless the request says "no block"). It can be told
to misbehave through :class:`Faults`: refuse the login or every circulation request, say it
is off-line, leave requests unanswered (the client times out), take requests as damaged
(it asks for a re-send with 96), corrupt the checksum of its next answers (the client asks
with 97), or drop the connection instead of answering.

It runs on an anyio event loop in a thread of its own (a blocking portal); the test thread
changes its data and faults under :attr:`Sip2Simulator.lock`.
"""

from __future__ import annotations

import ssl
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import anyio
import msgspec
from anyio.abc import SocketStream
from anyio.from_thread import start_blocking_portal
from anyio.streams.tls import TLSListener
from pysip2 import (
    CHECKIN,
    CHECKOUT,
    END_PATRON_SESSION,
    ITEM_INFORMATION,
    LOGIN,
    PATRON_INFORMATION,
    PATRON_STATUS,
    RENEW,
    RENEW_ALL,
    SC_STATUS,
    ACSStatusResponse,
    CheckinRequest,
    CheckinResponse,
    CheckoutRequest,
    CheckoutResponse,
    EndPatronSessionRequest,
    EndSessionResponse,
    ItemInformationRequest,
    ItemInformationResponse,
    LoginRequest,
    LoginResponse,
    PatronInformationRequest,
    PatronInformationResponse,
    PatronStatusRequest,
    PatronStatusResponse,
    RenewAllRequest,
    RenewAllResponse,
    RenewRequest,
    RenewResponse,
    SCStatusRequest,
    SIP2Server,
)

LOAN_DAYS = 28
CirculationResponse = TypeVar("CirculationResponse", CheckoutResponse, RenewResponse)
SCREEN_REFUSED = "Refused by the library system / 图书馆系统拒绝"


@dataclass
class SimPatron:
    patron_id: str
    name: str
    pin: str = ""
    blocked: bool = False


@dataclass
class SimItem:
    item_id: str
    title: str
    location: str = "MAIN"


@dataclass
class SimLoan:
    patron_id: str
    # When the patron borrowed it, as the request said (an offline loan keeps its time).
    borrowed_at: str
    due: datetime


@dataclass
class Faults:
    """Misbehaviour on demand; counters go down as each fault is spent."""

    refuse_login: bool = False
    refuse_circulation: bool = False
    offline: bool = False
    unanswered: int = 0  # requests swallowed without an answer
    corrupt_checksums: int = 0  # answers sent with a wrong checksum
    drop_connections: int = 0  # requests processed, then the connection closed unanswered
    garble_requests: int = 0  # requests taken as arriving damaged (the ACS answers 96)


@dataclass
class LibraryData:
    patrons: dict[str, SimPatron] = field(default_factory=dict)
    items: dict[str, SimItem] = field(default_factory=dict)
    loans: dict[str, SimLoan] = field(default_factory=dict)
    holds: dict[str, list[str]] = field(default_factory=dict)  # item -> patrons in order


def sample_data() -> LibraryData:
    """A few patrons and books (Chinese and English) for demos and tests."""
    data = LibraryData()
    for patron in (
        SimPatron("P001", "张三 Zhang San", pin="1234"),
        SimPatron("P002", "Li Si", pin="0000"),
        SimPatron("P003", "王五 Wang Wu", blocked=True),
    ):
        data.patrons[patron.patron_id] = patron
    for item in (
        SimItem("B001", "红楼梦 Dream of the Red Chamber"),
        SimItem("B002", "The Analects"),
        SimItem("B003", "三体 The Three-Body Problem"),
        SimItem("B004", "Journey to the West"),
    ):
        data.items[item.item_id] = item
    return data


def _sip_now() -> str:
    return _sip_date(datetime.now(UTC))


def _sip_date(instant: datetime) -> str:
    utc = instant.astimezone(UTC)
    return utc.strftime("%Y%m%d") + "   Z" + utc.strftime("%H%M%S")


def _parse_date(text: str) -> datetime | None:
    if text[8:12] != "   Z":
        return None
    try:
        return datetime.strptime(text[:8] + text[12:], "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    except ValueError:
        return None


class _FaultyServer(SIP2Server):
    """pysip2's server with the faults applied where frames come in and go out."""

    def __init__(self, simulator: Sip2Simulator, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._simulator = simulator

    async def _process_frame(self, stream: SocketStream, state: Any, frame: bytes) -> None:
        with self._simulator.lock:
            self._simulator.requests.append(frame)
            faults = self._simulator.faults
            swallow = faults.unanswered > 0
            garble = not swallow and faults.garble_requests > 0 and b"AZ" in frame
            faults.unanswered -= swallow
            faults.garble_requests -= garble
        if garble:
            # One byte changed on the way: the checksum no longer verifies.
            frame = frame[:2] + (b"#" if frame[2:3] != b"#" else b"$") + frame[3:]
        if swallow:
            return
        if frame.startswith(b"97") and state.last_response is not None:
            # pysip2 replays its last answer straight onto the stream; the replay goes
            # through the faults too, so "keeps failing its checksum" can be simulated.
            await self._send(stream, state, state.last_response)
            return
        await super()._process_frame(stream, state, frame)

    async def _send(self, stream: SocketStream, state: Any, frame: bytes) -> None:
        with self._simulator.lock:
            faults = self._simulator.faults
            drop = faults.drop_connections > 0
            corrupt = not drop and faults.corrupt_checksums > 0 and b"AZ" in frame
            faults.drop_connections -= drop
            faults.corrupt_checksums -= corrupt
        if drop:
            await stream.aclose()
            raise anyio.ClosedResourceError
        # The connection remembers the true answer, so a 97 gets it intact.
        state.last_response = frame
        wire = frame
        if corrupt:
            digit = frame[-2:-1]
            wire = frame[:-2] + (b"0" if digit != b"0" else b"1") + frame[-1:]
        await stream.send(wire)


class Sip2Simulator:
    """A SIP2 library system on 127.0.0.1 and a free port (``.port``) until :meth:`stop`."""

    def __init__(
        self,
        data: LibraryData | None = None,
        *,
        institution: str = "SIMLIB",
        username: str = "",
        password: str = "",
        encoding: str = "utf-8",
        tls: ssl.SSLContext | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.data = data or sample_data()
        self.faults = Faults()
        self.lock = threading.Lock()
        self.requests: list[bytes] = []
        self.institution = institution
        self._credentials = (username, password)
        self._tls = tls
        self._host, self._requested_port = host, port
        self.server = _FaultyServer(
            self,
            encoding=encoding,
            institution_id=institution,
            library_name="Simulated library / 模拟图书馆",
            login_required=bool(username),
        )
        self._register()
        self.port = 0
        self._portal_cm: Any = None
        self._serving: Any = None

    # --- lifecycle ------------------------------------------------------------------
    def start(self) -> Sip2Simulator:
        self._portal_cm = start_blocking_portal()
        portal = self._portal_cm.__enter__()
        listener = portal.call(self._listen)
        self._serving = portal.start_task_soon(self._serve, listener)
        return self

    async def _serve(self, listener: Any) -> None:
        # Closing the listener on cancellation frees the port for a restart at once.
        async with listener:
            await listener.serve(self.server._handle_connection)

    async def _listen(self) -> Any:
        listener = await anyio.create_tcp_listener(
            local_host=self._host, local_port=self._requested_port
        )
        self.port = listener.extra(anyio.abc.SocketAttribute.local_port)
        if self._tls is not None:
            return TLSListener(listener, self._tls, standard_compatible=False)
        return listener

    def stop(self) -> None:
        if self._serving is not None:
            self._serving.cancel()
            self._serving = None
        if self._portal_cm is not None:
            self._portal_cm.__exit__(None, None, None)
            self._portal_cm = None

    def __enter__(self) -> Sip2Simulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- circulation --------------------------------------------------------------------
    def _register(self) -> None:
        srv = self.server
        srv.route(LOGIN)(self._login)
        srv.route(SC_STATUS)(self._sc_status)
        srv.route(PATRON_STATUS)(self._patron_status)
        srv.route(PATRON_INFORMATION)(self._patron_information)
        srv.route(CHECKOUT)(self._checkout)
        srv.route(CHECKIN)(self._checkin)
        srv.route(RENEW)(self._renew)
        srv.route(RENEW_ALL)(self._renew_all)
        srv.route(ITEM_INFORMATION)(self._item_information)
        srv.route(END_PATRON_SESSION)(self._end_session)

    async def _login(self, req: LoginRequest, ctx: Any) -> LoginResponse:
        with self.lock:
            ok = (
                not self.faults.refuse_login
                and (req.login_user_id, req.login_password) == self._credentials
            )
        return LoginResponse(ok="1" if ok else "0")

    async def _sc_status(self, req: SCStatusRequest, ctx: Any) -> ACSStatusResponse:
        status = self.server.build_acs_status(req)
        with self.lock:
            offline = self.faults.offline
        return msgspec.structs.replace(status, online_status="N") if offline else status

    def _patron_flags(self, patron: SimPatron | None) -> str:
        blocked = patron is None or patron.blocked
        return ("Y" if blocked else " ") + " " * 13

    def _pin_ok(self, patron: SimPatron | None, pin: str | None) -> str | None:
        if patron is None or not pin:
            return None
        return "Y" if pin == patron.pin else "N"

    async def _patron_status(self, req: PatronStatusRequest, ctx: Any) -> PatronStatusResponse:
        with self.lock:
            patron = self.data.patrons.get(req.patron_identifier)
            return PatronStatusResponse(
                patron_status=self._patron_flags(patron),
                language="000",
                transaction_date=_sip_now(),
                institution_id=self.institution,
                patron_identifier=req.patron_identifier,
                personal_name=patron.name if patron else "",
                valid_patron="Y" if patron else "N",
                valid_patron_password=self._pin_ok(patron, req.patron_password),
                screen_message=("Blocked / 借阅证已停用",) if patron and patron.blocked else (),
            )

    async def _patron_information(
        self, req: PatronInformationRequest, ctx: Any
    ) -> PatronInformationResponse:
        with self.lock:
            patron = self.data.patrons.get(req.patron_identifier)
            charged = [
                i
                for i, loan in self.data.loans.items()
                if loan.patron_id == (patron and patron.patron_id)
            ]
            holds = [
                i for i, queue in self.data.holds.items() if patron and patron.patron_id in queue
            ]
            now = datetime.now(UTC)
            overdue = [i for i in charged if self.data.loans[i].due < now]
            return PatronInformationResponse(
                patron_status=self._patron_flags(patron),
                language="000",
                transaction_date=_sip_now(),
                hold_items_count=f"{len(holds):04d}",
                overdue_items_count=f"{len(overdue):04d}",
                charged_items_count=f"{len(charged):04d}",
                fine_items_count="0000",
                recall_items_count="0000",
                unavailable_holds_count="    ",
                institution_id=self.institution,
                patron_identifier=req.patron_identifier,
                personal_name=patron.name if patron else "",
                valid_patron="Y" if patron else "N",
                valid_patron_password=self._pin_ok(patron, req.patron_password),
                charged_items=tuple(charged) if req.summary[2] == "Y" else (),
                screen_message=("Blocked / 借阅证已停用",) if patron and patron.blocked else (),
            )

    def _refusal(self, patron_id: str, item_id: str) -> str | None:
        """Why a checkout or renewal is refused, or None (caller holds the lock)."""
        if self.faults.refuse_circulation:
            return SCREEN_REFUSED
        patron = self.data.patrons.get(patron_id)
        if patron is None:
            return "Unknown patron / 无此读者"
        if patron.blocked:
            return "Blocked / 借阅证已停用"
        if item_id not in self.data.items:
            return "Unknown item / 无此图书"
        loan = self.data.loans.get(item_id)
        if loan is not None and loan.patron_id != patron_id:
            return "Already on loan / 该书已借出"
        queue = self.data.holds.get(item_id)
        if queue and queue[0] != patron_id:
            return "On hold for another patron / 该书已被预约"
        return None

    def _circulation_response(
        self,
        cls: type[CirculationResponse],
        ok: bool,
        req: CheckoutRequest | RenewRequest,
        due: str,
        renewal: bool,
        message: str | None,
    ) -> CirculationResponse:
        item = self.data.items.get(req.item_identifier or "")
        return cls(
            ok="1" if ok else "0",
            renewal_ok="Y" if renewal else "N",
            magnetic_media="N",
            desensitize="Y" if ok else "N",
            transaction_date=_sip_now(),
            institution_id=self.institution,
            patron_identifier=req.patron_identifier,
            item_identifier=req.item_identifier or "",
            title_identifier=item.title if item else "",
            due_date=due,
            screen_message=(message,) if message else (),
        )

    async def _checkout(self, req: CheckoutRequest, ctx: Any) -> CheckoutResponse:
        with self.lock:
            no_block = req.no_block == "Y"
            refusal = (
                None if no_block else self._refusal(req.patron_identifier, req.item_identifier)
            )
            if no_block and req.item_identifier not in self.data.items:
                refusal = "Unknown item / 无此图书"
            if refusal:
                return self._circulation_response(CheckoutResponse, False, req, "", False, refusal)
            previous = self.data.loans.get(req.item_identifier)
            renewal = previous is not None and previous.patron_id == req.patron_identifier
            at = _parse_date(req.transaction_date) or datetime.now(UTC)
            due = (_parse_date(req.nb_due_date) if no_block else None) or at + timedelta(
                days=LOAN_DAYS
            )
            self.data.loans[req.item_identifier] = SimLoan(
                req.patron_identifier, req.transaction_date, due
            )
            queue = self.data.holds.get(req.item_identifier)
            if queue and queue[0] == req.patron_identifier:
                queue.pop(0)
            return self._circulation_response(
                CheckoutResponse, True, req, _sip_date(due), renewal, None
            )

    async def _checkin(self, req: CheckinRequest, ctx: Any) -> CheckinResponse:
        with self.lock:
            item = self.data.items.get(req.item_identifier)
            loan = self.data.loans.pop(req.item_identifier, None) if item else None
            held = bool(self.data.holds.get(req.item_identifier))
            ok = item is not None and not self.faults.refuse_circulation
            if item is None:
                message = "Unknown item / 无此图书"
            elif loan is None:
                message = "Not on loan / 该书未借出"
            else:
                message = None
            return CheckinResponse(
                ok="1" if ok else "0",
                resensitize="Y" if ok else "N",
                magnetic_media="N",
                alert="Y" if held else "N",
                transaction_date=_sip_now(),
                institution_id=self.institution,
                item_identifier=req.item_identifier,
                permanent_location=item.location if item else "",
                title_identifier=item.title if item else None,
                sort_bin="HOLDS" if held else None,
                patron_identifier=loan.patron_id if loan else None,
                screen_message=(message,) if message else (),
            )

    async def _renew(self, req: RenewRequest, ctx: Any) -> RenewResponse:
        item_id = req.item_identifier or ""
        with self.lock:
            loan = self.data.loans.get(item_id)
            refusal = self._refusal(req.patron_identifier, item_id)
            if refusal is None and (loan is None or loan.patron_id != req.patron_identifier):
                refusal = "Not on loan to you / 非本人借阅"
            if refusal:
                return self._circulation_response(RenewResponse, False, req, "", False, refusal)
            assert loan is not None
            loan.due = datetime.now(UTC) + timedelta(days=LOAN_DAYS)
            return self._circulation_response(
                RenewResponse, True, req, _sip_date(loan.due), True, None
            )

    async def _renew_all(self, req: RenewAllRequest, ctx: Any) -> RenewAllResponse:
        with self.lock:
            renewed, unrenewed = [], []
            for item_id, loan in self.data.loans.items():
                if loan.patron_id != req.patron_identifier:
                    continue
                if self._refusal(req.patron_identifier, item_id) is None:
                    loan.due = datetime.now(UTC) + timedelta(days=LOAN_DAYS)
                    renewed.append(item_id)
                else:
                    unrenewed.append(item_id)
            return RenewAllResponse(
                ok="0" if self.faults.refuse_circulation else "1",
                renewed_count=f"{len(renewed):04d}",
                unrenewed_count=f"{len(unrenewed):04d}",
                transaction_date=_sip_now(),
                institution_id=self.institution,
                renewed_items=tuple(renewed),
                unrenewed_items=tuple(unrenewed),
            )

    async def _item_information(
        self, req: ItemInformationRequest, ctx: Any
    ) -> ItemInformationResponse:
        with self.lock:
            item = self.data.items.get(req.item_identifier)
            loan = self.data.loans.get(req.item_identifier)
            queue = self.data.holds.get(req.item_identifier) or []
            if item is None:
                status = "01"
            elif loan is not None:
                status = "04"
            elif queue:
                status = "08"
            else:
                status = "03"
            return ItemInformationResponse(
                circulation_status=status,
                security_marker="02",
                fee_type="01",
                transaction_date=_sip_now(),
                hold_queue_length=str(len(queue)),
                due_date=_sip_date(loan.due) if loan else None,
                item_identifier=req.item_identifier,
                title_identifier=item.title if item else "",
                permanent_location=item.location if item else None,
                screen_message=() if item else ("Unknown item / 无此图书",),
            )

    async def _end_session(self, req: EndPatronSessionRequest, ctx: Any) -> EndSessionResponse:
        return EndSessionResponse(
            end_session="Y",
            transaction_date=_sip_now(),
            institution_id=self.institution,
            patron_identifier=req.patron_identifier,
        )


def main(argv: list[str] | None = None) -> int:
    """Serve the sample library until interrupted: ``python -m central.sip2.simulator``."""
    import argparse
    import json
    import signal
    import sys

    parser = argparse.ArgumentParser(description="a simulated SIP2 library system")
    parser.add_argument("--port", type=int, default=6001)
    parser.add_argument("--user", default="")
    parser.add_argument("--password", default="")
    parser.add_argument("--encoding", choices=("utf-8", "gb18030"), default="utf-8")
    args = parser.parse_args(argv)
    done = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: done.set())
    simulator = Sip2Simulator(
        username=args.user, password=args.password, encoding=args.encoding, port=args.port
    )
    with simulator:
        sys.stdout.write(json.dumps({"host": "127.0.0.1", "port": simulator.port}) + "\n")
        sys.stdout.flush()
        done.wait()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
