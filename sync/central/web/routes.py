"""The console's pages under ``/admin/``: login and logout, the outlets overview, every registered
report as a page with its downloads, and user administration for admins.

Who sees what:

- nobody logged in: pages redirect to the login form, downloads answer 401; no data either way;
- ``admin``: everything, and the POST actions;
- ``viewer``: everything, read only (POST actions answer 403);
- ``outlet``: only its own outlet; every report is built for that outlet, and asking for another
  outlet answers 403.
"""

from __future__ import annotations

import importlib
import logging
import re
from collections.abc import Callable
from datetime import date, datetime
from importlib import resources
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from jinja2 import Environment, PackageLoader, select_autoescape
from sqlalchemy import Engine
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response

from inventory.clock import format_wita, to_wita
from inventory.errors import NttMartError
from inventory.i18n import LANGUAGES
from inventory.money import format_number, format_rupiah
from sync.central import outlets as outlet_registry
from sync.central import users
from sync.central.reports import base as reports
from sync.central.summary import summarize
from sync.central.users import AuthenticationError, Session, UserRole
from sync.central.web import auth
from sync.central.web.options import ConsoleOptions
from sync.central.web.text import language_of, msg
from sync.central.web.views import outlet_health, report_view

log = logging.getLogger("nttmart.central.web")

# The console's sections in menu order; each shows only when a report of that name is registered
# (other registered reports follow, by name).
PAGE_ORDER = ("reconciliation", "payouts", "stock", "programs", "qris", "campaigns")
DOWNLOADS = {
    "pdf": "application/pdf",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_EXTRA_KEY = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
_RESERVED = frozenset({"from", "to", "outlet", "lang"})
# Pages never cached by the browser or a proxy; no scripts at all, styles from our own file.
HEADERS = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
}


class Denied(Exception):
    """The user may not see or do this (403)."""


