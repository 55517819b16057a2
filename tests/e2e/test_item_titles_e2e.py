"""Item titles from the library system (issue #14): terminal -> item/req -> central -> SIP2 17.

Real mosquitto, the central service with a SIP2 client, the pysip2-based library-system
simulator and terminals whose circulation core asks through their real sync client. A book
no terminal knows, borrowed at one terminal, gets its title from the library system; returned
at another, from central's cache (the library system sees one 17); with the library system
down the borrow still works, without a title; a central that never answers (an older one)
costs the terminal its time-out and nothing else.
"""

from __future__ import annotations

import dataclasses
from dataclasses import replace
from pathlib import Path

import pytest

from central.service import CentralService, CentralSettings
from central.sip2.client import Sip2Client, Sip2Pool
from central.sip2.simulator import SimItem, Sip2Simulator
from kiosk.circulation import Circulation
from kiosk.config import load_config
from kiosk.store import Store
from sync import contract, topics
from sync.client import SyncClient
from tests.central.sip2.conftest import PASSWORD, USER, settings_for
from tests.kiosk.fakes import FakePad
from tests.support.fleet import FAST_SYNC, RawClient, broker_settings, wait_until

DEFAULT_CONFIG = Path(__file__).resolve().parents[2] / "config" / "default.toml"
FORTRESS = "31234000999001"
FORTRESS_TITLE = "围城 Fortress Besieged"
PATRON = "P001"  # known to the simulated library system, not to the terminals


def item_information_requests(sim: Sip2Simulator, item_id: str) -> int:
    with sim.lock:
        return sum(1 for f in sim.requests if f.startswith(b"17") and b"AB" + item_id.encode() in f)


def ready(client: SyncClient) -> bool:
    """Connected (subscribed) and central online: a request now is answered."""
    status = client.status()
    return status.connected and status.central_online


def terminal_circulation(client: SyncClient, store: Store, tmp_path: Path) -> Circulation:
    base = load_config(DEFAULT_CONFIG)
    config = dataclasses.replace(
        base,
        storage=dataclasses.replace(base.storage, path=str(store.path)),
        site=dataclasses.replace(base.site, terminal_id=client.terminal_id),
    )
    return Circulation(store, config, FakePad(), patron_check=client, item_lookup=client)


@pytest.fixture
def library():
    with Sip2Simulator(username=USER, password=PASSWORD) as sim:
        with sim.lock:
            sim.data.items[FORTRESS] = SimItem(FORTRESS, FORTRESS_TITLE)
        yield sim


@pytest.fixture
def central(broker, signer, tmp_path, library):
    pool = Sip2Pool(settings_for(library, timeout_s=0.5, retries=1))
    service = CentralService(
        tmp_path / "central.db",
        broker_settings(broker, "central"),
        signer,
        CentralSettings(tick_s=0.1),
        sip2=Sip2Client(pool),
    ).start()
    assert service.link.wait_subscribed(30)
    yield service
    service.stop()
    pool.close()


def test_title_from_the_library_then_from_centrals_cache(central, library, make_terminal, tmp_path):
    t1, store1 = make_terminal("T1")
    t2, store2 = make_terminal("T2")
    wait_until(lambda: ready(t1) and ready(t2), 30)
    branch1 = terminal_circulation(t1, store1, tmp_path)
    branch2 = terminal_circulation(t2, store2, tmp_path)
    assert store1.get_item(FORTRESS) is None and store2.get_item(FORTRESS) is None

    session = branch1.start_session(PATRON, "card")
    tag = branch1.pad.place("E004010000000001", FORTRESS)
    (borrowed,) = branch1.borrow(session, [tag])
    assert borrowed.ok and borrowed.title == FORTRESS_TITLE
    assert borrowed.author == ""  # SIP2 2.00's 18 answer has no author field
    assert item_information_requests(library, FORTRESS) == 1
    assert store1.get_item(FORTRESS).title == FORTRESS_TITLE
    assert store1.title_asked_at(FORTRESS) is not None
    # Central keeps the title just after answering (the answer does not wait for the write).
    wait_until(lambda: central.store.item_title(FORTRESS) is not None, 30, "central's cache")
    assert central.store.item_title(FORTRESS)["title"] == FORTRESS_TITLE

    # Returned at the other branch, which never heard of it: central's cache answers.
    assert t2.look_up(FORTRESS).source == "cache"
    (returned,) = branch2.return_items([branch2.pad.place("E004010000000001", FORTRESS, False)])
    assert returned.ok and returned.title == FORTRESS_TITLE
    assert item_information_requests(library, FORTRESS) == 1
    # The first terminal knows it now: describing it again asks nobody.
    assert branch1.describe(tag).title == FORTRESS_TITLE
    assert item_information_requests(library, FORTRESS) == 1


def test_library_down_the_borrow_works_without_a_title(central, library, make_terminal, tmp_path):
    # Central's 1.5 s bound on the library system must fit the terminal's wait on a busy
    # machine: the terminal waits longer here than a site's 2 s.
    t1, store1 = make_terminal("T1", settings=replace(FAST_SYNC, patron_check_timeout_s=6.0))
    wait_until(lambda: ready(t1), 30)
    branch = terminal_circulation(t1, store1, tmp_path)
    session = branch.start_session(PATRON, "card")
    with library.lock:
        library.faults.unanswered = 1_000_000

    answer = t1.look_up("31234000999002")
    assert answer is not None and answer.source == "none" and answer.title is None

    tag = branch.pad.place("E004010000000003", FORTRESS)
    (borrowed,) = branch.borrow(session, [tag])
    assert borrowed.ok and borrowed.title == ""
    assert [loan.item_id for loan in store1.open_loans(PATRON)] == [FORTRESS]
    assert branch.title(FORTRESS) == FORTRESS  # the screens show the id instead
    # Asked once today; the next pad read does not ask again.
    asked = store1.title_asked_at(FORTRESS)
    assert asked is not None
    branch.describe(tag)
    assert store1.title_asked_at(FORTRESS) == asked


def test_a_central_that_never_answers_costs_only_the_time_out(broker, make_terminal):
    # An older central: online, but not subscribed to item requests.
    with RawClient(broker, "central", []) as old_central:
        online = {"terminal_id": "central", "state": "online", "boot": 1, "conn": 1}
        old_central.publish(
            topics.CENTRAL_STATE,
            contract.encode({**online, "at": contract.now_iso()}),
            retain=True,
        )
        t1, _ = make_terminal("T1")
        wait_until(lambda: t1.status().connected and t1.status().central_online is True, 30)
        answer = t1.look_up(FORTRESS)
        assert answer is not None and answer.source == "unanswered" and answer.title is None
