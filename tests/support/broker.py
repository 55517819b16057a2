"""A real mosquitto broker as a child process, for tests, benchmarks and trying things by hand.

``Broker`` writes its own configuration, password file and persistence directory under a
work directory, listens on a free 127.0.0.1 port and can be stopped, SIGKILLed and started
again on the same port with the same persistence, which is what the crash tests need.
With ``users`` it enforces the fleet ACL from ``config/mosquitto/acl``; with ``tls_dir``
(made by ``config/mosquitto/make-dev-ca.sh``) it adds a TLS listener that requires a client
certificate. With ``users`` it also binds client ids to usernames and applies the production
``max_packet_size``; ``extra_acl`` adds rules for test-only users. It reads the broker
configuration from a checkout's ``config/mosquitto/``; the product never imports it.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Mapping
from pathlib import Path

from sync.contract import MAX_PACKET_BYTES

log = logging.getLogger(__name__)

REPO = Path(__file__).resolve().parents[2]
ACL_FILE = REPO / "config" / "mosquitto" / "acl"
MAKE_DEV_CA = REPO / "config" / "mosquitto" / "make-dev-ca.sh"


class BrokerError(RuntimeError):
    """mosquitto could not be started (not installed, bad config, port never opened)."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_dev_certs(out_dir: Path, clients: list[str]) -> Path:
    """Run the project's dev-CA script; returns ``out_dir``."""
    subprocess.run(
        ["sh", str(MAKE_DEV_CA), str(out_dir), *clients],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return out_dir


class Broker:
    """One mosquitto process; ``with Broker(dir) as b:`` starts and stops it."""

    def __init__(
        self,
        workdir: str | Path,
        *,
        users: Mapping[str, str] | None = None,
        tls_dir: str | Path | None = None,
        max_queued_messages: int = 100_000,
        extra_acl: str = "",
    ) -> None:
        self.workdir = Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.host = "127.0.0.1"
        self.port = free_port()
        self.tls_port = free_port() if tls_dir else None
        self.users = dict(users or {})
        self.tls_dir = Path(tls_dir) if tls_dir else None
        self.max_queued_messages = max_queued_messages
        self.extra_acl = extra_acl
        self.proc: subprocess.Popen[bytes] | None = None
        self.log_path = self.workdir / "mosquitto.log"
        self.conf_path = self._write_config()

    def _write_config(self) -> Path:
        data = self.workdir / "data"
        data.mkdir(exist_ok=True)
        lines = [
            "per_listener_settings false",
            "persistence true",
            f"persistence_location {data}/",
            "log_dest stderr",
            "log_type error",
            "log_type warning",
            "log_type notice",
            f"max_queued_messages {self.max_queued_messages}",
            "max_inflight_messages 100",
            f"max_packet_size {MAX_PACKET_BYTES}",
        ]
        if os.geteuid() == 0:
            # As root mosquitto drops to user "mosquitto", which cannot write our directory.
            lines.append("user root")
        if self.users:
            passwords = self.workdir / "passwords"
            passwords.write_text("".join(f"{u}:{p}\n" for u, p in self.users.items()))
            passwords.chmod(0o600)
            subprocess.run(["mosquitto_passwd", "-U", str(passwords)], check=True, timeout=30)
            acl = self.workdir / "acl"
            acl.write_text(ACL_FILE.read_text() + self.extra_acl)
            lines += ["allow_anonymous false", f"password_file {passwords}", f"acl_file {acl}"]
        else:
            lines.append("allow_anonymous true")
        # As in config/mosquitto/mosquitto.conf, on every listener: a client id is replaced by
        # its username, so nobody can take over another's connection or session by naming
        # its client id. A per-listener option: it must follow its listener line.
        # (Without users the plain listener is anonymous: there is no username to bind to.)
        bind_ids = "use_username_as_clientid true"
        lines.append(f"listener {self.port} {self.host}")
        if self.users:
            lines.append(bind_ids)
        if self.tls_dir is not None:
            lines += [
                f"listener {self.tls_port} {self.host}",
                bind_ids,
                f"cafile {self.tls_dir / 'ca.crt'}",
                f"certfile {self.tls_dir / 'server.crt'}",
                f"keyfile {self.tls_dir / 'server.key'}",
                "require_certificate true",
                "use_identity_as_username true",
            ]
        conf = self.workdir / "mosquitto.conf"
        conf.write_text("\n".join(lines) + "\n")
        return conf

    def start(self, timeout: float = 10.0) -> Broker:
        if self.proc is not None and self.proc.poll() is None:
            return self
        if shutil.which("mosquitto") is None and not Path("/usr/sbin/mosquitto").exists():
            raise BrokerError("mosquitto is not installed (apt-get install mosquitto)")
        exe = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
        logf = self.log_path.open("ab")
        self.proc = subprocess.Popen([exe, "-c", str(self.conf_path)], stderr=logf, stdout=logf)
        logf.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise BrokerError(f"mosquitto exited with {self.proc.returncode}: {self.tail()}")
            if self._port_open():
                return self
            time.sleep(0.05)
        self.stop()
        raise BrokerError(f"mosquitto did not listen on {self.port} in {timeout} s: {self.tail()}")

    def _port_open(self) -> bool:
        ports = [self.port] + ([self.tls_port] if self.tls_port else [])
        for port in ports:
            try:
                with socket.create_connection((self.host, port), timeout=0.2):
                    pass
            except OSError:
                return False
        return True

    def stop(self) -> None:
        """SIGTERM: mosquitto saves its persistence file and exits."""
        self._end(signal.SIGTERM)

    def kill(self) -> None:
        """SIGKILL: no goodbye, no final persistence save."""
        self._end(signal.SIGKILL)

    def _end(self, sig: signal.Signals) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self.proc = None

    def tail(self, n: int = 20) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return ""

    def __enter__(self) -> Broker:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
