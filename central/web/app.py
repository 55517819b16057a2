"""The console's pages and endpoints (Starlette, server-rendered Jinja2, no build step).

Endpoints are plain functions: Starlette runs them on its thread pool, where each thread
has its own connection to the central store (``CentralStore`` keeps one per thread). The
gate (``central.web.gate``) has already checked the session and the CSRF token of a POST
by the time an endpoint runs; ``requires`` checks the role.
"""

from __future__ import annotations

import secrets
from datetime import date
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from central.accounts import (
    AccountError,
    Role,
)
from central.web import actions, i18n, reports
from central.web.api import api_alarms, api_fleet, api_reports, api_terminal, healthz, metrics
from central.web.base import (
    HERE,
    LANGUAGE_COOKIE,
    Console,
    WebSettings,
    console_of,
    form_of,
    language_of,
    render,
    report_range,
    requires,
    session_of,
    source_of,
)
from central.web.gate import LOGIN_CSRF_COOKIE, Gate, safe_next, session_cookie_name


# --- sign-in, sign-out, language ---------------------------------------------------------
def signin_page(request: Request) -> Response:
    if request.method == "POST":
        return _signin(request)
    return _signin_form(request, 200)


def _signin_form(request: Request, status: int, error: str = "", wait_s: int = 0) -> Response:
    token = request.cookies.get(LOGIN_CSRF_COOKIE) or secrets.token_urlsafe(32)
    response = render(
        request,
        "signin.html",
        status,
        login_csrf=token,
        error=error,
        wait_s=wait_s,
        next=safe_next(request.query_params.get("next") or form_of(request).get("next")),
    )
    console = console_of(request)
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=console.settings.secure_cookies,
        path="/signin",
    )
    if wait_s:
        response.headers["retry-after"] = str(wait_s)
    return response


def _signin(request: Request) -> Response:
    console = console_of(request)
    form = form_of(request)
    username = form.get("username", "").strip().lower()[:64]
    source = source_of(request)
    known = console.accounts.known(username)
    keys = console.throttle.keys(source, username if known else None)
    wait = console.throttle.wait_left(keys)
    if wait > 0:
        return _signin_form(request, 429, "signin.wait", wait_s=max(1, round(wait + 0.5)))
    user = console.accounts.authenticate(username, form.get("password", ""))
    if user is None:
        console.throttle.failed(keys)
        # An unknown name is not recorded: people type their password into the name field.
        console.accounts.audit(username if known else "(unknown)", "sign_in_failed", source=source)
        return _signin_form(request, 401, "signin.failed")
    console.throttle.succeeded(username)
    token, _session_ = console.accounts.open_session(user, source)
    response = RedirectResponse(safe_next(form.get("next")), status_code=303)
    response.set_cookie(
        session_cookie_name(console.settings.secure_cookies),
        token,
        httponly=True,
        samesite="strict",
        secure=console.settings.secure_cookies,
        path="/",
    )
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/signin")
    return response


def signout(request: Request) -> Response:
    console = console_of(request)
    session = session_of(request)
    if session is not None:
        console.accounts.close_session(session, source_of(request))
    response = RedirectResponse("/signin", status_code=303)
    response.delete_cookie(session_cookie_name(console.settings.secure_cookies), path="/")
    return response


def language(request: Request) -> Response:
    lang = request.query_params.get("to", "")
    response = RedirectResponse(safe_next(request.query_params.get("next")), status_code=303)
    if lang in i18n.LANGUAGES:
        response.set_cookie(LANGUAGE_COOKIE, lang, max_age=365 * 86400, samesite="lax")
    return response


# --- fleet -------------------------------------------------------------------------------
def _fleet_rows(request: Request) -> tuple[list[dict[str, Any]], dict[str, str], list[str]]:
    """The fleet's rows under the query's filters, the filters, and every district known."""
    chosen = {k: request.query_params.get(k, "") for k in ("state", "alarm", "district")}
    view = console_of(request).view
    everything = view.fleet()
    districts = sorted({r["district"] for r in everything if r["district"]})
    return view.filtered(everything, **chosen), chosen, districts


@requires(Role.VIEWER)
def fleet_page(request: Request) -> Response:
    rows, chosen, districts = _fleet_rows(request)
    return render(
        request,
        "fleet.html",
        rows=rows,
        districts=districts,
        state=chosen["state"],
        alarm=chosen["alarm"],
        district=chosen["district"],
    )


@requires(Role.VIEWER)
def fleet_json(request: Request) -> Response:
    rows, _, _ = _fleet_rows(request)
    html = bytes(render(request, "_fleet_rows.html", rows=rows).body).decode()
    return JSONResponse({"count": len(rows), "html": html})


# --- one terminal -----------------------------------------------------------------------
def _terminal_or_404(request: Request) -> dict[str, Any] | Response:
    terminal = console_of(request).view.terminal(request.path_params["terminal_id"])
    if terminal is None:
        return render(request, "not_found.html", 404)
    return terminal


@requires(Role.VIEWER)
def terminal_page(request: Request) -> Response:
    return _terminal_view(request)


