"""Item requests answered from central's title cache, else Item Information 17, else nothing."""

from __future__ import annotations

from central.sip2.items import DOWN_FOR_S, ItemAnswers
from central.store import CentralStore
from sync import contract


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def seventeens(sim) -> int:
    with sim.lock:
        return sum(1 for f in sim.requests if f.startswith(b"17"))


def test_library_then_cache_then_none_when_down(sim, make_client, tmp_path):
    store = CentralStore(tmp_path / "central.db")
    clock = Clock()
    answers = ItemAnswers(store, make_client(sim, timeout_s=0.3, retries=0), clock=clock)

    first = answers.answer("B003")
    assert first == {
        "item_id": "B003",
        "found": True,
        "title": "三体 The Three-Body Problem",
        "author": None,  # SIP2 2.00: no author in 18
        "source": "library",
    }
    contract.validate("item-response", first)
    answers.remember(first)
    assert answers.answer("B003")["source"] == "cache"
    assert seventeens(sim) == 1

    unknown = answers.answer("NO-SUCH-BOOK")
    assert (unknown["source"], unknown["found"], unknown["title"]) == ("library", False, None)
    answers.remember(unknown)
    assert store.item_title("NO-SUCH-BOOK") is None  # a negative answer is not kept

    with sim.lock:
        sim.faults.unanswered = 1000
    down = answers.answer("B004")
    assert (down["source"], down["found"], down["title"]) == ("none", None, None)
    asked = seventeens(sim)
    # Marked down: the next request does not wait for the library system.
    assert answers.answer("B002")["source"] == "none" and seventeens(sim) == asked
    assert answers.answer("B003")["source"] == "cache"  # the cache still answers
    clock.now += DOWN_FOR_S + 1
    with sim.lock:
        sim.faults.unanswered = 0
    assert answers.answer("B002")["title"] == "The Analects"
    store.close()


def test_an_item_id_sip2_cannot_carry_is_not_asked(sim, make_client, tmp_path):
    store = CentralStore(tmp_path / "central.db")
    answers = ItemAnswers(store, make_client(sim))
    assert answers.answer("B001|AOEVIL")["source"] == "none"
    assert seventeens(sim) == 0
    store.close()
