"""Login, logout, the language switch and the stylesheet: the console's public routes."""

from __future__ import annotations

from importlib import resources

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from starlette.responses import HTMLResponse, PlainTextResponse, Response

from sync.central import users
from sync.central.users import AuthenticationError, Session
from sync.central.web import auth
from sync.central.web.console import HEADERS, Console, log, redirect
from sync.central.web.text import language_of, msg


def add_login_routes(router: APIRouter, console: Console) -> None:
    """``/console.css``, ``/lang/{code}``, ``/``, ``/login`` and ``/logout``."""
    secure = console.options.secure_cookies
    policy = console.policy

    @router.get("/console.css")
    def stylesheet() -> Response:
        css = resources.files("sync.central.web").joinpath("templates", "console.css").read_text()
        return Response(
            css,
            media_type="text/css",
            headers={"Cache-Control": "public, max-age=3600", "X-Content-Type-Options": "nosniff"},
        )

    @router.get("/lang/{code}")
    def switch_language(code: str, next: str | None = None) -> Response:
        response = redirect(auth.safe_next(next, login_page=True))
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
        if console.session_of(request) is None:
            return console.to_login(request)
        return redirect(f"{auth.PREFIX}/overview")

    def login_page(
        request: Request, *, next_url: str, error: str | None = None, status: int = 200
    ) -> HTMLResponse:
        token = auth.new_login_token()
        response = console.page(
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
        if console.session_of(request) is not None:
            return redirect(auth.safe_next(next))
        return login_page(request, next_url=auth.safe_next(next))

    @router.post("/login")
    async def login(request: Request) -> Response:
        lang = console.lang_of(request)
        try:
            form = await auth.read_form(request)
        except auth.FormTooLarge:
            return PlainTextResponse("form too large", status_code=413, headers=HEADERS)
        next_url = auth.safe_next(form.get("next"))
        fresh = auth.same(request.cookies.get(auth.LOGIN_COOKIE), form.get("login_token"))
        if not fresh or not auth.same_origin(request):
            expired = msg(lang, "web.login.expired")
            return login_page(request, next_url=next_url, error=expired, status=403)
        # Too many failures from this address: refused before any password is hashed.
        client = request.client.host if request.client else "-"
        wait = console.throttle.wait(client, console.clock())
        if wait is not None:
            log.warning("console login throttled for %s", client)
            minutes = max(1, -(-int(wait.total_seconds()) // 60))
            throttled = msg(lang, "web.login.throttled", minutes=minutes)
            page = login_page(request, next_url=next_url, error=throttled, status=429)
            page.headers["Retry-After"] = str(max(1, int(wait.total_seconds())))
            return page

        def check() -> tuple[str, Session]:
            user = users.authenticate(
                console.engine,
                username=form.get("username", ""),
                password=form.get("password", ""),
                now=console.clock(),
                policy=policy,
            )
            return users.open_session(console.engine, user=user, now=console.clock(), policy=policy)

        try:
            token, session = await run_in_threadpool(check)
        except AuthenticationError as refused:
            # One answer for every refusal: it must not tell which usernames exist.
            log.info("console login refused for %r: %s", form.get("username", "")[:40], refused.key)
            console.throttle.failed(client, console.clock())
            failed = msg(lang, "web.login.failed")
            return login_page(request, next_url=next_url, error=failed, status=401)
        log.info("console login: %s (%s)", session.user.username, session.user.role.value)
        response = redirect(next_url)
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
        session = await run_in_threadpool(console.session_of, request)
        if session is None:
            return console.to_login(request)
        try:
            form = await auth.read_form(request)
        except auth.FormTooLarge:
            return PlainTextResponse("form too large", status_code=413, headers=HEADERS)
        if not auth.csrf_ok(request, session, form):
            return console.problem(request, session, 403, "web.csrf_refused")
        token = request.cookies.get(auth.SESSION_COOKIE, "")
        await run_in_threadpool(users.close_session, console.engine, token)
        response = redirect(f"{auth.PREFIX}/login")
        auth.clear_cookie(response, auth.SESSION_COOKIE, secure=secure)
        return response