def _terminal_view(request: Request, status: int = 200, error: str = "") -> Response:
    terminal = _terminal_or_404(request)
    if isinstance(terminal, Response):
        return terminal
    console = console_of(request)
    terminal_id = terminal["terminal_id"]
    return render(
        request,
        "terminal.html",
        status,
        terminal=terminal,
        compartments=console.view.compartments(terminal_id),
        events=console.view.recent_events(terminal_id),
        jobs=console.view.jobs(terminal_id),
        audit=console.accounts.audit_log(20, terminal_id),
        queued=request.query_params.get("job", ""),
        error=error,
        form=form_of(request),
    )


@requires(Role.VIEWER)
def terminal_jobs_json(request: Request) -> Response:
    console = console_of(request)
    terminal_id = request.path_params["terminal_id"]
    jobs = console.view.jobs(terminal_id)
    html = bytes(
        render(
            request, "_jobs_rows.html", jobs=jobs, queued=request.query_params.get("job", "")
        ).body
    ).decode()
    return JSONResponse({"count": len(jobs), "html": html})


@requires(Role.OPERATOR)
def terminal_action(request: Request) -> Response:
    terminal = _terminal_or_404(request)
    if isinstance(terminal, Response):
        return terminal
    console = console_of(request)
    session = session_of(request)
    assert session is not None
    lang = language_of(request)
    try:
        command = actions.command_for(form_of(request))
    except actions.ActionRefused as refused:
        message = i18n.translate(lang, refused.key, why=refused.why)
        return _terminal_view(request, 400, message)
    actions.record_patron_block(console.store, command)
    command_id = console.store.enqueue_job(
        terminal["terminal_id"],
        command.kind,
        command.args,
        actions.validity_s(command),
        also=lambda db, cid: console.accounts.write_audit(
            db,
            session.user.username,
            command.kind,
            source=source_of(request),
            terminal_id=terminal["terminal_id"],
            detail=command.audit_detail,
            command_id=cid,
        ),
    )
    return RedirectResponse(
        f"/terminals/{terminal['terminal_id']}?job={command_id}#jobs", status_code=303
    )


@requires(Role.ADMIN)
def terminal_site(request: Request) -> Response:
    console = console_of(request)
    session = session_of(request)
    assert session is not None
    terminal_id = request.path_params["terminal_id"]
    site = form_of(request).get("site", "").strip()[:100]
    changed = console.view.set_site(
        terminal_id,
        site,
        lambda db: console.accounts.write_audit(
            db,
            session.user.username,
            "set_site",
            source=source_of(request),
            terminal_id=terminal_id,
            detail={"site": site},
        ),
    )
    if not changed:
        return render(request, "not_found.html", 404)
    return RedirectResponse(f"/terminals/{terminal_id}", status_code=303)


# --- alarms ------------------------------------------------------------------------------
@requires(Role.VIEWER)
def alarms_page(request: Request) -> Response:
    return _alarms_view(request)


def _alarms_view(request: Request, status: int = 200, error: str = "") -> Response:
    return render(
        request, "alarms.html", status, alarms=console_of(request).view.alarms(), error=error
    )


@requires(Role.OPERATOR)
def alarm_ack(request: Request) -> Response:
    console = console_of(request)
    session = session_of(request)
    assert session is not None
    form = form_of(request)
    key = form.get("key", "")[:300]
    note = form.get("note", "").strip()[:200]
    acked = console.view.acknowledge(
        key,
        session.user.username,
        note,
        lambda db: console.accounts.write_audit(
            db,
            session.user.username,
            "alarm_ack",
            source=source_of(request),
            terminal_id=key.split(":")[1] if key.count(":") >= 1 else None,
            detail={"alarm": key, "note": note},
        ),
    )
    if not acked:
        message = i18n.translate(language_of(request), "alarm.gone")
        return _alarms_view(request, 409, message)
    return RedirectResponse("/alarms", status_code=303)


# --- accounts and audit ------------------------------------------------------------------
@requires(Role.ADMIN)
def users_page(request: Request) -> Response:
    return _users_view(request)


def _users_view(request: Request, status: int = 200, error: str = "") -> Response:
    return render(
        request, "users.html", status, users=console_of(request).accounts.users(), error=error
    )


@requires(Role.ADMIN)
def users_change(request: Request) -> Response:
    console = console_of(request)
    session = session_of(request)
    assert session is not None
    form = form_of(request)
    source = source_of(request)
    op = form.get("op", "")
    name = form.get("username", "").strip().lower()
    try:
        if op == "add":
            role = Role(form.get("role", ""))
            console.accounts.add_user(name, role, form.get("password", ""), session.user.username)
        elif op == "role":
            console.accounts.set_role(
                name, Role(form.get("role", "")), session.user.username, source
            )
        elif op in ("disable", "enable"):
            if name == session.user.username:
                raise AccountError("不能停用自己的账户 / you cannot disable your own account")
            console.accounts.set_disabled(name, op == "disable", session.user.username, source)
        else:
            raise AccountError("未知操作 / unknown operation")
    except (AccountError, ValueError) as exc:
        return _users_view(request, 400, str(exc))
    return RedirectResponse("/users", status_code=303)


