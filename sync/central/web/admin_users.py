"""The admins' user page: who can log in, and disabling or enabling a user (a POST action)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from starlette.responses import Response

from inventory.errors import NttMartError
from sync.central import users
from sync.central.web import auth
from sync.central.web.console import Console, log, redirect


def add_user_routes(router: APIRouter, console: Console) -> None:
    """``/users`` and ``POST /users/{username}/disable|enable`` (admins only)."""

    @router.get("/users")
    def user_list(request: Request) -> Response:
        session = console.session_of(request)
        if session is None:
            return console.to_login(request)
        if not session.user.can_act:
            return console.problem(request, session, 403, "web.forbidden")
        return console.page(
            request,
            "users.html",
            session=session,
            current="users",
            people=users.list_users(console.engine),
            now=console.clock(),
        )

    @router.post("/users/{username}/{action}")
    async def user_action(request: Request, username: str, action: str) -> Response:
        allowed = await console.admin_form(request)
        if isinstance(allowed, Response):
            return allowed
        session, _ = allowed
        if action not in ("disable", "enable"):
            return console.problem(request, session, 404, "web.not_found")
        if username == session.user.username:
            return console.problem(request, session, 400, "web.users.not_yourself")
        try:
            await run_in_threadpool(
                lambda: users.set_enabled(
                    console.engine, username=username, enabled=action == "enable"
                )
            )
        except NttMartError as error:
            return console.problem(request, session, 404, error.key, **error.params)
        log.info("console: %s %sd user %s", session.user.username, action, username)
        return redirect(f"{auth.PREFIX}/users")
