"""The message contract: JSON Schemas in ``sync/schemas/`` loaded once, used by both sides.

The terminal validates everything it receives (acks, commands, patron answers) and the
central service everything it receives (state, telemetry, events, results, patron requests);
the tests validate what each side sends. A message that fails is a ``ContractError`` naming
the schema and the offending path, never a half-processed message.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from typing import Any

import jsonschema
from referencing import Registry, Resource

BASE_URI = "https://kiosk.example/schemas/v1/"
SCHEMAS = (
    "state",
    "telemetry",
    "event",
    "ack",
    "command-envelope",
    "command",
    "command-result",
    "patron-request",
    "patron-response",
)


class ContractError(ValueError):
    """A payload that is not JSON or does not match its schema."""

    def __init__(self, schema: str, message: str) -> None:
        super().__init__(f"{schema}: {message}")
        self.schema = schema


def _load(name: str) -> dict[str, Any]:
    text = resources.files("sync.schemas").joinpath(f"{name}.json").read_text("utf-8")
    return json.loads(text)


@cache
def _validators() -> dict[str, jsonschema.protocols.Validator]:
    docs = {name: _load(name) for name in (*SCHEMAS, "defs")}
    registry: Registry = Registry().with_resources(
        (BASE_URI + f"{name}.json", Resource.from_contents(doc)) for name, doc in docs.items()
    )
    validators = {}
    for name in SCHEMAS:
        cls = jsonschema.validators.validator_for(docs[name])
        cls.check_schema(docs[name])
        validators[name] = cls(docs[name], registry=registry)
    return validators


def validate(schema: str, message: Any) -> dict[str, Any]:
    """Return ``message`` if it matches ``schema``, else raise ContractError."""
    error = jsonschema.exceptions.best_match(_validators()[schema].iter_errors(message))
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "(root)"
        raise ContractError(schema, f"{where}: {error.message}")
    return message


def decode(schema: str, payload: bytes | str) -> dict[str, Any]:
    """Parse a JSON payload and validate it against ``schema``."""
    try:
        message = json.loads(payload)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ContractError(schema, f"not JSON: {exc}") from exc
    return validate(schema, message)


def encode(message: dict[str, Any]) -> bytes:
    """Compact UTF-8 JSON, the wire form of every message."""
    return json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def parse_time(value: str) -> datetime:
    """ISO 8601 with an offset; a naive time would make expiry checks depend on the TZ."""
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise ValueError(f"timestamp without a UTC offset: {value!r}")
    return parsed
