"""The transaction flows: sessions, borrow, return, renew, locker pick-up and loading.

Every flow that touches a device follows one order, so that a crash at any instant
leaves something the next start-up can finish or undo (:meth:`Circulation.recover`):

1. record the intent durably (an ``intents`` row, own transaction);
2. act on the device (write the tag's security state, open the door);
3. record the outcome: loan/return/hold change, outbox event, audit row, statistics and
   the intent's removal, all in ONE transaction.

The invariant: no book leaves with its security state disagreeing with the records
without the system knowing (an alarm for staff), and no loan is recorded twice or lost
(loan ids are chosen in step 1 and the store refuses a second open loan of an item).
When the outcome cannot be established, the item stays charged to the patron and staff
are alerted: a resident is never silently let off, and a book never silently vanishes.

The flows run on one worker thread (the UI's transaction worker); they block on devices
and must never be called from the UI thread. ``on_step`` is called after each labelled
step: the UI uses it for progress, the crash tests to kill the process at that point.

Where to look, by flow:

- ``core``: what the flows return and refuse with, the step labels, and
  :class:`CirculationCore` (store, configuration, devices, clocks, service state and the
  records several flows write: a loan, a return, a refusal, a failed door);
- ``sessions``: card, e-card and pick-up-code logins, logout, a patron's loans;
- ``items``: borrow, return and renew on the RFID pad;
- ``lockers``: pick-up, staff loading, expiry and removal of holds, returns into a
  compartment, and which compartment a load or return goes into;
- ``recovery``: settling the intents a crash left behind;
- ``service``: :class:`Circulation`, the one object the terminal calls.

Why a facade over one object per flow rather than one big class or mixins: a newcomer
reads one flow in one file, with what it depends on in its constructor (the core, and
for lockers and recovery the flows whose records they reuse), and ``Circulation`` lists
the whole public surface in one place. Only the core holds state, so the attributes the
rest of the terminal sets (``on_step``, ``patron_check``, ``steady``) have one owner.
"""

from kiosk.circulation.core import (
    BORROW_STEPS,
    LOAD_STEPS,
    PICKUP_STEPS,
    RETURN_STEPS,
    Account,
    AccountHold,
    AccountLoan,
    ItemOutcome,
    LoadTicket,
    LockedOut,
    PickupOutcome,
    PinRequired,
    RecoveryOutcome,
    Refused,
    Session,
    StepHook,
    site_clock,
)
from kiosk.circulation.lockers import MAX_ITEMS_PER_COMPARTMENT
from kiosk.circulation.service import Circulation

__all__ = [
    "BORROW_STEPS",
    "LOAD_STEPS",
    "MAX_ITEMS_PER_COMPARTMENT",
    "PICKUP_STEPS",
    "RETURN_STEPS",
    "Account",
    "AccountHold",
    "AccountLoan",
    "Circulation",
    "ItemOutcome",
    "LoadTicket",
    "LockedOut",
    "PickupOutcome",
    "PinRequired",
    "RecoveryOutcome",
    "Refused",
    "Session",
    "StepHook",
    "site_clock",
]
