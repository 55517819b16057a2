"""The SIP2 client against the simulated library system (pysip2's server) on real TCP.

Every message pair, both encodings, with and without error detection; the spec's re-send
rules (97 after a bad checksum, re-send after 96 or a timeout); refusals; time-outs; and
reconnects through the pool.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest

from central.sip2.codec import parse_sip_datetime
from central.sip2.connection import Sip2LoginRefused, Sip2Unavailable
from central.sip2.simulator import LibraryData, SimItem, SimPatron, Sip2Simulator
from tests.central.sip2.conftest import PASSWORD, USER


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
@pytest.mark.parametrize("error_detection", [True, False])
def test_every_message_pair_round_trips(encoding, error_detection, make_client):
    with Sip2Simulator(username=USER, password=PASSWORD, encoding=encoding) as sim:
        client = make_client(sim, encoding=encoding, error_detection=error_detection)

        status = client.status()
        assert status.online and status.institution == "SIMLIB"
        assert {"checkout", "checkin", "renew", "renew_all", "patron_information"} <= set(
            status.supported
        )
        patron = client.patron_status("P001", "1234")
        assert (patron.valid, patron.pin_ok, patron.name) == (True, True, "张三 Zhang San")
        assert not patron.blocked

        out = client.checkout("P001", "B001")
        assert out.ok and out.title == "红楼梦 Dream of the Red Chamber" and out.due
        info = client.patron_information("P001")
        assert (info.charged, info.holds) == (1, 0)
        item = client.item_information("B001")
        assert (item.status, item.due) == ("charged", out.due)

        renewed = client.renew("P001", "B001")
        assert renewed.ok and renewed.renewal_ok
        everything = client.renew_all("P001")
        assert everything.ok and everything.renewed == ("B001",)

        back = client.checkin("B001")
        assert back.ok and back.patron_id == "P001" and back.permanent_location == "MAIN"
        assert client.item_information("B001").status == "available"
        assert client.end_session("P001").ended
        # The sequence numbers wrap 9 -> 0 and answers are still matched to requests.
        for _ in range(12):
            assert client.patron_status("P002").valid


def test_unknown_and_blocked_patrons_and_a_wrong_pin(client):
    unknown = client.patron_information("NOBODY")
    assert unknown.valid is False and unknown.name is None
    blocked = client.patron_status("P003")
    assert blocked.valid and blocked.blocked and "停用" in (blocked.message or "")
    assert client.patron_status("P001", "9999").pin_ok is False


def test_refusals_come_back_as_answers_with_the_library_systems_words(sim, client):
    assert client.checkout("P001", "B001").ok
    taken = client.checkout("P002", "B001")
    assert not taken.ok and "Already on loan" in (taken.message or "")
    assert not client.checkout("P003", "B002").ok  # blocked
    assert not client.checkout("P001", "NO-SUCH-ITEM").ok
    with sim.lock:
        sim.data.holds["B003"] = ["P002"]
    held = client.checkout("P001", "B003")
    assert not held.ok and "hold" in (held.message or "")
    assert client.checkout("P002", "B003").ok  # the hold's own patron
    with sim.lock:
        sim.faults.refuse_circulation = True
    refused = client.renew("P001", "B001")
    assert not refused.ok and refused.message


def test_an_offline_loan_goes_as_no_block_with_its_own_time_and_due_date(sim, client):
    assert client.checkout("P001", "B002").ok
    borrowed = datetime(2026, 11, 20, 14, 5, 6, tzinfo=UTC)
    due = borrowed + timedelta(days=21)
    # Lent on the terminal while offline, although the library system now thinks otherwise.
    out = client.checkout("P002", "B002", no_block=True, at=borrowed, nb_due=due)
    assert out.ok
    assert parse_sip_datetime(out.due or "", 8) == due
    with sim.lock:
        loan = sim.data.loans["B002"]
    assert (loan.patron_id, loan.borrowed_at) == ("P002", "20261120   Z140506")


def test_a_refused_login_is_its_own_error(sim, make_client):
    with pytest.raises(Sip2LoginRefused):
        make_client(sim, password="wrong").status()
    with sim.lock:
        sim.faults.refuse_login = True
    with pytest.raises(Sip2LoginRefused):
        make_client(sim).status()


def test_an_offline_library_system_says_so(sim, client):
    with sim.lock:
        sim.faults.offline = True
    assert client.status().online is False


def test_a_corrupted_answer_is_asked_for_again_with_97(sim, client):
    client.status()
    with sim.lock:
        sim.faults.corrupt_checksums = 2
    assert client.checkout("P001", "B004").ok
    connection = client.pool._idle[0]
    assert connection.counters.asked_97 == 2
    with sim.lock:
        asked = [r for r in sim.requests if r.startswith(b"97")]
        loans = [item for item, loan in sim.data.loans.items() if loan.patron_id == "P001"]
    # 97 carries a checksum and no sequence number; the checkout happened once.
    assert len(asked) == 2 and all(b"AY" not in r and b"AZ" in r for r in asked)
    assert loans == ["B004"]


def test_answers_that_keep_failing_their_checksum_end_in_unavailable(sim, client):
    client.status()
    with sim.lock:
        sim.faults.corrupt_checksums = 10
    with pytest.raises(Sip2Unavailable, match="checksum"):
        client.item_information("B001")


def test_a_96_makes_the_client_send_its_request_again(sim, client):
    client.status()
    with sim.lock:
        sim.faults.garble_requests = 1
    assert client.patron_status("P001").valid
    assert client.pool._idle[0].counters.resent_after_96 == 1


def test_an_unanswered_request_is_sent_again_after_the_timeout(sim, client):
    client.status()
    with sim.lock:
        sim.faults.unanswered = 1
        before = len(sim.requests)
    assert client.checkout("P001", "B001").ok
    with sim.lock:
        sent = sim.requests[before:]
    # The same frame twice (same sequence number and checksum): an ACS that did get the first
    # would answer the duplicate with its last response, not check the item out twice.
    assert len(sent) == 2 and sent[0] == sent[1]


def test_a_silent_library_system_fails_after_the_retries(sim, client):
    client.status()
    with sim.lock:
        sim.faults.unanswered = 100
    started = time.monotonic()
    with pytest.raises(Sip2Unavailable, match="no answer"):
        client.item_information("B001")
    # timeout 0.5 s, 2 re-sends: three waits, well under a generous bound.
    assert time.monotonic() - started < 5


def test_a_deadline_cuts_the_retries_short(sim, client):
    client.status()
    with sim.lock:
        sim.faults.unanswered = 100
    started = time.monotonic()
    with pytest.raises(Sip2Unavailable):
        client.item_information("B001", deadline=time.monotonic() + 0.2)
    assert time.monotonic() - started < 1.5


def test_a_dropped_connection_is_reopened_and_a_safe_request_tried_again(sim, client):
    client.status()
    with sim.lock:
        sim.faults.drop_connections = 1
    assert client.item_information("B001").status == "available"
    assert client.pool.connections_opened == 2


def test_a_checkout_whose_answer_was_lost_is_not_sent_again_on_its_own(sim, client):
    client.status()
    with sim.lock:
        sim.faults.drop_connections = 1
    with pytest.raises(Sip2Unavailable, match="closed"):
        client.checkout("P001", "B001")
    # The library system did lend it; the caller decides (a re-checkout to the same patron
    # is answered as a renewal).
    again = client.checkout("P001", "B001")
    assert again.ok and again.renewal_ok
    assert client.pool.connections_opened == 2


def test_the_pool_reconnects_after_the_library_system_restarts(make_client):
    sim = Sip2Simulator(username=USER, password=PASSWORD).start()
    port = sim.port
    client = make_client(sim)
    assert client.status().online
    sim.stop()
    with pytest.raises(Sip2Unavailable):
        client.patron_status("P001")
    with Sip2Simulator(username=USER, password=PASSWORD, port=port):
        assert client.patron_status("P001").valid


def test_nothing_listening_is_unavailable(make_client):
    sim = Sip2Simulator().start()
    sim.stop()
    with pytest.raises(Sip2Unavailable, match="cannot connect"):
        make_client(sim).status()


def test_the_pool_lends_each_connection_to_one_caller_at_a_time(sim, make_client):
    import threading

    client = make_client(sim, pool_size=2)
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            for _ in range(15):
                assert client.patron_status(f"P00{1 + n % 2}").valid
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == []
    assert client.pool.connections_opened == 2


def test_chinese_data_in_gb18030_both_ways(make_client):
    data = LibraryData(
        patrons={"读者甲": SimPatron("读者甲", "欧阳修")}, items={"书1": SimItem("书1", "醉翁亭记")}
    )
    with Sip2Simulator(data, encoding="gb18030") as sim:
        client = make_client(sim, encoding="gb18030", username="", password="")
        assert client.patron_status("读者甲").name == "欧阳修"
        assert client.checkout("读者甲", "书1").title == "醉翁亭记"
        with sim.lock:
            raw = next(r for r in sim.requests if r.startswith(b"11"))
        assert "读者甲".encode("gb18030") in raw


def test_a_96_answering_a_97_means_communications_have_failed(make_client):
    """The spec's last rule of SC error handling, from a scripted library system (pysip2
    never answers a 97 with a 96, so a peer on a raw socket plays that part)."""
    import socket
    import threading

    from central.sip2.codec import checksum

    def with_checksum(text: bytes) -> bytes:
        return text + checksum(text).encode() + b"\r"

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    seen: list[bytes] = []

    def scripted_acs() -> None:
        conn, _ = listener.accept()
        with conn:
            buffer = b""
            for answer in (b"98 damaged beyond repair AY0AZ0000\r", with_checksum(b"96AZ")):
                while b"\r" not in buffer:
                    buffer += conn.recv(4096)
                request, _, buffer = buffer.partition(b"\r")
                seen.append(request)
                conn.sendall(answer)
            conn.recv(4096)

    peer = threading.Thread(target=scripted_acs, daemon=True)
    peer.start()

    class Port:
        port = listener.getsockname()[1]
        institution = "X"

    with pytest.raises(Sip2Unavailable, match="re-send"):
        make_client(Port, username="", password="").status()
    peer.join(5)
    listener.close()
    assert [r[:2] for r in seen] == [b"99", b"97"]


def test_frames_that_are_discarded_do_not_hold_the_client_past_its_timer(make_client):
    """A peer that answers with unknown commands and wrong sequence numbers, endlessly."""
    import socket
    import threading

    from central.sip2.codec import checksum

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    stop = threading.Event()
    unknown, wrong_sequence = b"42junkAY0AZ", b"941AY9AZ"
    junk = b"".join(frame + checksum(frame).encode() + b"\r" for frame in (unknown, wrong_sequence))

    def chatty_acs() -> None:
        conn, _ = listener.accept()
        with conn:
            conn.recv(4096)
            while not stop.is_set():
                try:
                    conn.sendall(junk)
                except OSError:
                    return
                stop.wait(0.02)

    peer = threading.Thread(target=chatty_acs, daemon=True)
    peer.start()

    class Port:
        port = listener.getsockname()[1]
        institution = "X"

    started = time.monotonic()
    try:
        with pytest.raises(Sip2Unavailable, match="no answer"):
            make_client(Port, timeout_s=0.3, retries=1).status()
    finally:
        stop.set()
        peer.join(5)
        listener.close()
    assert time.monotonic() - started < 3  # two waits of 0.3 s, generously