class BadRequest(Exception):
    """A query the console cannot answer (400), with a message for the reader."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _ordered(names: list[str]) -> list[str]:
    def rank(name: str) -> tuple[int, str]:
        for index, page in enumerate(PAGE_ORDER):
            if name == page or name.startswith((f"{page}_", page.rstrip("s"))):
                return index, name
        return len(PAGE_ORDER), name

    return sorted(names, key=rank)


def load_reports() -> None:
    """Fill the report registry: the catalog module imports every report module."""
    try:
        importlib.import_module("sync.central.reports.catalog_of_reports")
    except ModuleNotFoundError as missing:
        if missing.name != "sync.central.reports.catalog_of_reports":
            raise


def console_router(
    engine: Engine, options: ConsoleOptions, clock: Callable[[], datetime]
) -> APIRouter:
    """The console's routes on ``engine`` (included by ``create_app``)."""
    load_reports()
    router = APIRouter(prefix=auth.PREFIX, include_in_schema=False)
    templates = Environment(
        loader=PackageLoader("sync.central.web", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    templates.filters["wita"] = format_wita
    secure = options.secure_cookies
    policy = options.policy

    # --- helpers ---------------------------------------------------------------------------

    def lang_of(request: Request) -> str:
        return language_of(request.cookies.get(auth.LANG_COOKIE))

    def session_of(request: Request) -> Session | None:
        token = request.cookies.get(auth.SESSION_COOKIE)
        if not token:
            return None
        return users.session_for(engine, token, now=clock(), policy=policy)

    def nav(lang: str) -> list[tuple[str, str, str]]:
        """``(name, url, label)`` of every page the menu shows."""
        items = [("overview", f"{auth.PREFIX}/overview", msg(lang, "web.nav.overview"))]
        for name in _ordered(list(reports.REGISTRY)):
            spec = reports.REGISTRY[name]
            items.append((name, f"{auth.PREFIX}/reports/{name}", msg(lang, spec.title_key)))
        return items

    def page(
        request: Request,
        template: str,
        *,
        session: Session | None,
        status: int = 200,
        current: str = "",
        **context: Any,
    ) -> HTMLResponse:
        lang = lang_of(request)
        here = request.url.path + (f"?{request.url.query}" if request.url.query else "")

        def translate(key: str, /, **params: object) -> str:
            return msg(lang, key, **params)

        html = templates.get_template(template).render(
            _=translate,
            lang=lang,
            languages=LANGUAGES,
            here=here,
            prefix=auth.PREFIX,
            user=session.user if session else None,
            csrf=session.csrf_token if session else "",
            nav=nav(lang) if session else [],
            current=current,
            **context,
        )
        return HTMLResponse(html, status_code=status, headers=HEADERS)

    def to_login(request: Request) -> RedirectResponse:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        query = urlencode({"next": auth.safe_next(target)})
        return RedirectResponse(f"{auth.PREFIX}/login?{query}", status_code=303, headers=HEADERS)

    def problem(
        request: Request, session: Session | None, status: int, message_key: str, **params: Any
    ) -> HTMLResponse:
        lang = lang_of(request)
        return page(
            request,
            "error.html",
            session=session,
            status=status,
            message=msg(lang, message_key, **params),
        )

    def wita_today() -> date:
        return to_wita(clock()).date()

    def report_params(request: Request, session: Session) -> reports.ReportParams:
        """The report's parameters from the query; an outlet user's own outlet always."""
        query = request.query_params
        today = wita_today()
        lang = lang_of(request)
        try:
            date_from = date.fromisoformat(query["from"]) if query.get("from") else None
            date_to = date.fromisoformat(query["to"]) if query.get("to") else None
        except ValueError:
            raise BadRequest(msg(lang, "web.report.bad_date")) from None
        date_to = date_to or today
        date_from = date_from or date_to.replace(day=1)
        asked = (query.get("outlet") or "").strip().upper() or None
        user = session.user
        if user.role is UserRole.OUTLET:
            if asked is not None and asked != user.outlet:
                raise Denied
            asked = user.outlet
        elif asked is not None:
            try:
                outlet_registry.get_outlet(engine, asked)
            except NttMartError:
                raise BadRequest(msg(lang, "central.unknown_outlet", code=asked)) from None
        extra = {
            key: value[:200]
            for key, value in query.items()
            if key not in _RESERVED and _EXTRA_KEY.match(key) and value
        }
        try:
            return reports.ReportParams(
                date_from=date_from, date_to=date_to, outlet=asked, lang=lang, extra=extra
            )
        except reports.ReportError:
            raise BadRequest(
                msg(
                    lang,
                    "web.report.backwards",
                    start=date_from.isoformat(),
                    end=date_to.isoformat(),
                )
            ) from None

    def build(name: str, params: reports.ReportParams) -> reports.Report:
        try:
            return reports.get(name).build(engine, params)
        except reports.ReportError as error:
            raise BadRequest(str(error)) from None
        except NttMartError as error:
            raise BadRequest(msg(params.lang, error.key, **error.params)) from None

    # --- public: stylesheet, language, login ------------------------------------------------

    @router.get("/console.css")
    def stylesheet() -> Response:
        css = resources.files("sync.central.web").joinpath("templates", "console.css").read_text()
        return Response(
            css,
            media_type="text/css",
            headers={"Cache-Control": "public, max-age=3600", "X-Content-Type-Options": "nosniff"},
        )

    @router.get("/lang/{code}")
    def switch_language(code: str, next: str | None = None) -> RedirectResponse:
        target = auth.safe_next(next, login_page=True)
        response = RedirectResponse(target, status_code=303, headers=HEADERS)
        auth.set_cookie(
            response,
            auth.LANG_COOKIE,
            language_of(code),
            max_age=365 * 24 * 3600,
            secure=secure,
            http_only=False,
        )
        return response

    @router.get("")
    @router.get("/")
    def home(request: Request) -> Response:
        if session_of(request) is None:
            return to_login(request)
        return RedirectResponse(f"{auth.PREFIX}/overview", status_code=303, headers=HEADERS)

    def login_page(
        request: Request, *, next_url: str, error: str | None = None, status: int = 200
    ) -> HTMLResponse:
        token = auth.new_login_token()
        response = page(
            request,
            "login.html",
            session=None,
            status=status,
            login_token=token,
            next_url=next_url,
            error=error,
        )
        auth.set_cookie(response, auth.LOGIN_COOKIE, token, max_age=3600, secure=secure)
        return response

    @router.get("/login")
    def login_form(request: Request, next: str | None = None) -> Response:
        if session_of(request) is not None:
            return RedirectResponse(auth.safe_next(next), status_code=303, headers=HEADERS)
        return login_page(request, next_url=auth.safe_next(next))

    @router.post("/login")
    async def login(request: Request) -> Response:
        lang = lang_of(request)
        try:
            form = await auth.read_form(request)
        except auth.FormTooLarge:
            return PlainTextResponse("form too large", status_code=413)
        next_url = auth.safe_next(form.get("next"))
        fresh = auth.same(request.cookies.get(auth.LOGIN_COOKIE), form.get("login_token"))
        if not fresh or not auth.same_origin(request):
            return login_page(
                request, next_url=next_url, error=msg(lang, "web.login.expired"), status=403
            )

        def check() -> tuple[str, Session]:
            user = users.authenticate(
                engine,
                username=form.get("username", ""),
                password=form.get("password", ""),
                now=clock(),
                policy=policy,
            )
            return users.open_session(engine, user=user, now=clock(), policy=policy)

        try:
            token, session = await run_in_threadpool(check)
        except AuthenticationError as refused:
            # One answer for every refusal: it must not tell which usernames exist.
            log.info("console login refused for %r: %s", form.get("username", "")[:40], refused.key)
            return login_page(
                request, next_url=next_url, error=msg(lang, "web.login.failed"), status=401
            )
        log.info("console login: %s (%s)", session.user.username, session.user.role.value)
        response = RedirectResponse(next_url, status_code=303, headers=HEADERS)
        auth.set_cookie(
            response,
            auth.SESSION_COOKIE,
            token,
            max_age=int(policy.session_lifetime.total_seconds()),
            secure=secure,
        )
        auth.clear_cookie(response, auth.LOGIN_COOKIE, secure=secure)
        return response

    @router.post("/logout")
    async def logout(request: Request) -> Response:
        session = await run_in_threadpool(session_of, request)
        if session is None:
            return to_login(request)
        try:
            form = await auth.read_form(request)
        except auth.FormTooLarge:
            return PlainTextResponse("form too large", status_code=413)
        if not auth.csrf_ok(request, session, form):
            return problem(request, session, 403, "web.csrf_refused")
        token = request.cookies.get(auth.SESSION_COOKIE, "")
        await run_in_threadpool(users.close_session, engine, token)
        response = RedirectResponse(f"{auth.PREFIX}/login", status_code=303, headers=HEADERS)
        auth.clear_cookie(response, auth.SESSION_COOKIE, secure=secure)
        return response

    # --- pages ------------------------------------------------------------------------------

    @router.get("/overview")
    def overview(request: Request) -> Response:
        session = session_of(request)
        if session is None:
            return to_login(request)
        lang = lang_of(request)
        now = clock()
        rows = [
            outlet_health(row, now=now, silent_after=options.silent_after, lang=lang)
            for row in summarize(engine)
            if session.user.role is not UserRole.OUTLET or row.code == session.user.outlet
        ]
        totals = {
            "sales_text": format_number(sum(row.sales for row in rows)),
            "net_text": format_rupiah(sum(row.net_total for row in rows)),
            "silent": sum(1 for row in rows if row.silent and row.enabled),
            "gaps": sum(1 for row in rows if row.gap_count),
        }
        return page(
            request,
            "overview.html",
            session=session,
            current="overview",
            rows=rows,
            totals=totals,
            silent_hours=int(options.silent_after.total_seconds() // 3600),
        )

    @router.get("/reports/{target}")
    def report(request: Request, target: str) -> Response:
        name, dot, extension = target.rpartition(".")
        if not dot:
            name, extension = target, ""
        download = extension in DOWNLOADS
        session = session_of(request)
        if session is None:
            if download:
                return PlainTextResponse(
                    "login required", status_code=401, headers={"Cache-Control": "no-store"}
                )
            return to_login(request)
        if (extension and not download) or name not in reports.REGISTRY:
            return problem(request, session, 404, "web.report.unknown", name=target)
        try:
            params = report_params(request, session)
            built = build(name, params)
        except Denied:
            return problem(request, session, 403, "web.forbidden_outlet")
        except BadRequest as bad:
            if download:
                return PlainTextResponse(bad.message, status_code=400, headers=HEADERS)
            return report_page(request, session, name, None, error=bad.message, status=400)
        if download:
            return download_of(built, name, extension, params)
        return report_page(request, session, name, built)

    def report_page(
        request: Request,
        session: Session,
        name: str,
        built: reports.Report | None,
        *,
        error: str | None = None,
        status: int = 200,
    ) -> HTMLResponse:
        lang = lang_of(request)
        query = request.query_params
        outlet = session.user.outlet if session.user.role is UserRole.OUTLET else None
        filters = {
            "from": query.get("from") or "",
            "to": query.get("to") or "",
            "outlet": outlet or (query.get("outlet") or "").upper(),
        }
        if built is not None:
            filters["from"] = built.params.date_from.isoformat()
            filters["to"] = built.params.date_to.isoformat()
        kept = {k: v for k, v in query.items() if k not in _RESERVED and _EXTRA_KEY.match(k)}
        link_query = urlencode({**{k: v for k, v in filters.items() if v}, **kept})
        choices = [] if outlet else [(o.code, o.name) for o in outlet_registry.list_outlets(engine)]
        return page(
            request,
            "report.html",
            session=session,
            status=status,
            current=name,
            name=name,
            title=msg(lang, reports.REGISTRY[name].title_key),
            view=report_view(built, lang) if built is not None else None,
            error=error,
            filters=filters,
            extra=kept,
            outlets=choices,
            fixed_outlet=outlet,
            downloads=[
                (ext.upper(), f"{auth.PREFIX}/reports/{name}.{ext}?{link_query}")
                for ext in DOWNLOADS
            ],
        )

    def download_of(
        built: reports.Report, name: str, extension: str, params: reports.ReportParams
    ) -> Response:
        try:
            render = importlib.import_module("sync.central.reports.render")
        except ImportError:
            return PlainTextResponse(
                msg(params.lang, "web.report.no_renderer"), status_code=503, headers=HEADERS
            )
        body = render.render(built, extension)
        parts = [name, params.date_from.isoformat(), params.date_to.isoformat()]
        if params.outlet:
            parts.append(params.outlet)
        filename = "_".join(parts) + f".{extension}"
        return Response(
            body,
            media_type=DOWNLOADS[extension],
            headers={
                **HEADERS,
                "Content-Disposition": f'attachment; filename="{filename}"',
            },
        )

    # --- users (admins) ---------------------------------------------------------------------

    @router.get("/users")
    def user_list(request: Request) -> Response:
        session = session_of(request)
        if session is None:
            return to_login(request)
        if not session.user.can_act:
            return problem(request, session, 403, "web.forbidden")
        return page(
            request,
            "users.html",
            session=session,
            current="users",
            people=users.list_users(engine),
            now=clock(),
        )

    @router.post("/users/{username}/{action}")
    async def user_action(request: Request, username: str, action: str) -> Response:
        session = await run_in_threadpool(session_of, request)
        if session is None:
            return PlainTextResponse("login required", status_code=401)
        if not session.user.can_act:
            return problem(request, session, 403, "web.forbidden")
        try:
            form = await auth.read_form(request)
        except auth.FormTooLarge:
            return PlainTextResponse("form too large", status_code=413)
        if not auth.csrf_ok(request, session, form):
            return problem(request, session, 403, "web.csrf_refused")
        if action not in ("disable", "enable"):
            return problem(request, session, 404, "web.not_found")
        if username == session.user.username:
            return problem(request, session, 400, "web.users.not_yourself")
        try:
            await run_in_threadpool(
                lambda: users.set_enabled(engine, username=username, enabled=action == "enable")
            )
        except NttMartError as error:
            return problem(request, session, 404, error.key, **error.params)
        log.info("console: %s %sd user %s", session.user.username, action, username)
        return RedirectResponse(f"{auth.PREFIX}/users", status_code=303, headers=HEADERS)

    return router
