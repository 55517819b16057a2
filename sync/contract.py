"""The message contract: JSON Schemas in ``sync/schemas/`` loaded once, used by both sides.

The terminal validates everything it receives (acks, commands, patron answers) and the
central service everything it receives (state, telemetry, events, results, patron requests);
the tests validate what each side sends. A message that fails is a ``ContractError`` naming
the schema and the offending path, never a half-processed message.

Two validators per schema, one meaning. ``jsonschema`` (draft 2020-12, references through a
``referencing`` registry) is the reference: it decides every rejection and names the best
error. It costs about 0.4 ms per event and 10 ms per acknowledgement of 200 ids, which made
it the bottleneck of the outbox drain, so every message first goes through a ``fastjsonschema``
validator compiled to Python code from the same schema (20-100 times faster). fastjsonschema
implements the keywords of drafts 4 to 7 and resolves references lazily through URI handlers,
so at load time the cross-file ``$ref``s are inlined (the schemas are not recursive), and any
keyword whose meaning differs between draft 7 and 2020-12 (or that fastjsonschema ignores)
is refused, so a schema change cannot silently weaken the fast path. Formats stay annotations
on both, as 2020-12 says by default. A message the compiled validator accepts is valid; one it
refuses is judged again by the reference, which alone may reject it: fastjsonschema is
stricter in corners (a ``$`` in a pattern means end of string, not before a final newline as
in Python's ``re``), and the reference keeps the contract exactly as it was.
"""

from __future__ import annotations

import json
import math
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from typing import Any, cast

import fastjsonschema
import jsonschema
from referencing import Registry, Resource

from kiosk.model import Patron, PatronKind
from kiosk.privacy import mask_name

BASE_URI = "https://kiosk.example/schemas/v1/"
SCHEMAS = (
    "state",
    "telemetry",
    "event",
    "event-batch",
    "central-contract",
    "ack",
    "command-envelope",
    "command",
    "command-result",
    "patron-request",
    "patron-response",
    "item-request",
    "item-response",
)
# Keywords that mean the same in draft 7 (what fastjsonschema implements) and in 2020-12, and
# that fastjsonschema implements. A schema using any other keyword fails to load.
SAME_IN_BOTH_DRAFTS = frozenset(
    {
        "$schema", "$id", "$defs", "$comment", "title", "description", "examples",
        "type", "enum", "const", "properties", "required", "additionalProperties",
        "patternProperties", "propertyNames", "minProperties", "maxProperties",
        "items", "minItems", "maxItems", "uniqueItems", "contains",
        "minLength", "maxLength", "pattern", "format",
        "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
        "allOf", "anyOf", "oneOf", "not", "if", "then", "else",
    }
)  # fmt: skip
# Keywords whose value is a name -> subschema map, or a list of subschemas.
_SCHEMA_MAPS = frozenset({"properties", "patternProperties", "$defs"})
_SCHEMA_LISTS = frozenset({"allOf", "anyOf", "oneOf"})
_SCHEMA_VALUES = frozenset(
    {"additionalProperties", "propertyNames", "items", "contains", "not", "if", "then", "else"}
)


# The broker's max_packet_size (config/mosquitto/mosquitto.conf, tests/support/broker.py): a client
# sending a larger packet is disconnected. The largest legitimate message is a sync_patrons
# command of PATRONS_PER_COMMAND records (about 0.4 MB); events are under 2 KB.
MAX_PACKET_BYTES = 1_048_576
# What a payload may take of a packet: the rest is room for the topic and MQTT 5 properties.
MAX_PAYLOAD_BYTES = MAX_PACKET_BYTES - 4096
# Envelope v2 of the events topic (event-batch.json): several outbox rows per message. A
# terminal sends it only to a central service that lists BATCH_VERSION in its retained
# contract message; the rows of one batch stay under MAX_PAYLOAD_BYTES together.
BATCH_VERSION = 2
MAX_BATCH_EVENTS = 50
# No message of the contract nests deeper than 6 levels; 32 leaves room for free-form data.
MAX_DEPTH = 32


class ContractError(ValueError):
    """A payload that is not JSON or does not match its schema."""

    def __init__(self, schema: str, message: str) -> None:
        super().__init__(f"{schema}: {message}")
        self.schema = schema


def _load(name: str) -> dict[str, Any]:
    text = resources.files("sync.schemas").joinpath(f"{name}.json").read_text("utf-8")
    document: dict[str, Any] = json.loads(text)  # each schema file is one JSON object
    return document


@cache
def _documents() -> dict[str, dict[str, Any]]:
    return {name: _load(name) for name in (*SCHEMAS, "defs")}


@cache
def _validators() -> dict[str, jsonschema.protocols.Validator]:
    """The reference validators: jsonschema, exactly the draft each schema declares."""
    docs = _documents()
    registry: Registry = Registry().with_resources(
        (BASE_URI + f"{name}.json", Resource.from_contents(doc)) for name, doc in docs.items()
    )
    validators = {}
    for name in SCHEMAS:
        cls = jsonschema.validators.validator_for(docs[name])
        cls.check_schema(docs[name])
        validators[name] = cls(docs[name], registry=registry)
    return validators


