"""Fuzzing the lock-board byte paths: the 8A and Kerong framers and reply decoders, and a
LockBus facing a board that streams garbage or wrong-board frames forever.

Properties: the frames found do not depend on how the stream was split; every frame the
host-side parser yields decodes to a reply or None (never an exception); a bus whose
board never answers properly fails each request with BoardNotAnswering after its retries.
"""

from __future__ import annotations

import threading

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drivers.locker.bus import LockBus
from drivers.locker.eighta import EightABoardProtocol, with_xor
from drivers.locker.kerong import KerongProtocol
from drivers.locker.kerong import with_sum as kerong_frame
from drivers.pty import PtyEndpoint
from kiosk.devices import BoardNotAnswering
from tests.fuzz.budget import LONG, examples

FUZZ = settings(
    max_examples=examples(),
    deadline=None,
    derandomize=not LONG,
    suppress_health_check=[HealthCheck.too_slow],
)
PROTOCOLS = {
    "8a": lambda: EightABoardProtocol({"echo": "auto"}),
    "8a-closed-low": lambda: EightABoardProtocol({"polarity": "closed_low", "locks": 12}),
    "kerong": lambda: KerongProtocol(),
    "kerong-cu12": lambda: KerongProtocol({"locks": 12}),
}
HEADS = st.sampled_from([0x8A, 0x80, 0x81, 0x82, 0x90, 0x9A, 0x02, 0x03, 0x33, 0x35, 0x11])
# Valid frames of both families with random fields, joined with noise: what a shared or
# noisy RS-485 line carries.
PIECES = (
    st.binary(min_size=4, max_size=6).map(with_xor)
    | st.tuples(HEADS, st.binary(min_size=3, max_size=5)).map(
        lambda t: with_xor(bytes([t[0]]) + t[1])
    )
    | st.tuples(
        st.integers(0, 255), st.sampled_from([0x30, 0x31, 0x35, 0x37, 0x38]), st.binary(max_size=4)
    ).map(lambda t: kerong_frame(bytes([0x02, t[0], t[1]]) + t[2]))
    | st.binary(max_size=6)
)
STREAMS = st.lists(PIECES, max_size=10).map(b"".join)


def frames_of(protocol, chunks: list[bytes], from_board: bool = True) -> list[bytes]:
    parser = protocol.new_parser(from_board=from_board)
    frames = []
    for chunk in chunks:
        frames += parser.feed(chunk)
    return frames + parser.flush()


@FUZZ
@given(st.sampled_from(sorted(PROTOCOLS)), STREAMS, st.lists(st.integers(0, 80), max_size=6))
def test_frames_and_replies_do_not_depend_on_the_split(name, stream, cuts) -> None:
    protocol = PROTOCOLS[name]()
    chunks, start = [], 0
    for cut in sorted({min(c, len(stream)) for c in cuts}) + [len(stream)]:
        chunks.append(stream[start:cut])
        start = cut
    frames = frames_of(protocol, chunks)
    assert frames == frames_of(protocol, [stream])
    for frame in frames:
        reply = protocol.decode_reply(frame)
        if reply is not None:
            assert reply.board in protocol.boards
    for frame in frames_of(protocol, [stream], from_board=False):
        protocol.decode_request(frame)


class HostileBoard:
    """The board side of a pty answering every request with ``answer(request)``."""

    def __init__(self, answer) -> None:
        self.endpoint = PtyEndpoint(9600, emulate_wire_time=False)
        self.answer = answer
        self.requests = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            data = self.endpoint.read(timeout=0.05)
            if data:
                self.requests += 1
                self.endpoint.write(self.answer(data))

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self.endpoint.close()


@pytest.mark.parametrize("name", ["8a", "kerong"])
@settings(FUZZ, max_examples=examples(4, 200))
@given(answer=st.binary(min_size=1, max_size=40) | st.sampled_from(["wrong-board"]))
def test_a_board_answering_nonsense_forever_fails_the_request_in_bounded_time(name, answer):
    protocol = PROTOCOLS[name]()
    if answer == "wrong-board":  # valid frames, but for board 2: never the answer
        answer = protocol.encode_status(2, {1: True}, *(() if name == "8a" else ({},)))
    board = HostileBoard(lambda _request: answer * 3)
    bus = LockBus(
        "fuzz", board.endpoint.path, protocol, reply_timeout_s=0.2, open_timeout_s=0.2, retries=2
    ).start()
    try:
        with pytest.raises(BoardNotAnswering):
            bus.status(1)
        with pytest.raises(BoardNotAnswering):
            bus.open_lock(1, 1)
    finally:
        bus.close()
        board.close()
    # Two calls, each at most (1 + retries) sends plus a recovery frame before each retry.
    assert board.requests <= 2 * (1 + 2) * 2
