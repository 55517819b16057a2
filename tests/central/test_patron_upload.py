"""Central's patron upload: a ``pin`` column is stored and sent only as its slow hash, a
``name`` only masked, and what goes to a terminal validates against the contract, which
the terminal turns into a record its PIN check accepts."""

from __future__ import annotations

import argparse
import json

from central import cli
from central.store import CentralStore
from kiosk import patron_pin
from sync import contract

UPLOAD = [
    {
        "patron_id": "3301000000101",
        "kind": "card",
        "credit_level": None,
        "blocked": False,
        "block_reason": None,
        "pin": "482916",
        "name": "张三明",
        "fines_cents": 1250,
    },
    {
        "patron_id": "3301000000102",
        "kind": "card",
        "credit_level": None,
        "blocked": False,
        "block_reason": None,
    },
]


def run_cli(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="kiosk central")
    cli.register(parser.add_subparsers(dest="cmd", required=True))
    args = parser.parse_args(argv)
    return int(args.handler(args))


def test_a_pin_is_kept_and_sent_only_as_its_hash(tmp_path, capsys) -> None:
    db = tmp_path / "central.db"
    upload = tmp_path / "patrons.json"
    upload.write_text(json.dumps(UPLOAD, ensure_ascii=False), encoding="utf-8")
    code = run_cli("send", "--db", str(db), "--terminal", "T1", "patrons", "--file", str(upload))
    assert code == 0
    sent = json.loads(capsys.readouterr().out.splitlines()[0])
    store = CentralStore(str(db))
    with_pin = store.get_patron("3301000000101")
    assert with_pin is not None
    assert with_pin["masked_name"] == "张*明" and with_pin["fines_cents"] == 1250
    assert patron_pin.verify("482916", with_pin["pin_hash"])
    # an earlier terminal refuses unknown fields: a record without them sends none
    assert set(store.get_patron("3301000000102") or {}) == {
        "patron_id",
        "kind",
        "credit_level",
        "blocked",
        "block_reason",
    }
    everything = json.dumps(store._rows("SELECT * FROM patrons"), ensure_ascii=False)
    everything += json.dumps(store.job(sent["command_id"]), ensure_ascii=False, default=str)
    assert "482916" not in everything and "张三明" not in everything
    job = store.job(sent["command_id"])
    assert job is not None
    args = job["args"]
    command = {
        "command_id": sent["command_id"],
        "terminal_id": "T1",
        "kind": "sync_patrons",
        "issued_at": "2026-11-22T00:00:00+00:00",
        "expires_at": "2026-11-23T00:00:00+00:00",
        "args": args,
    }
    contract.validate("command", command)
    record = contract.patron_record(args["patrons"][0])
    assert record.masked_name == "张*明" and record.fines_cents == 1250
    assert record.pin_hash is not None and patron_pin.verify("482916", record.pin_hash)
