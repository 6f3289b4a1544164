"""The web console's report pages, timed for the central reports bench.

:func:`page_figures` is what a report bench calls on its filled month: it adds an admin, serves
the central app with a real uvicorn on a loopback port, logs in over HTTP and fetches every
registered report's page for the period (median of ``runs``), beside the plain SQL aggregate the
report needs, timed in the same run on the same database.
"""

from __future__ import annotations

import re
import socket
import statistics
import threading
import time
from collections.abc import Callable
from datetime import UTC, date, datetime

import httpx
import psycopg
import uvicorn
from sqlalchemy import Engine

from sync.central import users
from sync.central.api import create_app
from sync.central.reports.base import REGISTRY

_PASSWORD = "bench-pages-password"
_LOGIN_TOKEN = re.compile(r'name="login_token" value="([^"]+)"')


def _median(call: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(max(runs, 1)):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _serve(engine: Engine) -> tuple[uvicorn.Server, threading.Thread, int]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    config = uvicorn.Config(
        create_app(engine), host="127.0.0.1", port=port, log_level="warning", lifespan="off"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the central app did not start")
        time.sleep(0.05)
    return server, thread, port


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


def page_figures(
    engine: Engine,
    dsn: str,
    first: date,
    last: date,
    runs: int,
    baselines: dict[str, str],
    default_baseline: str,
) -> list[tuple[str, float, float]]:
    """``(report, page seconds, plain aggregate seconds)`` for every registered report."""
    username = f"bench{int(time.time())}"
    users.add_user(
        engine,
        username=username,
        name="Bench",
        role="admin",
        password=_PASSWORD,
        now=datetime.now(UTC),
    )
    server, thread, port = _serve(engine)
    figures = []
    bounds = {"from": first, "to": last}
    period = {"from": first.isoformat(), "to": last.isoformat()}
    try:
        with (
            httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=600) as client,
            psycopg.connect(dsn) as plain,
        ):
            _login(client, username)
            for name in sorted(REGISTRY):
                sql = baselines.get(name, default_baseline)

                def page(name: str = name) -> None:
                    answer = client.get(f"/admin/reports/{name}", params=period)
                    if answer.status_code not in (200, 400):
                        raise RuntimeError(f"page {name}: {answer.status_code}")

                def baseline(sql: str = sql) -> None:
                    plain.execute(sql, bounds).fetchall()

                figures.append((name, _median(page, runs), _median(baseline, runs)))
    finally:
        server.should_exit = True
        thread.join(30)
    return figures
