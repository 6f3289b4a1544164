"""HTTP API v1 of the central service (FastAPI), documented by its OpenAPI schema at /openapi.json.

- ``POST /v1/journal``: a batch of the caller's journal entries; answers what the centre holds.
- ``GET /v1/journal``: the same answer without sending anything.
- ``GET /v1/catalog?since=VERSION``: catalog master changes after a version.
- ``GET /v1/health``: liveness, database reachability and the batch limits.

The caller is identified only by its bearer token. The app keeps no state between requests:
everything lives in the database, so any number of processes may serve it.
"""

from __future__ import annotations

import json
import logging
import zlib
from collections.abc import Callable
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import Engine, text

from sync.central import outlets
from sync.central.appliers import default_registry
from sync.central.catalog import changes_since
from sync.central.ingest import (
    Forbidden,
    IngestRefused,
    TooLarge,
    Unauthorized,
    check_batch,
    journal_state,
    store_batch,
)
from sync.central.registry import Registry
from sync.wire import Batch, CatalogDelta, ProblemAnswer, PushAnswer

log = logging.getLogger("nttmart.central")


class Health(BaseModel):
    """``GET /v1/health`` answer."""

    status: str
    database: str
    version: str
    max_batch_entries: int
    max_batch_bytes: int
    kinds: list[str]


class UnsupportedMedia(IngestRefused):
    """A body that is not (gzip-compressed) JSON."""

    status = 415
    error = "unsupported_media"


class Unreadable(IngestRefused):
    """A body that does not parse."""

    status = 400
    error = "unreadable"


def _app_version() -> str:
    try:
        return version("nttmart-pos")
    except PackageNotFoundError:
        return "unknown"


def _problem(refused: IngestRefused) -> JSONResponse:
    body = ProblemAnswer(error=refused.error, message=refused.message, problems=refused.problems)
    headers = {"WWW-Authenticate": "Bearer"} if refused.status == 401 else None
    return JSONResponse(body.model_dump(), status_code=refused.status, headers=headers)


async def _read_body(request: Request, limit: int) -> bytes:
    """The request body, decompressed, refusing anything over ``limit`` bytes early."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise TooLarge(f"request body over {limit} bytes")
    encoding = request.headers.get("content-encoding", "identity").strip().lower()
    if encoding not in ("identity", "gzip"):
        raise UnsupportedMedia(f"content encoding {encoding!r}; use gzip or none")
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "application/json":
        raise UnsupportedMedia("the body must be application/json")
    inflater = zlib.decompressobj(wbits=31) if encoding == "gzip" else None
    parts: list[bytes] = []
    size = 0
    try:
        async for received in request.stream():
            chunk = received
            if inflater is not None:
                chunk = inflater.decompress(received, limit + 1 - size)
                if inflater.unconsumed_tail:
                    raise TooLarge(f"request body over {limit} bytes once decompressed")
            size += len(chunk)
            if size > limit:
                raise TooLarge(f"request body over {limit} bytes")
            parts.append(chunk)
        if inflater is not None:
            if not inflater.eof:
                raise Unreadable("the gzip stream is truncated")
            if inflater.unused_data:
                raise Unreadable("data after the end of the gzip stream")
    except zlib.error as error:
        raise Unreadable(f"invalid gzip data: {error}") from None
    return b"".join(parts)


def _parse(body: bytes) -> Any:
    try:
        return json.loads(body)
    except (ValueError, RecursionError) as error:
        raise Unreadable(f"the body is not JSON: {str(error)[:200]}") from None


def _caller(request: Request) -> outlets.Caller:
    """The outlet the bearer token belongs to (401 unknown, 403 disabled)."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("missing bearer token")
    found = outlets.authenticate(request.app.state.engine, token.strip())
    if found is None:
        raise Unauthorized("unknown token")
    if not found.enabled:
        raise Forbidden(f"outlet {found.code} is disabled")
    return found


Caller = Annotated[outlets.Caller, Depends(_caller)]


def create_app(
    engine: Engine,
    *,
    max_batch_entries: int = 2_000,
    max_batch_bytes: int = 16 * 1024 * 1024,
    catalog_page: int = 1_000,
    registry: Registry | None = None,
    now: Callable[[], datetime] | None = None,
) -> FastAPI:
    """The central service on ``engine``: one app per process, nothing shared but the database."""
    registry = registry or default_registry()
    clock = now or (lambda: datetime.now(UTC))
    app = FastAPI(
        title="NTT Mart central sync",
        version=_app_version(),
        description=(
            "Outlets push their journal (idempotent, batched) and pull catalog changes. "
            "Authenticate with `Authorization: Bearer <outlet token>`."
        ),
    )

    app.state.engine = engine

    @app.exception_handler(IngestRefused)
    async def _refused(_request: Request, refused: IngestRefused) -> JSONResponse:
        log.info("refused %s: %s", refused.status, refused.message)
        return _problem(refused)

    problem_responses: dict[int | str, dict[str, Any]] = {
        status: {"model": ProblemAnswer} for status in (400, 401, 403, 409, 413, 415, 422)
    }

    @app.get("/v1/health", response_model=Health)
    def health() -> Health | JSONResponse:
        """Is the service up and its database reachable? Also tells the batch limits."""
        try:
            with engine.connect() as connection:
                connection.execute(text("SELECT 1"))
            database = "ok"
        except Exception as error:
            log.warning("database unreachable: %s", error)
            database = "unreachable"
        answer = Health(
            status="ok" if database == "ok" else "degraded",
            database=database,
            version=_app_version(),
            max_batch_entries=max_batch_entries,
            max_batch_bytes=max_batch_bytes,
            kinds=registry.kinds,
        )
        if database != "ok":
            return JSONResponse(answer.model_dump(), status_code=503)
        return answer

    @app.post(
        "/v1/journal",
        response_model=PushAnswer,
        responses=problem_responses,
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": Batch.model_json_schema()}},
            }
        },
    )
    async def push(request: Request, who: Caller) -> PushAnswer:
        """Store a batch of the caller's entries (gzip allowed); all or nothing.

        Answers the highest ``seq`` up to which the centre durably holds every entry, and the
        gaps above it. Resending entries the centre holds changes nothing.
        """
        raw = await _read_body(request, max_batch_bytes)

        def work() -> PushAnswer:
            # Parsing and checking are CPU work: off the event loop, like the database work.
            body = _parse(raw)
            entries = check_batch(
                body, outlet=who.code, registry=registry, max_entries=max_batch_entries
            )
            return store_batch(
                engine, outlet=who.code, entries=entries, now=clock(), registry=registry
            )

        return await run_in_threadpool(work)

    @app.get("/v1/journal", response_model=PushAnswer, responses=problem_responses)
    def state(who: Caller) -> PushAnswer:
        """What the centre holds of the caller's journal (also counts as hearing from it)."""
        outlets.touch(engine, who.code, clock())
        return journal_state(engine, who.code)

    @app.get("/v1/catalog", response_model=CatalogDelta, responses=problem_responses)
    def catalog(
        who: Caller,
        since: Annotated[int, Query(ge=0, description="Catalog version already held.")] = 0,
        limit: Annotated[int, Query(ge=1, description="Most changes to return.")] = catalog_page,
    ) -> CatalogDelta:
        """Catalog master changes (products, barcodes, producers, prices) after ``since``."""
        return changes_since(engine, since, min(limit, catalog_page))

    return app
