"""The console's gate: every request passes here before any page runs.

Default deny: a request without a live session is redirected to sign-in, except for the
few public paths (sign-in, the language switch, /healthz, /metrics, static files); the
read-only API under /api/v1/ needs a bearer token instead (401 without one), GET only. Every
POST must be a small urlencoded form (at most ``MAX_FORM_BYTES``) carrying the session's
CSRF token (on the sign-in form: the token of the sign-in cookie); anything else is refused
before a page sees it. Other methods than GET, HEAD and POST are refused. Every answer
gets the security headers (a strict Content-Security-Policy: scripts and styles only from
the console itself, no framing) and pages are not cached.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qsl, quote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response

from central.accounts import Accounts, ApiTokens, same_token

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

PUBLIC_PATHS = frozenset({"/signin", "/lang", "/healthz", "/metrics"})
PUBLIC_PREFIXES = ("/static/",)
API_PREFIX = "/api/v1/"
MAX_FORM_BYTES = 16 * 1024
LOGIN_CSRF_COOKIE = "kiosk_signin"
SECURITY_HEADERS = [
    (
        b"content-security-policy",
        b"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
        b" connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
]


def session_cookie_name(secure: bool) -> str:
    # The __Host- prefix makes the browser refuse the cookie unless it is Secure, for this
    # host only and for the whole path: no sibling subdomain can plant or read it.
    return "__Host-kiosk_session" if secure else "kiosk_session"


def safe_next(target: str | None) -> str:
    """A local path to go back to after sign-in; anything else (another site) becomes /."""
    # Browsers drop tabs and newlines from a URL and read a backslash as a slash, so
    # "/\t/evil.example" would become "//evil.example": refuse any of them.
    if (
        not target
        or not target.startswith("/")
        or target.startswith("//")
        or "\\" in target
        or any(ord(c) < 0x20 or ord(c) == 0x7F for c in target)
    ):
        return "/"
    return target


def refusal(status: int, zh: str, en: str) -> Response:
    return PlainTextResponse(f"{zh}\n{en}\n", status_code=status)


class Gate:
    def __init__(self, app: ASGIApp, accounts: Accounts, secure_cookies: bool) -> None:
        self.app = app
        self.accounts = accounts
        self.tokens = ApiTokens(accounts.store)
        self.cookie = session_cookie_name(secure_cookies)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        send = self._with_headers(send, scope["path"])
        request = Request(scope)
        path = scope["path"]
        if path.startswith(API_PREFIX):
            await self._api(scope, receive, send, request)
            return
        public = path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)
        token = request.cookies.get(self.cookie)
        session = await run_in_threadpool(self.accounts.session, token) if token else None
        state = scope.setdefault("state", {})
        state["session"] = session
        state["form"] = {}
        method = scope["method"]
        if method not in ("GET", "HEAD", "POST"):
            await refusal(405, "不支持的请求方法", "Method not allowed")(scope, receive, send)
            return
        if session is None and not public:
            target = path + (f"?{scope['query_string'].decode()}" if scope["query_string"] else "")
            location = "/signin?next=" + quote(target, safe="")
            await RedirectResponse(location, status_code=303)(scope, receive, send)
            return
        if method == "POST":
            content_type = request.headers.get("content-type", "").split(";")[0].strip()
            if content_type != "application/x-www-form-urlencoded":
                await refusal(415, "只接受表单", "Only forms are accepted")(scope, receive, send)
                return
            body = await self._read_body(receive)
            if body is None:
                await refusal(413, "表单过大", "Form too large")(scope, receive, send)
                return
            try:
                form = dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
            except UnicodeDecodeError:
                await refusal(400, "表单无效", "Not a valid form")(scope, receive, send)
                return
            if path == "/signin":
                expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
            else:
                expected = session.csrf_token if session else ""
            if not same_token(expected, form.get("csrf", "")):
                await refusal(
                    403, "表单已过期，请返回并重试", "The form has expired; go back and try again"
                )(scope, receive, send)
                return
            state["form"] = form
            receive = _replay(body)
        await self.app(scope, receive, send)

    async def _api(self, scope: Scope, receive: Receive, send: Send, request: Request) -> None:
        """The read-only API: a bearer token instead of a session, GET only, no cookies."""
        state = scope.setdefault("state", {})
        state["session"], state["form"] = None, {}
        if scope["method"] not in ("GET", "HEAD"):
            await refusal(405, "只读接口", "The API is read-only")(scope, receive, send)
            return
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        client = None
        if scheme.lower() == "bearer" and token:
            client = await run_in_threadpool(self.tokens.client, token.strip())
        if client is None:
            answer = JSONResponse(
                {"error": "a valid bearer token is needed"},
                status_code=401,
                headers={"www-authenticate": "Bearer"},
            )
            await answer(scope, receive, send)
            return
        state["api_client"] = client
        await self.app(scope, receive, send)

    @staticmethod
    async def _read_body(receive: Receive) -> bytes | None:
        """The request body, or None once it exceeds MAX_FORM_BYTES (reading stops there)."""
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return b"".join(chunks)
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > MAX_FORM_BYTES:
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)

    @staticmethod
    def _with_headers(send: Send, path: str) -> Send:
        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.extend(SECURITY_HEADERS)
                if not path.startswith(PUBLIC_PREFIXES):
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        return wrapped


def _replay(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return {"type": "http.disconnect"}

    return receive
