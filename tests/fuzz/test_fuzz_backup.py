"""Fuzzing `kiosk service restore`'s input: whatever file is handed over as a backup.

A file that is not a sound backup of this store is refused with a BackupError (one line
for the technician) and the store it would have replaced is left byte for byte as it was.
"""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.store import Store
from kiosk.store.schema import MIGRATIONS
from runtime.backup import BackupError, backup_store, restore_store
from tests.fuzz.budget import LONG, examples


@pytest.fixture(scope="module")
def sound_backup(tmp_path_factory) -> bytes:
    folder = tmp_path_factory.mktemp("sound")
    Store(folder / "kiosk.db", "T1").close()
    return backup_store(folder / "kiosk.db", folder / "backups").path.read_bytes()


@st.composite
def backups(draw: st.DrawFn, sound: bytes) -> bytes:
    kind = draw(st.integers(0, 2))
    if kind == 0:
        return draw(st.binary(max_size=4096))
    if kind == 1:  # a SQLite header, then anything
        return b"SQLite format 3\x00" + draw(st.binary(max_size=4096))
    data = bytearray(sound)  # a real backup with some bytes overwritten or cut short
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, len(data) - 1))
        data[at] = draw(st.integers(0, 255))
    return bytes(data[: draw(st.integers(0, len(data)))])


@settings(max_examples=examples(100, 10_000), deadline=None, derandomize=not LONG)
@given(data=st.data())
def test_a_bad_backup_is_refused_and_the_store_left_alone(sound_backup, data):
    candidate = data.draw(backups(sound_backup))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        Store(folder / "kiosk.db", "T1").close()
        before = (folder / "kiosk.db").read_bytes()
        (folder / "candidate.db").write_bytes(candidate)
        try:
            restore_store(folder / "candidate.db", folder / "kiosk.db", len(MIGRATIONS))
        except BackupError:
            assert (folder / "kiosk.db").read_bytes() == before
            return
        # Accepted: it must be a sound database the kiosk opens.
        with sqlite3.connect(folder / "kiosk.db") as db:
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        Store(folder / "kiosk.db", "T1").close()
