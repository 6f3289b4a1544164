"""Cookies, sessions and CSRF checks of the web console.

- ``nttmart_session``: the session's random token (HttpOnly, SameSite=Lax, ``Secure`` when
  configured); the centre stores only its hash (:mod:`sync.central.users`).
- ``nttmart_login``: a random value set with the login form and sent back in it (double-submit),
  so a foreign page cannot log a browser into an account of the attacker's choosing.
- ``nttmart_lang``: ``id`` or ``en``, the reader's language (not a secret).

Every POST form of a session carries the session's CSRF token; a POST whose token does not match,
or whose ``Origin`` names another host, is refused with 403 and changes nothing.
"""

from __future__ import annotations

import hmac
import secrets
from urllib.parse import parse_qs, urlsplit

from fastapi import Request
from starlette.responses import Response

from sync.central.users import Session

SESSION_COOKIE = "nttmart_session"
LOGIN_COOKIE = "nttmart_login"
LANG_COOKIE = "nttmart_lang"
PREFIX = "/admin"
# A form of the console is a few fields; anything larger is not one of ours.
MAX_FORM_BYTES = 16 * 1024


class FormTooLarge(ValueError):
    """A form body over :data:`MAX_FORM_BYTES`."""


def set_cookie(
    response: Response,
    name: str,
    value: str,
    *,
    max_age: int,
    secure: bool,
    path: str = PREFIX,
    http_only: bool = True,
) -> None:
    """Set one of the console's cookies (always SameSite=Lax, scoped to the console's path)."""
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path=path,
        secure=secure,
        httponly=http_only,
        samesite="lax",
    )


def clear_cookie(response: Response, name: str, *, secure: bool, path: str = PREFIX) -> None:
    """Remove one of the console's cookies from the browser."""
    response.delete_cookie(name, path=path, secure=secure, httponly=True, samesite="lax")


def new_login_token() -> str:
    """The double-submit value of one login form."""
    return secrets.token_urlsafe(24)


def same(expected: str | None, given: str | None) -> bool:
    """Constant-time equality of two non-empty tokens."""
    if not expected or not given:
        return False
    return hmac.compare_digest(expected.encode("utf-8"), given.encode("utf-8"))


def same_origin(request: Request) -> bool:
    """False when the browser says the form came from another site (``Origin`` or, failing
    that, ``Referer`` naming another host); true when neither header is sent."""
    claimed = request.headers.get("origin") or request.headers.get("referer")
    if not claimed:
        return True
    if claimed == "null":  # an opaque origin: a sandboxed frame, a data: URL
        return False
    host = request.headers.get("host", "")
    return urlsplit(claimed).netloc == host


async def read_form(request: Request) -> dict[str, str]:
    """The URL-encoded fields of a POST (the first value of each), read with a size limit."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "application/x-www-form-urlencoded":
        return {}
    parts: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_FORM_BYTES:
            raise FormTooLarge
        parts.append(chunk)
    text = b"".join(parts).decode("utf-8", "replace")
    try:
        fields = parse_qs(text, keep_blank_values=True, max_num_fields=20)
    except ValueError:
        raise FormTooLarge from None
    return {key: values[0] for key, values in fields.items()}


def csrf_ok(request: Request, session: Session, form: dict[str, str]) -> bool:
    """Does this POST carry its session's CSRF token and come from our own pages?"""
    return same_origin(request) and same(session.csrf_token, form.get("csrf_token"))


def safe_next(target: str | None, *, login_page: bool = False) -> str:
    """A console path to go to after login or a language switch; anything else (another site,
    a scheme-relative ``//host``) becomes the overview. ``login_page`` allows the login form
    itself (a language switch on it)."""
    default = f"{PREFIX}/overview"
    if not target or not target.startswith(f"{PREFIX}/") or target.startswith("//"):
        return default
    if "\\" in target or any(ord(char) < 32 for char in target):
        return default
    if urlsplit(target).netloc:
        return default
    if login_page and (target == f"{PREFIX}/login" or target.startswith(f"{PREFIX}/login?")):
        return target
    if target.startswith((f"{PREFIX}/login", f"{PREFIX}/logout", f"{PREFIX}/lang/")):
        return default
    return target
