"""What an operator may ask of a terminal from its page, turned into a command job.

The console never signs anything: it queues a job exactly as ``kiosk central send`` does,
and the running central service signs, sends and tracks it. Each action needs a reason and
a ticked confirmation; its arguments are checked against the command schema before the job
is queued, and the job and its audit row are written in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from central.service import VALIDITY_S, check_job_args
from central.store import CentralStore
from kiosk.privacy import mask_patron_id
from sync.contract import ContractError

ACTIONS = ("open", "out_of_service", "in_service", "block", "unblock", "resend")
MAX_FIELD_CHARS = 200


class ActionRefused(ValueError):
    """The form does not make a valid action; ``key`` names the message shown."""

    def __init__(self, key: str, why: str = "") -> None:
        super().__init__(key)
        self.key, self.why = key, why


@dataclass(frozen=True)
class Command:
    kind: str
    args: dict[str, Any]
    audit_detail: dict[str, Any]  # what the audit row records (patron ids masked)


def _field(form: dict[str, str], name: str) -> str:
    return form.get(name, "").strip()[:MAX_FIELD_CHARS]


def command_for(form: dict[str, str]) -> Command:
    """The command an action form asks for; raises ActionRefused."""
    action = form.get("action", "")
    if action not in ACTIONS:
        raise ActionRefused("action.bad", "action")
    if form.get("confirm") != "yes":
        raise ActionRefused("action.need_confirm")
    reason = _field(form, "reason")
    if not reason:
        raise ActionRefused("action.need_reason")
    compartment = _field(form, "compartment") or None
    patron = _field(form, "patron")
    detail: dict[str, Any] = {"action": action, "reason": reason}
    kind: str
    args: dict[str, Any]
    if action == "open":
        if compartment is None:
            raise ActionRefused("action.need_compartment")
        kind, args = "open_compartment", {"compartment_id": compartment, "reason": reason}
    elif action in ("out_of_service", "in_service"):
        out = action == "out_of_service"
        kind = "set_out_of_service"
        args = {"compartment_id": compartment, "out_of_service": out, "reason": reason}
    elif action in ("block", "unblock"):
        if not patron:
            raise ActionRefused("action.need_patron")
        detail["patron_id"] = mask_patron_id(patron)
        if action == "block":
            kind, args = "block_patron", {"patron_id": patron, "reason": reason}
        else:
            kind, args = "unblock_patron", {"patron_id": patron}
    else:
        try:
            from_seq = int(_field(form, "from_seq"))
        except ValueError:
            from_seq = 0
        if from_seq < 1:
            raise ActionRefused("action.need_seq")
        kind, args = "resend_events", {"from_seq": from_seq}
    try:
        check_job_args(kind, args)
    except ContractError as exc:
        raise ActionRefused("action.bad", str(exc)[:200]) from exc
    if compartment is not None:
        detail["compartment_id"] = compartment
    if kind == "resend_events":
        detail["from_seq"] = args["from_seq"]
    return Command(kind, args, detail)


def record_patron_block(store: CentralStore, command: Command) -> None:
    """Keep central's own patron record in step, as ``kiosk central send block`` does."""
    if command.kind not in ("block_patron", "unblock_patron"):
        return
    known = store.get_patron(command.args["patron_id"])
    if known is None:
        return
    blocked = command.kind == "block_patron"
    known.update(blocked=blocked, block_reason=command.args.get("reason") if blocked else None)
    store.upsert_patrons([known])


def validity_s(command: Command) -> int:
    return VALIDITY_S[command.kind]
