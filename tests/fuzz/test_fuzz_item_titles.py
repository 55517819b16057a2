"""Fuzzing the item messages (item/req, item/resp): any payload is decoded or refused with
ContractError, nothing else; and whatever central's title cache holds and whatever item id a
terminal asks about, central's answer is a valid item-response (titles cut to the schema's
bound, blank ones sent as null). KIOSK_FUZZ_LONG=1 for 100k examples per target."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from central.sip2.items import ItemAnswers
from central.store import CentralStore
from sync import contract
from tests.fuzz.budget import LONG, examples

SETTINGS = settings(
    max_examples=examples(),
    deadline=None,
    derandomize=not LONG,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
REQUEST = {"terminal_id": "T1", "item_id": "31234000567890", "at": "2026-11-22T00:00:00+00:00"}
RESPONSE = {"item_id": "B1", "found": True, "title": "边城", "author": None, "source": "cache"}
scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**60), max_value=2**60)
    | st.text(max_size=300)
)


def decode_or_refuse(schema: str, payload: bytes) -> None:
    try:
        decoded = contract.decode(schema, payload)
    except contract.ContractError:
        return
    assert isinstance(decoded, dict)


@pytest.mark.parametrize(
    ("schema", "sample"), [("item-request", REQUEST), ("item-response", RESPONSE)]
)
@SETTINGS
@given(data=st.data())
def test_item_messages_decode_or_are_refused(schema: str, sample: dict[str, Any], data) -> None:
    mutated = dict(sample)
    for key in data.draw(st.lists(st.sampled_from([*sample, "patron_id", "extra"]), max_size=3)):
        mutated[key] = data.draw(scalars)
    decode_or_refuse(schema, json.dumps(mutated, ensure_ascii=False).encode())
    decode_or_refuse(schema, data.draw(st.binary(max_size=200)))


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    s = CentralStore(tmp_path_factory.mktemp("central") / "central.db")
    yield s
    s.close()


@SETTINGS
@given(
    item_id=st.text(min_size=1, max_size=64),
    title=st.text(max_size=600),
    author=st.none() | st.text(max_size=600),
)
def test_centrals_answer_is_always_a_valid_item_response(store, item_id, title, author) -> None:
    answers = ItemAnswers(store, None)
    store.remember_item_title(item_id, title, author)
    answer = answers.answer(item_id)
    contract.validate("item-response", answer)
    assert answer["source"] == ("cache" if title.strip() else "none")
