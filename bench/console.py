"""The web console over a month of the province: ``python -m bench.console [--quick]``.

Fills a fresh PostgreSQL database with the month of :mod:`bench.reports` (22 outlets x 300 sales
a day), starts ``nttmart central serve`` on a loopback port, logs an admin in, and
times each page over HTTP (median of three: session check, report build, HTML) beside the
report's own ``build`` in the same run (the baseline), and the PDF download beside ``to_pdf``.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import tempfile
import time
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path

import httpx
import psycopg

import sync.central.reports.catalog_of_reports  # noqa: F401 - fills the registry
from bench.reports import ADMIN_DSN, fill, median_time
from bench.sync_push import start_server
from sync.central import migrate, users
from sync.central.db import make_engine
from sync.central.reports.base import REGISTRY, ReportParams
from sync.central.reports.render import to_pdf

QUICK = {"outlets": 4, "per_day": 50, "products": 100}
PASSWORD = "bench-console-password"
PERIOD = {"from": "2026-11-01", "to": "2026-11-30"}


def _login(client: httpx.Client) -> None:
    form = client.get("/admin/login")
    token = re.search(r'name="login_token" value="([^"]+)"', form.text)
    assert token is not None
    answer = client.post(
        "/admin/login",
        data={"login_token": token.group(1), "username": "bench", "password": PASSWORD},
    )
    if answer.status_code != 303:
        raise RuntimeError(f"login failed: {answer.status_code}")


def _get(client: httpx.Client, path: str, params: dict[str, str]) -> bytes:
    answer = client.get(path, params=params)
    if answer.status_code != 200:
        raise RuntimeError(f"{path}: {answer.status_code}")
    return answer.content


def run(outlets: int = 22, per_day: int = 300, products: int = 400) -> None:
    """Print each page's time beside its report's build time."""
    name = f"nttmart_bench_console_{os.getpid()}"
    with psycopg.connect(ADMIN_DSN, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    base = ADMIN_DSN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
    engine = make_engine(f"{base}/{name}")
    server = None
    try:
        migrate.upgrade(engine)
        sales = fill(engine, outlets, per_day, products)
        users.add_user(
            engine,
            username="bench",
            name="Bench",
            role="admin",
            password=PASSWORD,
            now=datetime.now(UTC),
        )
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = int(probe.getsockname()[1])
        log = Path(tempfile.gettempdir()) / f"{name}.log"
        server = start_server(f"{base}/{name}", port, 1, log)
        print(f"== console bench: {outlets} outlets, {sales:,} sales in the month")
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=300) as client:
            started = time.perf_counter()
            _login(client)
            print(f"login (argon2id + session): {(time.perf_counter() - started) * 1000:,.0f} ms")
            page_s, html = median_time(partial(_get, client, "/admin/overview", {}))
            print(f"overview page: {page_s * 1000:,.0f} ms ({len(html) / 1024:,.0f} KiB)")
            params = ReportParams(date(2026, 11, 1), date(2026, 11, 30))
            for report_name in sorted(REGISTRY):
                build_s, report = median_time(partial(REGISTRY[report_name].build, engine, params))
                page = partial(_get, client, f"/admin/reports/{report_name}", PERIOD)
                page_s, html = median_time(page)
                pdf_s, _ = median_time(partial(to_pdf, report), runs=1)
                download = partial(_get, client, f"/admin/reports/{report_name}.pdf", PERIOD)
                get_pdf_s, _ = median_time(download, runs=1)
                print(
                    f"{report_name}: page {page_s * 1000:,.0f} ms ({len(html) / 1024:,.0f} KiB) "
                    f"vs build alone {build_s * 1000:,.0f} ms (ratio {page_s / build_s:.2f}); "
                    f"PDF download {get_pdf_s:.2f} s vs build + to_pdf "
                    f"{build_s + pdf_s:.2f} s"
                )
    finally:
        if server is not None:
            server.terminate()
            server.wait(30)
        engine.dispose()
        with psycopg.connect(ADMIN_DSN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    """Command-line entry: ``python -m bench.console``."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="A small smoke run.")
    args = parser.parse_args()
    run(**(QUICK if args.quick else {}))


if __name__ == "__main__":
    main()
