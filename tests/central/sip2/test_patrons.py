"""Patron checks answered from the library system (63/64), with a cache and central's records
as fall-backs that say which answered; answered by central's patron-check threads, not paho's."""

from __future__ import annotations

import logging

from central.service import CentralService, CentralSettings
from central.sip2.client import Sip2Client, Sip2Pool
from central.sip2.patrons import PatronAnswers
from central.store import CentralStore
from sync import contract, topics
from tests.central.sip2.conftest import settings_for
from tests.support.fleet import RawClient, broker_settings, wait_until

OWN = {
    "patron_id": "P001",
    "kind": "credit",
    "credit_level": 700,
    "blocked": False,
    "block_reason": None,
}


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_answers_from_the_library_then_cache_then_central(sim, make_client, tmp_path):
    store = CentralStore(tmp_path / "central.db")
    store.upsert_patrons([OWN])
    clock = Clock()
    client = make_client(sim, timeout_s=0.3, retries=0, patron_cache_ttl_s=300)
    answers = PatronAnswers(store, client, clock=clock)
    client.checkout("P001", "B001")

    library = answers.answer("P001")
    assert library["source"] == "library"
    assert library["found"] and library["patron"]["kind"] == "credit"  # central's fields kept
    assert library["patron"]["credit_level"] == 700 and not library["patron"]["blocked"]
    assert library["library"] == {"charged": 1, "holds": 0, "overdue": 0, "fees": None}
    contract.validate("patron-response", library)

    blocked = answers.answer("P003")
    assert blocked["source"] == "library" and blocked["patron"]["blocked"]
    assert blocked["patron"]["block_reason"] == "Blocked / 借阅证已停用"
    unknown = answers.answer("NOBODY")
    assert (unknown["source"], unknown["found"], unknown["patron"]) == ("library", False, None)

    # Slow (the library system does not answer in time): the last library answer stands in.
    with sim.lock:
        sim.faults.unanswered = 1000
    clock.now += 60
    cached = answers.answer("P001")
    assert cached["source"] == "cache" and cached["library"]["charged"] == 1
    contract.validate("patron-response", cached)
    # Too old to stand in: central's own record, and it says so.
    clock.now += 300
    own = answers.answer("P001")
    assert own == {"patron_id": "P001", "found": True, "patron": OWN, "source": "central"}
    assert answers.answer("P002")["found"] is False  # library knows P002, central does not
    store.close()


def test_without_a_library_system_central_records_answer(tmp_path):
    store = CentralStore(tmp_path / "central.db")
    answers = PatronAnswers(store, None)
    assert answers.answer("P001") == {
        "patron_id": "P001",
        "found": False,
        "patron": None,
        "source": "central",
    }
    store.close()


def test_patron_checks_are_answered_off_the_network_thread(broker, signer, tmp_path, sim, caplog):
    pool = Sip2Pool(settings_for(sim))
    service = CentralService(
        tmp_path / "central.db",
        broker_settings(broker, "central"),
        signer,
        CentralSettings(tick_s=0.1),
        sip2=Sip2Client(pool),
    ).start()
    try:
        assert service.link.wait_subscribed(30)
        with RawClient(broker, "T1", [topics.topic("T1", topics.PATRON_RESP)]) as terminal:
            request = {"terminal_id": "T1", "patron_id": "P001", "at": contract.now_iso()}
            with caplog.at_level(logging.DEBUG, logger="central.service"):
                terminal.link.publish(
                    topics.topic("T1", topics.PATRON_REQ),
                    contract.encode(request),
                    qos=0,
                    response_topic=topics.topic("T1", topics.PATRON_RESP),
                    correlation_data=b"c1",
                )
                wait_until(lambda: terminal.on(topics.topic("T1", topics.PATRON_RESP)), 30)
            (payload,) = terminal.on(topics.topic("T1", topics.PATRON_RESP))
            answer = contract.decode("patron-response", payload)
            assert answer["source"] == "library" and answer["found"]
            (record,) = [r for r in caplog.records if "answered patron check" in r.getMessage()]
            assert record.threadName.startswith("central-patron-")
    finally:
        service.stop()
        pool.close()
