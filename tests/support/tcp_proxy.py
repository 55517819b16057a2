"""A TCP proxy between clients and a server that can stall, cut and reset links, for chaos runs.

``TcpProxy`` listens on a free loopback port and forwards each connection to the target
(the broker). One thread runs every connection through a selector, so a fleet of hundreds
of terminals costs one thread. Faults, from any thread:

- ``stall()``: stop moving bytes both ways; connections stay open (a dead link that TCP
  does not notice: only MQTT's keepalive ends it). ``restore()`` moves them again.
- ``cut()``: reset every connection (RST) and reset new ones as they come, until
  ``restore()`` (a network that is down: connecting fails at once).
- ``reset()``: reset every connection now; new ones pass (a NAT or a router that dropped
  its state).

Each side's pending bytes are buffered here; reading from one side stops while the other
side has more than ``MAX_PENDING`` waiting, so a slow reader does not make the proxy grow.
A test rig: the product never imports it.
"""

from __future__ import annotations

import contextlib
import enum
import selectors
import socket
import struct
import threading
from dataclasses import dataclass, field

from tests.support.broker import free_port

MAX_PENDING = 1 << 20
CHUNK = 65536


class Mode(enum.Enum):
    PASS = "pass"
    STALL = "stall"
    CUT = "cut"


@dataclass(eq=False)
class _Side:
    sock: socket.socket
    out: bytearray = field(default_factory=bytearray)  # bytes waiting to be written to sock
    peer: _Side | None = None
    eof: bool = False  # the other side closed: shut this one's write half once out is empty


class TcpProxy:
    """Forwards 127.0.0.1:<port> to (target_host, target_port); see the module docstring."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.host = "127.0.0.1"
        self.port = free_port()
        self.mode = Mode.PASS
        self.connections = 0  # accepted so far
        self._sides: set[_Side] = set()
        self._commands: list[str] = []
        self._lock = threading.Lock()
        self._selector = selectors.DefaultSelector()
        self._wake_r, self._wake_w = socket.socketpair()
        self._wake_r.setblocking(False)
        self._listener = socket.create_server((self.host, self.port), backlog=1024)
        self._listener.setblocking(False)
        self._thread: threading.Thread | None = None
        self._stopped = threading.Event()

    # --- control (any thread) ------------------------------------------------------------
    def start(self) -> TcpProxy:
        self._selector.register(self._listener, selectors.EVENT_READ, "accept")
        self._selector.register(self._wake_r, selectors.EVENT_READ, "wake")
        self._thread = threading.Thread(target=self._run, name="tcp-proxy", daemon=True)
        self._thread.start()
        return self

    def stall(self) -> None:
        self._command("stall")

    def cut(self) -> None:
        self._command("cut")

    def reset(self) -> None:
        self._command("reset")

    def restore(self) -> None:
        self._command("restore")

    def stop(self) -> None:
        self._command("stop")
        if self._thread is not None:
            self._thread.join(10)
            self._thread = None

    @property
    def open_links(self) -> int:
        return len(self._sides) // 2

    def __enter__(self) -> TcpProxy:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _command(self, name: str) -> None:
        with self._lock:
            self._commands.append(name)
        self._wake_w.send(b"x")

    # --- the proxy's thread ----------------------------------------------------------------
    def _run(self) -> None:
        try:
            while not self._stopped.is_set():
                ready = self._selector.select(timeout=0.5)
                # Commands first: a connection accepted after restore() must pass.
                ready.sort(key=lambda item: item[0].data != "wake")
                for key, events in ready:
                    if key.data == "accept":
                        self._accept()
                    elif key.data == "wake":
                        self._wake_r.recv(4096)
                        self._apply_commands()
                    elif key.data in self._sides:
                        self._service(key.data, events)
        finally:
            for side in list(self._sides):
                self._drop(side, rst=True)
            self._selector.close()
            self._listener.close()
            self._wake_r.close()
            self._wake_w.close()

    def _apply_commands(self) -> None:
        with self._lock:
            commands, self._commands = self._commands, []
        for name in commands:
            if name == "stop":
                self._stopped.set()
            elif name == "stall":
                self.mode = Mode.STALL
            elif name == "cut":
                self.mode = Mode.CUT
                self._reset_all()
            elif name == "reset":
                self._reset_all()
            elif name == "restore":
                self.mode = Mode.PASS
        for side in list(self._sides):
            self._update(side)

    def _accept(self) -> None:
        while True:
            # A command given while earlier connections wait here (restore() right after a
            # cut, then a connect) takes effect before the next one is accepted.
            self._apply_commands()
            try:
                client, _ = self._listener.accept()
            except BlockingIOError:
                return
            self.connections += 1
            if self.mode is Mode.CUT:
                _reset_socket(client)
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=2.0)
            except OSError:
                _reset_socket(client)
                continue
            for s in (client, upstream):
                s.setblocking(False)
                s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            a, b = _Side(client), _Side(upstream)
            a.peer, b.peer = b, a
            self._sides |= {a, b}
            self._update(a)
            self._update(b)

    def _service(self, side: _Side, events: int) -> None:
        peer = side.peer
        assert peer is not None
        if events & selectors.EVENT_WRITE and side.out:
            try:
                sent = side.sock.send(side.out)
                del side.out[:sent]
            except BlockingIOError:
                pass
            except OSError:
                self._drop(side, rst=True)
                return
            if not side.out and side.eof:
                _shutdown_write(side.sock)
        if events & selectors.EVENT_READ:
            try:
                data = side.sock.recv(CHUNK)
            except BlockingIOError:
                data = None
            except OSError:
                self._drop(side, rst=True)
                return
            if data == b"":
                peer.eof = True
                if not peer.out:
                    _shutdown_write(peer.sock)
                if side.eof:
                    self._drop(side, rst=False)
                    return
            elif data:
                peer.out += data
        self._update(side)
        self._update(peer)

    def _update(self, side: _Side) -> None:
        """Register the events this side should wait for now (none while stalled)."""
        if side not in self._sides:
            return
        wanted = 0
        if self.mode is Mode.PASS:
            peer = side.peer
            if peer is not None and len(peer.out) < MAX_PENDING and not peer.eof:
                wanted |= selectors.EVENT_READ
            if side.out:
                wanted |= selectors.EVENT_WRITE
        try:
            current = self._selector.get_key(side.sock).events
        except KeyError:
            current = 0
        if wanted == current:
            return
        if current and not wanted:
            self._selector.unregister(side.sock)
        elif wanted and not current:
            self._selector.register(side.sock, wanted, side)
        else:
            self._selector.modify(side.sock, wanted, side)

    def _selector_unregister(self, side: _Side) -> None:
        with contextlib.suppress(KeyError, ValueError):
            self._selector.unregister(side.sock)

    def _reset_all(self) -> None:
        for side in list(self._sides):
            self._drop(side, rst=True)

    def _drop(self, side: _Side, rst: bool) -> None:
        """Close both sockets of a link, with a RST when ``rst`` (SO_LINGER 0)."""
        for s in (side, side.peer):
            if s is None or s not in self._sides:
                continue
            self._sides.discard(s)
            self._selector_unregister(s)
            if rst:
                _reset_socket(s.sock)
            else:
                s.sock.close()


def _reset_socket(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


def _shutdown_write(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_WR)