def inline_refs(node: Any, docs: dict[str, dict[str, Any]], seen: tuple[str, ...] = ()) -> Any:
    """``node`` with every ``$ref`` replaced by what it points to, keywords checked.

    A reference is ``<file>.json#/json/pointer`` relative to ``BASE_URI`` (the only style the
    schemas use). A ``$ref`` with sibling keywords becomes ``allOf`` of the target and the
    siblings, which is what such a ``$ref`` means in 2020-12 (draft 7 ignored the siblings).
    """
    if isinstance(node, bool):
        return node
    if not isinstance(node, dict):
        raise ValueError(f"not a schema: {node!r}")
    unknown = node.keys() - SAME_IN_BOTH_DRAFTS - {"$ref"}
    if unknown:
        raise ValueError(f"keyword(s) {sorted(unknown)} not supported by the compiled validator")
    if "$ref" in node:
        ref = node["$ref"]
        if ref in seen:
            raise ValueError(f"recursive $ref {ref}")
        target = inline_refs(_resolve(ref, docs), docs, (*seen, ref))
        siblings = {k: v for k, v in node.items() if k != "$ref"}
        if not siblings:
            return target
        return {"allOf": [target, inline_refs(siblings, docs, seen)]}
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in _SCHEMA_MAPS:
            out[key] = {name: inline_refs(sub, docs, seen) for name, sub in value.items()}
        elif key in _SCHEMA_LISTS:
            out[key] = [inline_refs(sub, docs, seen) for sub in value]
        elif key in _SCHEMA_VALUES:
            if key == "items" and isinstance(value, list):
                raise ValueError("array-form items means prefixItems in 2020-12")
            out[key] = inline_refs(value, docs, seen)
        else:
            out[key] = value
    return out


def _resolve(ref: str, docs: dict[str, dict[str, Any]]) -> Any:
    where, _, pointer = ref.removeprefix(BASE_URI).partition("#")
    name = where.removesuffix(".json")
    if name not in docs or not where.endswith(".json"):
        raise ValueError(f"$ref to unknown document {ref!r}")
    target: Any = docs[name]
    for part in filter(None, pointer.split("/")):
        target = target[part.replace("~1", "/").replace("~0", "~")]
    return target


_compile_lock = threading.Lock()


def prepare() -> None:
    """Build every validator now (about 0.5 s) rather than on the first message received.

    Called by both sides when they start, so the first patron answer or event is not held
    up on the network thread while schemas compile.
    """
    _validators()
    _compiled()


@cache
def _compiled() -> dict[str, Callable[[Any], Any]]:
    """The fast path: one compiled function per schema, built once per process."""
    with _compile_lock:  # two threads meeting here must not compile everything twice
        return _compile_all()


@cache
def _compile_all() -> dict[str, Callable[[Any], Any]]:
    docs = _documents()
    return {name: _compile(inline_refs(docs[name], docs)) for name in SCHEMAS}


def _fast(schema: dict[str, Any]) -> Callable[[Any], Any]:
    # use_default=False: never write schema defaults into a received message.
    return fastjsonschema.compile(schema, use_default=False, use_formats=False)


def _compile(schema: dict[str, Any]) -> Callable[[Any], Any]:
    """Compile ``schema``, specialised per value when it dispatches on a discriminator.

    event.json and command.json say "if kind is K then data/args must ..." once per kind.
    fastjsonschema evaluates an ``if`` by raising and catching an exception when it fails,
    which for an event is five exceptions and 85% of the validation time. When every
    ``allOf`` item has the form ``{"if": {"properties": {P: {"const": K}}}, "then": T}``,
    a message whose P is a string can only match the ``if``s with that K: it is checked
    against the rest of the schema plus those ``then``s, compiled ahead per K (and against
    the rest alone for any other string). Every other message (not an object, P missing or
    not a string) goes through the schema compiled whole.
    """
    whole = _fast(schema)
    branches = _discriminated(schema)
    if branches is None:
        return whole
    prop, thens = branches
    rest = {k: v for k, v in schema.items() if k != "allOf"}
    other = _fast(rest)
    by_value = {value: _fast({**rest, "allOf": group}) for value, group in thens.items()}

    def check(message: Any) -> Any:
        if type(message) is dict:
            value = message.get(prop)
            if type(value) is str:
                return by_value.get(value, other)(message)
        return whole(message)

    return check


