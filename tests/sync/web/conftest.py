"""Console fixtures: the central database seeded with known outlets, sales and users, and the
service app (with a clock the tests move) behind an httpx-based test client."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from sync.central.api import create_app
from sync.central.reports.base import REGISTRY
from sync.central.users import Policy
from sync.central.web import ConsoleOptions
from tests.conftest import FROZEN_NOW
from tests.sync.web import sample_report
from tests.sync.web.seed import PASSWORD, seed

LOGIN_TOKEN = re.compile(r'name="login_token" value="([^"]+)"')
CSRF_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


class MovableClock:
    """``now()`` for the app; tests move it forward to pass lock-outs and session expiry."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture(autouse=True)
def sample_registered(monkeypatch: pytest.MonkeyPatch) -> None:
    """The test-only report is in the registry during each console test, and only then."""
    monkeypatch.setitem(REGISTRY, sample_report.NAME, sample_report.SPEC)


@pytest.fixture
def web_clock() -> MovableClock:
    return MovableClock(FROZEN_NOW)


@pytest.fixture
def seeded(central: Engine) -> Engine:
    """The central database with the console's known data (see tests/sync/web/seed.py)."""
    seed(central, FROZEN_NOW)
    return central


@pytest.fixture
def app_factory(seeded: Engine, web_clock: MovableClock) -> Iterator[type[TestClient]]:
    """Test clients of one console app (each client has its own cookies, like a browser)."""
    app = create_app(
        seeded,
        now=web_clock,
        console=ConsoleOptions(
            policy=Policy(
                max_failures=5,
                lockout=timedelta(minutes=15),
                session_lifetime=timedelta(hours=8),
                idle_timeout=timedelta(hours=1),
            )
        ),
    )

    class Client(TestClient):
        def __init__(self) -> None:
            super().__init__(app, base_url="http://testserver", follow_redirects=False)

    yield Client


@pytest.fixture
def anonymous(app_factory: type[TestClient]) -> TestClient:
    return app_factory()


def login(client: TestClient, username: str, password: str = PASSWORD) -> httpx.Response:
    """Open the login form and submit it (with its double-submit token) as a browser would."""
    form = client.get("/admin/login")
    assert form.status_code == 200
    match = LOGIN_TOKEN.search(form.text)
    assert match is not None
    return client.post(
        "/admin/login",
        data={"login_token": match.group(1), "username": username, "password": password},
    )


def csrf_of(client: TestClient, path: str = "/admin/overview") -> str:
    """The session's CSRF token as the forms of ``path`` carry it."""
    page = client.get(path)
    match = CSRF_TOKEN.search(page.text)
    assert match is not None, page.text[:500]
    return match.group(1)


def logged_in(app_factory: type[TestClient], username: str) -> TestClient:
    client = app_factory()
    answer = login(client, username)
    assert answer.status_code == 303, answer.text[:300]
    return client
