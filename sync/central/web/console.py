"""What every page of the console shares: the reader's session and language, the templates, the
security headers, and the answers for "log in first", "not allowed" and "not valid".

:meth:`Console.admin_form` is the gate of every POST action: a session, the ``admin`` role and the
session's CSRF token, or an answer that changes nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.concurrency import run_in_threadpool
from jinja2 import Environment, PackageLoader, select_autoescape
from sqlalchemy import Engine
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response

from inventory.clock import format_wita
from inventory.i18n import LANGUAGES
from sync.central import users
from sync.central.reports import base as reports
from sync.central.users import Session
from sync.central.web import auth
from sync.central.web.options import ConsoleOptions
from sync.central.web.text import language_of, msg
from sync.central.web.throttle import LoginThrottle

log = logging.getLogger("nttmart.central.web")

# The console's sections in menu order; each shows only when a report of that name is registered
# (other registered reports follow, by name).
PAGE_ORDER = ("reconciliation", "payouts", "stock", "programs", "qris", "campaigns")
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


def ordered(names: list[str]) -> list[str]:
    """Report names in menu order (see :data:`PAGE_ORDER`)."""

    def rank(name: str) -> tuple[int, str]:
        for index, page in enumerate(PAGE_ORDER):
            if name == page or name.startswith((f"{page}_", page.rstrip("s"))):
                return index, name
        return len(PAGE_ORDER), name

    return sorted(names, key=rank)


def redirect(url: str) -> RedirectResponse:
    """See other: after a POST, or to another page."""
    return RedirectResponse(url, status_code=303, headers=HEADERS)


def _templates() -> Environment:
    environment = Environment(
        loader=PackageLoader("sync.central.web", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["wita"] = format_wita
    return environment


@dataclass
class Console:
    """The console on one engine, with its options and clock."""

    engine: Engine
    options: ConsoleOptions
    clock: Callable[[], datetime]
    templates: Environment = field(default_factory=_templates)
    throttle: LoginThrottle = field(init=False)

    def __post_init__(self) -> None:
        self.throttle = LoginThrottle(self.options.client_max_failures, self.options.client_window)

    @property
    def policy(self) -> users.Policy:
        return self.options.policy

    def lang_of(self, request: Request) -> str:
        """The reader's language (the ``nttmart_lang`` cookie; Indonesian by default)."""
        return language_of(request.cookies.get(auth.LANG_COOKIE))

    def session_of(self, request: Request) -> Session | None:
        """The live session of the request's cookie, or ``None``."""
        token = request.cookies.get(auth.SESSION_COOKIE)
        if not token:
            return None
        return users.session_for(self.engine, token, now=self.clock(), policy=self.policy)

    def nav(self, lang: str) -> list[tuple[str, str, str]]:
        """``(name, url, label)`` of every page the menu shows."""
        items = [("overview", f"{auth.PREFIX}/overview", msg(lang, "web.nav.overview"))]
        for name in ordered(list(reports.REGISTRY)):
            title = msg(lang, reports.REGISTRY[name].title_key)
            items.append((name, f"{auth.PREFIX}/reports/{name}", title))
        return items

    def page(
        self,
        request: Request,
        template: str,
        *,
        session: Session | None,
        status: int = 200,
        current: str = "",
        **context: Any,
    ) -> HTMLResponse:
        """Render ``template`` for the reader, with the menu of a logged-in session."""
        lang = self.lang_of(request)
        here = request.url.path + (f"?{request.url.query}" if request.url.query else "")

        def translate(key: str, /, **params: object) -> str:
            return msg(lang, key, **params)

        html = self.templates.get_template(template).render(
            _=translate,
            lang=lang,
            languages=LANGUAGES,
            here=here,
            prefix=auth.PREFIX,
            user=session.user if session else None,
            csrf=session.csrf_token if session else "",
            nav=self.nav(lang) if session else [],
            current=current,
            **context,
        )
        return HTMLResponse(html, status_code=status, headers=HEADERS)

    def to_login(self, request: Request) -> RedirectResponse:
        """Anonymous page view: to the login form, coming back here afterwards."""
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return redirect(f"{auth.PREFIX}/login?{urlencode({'next': auth.safe_next(target)})}")

    def problem(
        self,
        request: Request,
        session: Session | None,
        status: int,
        message_key: str,
        **params: Any,
    ) -> HTMLResponse:
        """An error page in the reader's language."""
        message = msg(self.lang_of(request), message_key, **params)
        return self.page(request, "error.html", session=session, status=status, message=message)

    async def admin_form(self, request: Request) -> tuple[Session, dict[str, str]] | Response:
        """The session and form of an admin's POST action, or the refusal to send instead:
        401 without a session, 403 for other roles or without the session's CSRF token."""
        session = await run_in_threadpool(self.session_of, request)
        if session is None:
            return PlainTextResponse("login required", status_code=401, headers=HEADERS)
        if not session.user.can_act:
            return self.problem(request, session, 403, "web.forbidden")
        try:
            form = await auth.read_form(request)
        except auth.FormTooLarge:
            return PlainTextResponse("form too large", status_code=413, headers=HEADERS)
        if not auth.csrf_ok(request, session, form):
            return self.problem(request, session, 403, "web.csrf_refused")
        return session, form
