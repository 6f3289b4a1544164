"""The web console's pages timed over HTTP: the one page timer of the central benches.

:func:`console` adds an admin to a filled central database, starts ``nttmart central serve`` on
a loopback port (its own process, as in production), logs in over HTTP and yields a
:class:`PageTimer`; :meth:`PageTimer.time` fetches a page or a download ``runs`` times and gives
the median. :func:`page_figures` is what the central reports bench calls: every registered
report's page for the period, beside the plain SQL aggregate the report needs, timed in the same
run on the same database.
"""

from __future__ import annotations

import re
import socket
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path

import httpx
import psycopg
from sqlalchemy import Engine

from bench.common import median_time
from bench.sync_push import start_server
from sync.central import users
from sync.central.reports.base import REGISTRY

_PASSWORD = "bench-pages-password"
_LOGIN_TOKEN = re.compile(r'name="login_token" value="([^"]+)"')


@dataclass(frozen=True)
class PageTimer:
    """An admin's HTTP session on the running console."""

    client: httpx.Client
    login_s: float

    def get(self, path: str, params: dict[str, str] | None = None) -> bytes:
        """One page or download; anything but 200 stops the bench."""
        answer = self.client.get(path, params=params or {})
        if answer.status_code != 200:
            raise RuntimeError(f"{path}: {answer.status_code}")
        return answer.content

    def time(
        self, path: str, params: dict[str, str] | None = None, runs: int = 3, *, warm: bool = True
    ) -> tuple[float, bytes]:
        """Median seconds of ``runs`` fetches (after one to warm up when ``warm``), and the last
        body."""
        seconds, body = median_time(partial(self.get, path, params), runs, warm=warm)
        return seconds, body


def _login(client: httpx.Client, username: str) -> None:
    form = client.get("/admin/login")
    token = _LOGIN_TOKEN.search(form.text)
    if token is None:
        raise RuntimeError("no login form")
    answer = client.post(
        "/admin/login",
        data={"login_token": token.group(1), "username": username, "password": _PASSWORD},
    )
    if answer.status_code != 303:
        raise RuntimeError(f"login refused: {answer.status_code}")


@contextmanager
def console(engine: Engine) -> Iterator[PageTimer]:
    """The console served on ``engine``'s database, with an admin logged in."""
    username = f"bench{int(datetime.now(UTC).timestamp())}"
    users.add_user(
        engine,
        username=username,
        name="Bench",
        role="admin",
        password=_PASSWORD,
        now=datetime.now(UTC),
    )
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    log = Path(tempfile.gettempdir()) / f"nttmart_bench_console_{port}.log"
    server = start_server(engine.url.render_as_string(hide_password=False), port, 1, log)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=600) as client:
            login_s, _ = median_time(partial(_login, client, username), runs=1)
            yield PageTimer(client, login_s)
    finally:
        server.terminate()
        server.wait(30)


def page_figures(
    engine: Engine, dsn: str, first: date, last: date, runs: int
) -> list[tuple[str, float, float]]:
    """``(report, page seconds, plain aggregate seconds)`` for every registered report."""
    from bench.central_reports import time_baseline  # the bench that calls this one

    period = {"from": first.isoformat(), "to": last.isoformat()}
    figures = []
    with console(engine) as timer, psycopg.connect(dsn) as plain:
        for name in sorted(REGISTRY):
            page_s, _ = timer.time(f"/admin/reports/{name}", period, runs)
            figures.append((name, page_s, time_baseline(plain, name, first, last, runs)))
    return figures
