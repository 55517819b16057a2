"""Checking and carrying out signed commands from the central service (terminal side).

Nothing moves before every check has passed, in this order: the envelope is well-formed,
its key id is trusted, the Ed25519 signature verifies over the exact body bytes received,
the body matches the schema, it names this terminal, it has not expired (and its validity
is not longer than its kind allows), and its command id has never been seen (recorded
atomically in the store before execution, so a crash mid-command never runs it twice).
A refused command changes nothing and is reported with the reason.

Hardware and UI effects go through ``CommandHandlers`` supplied by the app, so sync never
imports a driver. Runs on the sync worker thread only.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from kiosk.config import ConfigError
from kiosk.model import Item, Patron, PatronKind
from kiosk.privacy import mask_patron_id
from kiosk.store import Store
from sync import contract
from sync.signing import SignatureError, Verifier

log = logging.getLogger(__name__)

# The longest validity a terminal accepts per kind: a captured "open" is useless after minutes.
MAX_VALIDITY: dict[str, timedelta] = {"open_compartment": timedelta(minutes=5)}
DEFAULT_MAX_VALIDITY = timedelta(days=31)

# The uuid pattern of defs.json: a claimed id that fits can be echoed in any result.
COMMAND_ID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# What of an error message a result carries.
ERROR_CHARS = 500

CONFIG_VERSION_KEY = "sync.config_version"
PATRONS_VERSION_KEY = "sync.patrons_version"
OUT_OF_SERVICE_KEY = "terminal_out_of_service"
# The terminal alarm a loan_refused notice raises (subject: the item).
LOAN_REFUSED_ALARM = "loan_refused"


class CommandFailed(Exception):
    """A command that ran and failed; ``reason`` is the result-report reason."""

    state = "failed"

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


class Refused(CommandFailed):
    """A command refused before anything moved."""

    state = "rejected"


@dataclass
class CommandHandlers:
    """What the app lets the central service do beyond the store. A missing handler makes
    the command fail with ``not_supported`` (e.g. open_compartment on a kiosk without doors)."""

    # changes -> None; raises kiosk.config.ConfigError when the change is invalid.
    apply_config: Callable[[dict[str, Any]], None] | None = None
    # compartment id -> None; raises kiosk.devices.DeviceError when the door does not open.
    open_compartment: Callable[[str], None] | None = None
    # (compartment id or None for the whole terminal, out of service?, reason) -> None
    on_service_change: Callable[[str | None, bool, str], None] | None = None
    # compartment id -> None: back in service by staff's rule (door shut, board answering,
    # the compartment's alarms cleared); raises CommandFailed when the door refuses it.
    put_compartment_back: Callable[[str], None] | None = None
    # from_seq -> None; set by SyncClient, re-publishes archived and pending events.
    resend_events: Callable[[int], None] | None = None


class CommandExecutor:
    def __init__(
        self,
        store: Store,
        terminal_id: str,
        verifier: Verifier,
        handlers: CommandHandlers,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.store = store
        self.terminal_id = terminal_id
        self.verifier = verifier
        self.handlers = handlers
        self.clock = clock

    def handle(self, payload: bytes) -> dict[str, Any]:
        """Check and run one command; returns the result message to publish. Never raises.

        The result names the command id whenever there is one to name, so central can match
        it to its job: the id the body claims when the envelope is refused (marked
        ``unverified_id``), the signed body's own id when the body fails its schema.
        """
        command_id: str | None = None
        verified = False
        try:
            try:
                _kid, body_text = self.verifier.open(payload)
            except (contract.ContractError, SignatureError):
                command_id = _claimed_command_id(_envelope_body(payload))
                raise
            verified = True
            command_id = _claimed_command_id(body_text)
            body = contract.decode("command", body_text)
            self._check(body)
            detail = self._execute(body["kind"], body["args"])
        except contract.ContractError as exc:
            return self._refused(command_id, verified, "malformed", exc)
        except SignatureError as exc:
            return self._refused(command_id, verified, exc.reason, exc)
        except CommandFailed as exc:
            return self._result(command_id, exc.state, exc.reason, {"error": str(exc)})
        except Exception as exc:
            # Anything else about one command is that command's failure; the worker goes on.
            log.exception("command %s could not be handled", command_id)
            return self._refused(command_id, verified, "handler_error", exc, state="failed")
        return self._result(command_id, "succeeded", None, detail)

    def _refused(
        self,
        command_id: str | None,
        verified: bool,
        reason: str,
        exc: Exception,
        state: str = "rejected",
    ) -> dict[str, Any]:
        detail: dict[str, Any] = {"error": str(exc)}
        if command_id is not None and not verified:
            detail["unverified_id"] = True
        return self._result(command_id, state, reason, detail)

    def _check(self, body: dict[str, Any]) -> None:
        if body["terminal_id"] != self.terminal_id:
            raise Refused("wrong_terminal", f"command is for {body['terminal_id']}")
        try:
            issued = contract.parse_time(body["issued_at"])
            expires = contract.parse_time(body["expires_at"])
        except ValueError as exc:
            raise Refused("malformed", str(exc)) from exc
        if expires <= self.clock():
            raise Refused("expired", f"expired at {body['expires_at']}")
        if expires - issued > MAX_VALIDITY.get(body["kind"], DEFAULT_MAX_VALIDITY):
            raise Refused("invalid_args", f"validity too long for {body['kind']}")
        if not self.store.remember_command(body["command_id"], expires):
            raise Refused("replayed", f"command {body['command_id']} seen before")

    def _result(
        self, command_id: str | None, state: str, reason: str | None, detail: dict[str, Any]
    ) -> dict[str, Any]:
        if "error" in detail:
            # An error can quote the refused input; a result must stay a small message.
            detail = {**detail, "error": str(detail["error"])[:ERROR_CHARS]}
        if state != "succeeded":
            log.warning("command %s %s: %s %s", command_id, state, reason, detail.get("error"))
        return {
            "command_id": command_id,
            "terminal_id": self.terminal_id,
            "state": state,
            "reason": reason,
            "detail": detail,
            "at": contract.now_iso(),
        }

    # --- the commands ----------------------------------------------------------------
    def _execute(self, kind: str, args: dict[str, Any]) -> dict[str, Any]:
        try:
            handler: Callable[[dict[str, Any]], dict[str, Any]] = getattr(self, f"_do_{kind}")
            return handler(args)
        except CommandFailed:
            raise
        except Exception as exc:
            # A failing handler or store call is the command's failure, reported like any
            # other; it must not stop the worker or leave central without an answer.
            log.exception("command %s failed", kind)
            raise CommandFailed("handler_error", f"{type(exc).__name__}: {exc}") from exc

    def _do_load_holds(self, args: dict[str, Any]) -> dict[str, Any]:
        holds = args["holds"]
        items = [Item(h["item_id"], h["title"], h.get("author", "")) for h in holds if "title" in h]
        if items:
            self.store.upsert_items(items)
        for h in args["holds"]:
            self.store.add_hold(
                h["hold_id"], h["item_id"], h["patron_id"], contract.parse_time(h["expires_at"])
            )
        return {"holds": len(args["holds"])}

    def _do_cancel_hold(self, args: dict[str, Any]) -> dict[str, Any]:
        if not self.store.cancel_hold(args["hold_id"]):
            raise CommandFailed("invalid_args", f"no cancellable hold {args['hold_id']}")
        return {}

    def _do_block_patron(self, args: dict[str, Any]) -> dict[str, Any]:
        pid, reason = args["patron_id"], args["reason"]
        if not self.store.set_patron_block(pid, True, reason):
            # Unknown here yet: cache a blocked record so the block holds offline too.
            self.store.upsert_patrons([Patron(pid, PatronKind.CARD, None, True, reason)])
        log.info("patron %s blocked by central", mask_patron_id(pid))
        return {}

    def _do_unblock_patron(self, args: dict[str, Any]) -> dict[str, Any]:
        known = self.store.set_patron_block(args["patron_id"], False, None)
        return {"cached": known}

    def _do_sync_patrons(self, args: dict[str, Any]) -> dict[str, Any]:
        self._newer_version(PATRONS_VERSION_KEY, args["version"])
        self.store.upsert_patrons(contract.patron_record(p) for p in args["patrons"])
        self.store.set_setting(PATRONS_VERSION_KEY, str(args["version"]))
        return {"patrons": len(args["patrons"]), "version": args["version"]}

    def _do_set_config(self, args: dict[str, Any]) -> dict[str, Any]:
        self._newer_version(CONFIG_VERSION_KEY, args["version"])
        if self.handlers.apply_config is None:
            raise CommandFailed("not_supported", "this terminal takes no configuration changes")
        try:
            self.handlers.apply_config(args["changes"])
        except ConfigError as exc:
            raise CommandFailed("invalid_args", str(exc)) from exc
        self.store.set_setting(CONFIG_VERSION_KEY, str(args["version"]))
        return {"version": args["version"]}

    def _newer_version(self, key: str, version: int) -> None:
        current = int(self.store.get_setting(key) or 0)
        if version <= current:
            raise Refused("stale_version", f"version {version} is not newer than {current}")

    def _do_open_compartment(self, args: dict[str, Any]) -> dict[str, Any]:
        if self.handlers.open_compartment is None:
            raise CommandFailed("not_supported", "this terminal has no compartments")
        self.handlers.open_compartment(args["compartment_id"])
        return {"compartment_id": args["compartment_id"]}

    def _do_set_out_of_service(self, args: dict[str, Any]) -> dict[str, Any]:
        cid, oos, reason = args.get("compartment_id"), args["out_of_service"], args["reason"]
        if cid and not oos and self.handlers.put_compartment_back is not None:
            # Nobody at central can see the door: the same checks as staff at the machine.
            if cid not in {c.compartment_id for c in self.store.compartments()}:
                raise CommandFailed("invalid_args", f"no compartment {cid}")
            self.handlers.put_compartment_back(cid)
        elif cid:
            if not self.store.set_compartment_in_service(cid, not oos, reason):
                raise CommandFailed("invalid_args", f"no compartment {cid}")
        else:
            # An empty reason means in service (the store's convention for this setting).
            self.store.set_setting(OUT_OF_SERVICE_KEY, (reason or "out of service") if oos else "")
        if self.handlers.on_service_change is not None:
            self.handlers.on_service_change(cid, oos, reason)
        return {}

    def _do_resend_events(self, args: dict[str, Any]) -> dict[str, Any]:
        if self.handlers.resend_events is None:
            raise CommandFailed("not_supported", "no outbox here")
        self.handlers.resend_events(args["from_seq"])
        return {"from_seq": args["from_seq"]}

    def _do_loan_refused(self, args: dict[str, Any]) -> dict[str, Any]:
        # The book stays lent here (the patron has it); staff see the alarm and settle it
        # with the library. One alarm per item until cleared, however often it is refused.
        alarm_id = self.store.raise_alarm_once(
            LOAN_REFUSED_ALARM,
            args["item_id"],
            {
                "event_id": args["event_id"],
                "event_kind": args["event_kind"],
                "patron": args["patron"],
                "reason": args["reason"],
            },
        )
        log.warning(
            "library system refused %s of item %s: %s",
            args["event_kind"],
            args["item_id"],
            args["reason"],
        )
        return {"alarm": alarm_id is not None}


def _envelope_body(payload: bytes) -> str | None:
    """The body string of an envelope too malformed to verify, if it has one."""
    try:
        body = json.loads(payload).get("body")
    except (ValueError, RecursionError, AttributeError):
        return None
    return body if isinstance(body, str) else None


def _claimed_command_id(body_text: str | None) -> str | None:
    """The command id a body names, if it is a well-formed one (a UUID, so a result can
    always carry it); whether it is trusted depends on whether the signature verified."""
    if body_text is None:
        return None
    try:
        claimed = json.loads(body_text).get("command_id")
    except (ValueError, RecursionError, AttributeError):
        return None
    return claimed if isinstance(claimed, str) and COMMAND_ID_RE.fullmatch(claimed) else None
