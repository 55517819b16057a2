"""``kiosk central ...``: run the central service, show the fleet, issue commands.

  kiosk central run      --db central.db --key-id K --signing-key key.pem [broker options]
                         [--sip2 sip2.toml]   (the library system: docs/sip2.md)
  kiosk central status   --db central.db [--json]
  kiosk central jobs     --db central.db [--json]
  kiosk central keygen   --out key.pem --key-id K
  kiosk central send     --db central.db (--terminal T ... | --all) [--wait S] KIND ...
  kiosk central web      --db central.db [--listen HOST:PORT] [--secure-cookies]
  kiosk central user     add NAME --role viewer|operator|admin [--password-stdin] | list |
                         set-role NAME ROLE | disable NAME | enable NAME
  kiosk central token    add NAME | list | revoke NAME   (the read-only API's bearer tokens)

``--db`` is an SQLite file (the default setup: one ``run`` per file) or a PostgreSQL URL
``postgresql://user@host:port/dbname`` (a city: several ``run`` workers on one database,
sharing the terminals' traffic; docs/reliability.md). The password is best left out of the
URL and given as ``PGPASSWORD`` or in ``~/.pgpass``, as libpq reads them.

``web`` serves the web console (docs/console.md) over the same store as ``run``: separate
processes, SQLite's lock and busy timeout (or PostgreSQL) between them. ``send`` records a
QUEUED job in the central store; the running service signs and sends it and records the terminal's
answer, so ``send`` needs neither the key nor the broker.
"""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import os
import signal
import sys
import threading
import time
from datetime import datetime
from typing import Any

from central.accounts import AccountError, Accounts, ApiTokens, Role
from central.db import is_postgres
from central.jobs import FINISHED, JobState
from central.service import (
    VALIDITY_S,
    CentralService,
    CentralSettings,
    check_job_args,
    fleet_rows,
)
from central.sip2.client import Sip2Client, Sip2Pool
from central.sip2.config import Sip2ConfigError, load_sip2_settings
from central.store import CentralStore
from central.workers import WorkerRefused
from kiosk import patron_pin
from kiosk.privacy import mask_name
from sync.contract import ContractError
from sync.mqtt import BrokerSettings
from sync.signing import Signer, generate_key_files

log = logging.getLogger(__name__)


def _fail(en: str, zh: str) -> int:
    sys.stderr.write(f"{zh} / {en}\n")
    return 2


def _fail_plain(both: str) -> int:
    sys.stderr.write(f"{both}\n")
    return 2


DB_HELP = "central store: an SQLite file or a postgresql://user@host:port/dbname URL"


class StoreUnavailable(Exception):
    """The ``--db`` store could not be opened (no server, refused, bad URL)."""


def open_store(db: str) -> CentralStore:
    """The central store named by ``--db``; StoreUnavailable with the reason if not."""
    try:
        return CentralStore(db)
    except Exception as exc:
        if not is_postgres(db):
            raise
        # psycopg's errors name the server and the reason, never the password.
        raise StoreUnavailable(str(exc).splitlines()[0] if str(exc) else repr(exc)) from exc


