"""The chaos rig's TCP proxy does what the chaos run relies on: pass, stall, cut, reset."""

from __future__ import annotations

import socket
import socketserver
import threading
from collections.abc import Iterator

import pytest

from tests.support.tcp_proxy import TcpProxy


class _Echo(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        while data := self.request.recv(65536):
            self.request.sendall(data)


@pytest.fixture
def proxy() -> Iterator[TcpProxy]:
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Echo)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    with TcpProxy("127.0.0.1", server.server_address[1]) as p:
        yield p
    server.shutdown()
    server.server_close()


def _connect(proxy: TcpProxy) -> socket.socket:
    return socket.create_connection((proxy.host, proxy.port), timeout=5)


def _echo(sock: socket.socket, data: bytes) -> bytes:
    sock.sendall(data)
    got = b""
    while len(got) < len(data):
        chunk = sock.recv(65536)
        if not chunk:
            break
        got += chunk
    return got


def test_passes_bytes_both_ways_in_order(proxy):
    with _connect(proxy) as sock:
        data = bytes(range(256)) * 8000  # 2 MB: more than the proxy buffers per side
        sender = threading.Thread(target=sock.sendall, args=(data,))
        sender.start()
        got = b""
        while len(got) < len(data):
            got += sock.recv(65536)
        sender.join()
        assert got == data


def test_stall_holds_bytes_and_restore_delivers_them(proxy):
    with _connect(proxy) as sock:
        assert _echo(sock, b"before") == b"before"
        proxy.stall()
        sock.settimeout(0.5)
        sock.sendall(b"held")
        with pytest.raises(TimeoutError):
            sock.recv(10)
        proxy.restore()
        sock.settimeout(5)
        assert _echo(sock, b"") + sock.recv(10) == b"held"


def test_cut_resets_links_and_refuses_new_ones_until_restored(proxy):
    with _connect(proxy) as sock:
        assert _echo(sock, b"x") == b"x"
        proxy.cut()
        with pytest.raises((ConnectionResetError, BrokenPipeError)):
            for _ in range(50):  # the RST may arrive a moment later
                sock.sendall(b"y")
                if sock.recv(10) == b"":
                    raise ConnectionResetError
    with pytest.raises((ConnectionResetError, BrokenPipeError)), _connect(proxy) as sock:
        sock.sendall(b"z")
        if sock.recv(10) == b"":
            raise ConnectionResetError
    proxy.restore()
    with _connect(proxy) as sock:
        assert _echo(sock, b"back") == b"back"


def test_reset_drops_current_links_but_new_ones_pass(proxy):
    with _connect(proxy) as first:
        assert _echo(first, b"1") == b"1"
        proxy.reset()
        with pytest.raises((ConnectionResetError, BrokenPipeError)):
            for _ in range(50):
                first.sendall(b"y")
                if first.recv(10) == b"":
                    raise ConnectionResetError
    with _connect(proxy) as second:
        assert _echo(second, b"2") == b"2"
    assert proxy.connections == 2
