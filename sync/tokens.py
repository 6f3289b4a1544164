"""Outlet tokens: made at the centre, shown once, stored only as a hash.

A token is 256 random bits. The centre stores its SHA-256 to recognise it, and an export key
derived from it (HMAC-SHA256 of a fixed label) to check the integrity of offline export files;
neither gives the token back.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

_EXPORT_LABEL = b"nttmart journal export v1"


def new_token() -> str:
    """A fresh outlet token (URL-safe text, 43 characters, 256 bits of entropy)."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """The SHA-256 (hex) under which the centre stores ``token``."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def export_key(token: str) -> str:
    """The key (hex) that signs this outlet's offline export files."""
    return hmac.new(token.encode("utf-8"), _EXPORT_LABEL, hashlib.sha256).hexdigest()