def _unavailable(exc: StoreUnavailable) -> int:
    return _fail(f"cannot open the central database: {exc}", f"无法打开中心数据库：{exc}")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    run = subparsers.add_parser("run", help="run the central service / 运行中心服务")
    run.add_argument("--db", required=True, help=DB_HELP)
    run.add_argument("--broker-host", default="127.0.0.1")
    run.add_argument("--broker-port", type=int, default=1883)
    run.add_argument("--username", default="central")
    run.add_argument(
        "--password-env",
        default="KIOSK_CENTRAL_PASSWORD",
        help="environment variable holding the broker password",
    )
    run.add_argument("--tls-ca")
    run.add_argument("--tls-cert")
    run.add_argument("--tls-key")
    run.add_argument("--key-id", required=True, help="id of the command-signing key")
    run.add_argument("--signing-key", required=True, help="Ed25519 private key (PEM)")
    run.add_argument("--log-level", default="INFO")
    run.add_argument(
        "--sip2", metavar="FILE.toml", help="the library system's SIP2 settings ([sip2] table)"
    )
    run.add_argument(
        "--lease-s",
        type=float,
        default=CentralSettings.lease_s,
        help="several workers (PostgreSQL): seconds a duty's lease lasts unrenewed, so a dead"
        " worker's duties move to another within this time",
    )
    run.set_defaults(handler=cmd_run)

    status = subparsers.add_parser("status", help="fleet status / 终端状态")
    status.add_argument("--db", required=True, help=DB_HELP)
    status.add_argument("--json", action="store_true", help="one JSON document")
    status.set_defaults(handler=cmd_status)

    jobs = subparsers.add_parser("jobs", help="recent commands and their outcome / 指令记录")
    jobs.add_argument("--db", required=True, help=DB_HELP)
    jobs.add_argument("--limit", type=int, default=50)
    jobs.add_argument("--json", action="store_true")
    jobs.set_defaults(handler=cmd_jobs)

    keygen = subparsers.add_parser("keygen", help="make a command-signing key / 生成签名密钥")
    keygen.add_argument("--out", required=True, help="private key file to create (PEM)")
    keygen.add_argument("--key-id", required=True)
    keygen.set_defaults(handler=cmd_keygen)

    send = subparsers.add_parser("send", help="issue a command / 下发指令")
    send.add_argument("--db", required=True, help=DB_HELP)
    target = send.add_mutually_exclusive_group(required=True)
    target.add_argument("--terminal", action="append", help="terminal id (repeatable)")
    target.add_argument("--all", action="store_true", help="every known terminal")
    send.add_argument("--validity", type=int, help="seconds the command stays valid")
    send.add_argument("--wait", type=float, default=0.0, help="wait up to S seconds for results")
    kinds = send.add_subparsers(dest="kind", required=True, metavar="KIND")
    k = kinds.add_parser("hold", help="load a hold into the terminal")
    k.add_argument("--hold", required=True)
    k.add_argument("--item", required=True)
    k.add_argument("--patron", required=True)
    k.add_argument("--expires", required=True, help="ISO time with offset")
    k.add_argument("--title")
    k = kinds.add_parser("cancel-hold", help="cancel a hold")
    k.add_argument("--hold", required=True)
    k = kinds.add_parser("block", help="block a patron")
    k.add_argument("--patron", required=True)
    k.add_argument("--reason", required=True)
    k = kinds.add_parser("unblock", help="unblock a patron")
    k.add_argument("--patron", required=True)
    k = kinds.add_parser("config", help="change desired configuration (versioned)")
    k.add_argument("--set", action="append", required=True, metavar="KEY=JSON")
    k = kinds.add_parser("open", help="open a compartment (staff)")
    k.add_argument("--compartment", required=True)
    k.add_argument("--reason", default="")
    k = kinds.add_parser("out-of-service", help="take a compartment or the terminal out of service")
    k.add_argument("--compartment")
    k.add_argument("--reason", required=True)
    k = kinds.add_parser("in-service", help="put a compartment or the terminal back in service")
    k.add_argument("--compartment")
    k = kinds.add_parser("resend", help="re-send events from a sequence number")
    k.add_argument("--from-seq", type=int, required=True)
    k = kinds.add_parser("patrons", help="import patron records and push them to terminals")
    k.add_argument(
        "--file",
        required=True,
        help="JSON list of patron records; an optional 'pin' is stored only as its hash,"
        " an optional 'name' only masked",
    )
    send.set_defaults(handler=cmd_send)

    web = subparsers.add_parser("web", help="serve the web console / 运行管理控制台")
    web.add_argument("--db", required=True, help=DB_HELP + " (the service's)")
    web.add_argument("--listen", default="127.0.0.1:8080", metavar="HOST:PORT")
    web.add_argument(
        "--secure-cookies",
        action="store_true",
        help="cookies only over HTTPS (set when the console is behind TLS)",
    )
    web.add_argument("--display-tz", default="Asia/Shanghai", help="time zone times are shown in")
    web.add_argument("--log-level", default="INFO")
    web.set_defaults(handler=cmd_web)

    user = subparsers.add_parser("user", help="console accounts / 控制台账户")
    ops = user.add_subparsers(dest="op", required=True, metavar="OP")
    add = ops.add_parser("add", help="add an account")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=[r.value for r in Role])
    add.add_argument(
        "--password-stdin", action="store_true", help="read the password from stdin (one line)"
    )
    ops.add_parser("list", help="list accounts")
    set_role = ops.add_parser("set-role", help="change an account's role")
    set_role.add_argument("name")
    set_role.add_argument("role", choices=[r.value for r in Role])
    for op in ("disable", "enable"):
        ops.add_parser(op, help=f"{op} an account").add_argument("name")
    for p in ops.choices.values():
        p.add_argument("--db", required=True, help=DB_HELP)
    user.set_defaults(handler=cmd_user)

    token = subparsers.add_parser("token", help="read-only API tokens / 只读接口令牌")
    token_ops = token.add_subparsers(dest="op", required=True, metavar="OP")
    token_ops.add_parser("add", help="make a token (shown once)").add_argument("name")
    token_ops.add_parser("list", help="list tokens")
    token_ops.add_parser("revoke", help="revoke a token").add_argument("name")
    for p in token_ops.choices.values():
        p.add_argument("--db", required=True, help=DB_HELP)
    token.set_defaults(handler=cmd_token)


