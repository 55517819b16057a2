"""The console's machine endpoints: the read-only JSON API (bearer tokens, checked by the
gate), ``/healthz`` and ``/metrics``."""

from __future__ import annotations

from dataclasses import asdict

from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from central.web import reports
from central.web.base import console_of, report_range


# --- read-only JSON API (bearer token, checked by the gate) ---------------------------------
def api_fleet(request: Request) -> Response:
    return JSONResponse({"terminals": console_of(request).view.fleet()})


def api_terminal(request: Request) -> Response:
    console = console_of(request)
    terminal_id = request.path_params["terminal_id"]
    terminal = console.view.terminal(terminal_id)
    if terminal is None:
        return JSONResponse({"error": "no such terminal"}, status_code=404)
    return JSONResponse(
        {
            "terminal": terminal,
            "compartments": console.view.compartments(terminal_id),
            "events": console.view.recent_events(terminal_id),
            "jobs": console.view.jobs(terminal_id),
        }
    )


def api_alarms(request: Request) -> Response:
    alarms = [asdict(a) for a in console_of(request).view.alarms()]
    return JSONResponse({"alarms": alarms})


def api_reports(request: Request) -> Response:
    span = report_range(request)
    if span is None:
        return JSONResponse({"error": "a report covers 1 to 366 days"}, status_code=400)
    by = request.query_params.get("by", "day")
    if by not in ("day", "month"):
        return JSONResponse({"error": "by is day or month"}, status_code=400)
    console = console_of(request)
    report = reports.build(console.store, console.zone, *span)
    return JSONResponse(reports.as_json(report, by))


# --- machine endpoints -------------------------------------------------------------------
def healthz(request: Request) -> Response:
    console = console_of(request)
    try:
        version = console.view.schema_version()
        terminals = len(console.view.fleet())
    except Exception as exc:
        return JSONResponse({"status": "error", "error": type(exc).__name__}, status_code=503)
    return JSONResponse({"status": "ok", "schema_version": version, "terminals": terminals})


def metrics(request: Request) -> Response:
    return Response(generate_latest(console_of(request).registry), media_type=CONTENT_TYPE_LATEST)