@requires(Role.ADMIN)
def audit_page(request: Request) -> Response:
    return render(request, "audit.html", rows=console_of(request).accounts.audit_log(500))


# --- holds to load ------------------------------------------------------------------------
@requires(Role.VIEWER)
def holds_page(request: Request) -> Response:
    holds = console_of(request).view.holds_to_load()
    by_site: dict[str, list[dict[str, Any]]] = {}
    for hold in holds:
        by_site.setdefault(hold["site"], []).append(hold)
    return render(request, "holds.html", by_site=by_site)


# --- reports -----------------------------------------------------------------------------
def _kind_labels(request: Request) -> dict[str, str]:
    lang = language_of(request)
    labels = {k: i18n.translate(lang, f"kind.{k}") for k in reports.COLUMNS}
    for extra in ("pickup", "offline", "by_hour", "network", "availability", "online_share"):
        labels[extra] = i18n.translate(lang, f"report.{extra}")
    labels["terminal"] = i18n.translate(lang, "terminal")
    labels["site"] = i18n.translate(lang, "site")
    return labels


@requires(Role.VIEWER)
def reports_page(request: Request) -> Response:
    span = report_range(request)
    if span is None:
        message = i18n.translate(language_of(request), "report.bad")
        return render(request, "reports.html", 400, days=[], first=None, last=None, error=message)
    first, last = span
    console = console_of(request)
    report = reports.build(console.store, console.zone, first, last)
    return render(
        request,
        "reports.html",
        report=report,
        days=report.days,
        totals=report.totals(),
        loans=report.loans,
        kinds=reports.COLUMNS,
        first=first,
        last=last,
        error="",
    )


@requires(Role.VIEWER)
def reports_csv(request: Request) -> Response:
    span = report_range(request)
    if span is None:
        return Response("bad range\n", status_code=400, media_type="text/plain")
    console = console_of(request)
    days = reports.daily_counts(console.store, console.zone, *span)
    reasons = reports.refusal_reasons(console.store, console.zone, *span)
    name = f"kiosk-{span[0].isoformat()}-{span[1].isoformat()}.csv"
    return Response(
        reports.as_csv(days, reasons),
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="{name}"'},
    )


@requires(Role.VIEWER)
def reports_chart(request: Request) -> Response:
    span = report_range(request)
    if span is None:
        return Response(status_code=400)
    console = console_of(request)
    days = reports.daily_counts(console.store, console.zone, *span)
    png = reports.chart_png(days, *span, _kind_labels(request))
    return Response(png, media_type="image/png")


@requires(Role.VIEWER)
def reports_year(request: Request) -> Response:
    console = console_of(request)
    try:
        year = int(request.query_params.get("year", ""))
        first, last = date(year, 1, 1), date(year, 12, 31)
    except ValueError:
        return Response("bad year\n", status_code=400, media_type="text/plain")
    days = reports.daily_counts(console.store, console.zone, first, last)
    figures = reports.loan_figures(console.store, console.zone, first, last)
    terminals = reports.availability(console.store, console.zone, first, last)
    title = i18n.translate(language_of(request), "report.title")
    pdf = reports.year_pdf(days, figures, terminals, year, _kind_labels(request), title)
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"content-disposition": f'attachment; filename="kiosk-{year}.pdf"'},
    )


def create_app(db_path: str | Path, settings: WebSettings | None = None) -> Starlette:
    console = Console(db_path, settings or WebSettings())
    routes = [
        Route("/signin", signin_page, methods=["GET", "POST"]),
        Route("/signout", signout, methods=["POST"]),
        Route("/lang", language),
        Route("/", fleet_page),
        Route("/api/fleet", fleet_json),
        Route("/terminals/{terminal_id}", terminal_page),
        Route("/api/terminals/{terminal_id}/jobs", terminal_jobs_json),
        Route("/terminals/{terminal_id}/actions", terminal_action, methods=["POST"]),
        Route("/terminals/{terminal_id}/site", terminal_site, methods=["POST"]),
        Route("/alarms", alarms_page),
        Route("/alarms/ack", alarm_ack, methods=["POST"]),
        Route("/users", users_page),
        Route("/users", users_change, methods=["POST"]),
        Route("/audit", audit_page),
        Route("/holds", holds_page),
        Route("/reports", reports_page),
        Route("/reports.csv", reports_csv),
        Route("/reports/chart.png", reports_chart),
        Route("/reports/year.pdf", reports_year),
        Route("/api/v1/fleet", api_fleet),
        Route("/api/v1/terminals/{terminal_id}", api_terminal),
        Route("/api/v1/alarms", api_alarms),
        Route("/api/v1/reports", api_reports),
        Route("/healthz", healthz),
        Route("/metrics", metrics),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    app = Starlette(routes=routes)
    app.state.console = console
    app.add_middleware(
        Gate, accounts=console.accounts, secure_cookies=console.settings.secure_cookies
    )
    return app