# --- run -------------------------------------------------------------------------------
def cmd_run(args: argparse.Namespace) -> int:
    logging.basicConfig(
        level=args.log_level.upper(), format="%(asctime)s %(threadName)s %(name)s: %(message)s"
    )
    password = os.environ.get(args.password_env)
    try:
        signer = Signer.from_pem_file(args.key_id, args.signing_key)
    except (OSError, ValueError) as exc:
        return _fail(f"cannot load signing key: {exc}", f"无法读取签名密钥: {exc}")
    broker = BrokerSettings(
        host=args.broker_host,
        port=args.broker_port,
        username=args.username,
        password=password,
        tls_ca=args.tls_ca,
        tls_cert=args.tls_cert,
        tls_key=args.tls_key,
    )
    if not 1.0 <= args.lease_s <= 600.0:
        return _fail("--lease-s must be 1 to 600 seconds", "--lease-s 须在 1 到 600 秒之间")
    sip2_pool = None
    if args.sip2:
        try:
            sip2_pool = Sip2Pool(load_sip2_settings(args.sip2))
        except Sip2ConfigError as exc:
            return _fail(f"bad SIP2 settings: {exc}", f"SIP2 配置错误: {exc}")
    sip2 = Sip2Client(sip2_pool) if sip2_pool else None
    try:
        service = CentralService(
            args.db, broker, signer, CentralSettings(lease_s=args.lease_s), sip2=sip2
        )
        service.start()
    except WorkerRefused as exc:
        return _fail_plain(str(exc))
    except Exception as exc:
        if not is_postgres(args.db):
            raise
        return _unavailable(StoreUnavailable(str(exc).splitlines()[0]))
    done = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: done.set())
    log.info("central service running; public key %s (%s)", signer.public_key_b64(), args.key_id)
    done.wait()
    service.stop()
    if sip2_pool is not None:
        sip2_pool.close()
    return 0


# --- status and jobs --------------------------------------------------------------------
def _existing_store(db: str) -> CentralStore | None:
    """The central store for a read command; None (and nothing created) if there is no
    SQLite file. A PostgreSQL database is made by its administrator, so it is opened (and
    migrated, as ``run`` would)."""
    if not is_postgres(db) and not os.path.isfile(db):
        return None
    return open_store(db)


