"""The MQTT topic tree shared by terminals and the central service (contract version ``v1``).

Every terminal owns the subtree ``kiosk/v1/<terminal_id>/``; its terminal id is its MQTT
username, so the broker's ACL (``config/mosquitto/acl``) can confine it there with ``%u``
patterns. The direction of every topic is fixed: ``up`` topics are published by the terminal,
``down`` topics only by the central service. See ``docs/mqtt.md`` for the payloads.
"""

from __future__ import annotations

import re

ROOT = "kiosk"
VERSION = "v1"
PREFIX = f"{ROOT}/{VERSION}"

# Terminal -> central.
STATE = "state"  # retained online/offline with Will, carrying boot + conn counters
TELEMETRY = "telemetry"
EVENTS = "events"
CMD_RESULT = "cmd/result"
PATRON_REQ = "patron/req"
ITEM_REQ = "item/req"  # an item's title and author (item-request.json)
# Central -> terminal.
ACK = "ack"
CMD = "cmd"
PATRON_RESP = "patron/resp"
ITEM_RESP = "item/resp"

UP = (STATE, TELEMETRY, EVENTS, CMD_RESULT, PATRON_REQ, ITEM_REQ)
DOWN = (ACK, CMD, PATRON_RESP, ITEM_RESP)

# The central service's own retained state: terminals pause delivery while it is offline
# and re-send their window as soon as it announces itself again.
CENTRAL_ID = "central"
CENTRAL_STATE = f"{PREFIX}/{CENTRAL_ID}/{STATE}"
# Retained too: the event envelopes central accepts and each terminal's share of it
# (central-contract.json). A terminal that never hears it sends one event per message.
CENTRAL_CONTRACT = f"{PREFIX}/{CENTRAL_ID}/contract"

# A terminal id is one topic level and one MQTT username: no wildcards, no slashes.
TERMINAL_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


class TopicError(ValueError):
    """A topic outside the contract's tree, or a terminal id that cannot be a topic level."""


def check_terminal_id(terminal_id: str) -> str:
    if not TERMINAL_ID_RE.match(terminal_id) or terminal_id == CENTRAL_ID:
        raise TopicError(f"invalid terminal id {terminal_id!r}")
    return terminal_id


def topic(terminal_id: str, leaf: str) -> str:
    """``topic("HZ-WLM-01", EVENTS)`` -> ``"kiosk/v1/HZ-WLM-01/events"``."""
    return f"{PREFIX}/{check_terminal_id(terminal_id)}/{leaf}"


def fleet_filter(leaf: str) -> str:
    """The central service's subscription for one leaf across all terminals."""
    return f"{PREFIX}/+/{leaf}"


def parse(topic_name: str) -> tuple[str, str]:
    """``"kiosk/v1/HZ-WLM-01/cmd/result"`` -> ``("HZ-WLM-01", "cmd/result")``."""
    parts = topic_name.split("/", 3)
    if len(parts) != 4 or f"{parts[0]}/{parts[1]}" != PREFIX:
        raise TopicError(f"topic outside {PREFIX}/: {topic_name!r}")
    terminal_id, leaf = parts[2], parts[3]
    if leaf not in UP + DOWN:
        raise TopicError(f"unknown leaf {leaf!r} in {topic_name!r}")
    return check_terminal_id(terminal_id), leaf
