"""What only a demo site gets: a switch to cut the network, a simulated central library
answering patron checks from the local store, and the simulated devices' control handles
(for the simulator window, the demo PIN and staff card, and the tests)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.model import PatronCheckResult
from kiosk.store import Store

# Package data (runtime/demo/ links to config/ in a checkout), so an installed wheel has them.
DEMO_DIR = Path(__file__).resolve().parent / "demo"
DEMO_SITE_FILE = DEMO_DIR / "default.toml"
DEMO_ECARD_KEY = DEMO_DIR / "demo-ecard.key"
DEMO_ECARD_KEY_ID = "demo"


class NetworkSwitch:
    """Whether the central library is reachable, as the simulator window sets it.

    With a real broker the sync client decides; without one (the simulated default)
    this switch lets anyone try the offline rules by "cutting the network".
    """

    def __init__(self) -> None:
        self._online = True
        self._lock = threading.Lock()

    @property
    def online(self) -> bool:
        with self._lock:
            return self._online

    def set_online(self, online: bool) -> None:
        with self._lock:
            self._online = online


class SimulatedCentral:
    """The central library's patron answers when no broker is configured: the local copy,
    as central would keep it current, or no answer at all while the network is cut."""

    def __init__(self, store: Store, network: NetworkSwitch):
        self.store = store
        self.network = network

    def check(self, patron_id: str) -> PatronCheckResult | None:
        if not self.network.online:
            return None
        return PatronCheckResult(self.store.get_patron(patron_id))


@dataclass
class Simulators:
    """The simulated devices' control handles, for the simulator window and the tests."""

    rfid: Any = None
    lockers: Any = None
    card: Any = None
    scanner: Any = None
    printer: Any = None
    # patron id -> QR e-card text, signed with the demo key (demo sites only)
    issue_ecard: Callable[[str], str] | None = None
