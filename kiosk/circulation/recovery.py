"""Start-up recovery: settle every intent a crash left behind, from the devices' evidence.

Runs before the first session. Each pending intent is finished or rolled back in one
transaction with its outcome; when the devices cannot tell what happened, the item stays
charged to the patron and staff get an alarm (the table in docs/architecture.md):

- borrow: the tag still reads "in library" -> rolled back; "on loan" -> the loan is
  recorded; gone from the pad -> recorded, flagged, ``security_state_unknown``;
- return: "in library" -> the return is recorded; otherwise the loan is kept (an alarm
  when the tag is gone);
- pick-up: door open or item sensor empty -> loans recorded; door closed with the item
  still there -> rolled back; no sensor can tell -> recorded, ``pickup_unconfirmed``;
- load: the hold was loaded into that compartment by a later attempt (the ticket was
  abandoned) -> nothing to undo; otherwise rolled back with ``check_compartment``.
"""

from __future__ import annotations

import logging

from kiosk.circulation.core import (
    CHECK_COMPARTMENT_ALARM,
    CirculationCore,
    Payload,
    RecoveryOutcome,
)
from kiosk.circulation.items import ItemFlows
from kiosk.circulation.lockers import LockerFlows
from kiosk.devices import DeviceError, DoorSensor
from kiosk.model import Hold, HoldStatus

log = logging.getLogger(__name__)

Resolution = tuple[str, Payload]

# Hold states that mean "it was put into its compartment at some point".
_LOADED = frozenset({HoldStatus.READY, HoldStatus.PICKED_UP, HoldStatus.EXPIRED})


class Recovery:
    """Settles the intents left by a crash; finishes them with the flows' own records."""

    def __init__(self, core: CirculationCore, items: ItemFlows, lockers: LockerFlows):
        self.core = core
        self.items = items
        self.lockers = lockers

    def recover(self) -> list[RecoveryOutcome]:
        """Finish or roll back every intent a crash left behind. Run before the first session."""
        outcomes = []
        for intent in self.core.store.pending_intents():
            handler = {
                "borrow": self._recover_borrow,
                "return": self._recover_return,
                "pickup": self._recover_pickup,
                "load": self._recover_load,
            }[intent["kind"]]
            resolution, detail = handler(intent["intent_id"], intent["payload"])
            log.info("recovered %s intent: %s", intent["kind"], resolution)
            outcomes.append(
                RecoveryOutcome(intent["intent_id"], intent["kind"], resolution, detail)
            )
        return outcomes

    def _recover_borrow(self, intent_id: str, payload: Payload) -> Resolution:
        core = self.core
        state = core.read_secured(payload["uid"])
        detail: Payload = {"item_id": payload["item_id"]}
        with core.store.transaction() as tx:
            tx.finish_intent(intent_id)
            if state is True:
                core.rolled_back_rows(tx, "borrow", payload["patron_id"], detail)
                return "rolled_back", detail
            core.record_loan(tx, payload, state is None, hold_id=None, compartment_id=None)
        return ("needs_staff" if state is None else "completed"), detail

    def _recover_return(self, intent_id: str, payload: Payload) -> Resolution:
        core = self.core
        state = core.read_secured(payload["uid"])
        detail: Payload = {"item_id": payload["item_id"]}
        with core.store.transaction() as tx:
            tx.finish_intent(intent_id)
            if state is True:
                self.items.finish_return(tx, payload)
                return "completed", detail
            core.rolled_back_rows(tx, "return", payload["patron_id"], detail)
            if state is None:
                tx.raise_alarm(
                    "security_state_unknown",
                    payload["item_id"],
                    {"action": "return", "uid": payload["uid"]},
                )
                return "needs_staff", detail
        return "rolled_back", detail

    def _recover_pickup(self, intent_id: str, payload: Payload) -> Resolution:
        core = self.core
        compartment_id = payload["compartment_id"]
        opened = self._door_was_opened(compartment_id)
        detail: Payload = {"compartment_id": compartment_id}
        with core.store.transaction() as tx:
            tx.finish_intent(intent_id)
            if opened is False:
                core.rolled_back_rows(tx, "pickup", payload["patron_id"], detail)
                return "rolled_back", detail
            self.lockers.record_pickup(tx, payload, needs_staff=opened is None)
        return ("needs_staff" if opened is None else "completed"), detail

    def _door_was_opened(self, compartment_id: str) -> bool | None:
        """True if the door is open or its item is gone, False if provably untouched."""
        doors = self.core.doors
        if doors is None:
            return None
        try:
            if doors.sensor(compartment_id) is DoorSensor.OPEN:
                return True
            present = doors.item_present(compartment_id)
        except DeviceError:
            return None
        if present is None:
            return None
        return not present

    def _recover_load(self, intent_id: str, payload: Payload) -> Resolution:
        core = self.core
        detail = dict(payload)
        hold = core.store.get_hold(payload["hold_id"])
        with core.store.transaction() as tx:
            tx.finish_intent(intent_id)
            if hold is not None and _loaded_into(hold, payload["compartment_id"]):
                # Staff started loading again without confirming this ticket, and the later
                # attempt was confirmed into this same compartment: nothing to undo.
                tx.audit(core.clock(), "staff", "load_hold", "superseded", detail=detail)
                return "completed", detail
            # The hold is still awaiting load; staff were at the machine and load it again.
            # The door may have opened and the book gone in: staff look before the
            # compartment is taken as empty again (kiosk.circulation.lockers).
            tx.raise_alarm(
                CHECK_COMPARTMENT_ALARM, payload["compartment_id"], {"hold_id": payload["hold_id"]}
            )
            tx.audit(core.clock(), "staff", "load_hold", "rolled_back", detail=detail)
        return "rolled_back", detail


def _loaded_into(hold: Hold, compartment_id: str) -> bool:
    """The hold was put into this compartment (and may since have left it: collected, or
    expired and taken out by staff)."""
    return hold.status in _LOADED and hold.compartment_id in (compartment_id, None)