def _discriminated(schema: dict[str, Any]) -> tuple[str, dict[str, list[Any]]] | None:
    """(P, {K: [T, ...]}) if ``allOf`` is only "if P == K then T" items, else None."""
    items = schema.get("allOf")
    if not isinstance(items, list) or not items:
        return None
    props: set[str] = set()
    thens: dict[str, list[Any]] = {}
    for item in items:
        if not isinstance(item, dict) or item.keys() != {"if", "then"}:
            return None
        condition = item["if"]
        if not (isinstance(condition, dict) and condition.keys() == {"properties"}):
            return None
        if len(condition["properties"]) != 1:
            return None
        ((prop, test),) = condition["properties"].items()
        if not (test.keys() == {"const"} and isinstance(test["const"], str)):
            return None
        props.add(prop)
        thens.setdefault(test["const"], []).append(item["then"])
    return (props.pop(), thens) if len(props) == 1 else None


def validate(schema: str, message: Any) -> dict[str, Any]:
    """Return ``message`` if it matches ``schema``, else raise ContractError."""
    # Every schema's root is ``"type": "object"``: a message returned below matched, so it
    # is a dict (fastjsonschema is untyped, so the type checker cannot know that).
    as_dict = cast(dict[str, Any], message)
    try:
        _compiled()[schema](message)
        return as_dict
    except fastjsonschema.JsonSchemaValueException:
        pass  # the reference decides, and names the best error
    error = jsonschema.exceptions.best_match(_validators()[schema].iter_errors(message))
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "(root)"
        raise ContractError(schema, f"{where}: {error.message}")
    return as_dict


def decode(schema: str, payload: bytes | str) -> dict[str, Any]:
    """Parse a JSON payload and validate it against ``schema``; ContractError is the only error.

    Whatever a peer sends, this either returns a message every later step can handle (store
    in SQLite, serialise again) or raises ContractError: invalid UTF-8, NaN and infinities
    (not JSON, though Python's parser takes them), nesting deeper than ``MAX_DEPTH`` (deep
    enough to hit Python's recursion limit otherwise), lone surrogates from ``\\ud800``-style
    escapes (SQLite and UTF-8 cannot hold them) and payloads over ``MAX_PAYLOAD_BYTES``.
    """
    return validate(schema, parse(schema, payload))


def parse(schema: str, payload: bytes | str) -> Any:
    """The JSON value of ``payload`` with every check of ``decode`` except the schema's.

    For a topic that carries more than one schema (the events topic: one event, or a batch
    told apart by its ``v``); ``schema`` only names the message in the error.
    """
    if len(payload) > MAX_PAYLOAD_BYTES:
        raise ContractError(schema, f"payload of {len(payload)} bytes exceeds {MAX_PAYLOAD_BYTES}")
    try:
        text = payload.decode("utf-8") if isinstance(payload, bytes) else payload
        message = json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError, UnicodeDecodeError too
        raise ContractError(schema, f"not JSON: {exc}") from exc
    _check_depth(schema, message)
    if "\\u" in text:
        # Only an escape can produce a lone surrogate; a payload without one needs no check.
        try:
            json.dumps(message, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError as exc:
            raise ContractError(schema, f"not valid Unicode: {exc.reason}") from exc
    return message


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"number out of range: {text[:40]}")
    return value


def _check_depth(schema: str, message: Any) -> None:
    """Refuse containers nested deeper than MAX_DEPTH (iteratively: no recursion here)."""
    stack = [(message, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            children: Any = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        if depth > MAX_DEPTH:
            raise ContractError(schema, f"nested deeper than {MAX_DEPTH} levels")
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))


def encode(message: dict[str, Any]) -> bytes:
    """Compact UTF-8 JSON, the wire form of every message."""
    return json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def encode_batch(terminal_id: str, encoded_events: list[bytes]) -> bytes:
    """The v2 envelope around events already encoded (each once, as ``encode`` makes them)."""
    head = encode({"v": BATCH_VERSION, "terminal_id": terminal_id})[:-1]
    return head + b',"events":[' + b",".join(encoded_events) + b"]}"


def batch_overhead(terminal_id: str) -> int:
    """Bytes the v2 envelope adds around its events' own bytes and separating commas."""
    return len(encode_batch(terminal_id, []))


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def parse_time(value: str) -> datetime:
    """ISO 8601 with an offset; a naive time would make expiry checks depend on the TZ."""
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise ValueError(f"timestamp without a UTC offset: {value!r}")
    return parsed


def patron_record(p: dict[str, Any]) -> Patron:
    """A validated patron object (defs.json#/$defs/patron) as the terminal keeps it.

    ``masked_name``, ``fines_cents`` and ``pin_hash`` are optional (a central service of
    an earlier version sends none); the name is masked again here, so whatever central
    sent, the terminal keeps no more of a name than :func:`kiosk.privacy.mask_name` shows.
    """
    return Patron(
        p["patron_id"],
        PatronKind(p["kind"]),
        p["credit_level"],
        p["blocked"],
        p["block_reason"],
        masked_name=mask_name(p.get("masked_name")) or None,
        fines_cents=p.get("fines_cents"),
        pin_hash=p.get("pin_hash"),
    )
