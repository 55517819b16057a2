"""Lockers: residents pick up holds; staff load holds, take out expired ones, and returns
go into an empty compartment.

A pick-up records its loans once the door has opened (intent, door, loans in one
transaction); a door that will not open leaves its holds waiting and the compartment out
of service. Loading is two calls with staff in between: :meth:`LockerFlows.begin_loading`
records the intent and opens the door, :meth:`LockerFlows.confirm_loaded` (door closed
again) makes the hold ready with its pick-up code, its event and the intent's removal in
one transaction.

Which compartment a new load or a return goes into: the patron's own compartment while it
has room (it keeps its code), else the first empty one in service. A compartment with an
uncleared ``check_compartment`` alarm is never taken as empty: a load into it was rolled
back after its door had opened, so staff may have put a book in that the records do not
show, and the next patron or a return must not get it. Its own patron may still collect
from it and get further holds loaded into it: anything in there is reserved for them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import timedelta

from kiosk import pickup_codes
from kiosk.circulation.core import (
    CHECK_COMPARTMENT_ALARM,
    LOAD_STEPS,
    PICKUP_STEPS,
    CirculationCore,
    ItemOutcome,
    LoadTicket,
    Payload,
    PickupOutcome,
    Refused,
    Session,
    new_loan_id,
)
from kiosk.circulation.items import ItemFlows
from kiosk.devices import DeviceError, DoorNotClosed, DoorSensor, TagRead
from kiosk.lockers import ServicedDoors
from kiosk.model import Compartment, Hold, HoldStatus
from kiosk.reasons import Reason
from kiosk.store import Tx, utc_text

MAX_ITEMS_PER_COMPARTMENT = 3
# The out-of-service reason of a compartment staff took out themselves.
STAFF_REASON = "staff"


class LockerFlows:
    """Pick-up, loading, expiry and removal of holds; returns into a compartment."""

    def __init__(self, core: CirculationCore, items: ItemFlows):
        self.core = core
        self.items = items

    # --- pick-up ---------------------------------------------------------------------------

    def holds_ready(self, session: Session) -> list[Hold]:
        now = self.core.clock()
        holds = [
            h
            for h in self.core.store.holds(HoldStatus.READY, session.patron_id)
            if h.compartment_id and (h.expires_at is None or h.expires_at > now)
        ]
        if session.hold_ids is not None:
            holds = [h for h in holds if h.hold_id in session.hold_ids]
        return holds

    def pickup(self, session: Session) -> list[PickupOutcome]:
        """Open the doors of the patron's ready holds; each loan is recorded once its door
        has opened. A door that will not open leaves its holds waiting, out of service."""
        core = self.core
        core.require_in_service()
        holds = self.holds_ready(session)
        if not holds:
            core.record_refusal(session.patron_id, "pickup", Reason.NO_HOLDS_READY, {})
            raise Refused(Reason.NO_HOLDS_READY)
        core.require_doors()
        by_compartment: dict[str, list[Hold]] = {}
        for hold in holds:
            by_compartment.setdefault(hold.compartment_id or "", []).append(hold)
        outcomes: list[PickupOutcome] = []
        for compartment_id, compartment_holds in sorted(by_compartment.items()):
            outcomes.extend(self._pickup_compartment(session, compartment_id, compartment_holds))
        return outcomes

    def _pickup_compartment(
        self, session: Session, compartment_id: str, holds: list[Hold]
    ) -> list[PickupOutcome]:
        core = self.core
        doors = core.require_doors()
        now = core.clock()
        due = now.date() + timedelta(days=core.loan_days(session))
        payload: Payload = {
            "compartment_id": compartment_id,
            "patron_id": session.patron_id,
            "offline": not session.online,
            "loans": [
                {"hold_id": h.hold_id, "item_id": h.item_id, "loan_id": new_loan_id()}
                for h in holds
            ],
            "due": due.isoformat(),
        }
        titles = {h.hold_id: core.title(h.item_id) for h in holds}
        with core.store.transaction() as tx:
            intent_id = tx.begin_intent("pickup", now, payload)
        core.step(PICKUP_STEPS[0])
        try:
            doors.open(compartment_id)
        except DeviceError as exc:
            with core.store.transaction() as tx:
                tx.finish_intent(intent_id)
                core.compartment_fault(tx, compartment_id, exc, session.patron_id)
            return [
                PickupOutcome(
                    h.hold_id,
                    h.item_id,
                    titles[h.hold_id],
                    compartment_id,
                    False,
                    Reason.COMPARTMENT_FAULT,
                )
                for h in holds
            ]
        core.step(PICKUP_STEPS[1])
        with core.store.transaction() as tx:
            self.record_pickup(tx, payload, needs_staff=False)
            tx.finish_intent(intent_id)
        core.step(PICKUP_STEPS[2])
        session.picked_up += len(holds)
        return [
            PickupOutcome(h.hold_id, h.item_id, titles[h.hold_id], compartment_id, True, due=due)
            for h in holds
        ]

    def record_pickup(self, tx: Tx, payload: Payload, needs_staff: bool) -> None:
        """Record the loans of a pick-up intent and mark its holds picked up."""
        for entry in payload["loans"]:
            loan = {
                "loan_id": entry["loan_id"],
                "item_id": entry["item_id"],
                "patron_id": payload["patron_id"],
                "due": payload["due"],
                "offline": payload["offline"],
            }
            self.core.record_loan(
                tx, loan, needs_staff, entry["hold_id"], payload["compartment_id"]
            )
            tx.mark_hold_picked_up(entry["hold_id"], self.core.clock())

    # --- staff: loading --------------------------------------------------------------------

    def holds_to_load(self) -> list[Hold]:
        return self.core.store.holds(HoldStatus.AWAITING_LOAD)

    def begin_loading(self, item_id: str, actor: str = "staff") -> LoadTicket:
        """Staff put a reserved item on the pad: choose its compartment and open the door."""
        core = self.core
        hold = next((h for h in self.holds_to_load() if h.item_id == item_id), None)
        if hold is None:
            raise Refused(Reason.NO_HOLDS_READY, f"no hold waits for item {item_id}")
        doors = core.require_doors()
        compartment_id = self._choose_compartment(hold.patron_id)
        now = core.clock()
        with core.store.transaction() as tx:
            intent_id = tx.begin_intent(
                "load", now, {"hold_id": hold.hold_id, "compartment_id": compartment_id}
            )
        core.step(LOAD_STEPS[0])
        try:
            doors.open(compartment_id)
        except DeviceError as exc:
            with core.store.transaction() as tx:
                tx.finish_intent(intent_id)
                core.compartment_fault(tx, compartment_id, exc, None)
            raise Refused(Reason.COMPARTMENT_FAULT, exc.code) from exc
        core.step(LOAD_STEPS[1])
        return LoadTicket(intent_id, hold.hold_id, hold.item_id, compartment_id)

    def _choose_compartment(self, patron_id: str) -> str:
        """The patron's own compartment if it has room, else the first empty one."""
        compartments = [c for c in self.core.store.compartments() if c.in_service]
        patron_holds = {h.hold_id for h in self.core.store.holds(HoldStatus.READY, patron_id)}
        for c in compartments:
            if (
                c.holds
                and set(c.holds) <= patron_holds
                and len(c.holds) < MAX_ITEMS_PER_COMPARTMENT
            ):
                return c.compartment_id
        empty = self._empty_compartment(compartments)
        if empty is None:
            raise Refused(Reason.NO_FREE_COMPARTMENT)
        return empty

    def _empty_compartment(self, in_service: Iterable[Compartment]) -> str | None:
        """The first compartment that holds nothing, as far as the records and staff know."""
        unchecked = self.core.store.alarmed_subjects(CHECK_COMPARTMENT_ALARM)
        return next(
            (
                c.compartment_id
                for c in in_service
                if not c.holds and c.compartment_id not in unchecked
            ),
            None,
        )

    def confirm_loaded(self, ticket: LoadTicket, actor: str = "staff") -> str | None:
        """The door is closed again with the item inside: the hold is ready for pick-up.

        Returns the new pick-up code, or None when the compartment already holds this
        patron's items and so keeps its code. Raises DoorNotClosed via Refused if open.
        """
        core, store = self.core, self.core.store
        doors = core.require_doors()
        if doors.sensor(ticket.compartment_id) is not DoorSensor.CLOSED:
            raise Refused(Reason.COMPARTMENT_FAULT, "door_not_closed")
        now = core.clock()
        hold = store.get_hold(ticket.hold_id)
        if hold is None:
            raise Refused(Reason.NO_HOLDS_READY, f"hold {ticket.hold_id} is unknown")
        sharing = [
            h
            for h in store.holds(HoldStatus.READY, hold.patron_id)
            if h.compartment_id == ticket.compartment_id
        ]
        code: str | None = None
        if sharing:
            digest = store.pickup_code_hash(sharing[0].hold_id) or ""
        else:
            code = self._unused_code()
            digest = pickup_codes.code_hash(core.pickup_secret(), code)
        expires = now + timedelta(days=core.policy.hold_days)
        with store.transaction() as tx:
            tx.mark_hold_ready(ticket.hold_id, ticket.compartment_id, expires, digest, now)
            tx.add_event(
                "hold_loaded",
                now,
                {
                    "hold_id": ticket.hold_id,
                    "item_id": ticket.item_id,
                    "patron_id": hold.patron_id,
                    "compartment_id": ticket.compartment_id,
                    "expires_at": utc_text(expires),
                    "pickup_code": code,
                    "same_code_as": sharing[0].hold_id if sharing else None,
                },
            )
            tx.audit(
                now,
                actor,
                "load_hold",
                "ok",
                detail={"hold_id": ticket.hold_id, "compartment_id": ticket.compartment_id},
            )
            tx.finish_intent(ticket.intent_id)
        core.step(LOAD_STEPS[2])
        return code

    def _unused_code(self) -> str:
        secret = self.core.pickup_secret()
        while True:
            code = pickup_codes.new_code()
            if not self.core.store.code_in_use(pickup_codes.code_hash(secret, code)):
                return code

    # --- staff: expired holds --------------------------------------------------------------

    def expire_holds(self) -> list[Hold]:
        """Mark ready holds past their date as expired and report them for removal."""
        store = self.core.store
        now = self.core.clock()
        expired = [
            h
            for h in store.holds(HoldStatus.READY)
            if h.expires_at is not None and h.expires_at <= now
        ]
        for hold in expired:
            with store.transaction() as tx:
                tx.expire_hold(hold.hold_id, now)
                tx.add_event(
                    "hold_expired",
                    now,
                    {
                        "hold_id": hold.hold_id,
                        "item_id": hold.item_id,
                        "compartment_id": hold.compartment_id,
                    },
                )
                tx.audit(now, "system", "hold_expired", "ok", detail={"hold_id": hold.hold_id})
        return [dataclasses.replace(h, status=HoldStatus.EXPIRED) for h in expired]

    def holds_to_remove(self) -> list[Hold]:
        return [h for h in self.core.store.holds(HoldStatus.EXPIRED) if h.compartment_id]

    def remove_hold(self, hold_id: str, actor: str = "staff", reason: str = "expired") -> None:
        """Staff open the compartment and take an expired or cancelled hold out."""
        core = self.core
        hold = core.store.get_hold(hold_id)
        if hold is None or hold.compartment_id is None:
            raise Refused(Reason.NO_HOLDS_READY, f"hold {hold_id} is in no compartment")
        doors = core.require_doors()
        try:
            doors.open(hold.compartment_id)
        except DeviceError as exc:
            with core.store.transaction() as tx:
                core.compartment_fault(tx, hold.compartment_id, exc, None)
            raise Refused(Reason.COMPARTMENT_FAULT, exc.code) from exc
        now = core.clock()
        with core.store.transaction() as tx:
            tx.take_hold_out(hold_id, now)
            tx.add_event(
                "hold_removed", now, {"hold_id": hold_id, "item_id": hold.item_id, "reason": reason}
            )
            tx.audit(now, actor, "remove_hold", "ok", detail={"hold_id": hold_id})

    # --- staff: compartments out of service and back -------------------------------------

    def test_open(self, compartment_id: str) -> None:
        """Staff open a door to look inside or try a repaired lock, out of service or not.

        A lock that still does not release takes the compartment out of service with the
        error's code (the door supervision raises its alarm); staff see the refusal.
        """
        core = self.core
        doors = core.require_doors()
        try:
            if isinstance(doors, ServicedDoors):
                doors.open(compartment_id, service=True)
            else:
                doors.open(compartment_id)
        except DeviceError as exc:
            core.store.set_compartment_in_service(compartment_id, False, exc.code)
            raise Refused(Reason.COMPARTMENT_FAULT, exc.code) from exc

    def take_compartment_out(self, compartment_id: str) -> None:
        """Staff take a compartment out of service: no load or return goes into it."""
        self._known_compartment(compartment_id)
        self.core.store.set_compartment_in_service(compartment_id, False, STAFF_REASON)

    def put_compartment_back(self, compartment_id: str, actor: str = "staff") -> list[int]:
        """Staff put a compartment back in service once its door is shut.

        Clears the door's fault and the compartment's uncleared alarms (staff have looked:
        whatever a rolled-back load left inside is accounted for), and only then marks it
        in service, so a crash in between leaves it out of service. Refused while the door
        reads open or its board does not answer. Returns the ids of the alarms cleared.
        """
        core = self.core
        self._known_compartment(compartment_id)
        doors = core.doors
        if doors is not None:
            try:
                sensor = doors.sensor(compartment_id)
            except DeviceError as exc:
                raise Refused(Reason.COMPARTMENT_FAULT, exc.code) from exc
            if sensor is not DoorSensor.CLOSED:
                raise Refused(Reason.COMPARTMENT_FAULT, DoorNotClosed.code)
            if isinstance(doors, ServicedDoors):
                doors.clear(compartment_id)
        cleared = [
            alarm.alarm_id
            for alarm in core.store.active_alarms()
            if alarm.subject == compartment_id and core.store.clear_alarm(alarm.alarm_id, actor)
        ]
        core.store.set_compartment_in_service(compartment_id, True, None)
        return cleared

    def _known_compartment(self, compartment_id: str) -> None:
        if all(c.compartment_id != compartment_id for c in self.core.store.compartments()):
            raise Refused(Reason.COMPARTMENT_FAULT, f"unknown compartment {compartment_id}")

    # --- returns into a compartment --------------------------------------------------------

    def return_to_compartment(
        self, tags: list[TagRead], session: Session | None = None
    ) -> tuple[str, list[ItemOutcome]]:
        """Returns into a locker where the site offers it: check the items in on the pad,
        then open an empty compartment for them; it stays out of service until staff
        empty it."""
        core = self.core
        core.require_in_service()
        if not core.config.lockers.returns_enabled or core.doors is None:
            raise Refused(Reason.DEVICE_UNAVAILABLE)
        doors = core.doors
        compartment_id = self._empty_compartment(
            c for c in core.store.compartments() if c.in_service
        )
        if compartment_id is None:
            raise Refused(Reason.NO_FREE_COMPARTMENT)
        outcomes = self.items.return_items(tags, session, compartment_id)
        if any(o.ok for o in outcomes):
            try:
                doors.open(compartment_id)
            except DeviceError as exc:
                with core.store.transaction() as tx:
                    core.compartment_fault(tx, compartment_id, exc, None)
                raise Refused(Reason.COMPARTMENT_FAULT, exc.code) from exc
            core.store.set_compartment_in_service(compartment_id, False, "returns_to_empty")
        return compartment_id, outcomes
