"""A terminal's sync side as a real child process, for the SIGKILL-mid-drain test.

    python tests/sync/terminal_proc.py DB TERMINAL_ID HOST PORT PASSWORD TRUST_JSON

Runs SyncClient against the store in DB until SIGTERM (clean stop) or SIGKILL (no goodbye).
"""

from __future__ import annotations

import json
import logging
import signal
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from kiosk.store import Store  # noqa: E402
from sync.client import SyncClient, SyncSettings  # noqa: E402
from sync.mqtt import BrokerSettings  # noqa: E402


def main() -> int:
    db, terminal_id, host, port, password, trust = sys.argv[1:7]
    logging.basicConfig(level=logging.INFO, stream=sys.stderr)
    store = Store(db, terminal_id)
    client = SyncClient(
        store,
        terminal_id,
        BrokerSettings(
            host=host,
            port=int(port),
            username=terminal_id,
            password=password,
            reconnect_min_s=0.2,
            reconnect_max_s=1.0,
        ),
        json.loads(trust),
        settings=SyncSettings(window=50, ack_timeout_s=3.0),
    )
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    client.start()
    done.wait()
    client.stop()
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
