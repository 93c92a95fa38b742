"""The web application: FastAPI routes over the casebook, rendered with GOV.UK Frontend.

Every page is also JSON (`/alerts` and `/alerts.json`); `/openapi.json` describes the JSON.
Every route checks the signed-in user's role; every form carries the session's CSRF token."""


import secrets
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from ipaddress import ip_address
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlencode, urlsplit

from fastapi import Depends, FastAPI, Form, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import ChoiceLoader, Environment, PackageLoader, PrefixLoader, select_autoescape
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

import clearsight
from clearsight.format.spec import AGENCY_LABELS
from clearsight.store import Store, StoreError
from clearsight.store.serving import make_serving_copy
from clearsight.web import auth
from clearsight.web.casebook import (
    AGE_CHOICES,
    SEVERITIES,
    STATUSES,
    WRITE_LOCK,
    Casebook,
    Forbidden,
    InboxFilters,
    NotFound,
)
from clearsight.web.timeline import timeline

SESSION_COOKIE = "clearsight_session"
SIGNIN_COOKIE = "clearsight_signin"
STATIC = Path(str(resources.files("clearsight.web") / "static"))
ASSETS = STATIC / "build"


class SignInRequired(Exception):
    pass


class CsrfFailed(Exception):
    pass


def _templates() -> Environment:
    env = Environment(
        loader=ChoiceLoader([
            PackageLoader("clearsight.web", "templates"),
            PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
        ]),
        autoescape=select_autoescape(default=True, default_for_string=True),
        auto_reload=False,  # templates are package files: do not stat them on every render
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["version"] = clearsight.__version__
    env.globals["agency_labels"] = AGENCY_LABELS
    env.globals["severities"] = SEVERITIES
    return env


class SecurityHeaders:
    """Strict headers on every response: no caching of personal data, no framing, scripts and
    styles from this server only (the one inline script carries the request's nonce). Plain
    ASGI middleware: it only adds headers as the response starts."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        nonce = secrets.token_urlsafe(16)
        scope.setdefault("state", {})["nonce"] = nonce
        path: str = scope.get("path", "")
        https = scope.get("scheme") == "https"

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["Content-Security-Policy"] = (
                    f"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self'; "
                    "img-src 'self' data:; font-src 'self'; connect-src 'self'; "
                    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'; "
                    "object-src 'none'"
                )
                headers["X-Content-Type-Options"] = "nosniff"
                headers["X-Frame-Options"] = "DENY"
                headers["Referrer-Policy"] = "no-referrer"
                headers["Cross-Origin-Opener-Policy"] = "same-origin"
                if not path.startswith(("/assets/", "/static/")):
                    headers["Cache-Control"] = "no-store"
                if https:
                    headers["Strict-Transport-Security"] = "max-age=31536000"
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _client(request: Request) -> str | None:
    return request.client.host if request.client else None


def _secure_cookie(request: Request) -> bool:
    """Cookies are Secure except over plain HTTP to this machine itself (a developer's or the
    demo's http://127.0.0.1), where browsers would otherwise refuse them."""
    if request.url.scheme == "https":
        return True
    return not loopback((request.url.hostname or "").strip("[]"))


def _wants_json(request: Request) -> bool:
    return request.url.path.endswith(".json")


async def _store(request: Request) -> AsyncIterator[Store]:
    """A cursor on the server's store for one request (DuckDB connections are not shared
    between threads; cursors are). Made on the event loop: it takes microseconds, where a hop
    to a worker thread costs more."""
    root: Store = request.app.state.root
    cursor = Store(root.connection.cursor(), root.path)
    try:
        yield cursor
    finally:
        cursor.close()


StoreDep = Annotated[Store, Depends(_store)]


async def _user(request: Request, s: StoreDep) -> auth.User:
    """The signed-in user; the session is usually known (`auth.Sessions`), and is otherwise one
    indexed read of a small table, done on the event loop for the same reason."""
    sessions: auth.Sessions = request.app.state.sessions
    found = sessions.user(s, request.cookies.get(SESSION_COOKIE))
    if found is None:
        raise SignInRequired()
    request.state.user = found
    return found


UserDep = Annotated[auth.User, Depends(_user)]


def _filters(
    severity: Annotated[list[str] | None, Query()] = None,
    rule: str = "",
    team: str = "",
    older_than: str = "",
    status: str = "unacknowledged",
    page: int = 1,
) -> InboxFilters:
    return InboxFilters(severity=severity or [], rule=rule or None, team=team or None,
                        older_than=int(older_than) if older_than.isdigit() else None,
                        status=status, page=page)


FiltersDep = Annotated[InboxFilters, Depends(_filters)]


def create_app(db: str | Path) -> FastAPI:
    """The application for the store at `db` (opened for writing: sessions, acknowledgements
    and the audit log are written to it)."""
    if not (ASSETS / "clearsight.css").exists():
        raise StoreError(
            f"the web assets are not built ({ASSETS}): run `make setup` (it installs GOV.UK "
            "Frontend from npm and builds the stylesheet)"
        )
    root = Store.open(db)
    why_not = make_serving_copy(root)
    if why_not is not None:
        print(f"clearsight: serving from the store itself, without the in-memory copy "
              f"({why_not})", file=sys.stderr)
    casebook = Casebook(root, serving_copy=why_not is None)
    env = _templates()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        root.close()

    app = FastAPI(
        title="Clearsight",
        version=clearsight.__version__,
        summary="Alerts, chronologies and people: the JSON of every page.",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        lifespan=lifespan,
    )
    app.add_middleware(SecurityHeaders)
    app.mount("/assets", StaticFiles(directory=ASSETS), name="assets")
    app.mount("/static", StaticFiles(directory=STATIC, html=False), name="static")
    app.state.casebook = casebook
    app.state.sessions = auth.Sessions()
    app.state.root = root
    app.state.serving_copy = why_not is None

    def page(
        request: Request, template: str, title: str, viewer: auth.User | None,
        status: int = 200, **context: Any,
    ) -> HTMLResponse:
        html = env.get_template(template).render(
            title=title, user=viewer, cspNonce=request.state.nonce, as_of=casebook.as_of,
            **context,
        )
        return HTMLResponse(html, status_code=status)

    def json(data: Any, status: int = 200) -> JSONResponse:
        return JSONResponse(jsonable_encoder(data), status_code=status)

    def check_csrf(viewer: auth.User, token: str | None) -> None:
        if not token or not auth.same(token, viewer.csrf_token):
            raise CsrfFailed()

    # -- errors -------------------------------------------------------------------------------

    @app.exception_handler(SignInRequired)
    async def _signin(request: Request, exc: SignInRequired) -> Response:
        if _wants_json(request) or request.method != "GET":
            return json({"error": "sign in first"}, 401)
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/sign-in?{urlencode({'next': target})}", status_code=303)

    @app.exception_handler(Forbidden)
    async def _forbidden(request: Request, exc: Forbidden) -> Response:
        if _wants_json(request):
            return json({"error": str(exc)}, 403)
        viewer = getattr(request.state, "user", None)
        return page(request, "error.html", "You cannot see this page", viewer, 403,
                    message=f"Your role cannot see this page: {exc}.")

    @app.exception_handler(NotFound)
    async def _not_found(request: Request, exc: NotFound) -> Response:
        if _wants_json(request):
            return json({"error": "not found"}, 404)
        viewer = getattr(request.state, "user", None)
        return page(request, "error.html", "Page not found", viewer, 404,
                    message="There is nothing here that you may see. Check the address.")

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if _wants_json(request) or exc.status_code != 404:
            return json({"error": str(exc.detail)}, exc.status_code)
        return page(request, "error.html", "Page not found", None, 404,
                    message="There is nothing at this address. Check it and try again.")

    @app.exception_handler(CsrfFailed)
    async def _csrf(request: Request, exc: CsrfFailed) -> Response:
        if _wants_json(request):
            return json({"error": "the form's security token is missing or wrong"}, 403)
        return page(request, "error.html", "Your form has expired", None, 403,
                    message="The form's security token was missing or wrong. Go back, reload "
                    "the page and try again.")

    # -- signing in and out -------------------------------------------------------------------

    def sign_in_page(request: Request, status: int = 200, **context: Any) -> HTMLResponse:
        token = secrets.token_urlsafe(32)
        response = page(request, "sign_in.html", "Sign in", None, status, signin_csrf=token,
                        **context)
        response.set_cookie(SIGNIN_COOKIE, token, httponly=True, samesite="strict",
                            secure=_secure_cookie(request), path="/sign-in")
        return response

    def safe_next(target: str | None) -> str:
        parts = urlsplit(target or "/")
        # browsers read a backslash as a slash: "/\\host" would leave the site
        if parts.scheme or parts.netloc or not parts.path.startswith("/") or \
                parts.path.startswith("//") or "\\" in (target or "") or \
                any(ord(c) < 32 for c in (target or "")):
            return "/"
        return target or "/"

    @app.get("/sign-in", include_in_schema=False)
    def sign_in_form(request: Request, next: str = "/") -> HTMLResponse:
        return sign_in_page(request, next=safe_next(next), username="")

    @app.post("/sign-in", include_in_schema=False)
    def sign_in(
        request: Request,
        s: StoreDep,
        username: Annotated[str, Form()] = "",
        password: Annotated[str, Form()] = "",
        csrf_token: Annotated[str, Form()] = "",
        next: Annotated[str, Form()] = "/",
    ) -> Response:
        cookie = request.cookies.get(SIGNIN_COOKIE, "")
        if not cookie or not csrf_token or not auth.same(cookie, csrf_token):
            return sign_in_page(request, 400, next=safe_next(next), username=username,
                                error_summary="The sign-in form expired. Try again.")
        with WRITE_LOCK:
            result = auth.sign_in(s, username.strip()[:100], password, _client(request),
                                   chain=casebook.chain)
        if result.token is None:
            message = "Enter a correct user name and password"
            if result.locked_until is not None:
                message = ("Too many failed attempts: this account is locked for "
                           f"{int(auth.LOCK_FOR.total_seconds() // 60)} minutes")
            return sign_in_page(request, 401, next=safe_next(next), username=username,
                                error_summary=message)
        response = RedirectResponse(safe_next(next), status_code=303)
        response.set_cookie(
            SESSION_COOKIE, result.token, httponly=True, samesite="strict",
            secure=_secure_cookie(request), max_age=int(auth.SESSION_LIFETIME.total_seconds()),
        )
        response.delete_cookie(SIGNIN_COOKIE, path="/sign-in")
        return response

    @app.post("/sign-out", include_in_schema=False)
    def sign_out(
        request: Request, s: StoreDep, viewer: UserDep,
        csrf_token: Annotated[str, Form()] = "",
    ) -> Response:
        check_csrf(viewer, csrf_token)
        with WRITE_LOCK:
            auth.sign_out(s, request.cookies.get(SESSION_COOKIE, ""), viewer, _client(request),
                          chain=casebook.chain)
        response = sign_in_page(request, notice="You have signed out.", next="/", username="")
        response.delete_cookie(SESSION_COOKIE)
        return response

    # -- pages --------------------------------------------------------------------------------

    @app.get("/", include_in_schema=False)
    def start(viewer: UserDep) -> Response:
        return RedirectResponse("/alerts" if viewer.role.cases else "/overview", status_code=303)

    @app.get("/alerts.json", tags=["alerts"])
    def inbox_json(viewer: UserDep, f: FiltersDep) -> JSONResponse:
        """The alert inbox: the user's alerts, most severe then newest first, 50 a page."""
        return json(casebook.inbox(viewer, f))

    @app.get("/alerts", include_in_schema=False)
    def inbox(request: Request, viewer: UserDep, f: FiltersDep) -> HTMLResponse:
        data = casebook.inbox(viewer, f)
        return page(request, "inbox.html", "Alerts", viewer, section="alerts", data=data,
                    items=_inbox_items(data), pagination=_pagination(request, data))

    @app.get("/alerts/{alert_id}.json", tags=["alerts"])
    def alert_json(request: Request, alert_id: str, s: StoreDep, viewer: UserDep
                   ) -> JSONResponse:
        """One alert: its rule's explanation and references, the evidence events and the
        person's chronology with the evidence marked, and what has been done about it."""
        return json(casebook.alert(s, viewer, alert_id, _client(request)))

    @app.get("/alerts/{alert_id}", include_in_schema=False)
    def alert(request: Request, alert_id: str, s: StoreDep, viewer: UserDep) -> HTMLResponse:
        data = casebook.alert(s, viewer, alert_id, _client(request))
        return page(request, "alert.html", data["rule_title"], viewer, section="alerts",
                    a=data, tl=timeline(data["chronology"]), note="")

    @app.post("/alerts/{alert_id}/acknowledge", tags=["alerts"])
    def acknowledge(
        request: Request, alert_id: str, s: StoreDep, viewer: UserDep,
        note: Annotated[str, Form()] = "", csrf_token: Annotated[str, Form()] = "",
    ) -> Response:
        """Acknowledge an alert with a note (form fields `note` and `csrf_token`)."""
        check_csrf(viewer, csrf_token or request.headers.get("X-CSRF-Token"))
        try:
            casebook.acknowledge(s, viewer, alert_id, note, _client(request))
        except ValueError as exc:
            data = casebook.alert(s, viewer, alert_id, _client(request))
            return page(request, "alert.html", data["rule_title"], viewer, 400,
                        section="alerts", a=data, tl=timeline(data["chronology"]), note=note,
                        error_summary=str(exc))
        return RedirectResponse(f"/alerts/{quote(alert_id)}", status_code=303)

    @app.get("/people/{ref}.json", tags=["people"])
    def person_json(request: Request, ref: str, s: StoreDep, viewer: UserDep) -> JSONResponse:
        """A person: merged multi-agency chronology, alerts, linked records and household."""
        return json(casebook.person(s, viewer, ref, _client(request)))

    @app.get("/people/{ref}", include_in_schema=False)
    def person(request: Request, ref: str, s: StoreDep, viewer: UserDep) -> HTMLResponse:
        data = casebook.person(s, viewer, ref, _client(request))
        return page(request, "person.html", data["name"], viewer, section="search", p=data,
                    tl=timeline(data["chronology"]))

    @app.get("/search.json", tags=["people"])
    def search_json(request: Request, s: StoreDep, viewer: UserDep, q: str = "") -> JSONResponse:
        """Find people by name, date of birth (yyyy-mm-dd or dd/mm/yyyy), NHS number, UPN or
        agency reference (inspectors: by pseudonym only)."""
        return json(casebook.search(s, viewer, q, _client(request)))

    @app.get("/search", include_in_schema=False)
    def search(request: Request, s: StoreDep, viewer: UserDep, q: str = "") -> HTMLResponse:
        data = casebook.search(s, viewer, q, _client(request))
        return page(request, "search.html", "Find a person", viewer, section="search", data=data)

    @app.get("/overview.json", tags=["overview"])
    def overview_json(viewer: UserDep) -> JSONResponse:
        """Current alerts by severity, rule and team (counts suppressed for analysts), and the
        oldest not yet acknowledged."""
        return json(casebook.overview(viewer))

    @app.get("/overview", include_in_schema=False)
    def overview(request: Request, viewer: UserDep) -> HTMLResponse:
        return page(request, "overview.html", "Overview", viewer, section="overview",
                    data=casebook.overview(viewer))

    @app.get("/audit.json", tags=["audit"])
    def audit_json(request: Request, s: StoreDep, viewer: UserDep, page: int = 1
                   ) -> JSONResponse:
        """The audit log, newest first, 100 a page, with a check of its hash chain (the
        Director of Children's Services only)."""
        return json(casebook.audit_log(s, viewer, page, _client(request)))

    @app.get("/audit", include_in_schema=False)
    def audit_page(request: Request, s: StoreDep, viewer: UserDep, page_number: Annotated[
            int, Query(alias="page")] = 1) -> HTMLResponse:
        data = casebook.audit_log(s, viewer, page_number, _client(request))
        return page(request, "audit.html", "Audit log", viewer, section="audit", data=data,
                    pagination=_pagination(request, data))

    @app.get("/openapi.json", include_in_schema=False)
    def openapi(viewer: UserDep) -> JSONResponse:
        return JSONResponse(app.openapi())

    return app


def _inbox_items(data: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The filter form's choices, in the shape GOV.UK Frontend's macros take."""
    f = data["filters"]
    ages = {7: "More than a week ago", 30: "More than 30 days ago", 90: "More than 90 days ago",
            180: "More than 180 days ago"}
    return {
        "severity": [{"value": s, "text": s.capitalize(), "checked": s in f["severity"]}
                     for s in SEVERITIES],
        "rule": [{"value": "", "text": "All rules"}] + [
            {"value": r["rule_id"], "text": f"{r['rule_id']} {r['title']}",
             "selected": r["rule_id"] == f["rule"]} for r in data["choices"]["rule"]],
        "team": [{"value": "", "text": "All teams"}] + [
            {"value": t, "text": t, "selected": t == f["team"]} for t in data["choices"]["team"]],
        "older_than": [{"value": "", "text": "At any time"}] + [
            {"value": str(d), "text": ages[d], "selected": d == f["older_than"]}
            for d in AGE_CHOICES],
        "status": [{"value": s, "text": {"unacknowledged": "Not acknowledged",
                                         "acknowledged": "Acknowledged", "all": "All"}[s],
                    "selected": s == f["status"]} for s in STATUSES],
    }


def _pagination(request: Request, data: dict[str, Any]) -> dict[str, Any]:
    def href(n: int) -> str:
        params = [(k, v) for k, v in request.query_params.multi_items() if k != "page"]
        return f"{request.url.path}?{urlencode([*params, ('page', str(n))])}"

    current, last = int(data["page"]), int(data["pages"])
    shown = sorted({1, last, current - 1, current, current + 1} & set(range(1, last + 1)))
    items: list[dict[str, Any]] = []
    for i, n in enumerate(shown):
        if i and n - shown[i - 1] > 1:
            items.append({"ellipsis": True})
        items.append({"number": str(n), "href": href(n), "current": n == current})
    result: dict[str, Any] = {"items": items}
    if current > 1:
        result["previous"] = {"href": href(current - 1)}
    if current < last:
        result["next"] = {"href": href(current + 1)}
    return result


def loopback(host: str) -> bool:
    """An address of this machine itself (127.0.0.0/8, ::1, localhost)."""
    try:
        return ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"

