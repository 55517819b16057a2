"""In-memory stand-ins for the RFID pad and the locker doors, for the core's unit tests.

They implement the :mod:`kiosk.devices` protocols with exact, scriptable faults so each
branch of the flows' ordering can be driven on purpose. With ``path`` set, their state
lives in a JSON file, so a child process killed mid-flow leaves the device where it was,
as a real tag or lock would be. Byte-level behaviour is tested against the real
simulators in tests/drivers.
"""

from __future__ import annotations

import json
import os
from datetime import datetime, timedelta, timezone
from pathlib import Path

from kiosk.devices import DoorSensor, LockDidNotOpen, NoTag, TagRead, TagWriteFailed
from kiosk.model import PatronCheckResult
from kiosk.store import Store

REPO = Path(__file__).resolve().parents[2]
DEFAULT_CONFIG = REPO / "config" / "default.toml"
TZ = timezone(timedelta(hours=8))


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 22, 9, 30, tzinfo=TZ)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs) -> None:
        self.now += timedelta(**kwargs)


class Central:
    """The central library's patron answers; ``reachable = False`` is a network cut."""

    def __init__(self, store: Store):
        self.store = store
        self.reachable = True
        self.answers: dict = {}  # patron id -> what central knows, when it differs

    def check(self, patron_id: str) -> PatronCheckResult | None:
        if not self.reachable:
            return None
        if patron_id in self.answers:
            return PatronCheckResult(self.answers[patron_id])
        return PatronCheckResult(self.store.get_patron(patron_id))


class _Persistent:
    def __init__(self, path: str | Path | None, initial: dict):
        self._path = Path(path) if path else None
        if self._path and self._path.exists():
            self.state = json.loads(self._path.read_text())
        else:
            self.state = initial
            self._save()

    def _save(self) -> None:
        if self._path:
            tmp = self._path.with_suffix(".tmp")
            tmp.write_text(json.dumps(self.state))
            os.replace(tmp, self._path)


class FakePad(_Persistent):
    """Tags on a pad: uid -> {"item_id", "secured", "present"}.

    ``write_fault`` scripts the next write: "not_taken" (error, state unchanged),
    "taken_then_error" (state changed, error reported), "tag_gone" (tag leaves the pad
    during the write, state unchanged).
    """

    def __init__(self, path: str | Path | None = None):
        super().__init__(path, {"tags": {}, "write_fault": None})

    def place(self, uid: str, item_id: str | None, secured: bool = True) -> TagRead:
        self.state["tags"][uid] = {"item_id": item_id, "secured": secured, "present": True}
        self._save()
        return TagRead(uid, item_id, secured)

    def lift(self, uid: str) -> None:
        self.state["tags"][uid]["present"] = False
        self._save()

    def secured(self, uid: str) -> bool:
        return self.state["tags"][uid]["secured"]

    def fail_next_write(self, mode: str) -> None:
        self.state["write_fault"] = mode
        self._save()

    def inventory(self) -> list[TagRead]:
        return [
            TagRead(uid, t["item_id"], t["secured"])
            for uid, t in self.state["tags"].items()
            if t["present"]
        ]

    def read_secured(self, uid: str) -> bool:
        tag = self.state["tags"].get(uid)
        if tag is None or not tag["present"]:
            raise NoTag(uid)
        return tag["secured"]

    def set_secured(self, uid: str, secured: bool) -> None:
        tag = self.state["tags"].get(uid)
        if tag is None or not tag["present"]:
            raise NoTag(uid)
        fault, self.state["write_fault"] = self.state["write_fault"], None
        if fault == "tag_gone":
            tag["present"] = False
        elif fault != "not_taken":
            tag["secured"] = secured
        self._save()
        if fault:
            raise TagWriteFailed(f"scripted fault {fault}")


class FakeDoors(_Persistent):
    """Compartments: id -> {"open": bool, "item": bool|None, "jammed": bool}."""

    def __init__(self, compartment_ids, path: str | Path | None = None, item_sensors=True):
        initial = {
            cid: {"open": False, "item": False if item_sensors else None, "jammed": False}
            for cid in compartment_ids
        }
        super().__init__(path, {"doors": initial, "opened": []})

    def jam(self, cid: str) -> None:
        self.state["doors"][cid]["jammed"] = True
        self._save()

    def remove_item_sensors(self) -> None:
        for door in self.state["doors"].values():
            door["item"] = None
        self._save()

    def put_item(self, cid: str) -> None:
        if self.state["doors"][cid]["item"] is not None:
            self.state["doors"][cid]["item"] = True
        self._save()

    def close(self, cid: str) -> None:
        self.state["doors"][cid]["open"] = False
        self._save()

    def open(self, compartment_id: str) -> None:
        door = self.state["doors"][compartment_id]
        if door["jammed"]:
            raise LockDidNotOpen(compartment_id)
        door["open"] = True
        # the resident takes what is inside
        if door["item"] is not None:
            door["item"] = False
        self.state["opened"].append(compartment_id)
        self._save()

    def sensor(self, compartment_id: str) -> DoorSensor:
        return DoorSensor.OPEN if self.state["doors"][compartment_id]["open"] else DoorSensor.CLOSED

    def item_present(self, compartment_id: str) -> bool | None:
        return self.state["doors"][compartment_id]["item"]