def _no_database(db: str) -> int:
    return _fail(f"no central database at {db}", f"找不到中心数据库 {db}")


def cmd_status(args: argparse.Namespace) -> int:
    try:
        store = _existing_store(args.db)
    except StoreUnavailable as exc:
        return _unavailable(exc)
    if store is None:
        return _no_database(args.db)
    rows = fleet_rows(store)
    alarms = [
        {k: a[k] for k in ("kind", "terminal_id", "count", "detail", "raised_at", "last_at")}
        for a in store.alarms()
    ]
    applied = store.sip2_apply_counts()
    if args.json:
        document = {"terminals": rows, "alarms": alarms, "library_system": applied}
        sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
        return 0
    header = ("TERMINAL", "STATE", "LAST SEEN", "QUEUE", "OLDEST(s)", "STORED", "ALARMS")
    table = [header] + [
        (
            r["terminal_id"],
            r["state"] + (" (out of service)" if r["out_of_service"] else ""),
            (r["last_seen"] or "-")[:19],
            "-" if r["queue_depth"] is None else str(r["queue_depth"]),
            "-" if r["oldest_age_s"] is None else f"{r['oldest_age_s']:.0f}",
            f"{r['events_stored_upto']}" + (f" (gap to {r['max_seq']})" if r["gap"] else ""),
            ",".join(r["alarms"]) or "-",
        )
        for r in rows
    ]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    for row in table:
        sys.stdout.write("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + "\n")
    for a in alarms:
        sys.stdout.write(
            f"ALARM {a['kind']} {a['terminal_id']}: {a['count']} since {a['raised_at'][:19]}"
            f" (last {a['last_at'][:19]}): {a['detail'].get('last', '')}{_refused_item(a)}\n"
        )
    if applied:
        counts = ", ".join(f"{state} {n}" for state, n in sorted(applied.items()))
        sys.stdout.write(f"LIBRARY SYSTEM events: {counts}\n")
    return 0


def _refused_item(alarm: dict[str, Any]) -> str:
    """What a ``sip2_refused`` alarm was about: the item and the masked patron."""
    detail = alarm["detail"]
    if "item_id" not in detail:
        return ""
    return f" ({detail.get('event_kind')} of item {detail['item_id']}, patron {detail['patron']})"


def cmd_jobs(args: argparse.Namespace) -> int:
    try:
        store = _existing_store(args.db)
    except StoreUnavailable as exc:
        return _unavailable(exc)
    if store is None:
        return _no_database(args.db)
    jobs = store.jobs(args.limit)
    if args.json:
        sys.stdout.write(json.dumps({"jobs": jobs}, ensure_ascii=False, indent=2) + "\n")
        return 0
    for j in jobs:
        sys.stdout.write(
            f"{j['created_at'][:19]}  {j['terminal_id']:<12} {j['kind']:<18} {j['state']:<11}"
            f" {j['reason'] or ''}  {j['command_id']}\n"
        )
    return 0


def cmd_keygen(args: argparse.Namespace) -> int:
    try:
        public = generate_key_files(args.out)
    except FileExistsError:
        return _fail(f"{args.out} exists; not overwritten", f"{args.out} 已存在，未覆盖")
    sys.stdout.write(json.dumps({"key_id": args.key_id, "public_key": public}) + "\n")
    return 0


# --- send ------------------------------------------------------------------------------
def _command(args: argparse.Namespace, store: CentralStore) -> tuple[str, dict[str, Any]]:
    """(command kind, args) for the CLI's KIND; may update central's own records first."""
    kind = args.kind
    if kind == "hold":
        hold: dict[str, Any] = {
            "hold_id": args.hold,
            "item_id": args.item,
            "patron_id": args.patron,
            "expires_at": datetime.fromisoformat(args.expires).isoformat(),
        }
        if args.title:
            hold["title"] = args.title
        return "load_holds", {"holds": [hold]}
    if kind == "cancel-hold":
        return "cancel_hold", {"hold_id": args.hold}
    if kind in ("block", "unblock"):
        blocked = kind == "block"
        known = store.get_patron(args.patron)
        if known is not None:
            known.update(blocked=blocked, block_reason=args.reason if blocked else None)
            store.upsert_patrons([known])
        if blocked:
            return "block_patron", {"patron_id": args.patron, "reason": args.reason}
        return "unblock_patron", {"patron_id": args.patron}
    if kind == "open":
        out: dict[str, Any] = {"compartment_id": args.compartment}
        if args.reason:
            out["reason"] = args.reason
        return "open_compartment", out
    if kind in ("out-of-service", "in-service"):
        oos = kind == "out-of-service"
        return "set_out_of_service", {
            "compartment_id": args.compartment,
            "out_of_service": oos,
            "reason": args.reason if oos else "",
        }
    if kind == "resend":
        return "resend_events", {"from_seq": args.from_seq}
    raise ValueError(kind)


def patron_upload(record: dict[str, Any]) -> dict[str, Any]:
    """One record of a ``send patrons --file`` upload as central keeps and sends it: a
    ``pin`` becomes its slow hash (the PIN itself is kept nowhere), a ``name`` its masked
    form; both are optional, and a record may carry ``pin_hash``/``masked_name`` already."""
    out = dict(record)
    pin = out.pop("pin", None)
    if pin is not None:
        out["pin_hash"] = patron_pin.make_hash(str(pin))
    name = out.pop("name", None)
    if name is not None:
        out["masked_name"] = mask_name(str(name)) or None
    return out


def _parse_settings(pairs: list[str]) -> dict[str, Any]:
    changes = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise ValueError(f"expected KEY=VALUE, got {pair!r}")
        try:
            changes[key] = json.loads(value)
        except json.JSONDecodeError:
            changes[key] = value
    return changes


def cmd_send(args: argparse.Namespace) -> int:
    try:
        store = open_store(args.db)
    except StoreUnavailable as exc:
        return _unavailable(exc)
    if args.all:
        terminals = [t["terminal_id"] for t in store.fleet()]
    else:
        terminals = list(dict.fromkeys(args.terminal))
    if not terminals:
        return _fail("no terminal known yet", "尚无已知终端")
    command_ids: list[str] = []
    try:
        if args.kind == "config":
            changes = _parse_settings(args.set)
            for t in terminals:
                version, config = store.set_desired_config(t, changes)
                command_ids.append(
                    store.enqueue_job(
                        t,
                        "set_config",
                        {"version": version, "changes": config},
                        args.validity or VALIDITY_S["set_config"],
                    )
                )
        elif args.kind == "patrons":
            with open(args.file, encoding="utf-8") as fh:
                patrons = [patron_upload(p) for p in json.load(fh)]
            check_job_args("sync_patrons", {"version": 1, "patrons": patrons})
            version = store.upsert_patrons(patrons)
            for t in terminals:
                command_ids.append(
                    store.enqueue_job(
                        t,
                        "sync_patrons",
                        {"version": version, "patrons": patrons},
                        args.validity or VALIDITY_S["sync_patrons"],
                    )
                )
        else:
            kind, cmd_args = _command(args, store)
            check_job_args(kind, cmd_args)
            for t in terminals:
                command_ids.append(
                    store.enqueue_job(t, kind, cmd_args, args.validity or VALIDITY_S[kind])
                )
    except (OSError, ValueError, KeyError, TypeError, ContractError) as exc:
        return _fail(f"cannot issue command: {exc}", f"无法下发指令: {exc}")
    deadline = time.monotonic() + args.wait
    jobs = [store.job(cid) for cid in command_ids]
    while args.wait and time.monotonic() < deadline:
        jobs = [store.job(cid) for cid in command_ids]
        if all(JobState(j["state"]) in FINISHED for j in jobs if j):
            break
        time.sleep(0.2)
    for j in jobs:
        if j is not None:
            sys.stdout.write(
                json.dumps(
                    {
                        "command_id": j["command_id"],
                        "terminal_id": j["terminal_id"],
                        "kind": j["kind"],
                        "state": j["state"],
                        "reason": j["reason"],
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )
    if args.wait and any(j and j["state"] != JobState.SUCCEEDED.value for j in jobs):
        return 1
    return 0


# --- web console and its accounts ----------------------------------------------------------
def _listen(value: str) -> tuple[str, int]:
    host, sep, port = value.rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(f"expected HOST:PORT, got {value!r}")
    return host.strip("[]"), int(port)


def cmd_web(args: argparse.Namespace) -> int:
    import uvicorn

    from central.web.app import create_app
    from central.web.base import WebSettings

    try:
        host, port = _listen(args.listen)
    except ValueError as exc:
        return _fail(str(exc), f"监听地址无效: {args.listen}")
    try:
        open_store(args.db).close()  # reachable and migrated, or one line saying why not
    except StoreUnavailable as exc:
        return _unavailable(exc)
    app = create_app(
        args.db, WebSettings(secure_cookies=args.secure_cookies, display_tz=args.display_tz)
    )
    if not Accounts(app.state.console.store).has_users():
        sys.stderr.write(
            "尚无账户：先运行 kiosk central user add NAME --role admin"
            " / no account yet: run kiosk central user add NAME --role admin first\n"
        )
    # proxy_headers off: the audit and the sign-in throttle use the TCP peer's address, which
    # a client cannot forge as it can an X-Forwarded-For header.
    uvicorn.run(app, host=host, port=port, log_level=args.log_level.lower(), proxy_headers=False)
    return 0


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("密码 / password: ")
    if getpass.getpass("再次输入 / again: ") != first:
        raise AccountError("两次输入的密码不一致 / the passwords differ")
    return first


def cmd_user(args: argparse.Namespace) -> int:
    try:
        accounts = Accounts(open_store(args.db))
    except StoreUnavailable as exc:
        return _unavailable(exc)
    actor = f"cli:{getpass.getuser()}"
    try:
        if args.op == "add":
            accounts.add_user(
                args.name, Role(args.role), _read_password(args.password_stdin), actor
            )
        elif args.op == "set-role":
            accounts.set_role(args.name, Role(args.role), actor)
        elif args.op in ("disable", "enable"):
            accounts.set_disabled(args.name, args.op == "disable", actor)
        else:
            for u in accounts.users():
                state = f" disabled {u['disabled_at'][:19]}" if u["disabled_at"] else ""
                sys.stdout.write(
                    f"{u['username']:<24} {u['role']:<9} {u['created_at'][:19]}{state}\n"
                )
    except AccountError as exc:
        sys.stderr.write(f"{exc}\n")
        return 2
    return 0


def cmd_token(args: argparse.Namespace) -> int:
    try:
        tokens = ApiTokens(open_store(args.db))
    except StoreUnavailable as exc:
        return _unavailable(exc)
    actor = f"cli:{getpass.getuser()}"
    try:
        if args.op == "add":
            sys.stdout.write(tokens.add(args.name, actor) + "\n")
        elif args.op == "revoke":
            tokens.revoke(args.name, actor)
        else:
            for t in tokens.listing():
                state = f" revoked {t['revoked_at'][:19]}" if t["revoked_at"] else ""
                used = (t["last_used_at"] or "never")[:19]
                sys.stdout.write(f"{t['name']:<24} {t['created_at'][:19]} used {used}{state}\n")
    except AccountError as exc:
        sys.stderr.write(f"{exc}\n")
        return 2
    return 0
