"""The outlet's HTTP client of the central API: one method per endpoint, typed answers.

Every failure becomes a :class:`SyncFailed` carrying a translatable message: no network, a
timeout, a refused batch (with the centre's reason). Nothing here touches the outlet database.
"""

from __future__ import annotations

import gzip
from typing import Any

import httpx
from pydantic import ValidationError

from inventory.errors import NttMartError
from sync.verification_wire import VerificationDelta
from sync.wire import CatalogDelta, ProblemAnswer, PushAnswer


class SyncFailed(NttMartError):
    """The centre could not be reached, or refused what was sent."""

    def __init__(self, key: str, /, *, status: int | None = None, **params: object) -> None:
        super().__init__(key, **params)
        self.status = status

    @property
    def retryable(self) -> bool:
        """Worth trying again later unchanged (network trouble, overload, server error)."""
        return self.status is None or self.status >= 500 or self.status == 429


class CentralClient:
    """Talks to the central service as one outlet (its token in every request)."""

    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        timeout: float = 30.0,
        compress: bool = True,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        if not base_url:
            raise NttMartError("sync.not_configured")
        if not token:
            raise NttMartError("sync.no_token")
        self.compress = compress
        self._http = httpx.Client(
            base_url=base_url.rstrip("/"),
            headers={"Authorization": f"Bearer {token}", "User-Agent": "nttmart-sync/1"},
            timeout=httpx.Timeout(timeout),
            transport=transport,
        )
        self._limits: tuple[int, int] | None = None

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()

    def _request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        try:
            response = self._http.request(method, path, **kwargs)
        except httpx.TimeoutException:
            raise SyncFailed("sync.timeout", url=str(self._http.base_url)) from None
        except httpx.HTTPError as error:
            raise SyncFailed(
                "sync.unreachable", url=str(self._http.base_url), detail=type(error).__name__
            ) from None
        if response.status_code >= 400:
            raise self._refusal(response)
        return response

    def _refusal(self, response: httpx.Response) -> SyncFailed:
        status = response.status_code
        try:
            problem = ProblemAnswer.model_validate_json(response.content)
            first = problem.problems[0] if problem.problems else None
            detail = problem.message
            if first is not None:
                detail += f" (seq {first.seq}, {first.field}: {first.message})"
        except ValidationError:
            detail = response.text[:200]
        if status == 401:
            return SyncFailed("sync.bad_token", status=status)
        if status == 403:
            return SyncFailed("sync.forbidden", status=status, detail=detail)
        if status == 409:
            return SyncFailed("sync.conflict", status=status, detail=detail)
        return SyncFailed("sync.refused", status=status, code=status, detail=detail)

    def limits(self) -> tuple[int, int]:
        """The centre's ``(max entries, max bytes)`` per batch, asked once."""
        if self._limits is None:
            data = self._request("GET", "/v1/health").json()
            self._limits = (int(data["max_batch_entries"]), int(data["max_batch_bytes"]))
        return self._limits

    def push(self, body: bytes) -> PushAnswer:
        """Send one batch body (``sync.wire.batch_body``); the centre's answer."""
        headers = {"Content-Type": "application/json"}
        if self.compress:
            body = gzip.compress(body, compresslevel=1, mtime=0)
            headers["Content-Encoding"] = "gzip"
        response = self._request("POST", "/v1/journal", content=body, headers=headers)
        return PushAnswer.model_validate_json(response.content)

    def journal_state(self) -> PushAnswer:
        """What the centre holds of this outlet's journal."""
        return PushAnswer.model_validate_json(self._request("GET", "/v1/journal").content)

    def catalog(self, since: int, limit: int) -> CatalogDelta:
        """Catalog changes after version ``since``."""
        response = self._request("GET", "/v1/catalog", params={"since": since, "limit": limit})
        return CatalogDelta.model_validate_json(response.content)

    def verifications(self, since: int, limit: int) -> VerificationDelta:
        """This outlet's QRIS verifications after id ``since``."""
        response = self._request(
            "GET", "/v1/verifications", params={"since": since, "limit": limit}
        )
        return VerificationDelta.model_validate_json(response.content)
