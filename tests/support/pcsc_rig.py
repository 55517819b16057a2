"""A private PC/SC stack for tests and benches: pcscd with the vpcd virtual reader.

:class:`PcscRig` writes its own ``reader.conf.d`` (vpcd on a free TCP port pair), starts
``pcscd --foreground`` as a child process, waits until PC/SC lists the virtual readers
and stops pcscd again. Only one pcscd can run per machine (its socket path is compiled
in), so the rig refuses to start next to a foreign pcscd and never touches it; a stale
pcscd left by an earlier rig (recognised by the marker in its command line) is stopped.
Cards are :class:`~tests.support.vcard.VirtualCard` objects connected to ``card_port``.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from smartcard import scard

from tests.support.vcard import VirtualCard

log = logging.getLogger(__name__)

PCSCD = "/usr/sbin/pcscd"
VPCD_DRIVER = "/usr/lib/pcsc/drivers/serial/libifdvpcd.so"
PCSCD_PID_FILE = Path("/run/pcscd/pcscd.pid")
FRIENDLY_NAME = "Kiosk Virtual PCD"
# Part of the rig's temporary directory name, so a stale rig pcscd can be told apart.
MARKER = "kiosk-pcsc-rig-"


class RigError(RuntimeError):
    """The private PC/SC stack could not be started."""


def pcscd_processes() -> dict[int, str]:
    """Running pcscd processes: pid -> command line."""
    found: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if cmdline and os.path.basename(cmdline[0].decode(errors="replace")) == "pcscd":
            found[int(entry.name)] = " ".join(p.decode(errors="replace") for p in cmdline if p)
    return found


def _free_port_pair() -> int:
    """A TCP port p with p and p + 1 free (vpcd slot 00 and slot 01)."""
    for _ in range(50):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        if port >= 65535:
            continue
        try:
            with socket.socket() as a, socket.socket() as b:
                a.bind(("0.0.0.0", port))
                b.bind(("0.0.0.0", port + 1))
        except OSError:
            continue
        return port
    raise RigError("no free TCP port pair for vpcd")


class PcscRig:
    """pcscd + vpcd, started and stopped by the owner (a pytest session fixture)."""

    def __init__(self, port: int | None = None, start_timeout_s: float = 15.0):
        self.port = port
        self.start_timeout_s = start_timeout_s
        self.process: subprocess.Popen[bytes] | None = None
        self._tmp: tempfile.TemporaryDirectory[str] | None = None

    @property
    def reader_names(self) -> tuple[str, str]:
        return (f"{FRIENDLY_NAME} 00 00", f"{FRIENDLY_NAME} 00 01")

    def card_port(self, slot: int = 0) -> int:
        assert self.port is not None, "rig not started"
        return self.port + slot

    def card(self, uid_hex: str, slot: int = 0, **kwargs: object) -> VirtualCard:
        """A virtual card for reader slot ``slot`` (not yet inserted)."""
        return VirtualCard(uid_hex, self.card_port(slot), **kwargs)  # type: ignore[arg-type]

    @property
    def log_path(self) -> Path:
        assert self._tmp is not None
        return Path(self._tmp.name) / "pcscd.log"

    def log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def start(self) -> None:
        self._clear_way()
        self.port = self.port or _free_port_pair()
        self._tmp = tempfile.TemporaryDirectory(prefix=MARKER)
        conf_dir = Path(self._tmp.name) / "reader.conf.d"
        conf_dir.mkdir()
        (conf_dir / "vpcd").write_text(
            f'FRIENDLYNAME "{FRIENDLY_NAME}"\n'
            f"DEVICENAME   /dev/null:0x{self.port:04X}\n"
            f"LIBPATH      {VPCD_DRIVER}\n"
            f"CHANNELID    0x{self.port:04X}\n"
        )
        with open(self.log_path, "wb") as log_file:
            self.process = subprocess.Popen(
                [PCSCD, "--foreground", "--info", "--apdu", "-c", str(conf_dir)],
                stdout=log_file,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        log.info("pcscd pid %d, vpcd on port %d", self.process.pid, self.port)
        self._wait_for_readers()

    def _clear_way(self) -> None:
        for pid, cmdline in pcscd_processes().items():
            if MARKER not in cmdline:
                raise RigError(
                    f"another pcscd is running (pid {pid}: {cmdline}); only one can run per "
                    "machine. Stop it (e.g. 'systemctl stop pcscd.socket pcscd') and retry."
                )
            log.warning("stopping stale test pcscd %d left by an earlier run", pid)
            _terminate(pid)

    def _wait_for_readers(self) -> None:
        assert self.process is not None
        deadline = time.monotonic() + self.start_timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RigError(f"pcscd exited with {self.process.returncode}:\n{self.log_tail()}")
            hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
            if hresult == scard.SCARD_S_SUCCESS:
                hresult, names = scard.SCardListReaders(context, [])
                scard.SCardReleaseContext(context)
                if hresult == scard.SCARD_S_SUCCESS and set(self.reader_names) <= set(names):
                    return
            time.sleep(0.1)
        self.stop()
        raise RigError(f"pcscd did not list the virtual readers in time:\n{self.log_tail()}")

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def __enter__(self) -> PcscRig:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _terminate(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if not Path(f"/proc/{pid}").exists():
            return
        time.sleep(0.1)
    os.kill(pid, signal.SIGKILL)
