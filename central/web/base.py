"""What every console endpoint shares: the console's state, the request's session, form and
language, rendering a page, and the role check.

The gate (:mod:`central.web.gate`) has already checked the session and the CSRF token of a
POST by the time an endpoint runs; :func:`requires` checks the role.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from starlette.requests import Request
from starlette.responses import Response
from starlette.templating import Jinja2Templates

from central.accounts import Accounts, Role, Session, SignInThrottle
from central.store import CentralStore
from central.web import i18n, reports
from central.web.fleet import FleetView
from central.web.metrics import registry_for

HERE = Path(__file__).parent
LANGUAGE_COOKIE = "kiosk_lang"
POLL_MS = 5000


@dataclass(frozen=True)
class WebSettings:
    # Cookies only over HTTPS: set when the console is behind TLS (a reverse proxy).
    secure_cookies: bool = False
    display_tz: str = "Asia/Shanghai"


class Console:
    """The console's state: one store, the accounts, the read models, the throttle."""

    def __init__(self, db_path: str | Path, settings: WebSettings) -> None:
        self.store = CentralStore(db_path)
        self.accounts = Accounts(self.store)
        self.view = FleetView(self.store)
        self.settings = settings
        self.zone = ZoneInfo(settings.display_tz)
        self.throttle = SignInThrottle()
        self.registry = registry_for(self.view)
        self.templates = Jinja2Templates(directory=str(HERE / "templates"))
        self.templates.env.globals.update(roles=[r.value for r in Role], poll_ms=POLL_MS)


def console_of(request: Request) -> Console:
    console: Console = request.app.state.console
    return console


def language_of(request: Request) -> str:
    lang = request.cookies.get(LANGUAGE_COOKIE, i18n.DEFAULT_LANGUAGE)
    return lang if lang in i18n.LANGUAGES else i18n.DEFAULT_LANGUAGE


def source_of(request: Request) -> str:
    return request.client.host if request.client else ""


def session_of(request: Request) -> Session | None:
    session: Session | None = request.state.session
    return session


def form_of(request: Request) -> dict[str, str]:
    form: dict[str, str] = request.state.form
    return form


def render(request: Request, name: str, status: int = 200, **context: Any) -> Response:
    console = console_of(request)
    lang = language_of(request)
    session = session_of(request)
    context.update(
        request=request,
        lang=lang,
        t=functools.partial(i18n.translate, lang),
        alarm_kind=functools.partial(i18n.alarm_kind, lang),
        local=lambda at: i18n.local_time(at, console.zone),
        ago=functools.partial(i18n.age, lang),
        user=session.user if session else None,
        csrf=session.csrf_token if session else "",
        may=(lambda role: session is not None and session.user.role.may(Role(role))),
    )
    return console.templates.TemplateResponse(request, name, context, status_code=status)


def requires(
    role: Role,
) -> Callable[[Callable[[Request], Response]], Callable[[Request], Response]]:
    """Refuse (403, audited) a signed-in account whose role is below ``role``."""

    def wrap(endpoint: Callable[[Request], Response]) -> Callable[[Request], Response]:
        @functools.wraps(endpoint)
        def guarded(request: Request) -> Response:
            session = session_of(request)
            assert session is not None, "the gate lets no session-less request through"
            if not session.user.role.may(role):
                if request.method == "POST":
                    console_of(request).accounts.audit(
                        session.user.username,
                        "refused",
                        source=source_of(request),
                        terminal_id=request.path_params.get("terminal_id"),
                        detail={"path": request.url.path, "needs": role.value},
                    )
                return render(request, "refused.html", 403, needs=role.value)
            return endpoint(request)

        return guarded

    return wrap


def report_range(request: Request) -> tuple[date, date] | None:
    today = datetime.now(UTC).astimezone(console_of(request).zone).date()
    try:
        last = date.fromisoformat(request.query_params.get("to") or today.isoformat())
        first = date.fromisoformat(
            request.query_params.get("from") or (last - timedelta(days=13)).isoformat()
        )
    except ValueError:
        return None
    if last < first or (last - first).days >= reports.MAX_DAYS:
        return None
    return first, last
