"""The web console end to end in a real headless Chromium (Debian's /usr/bin/chromium, driven by
Playwright) against ``nttmart central serve`` on a loopback port.

The central database holds a small province built through the real outlet services and the real
ingest (tests/sync/reports/province.py). The browser logs in, opens every page of the menu,
compares figures on the pages with SQL against the database, downloads a PDF and reads it back;
an outlet user cannot see another outlet, an anonymous browser gets no data, and the console fits
a 375 px phone screen.

Set ``NTTMART_DOCS_SCREENSHOTS=docs/img`` to also write the screenshots of docs/admin.md there.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from io import BytesIO
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright
from pypdf import PdfReader
from sqlalchemy import Engine, text

from inventory.money import format_number, format_rupiah
from sync.central import users
from sync.central.summary import summarize
from tests.sync.conftest import reset_central
from tests.sync.reports.province import build_province
from tests.sync.servers import ServerProcess, free_port

CHROMIUM = Path(os.environ.get("NTTMART_CHROMIUM", "/usr/bin/chromium"))
PASSWORD = "ikat-sumba-timur-7"
PERIOD = "from=2026-11-01&to=2026-11-30"
START, END = date(2026, 11, 1), date(2026, 11, 30)
PAGES = ("overview", "payouts", "stock", "programs")


@dataclass
class Console:
    url: str
    engine: Engine


@pytest.fixture(scope="module")
def console(
    migrated_engine: Engine, postgres_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Console]:
    """The province's November at the centre, three console users, and the service running."""
    reset_central(migrated_engine)
    folder = tmp_path_factory.mktemp("console")
    province = build_province(migrated_engine, folder)
    now = datetime.now(UTC)
    for username, role, outlet in (
        ("ana.admin", "admin", None),
        ("vera.viewer", "viewer", None),
        ("olin.blu", "outlet", "BLU"),
    ):
        users.add_user(
            migrated_engine,
            username=username,
            name=username.split(".")[0].title(),
            role=role,
            outlet=outlet,
            password=PASSWORD,
            now=now,
        )
    server = ServerProcess(
        free_port(), {"NTTMART_CENTRAL__DATABASE_URL": postgres_url}, folder / "serve.log"
    ).start()
    yield Console(server.url, migrated_engine)
    server.stop()
    province.blu.close()
    province.kpg.close()


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """Debian's headless Chromium; its absence fails the test run (it is never skipped)."""
    if not CHROMIUM.exists() or shutil.which(str(CHROMIUM)) is None:
        pytest.fail(
            f"Chromium is not installed at {CHROMIUM}: install the Debian packages "
            "(apt-get install -y chromium chromium-driver; .ci/run does it where missing).",
            pytrace=False,
        )
    launched = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
    yield launched
    launched.close()


@pytest.fixture
def desktop(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    yield context
    context.close()


def log_in(page: Page, console: Console, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{console.url}/admin/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form button[type=submit]")
    page.wait_for_url("**/admin/overview")


def screenshot(page: Page, name: str, tmp_path: Path) -> None:
    """Save a full-page PNG (and into the docs folder when asked)."""
    shot = page.screenshot(full_page=True)
    assert shot.startswith(b"\x89PNG")
    (tmp_path / name).write_bytes(shot)
    docs = os.environ.get("NTTMART_DOCS_SCREENSHOTS")
    if docs:
        Path(docs).mkdir(parents=True, exist_ok=True)
        (Path(docs) / name).write_bytes(shot)


def program_net_sales(engine: Engine, outlet: str | None = None) -> int:
    """Net sales of the period straight from the books: sale lines minus refunded lines."""
    where = "AND s.outlet = :outlet" if outlet else ""
    refund_where = "AND r.outlet = :outlet" if outlet else ""
    query = text(
        f"""
        SELECT
          (SELECT COALESCE(SUM(l.total), 0) FROM central_sale_line l
             JOIN central_sale s ON s.id = l.sale_id
            WHERE s.status = 'completed' AND s.business_day BETWEEN :start AND :end {where})
        - (SELECT COALESCE(SUM(rl.amount), 0) FROM central_refund_line rl
             JOIN central_refund r ON r.id = rl.refund_id
            WHERE r.business_day BETWEEN :start AND :end {refund_where})
        """
    )
    with engine.connect() as connection:
        return int(
            connection.execute(query, {"start": START, "end": END, "outlet": outlet}).scalar_one()
        )


def payouts_paid(engine: Engine) -> int:
    query = text(
        "SELECT COALESCE(SUM(amount), 0) FROM central_payout WHERE paid_on BETWEEN :start AND :end"
    )
    with engine.connect() as connection:
        return int(connection.execute(query, {"start": START, "end": END}).scalar_one())


def test_admin_opens_every_page_and_figures_match_the_database(
    console: Console, desktop: BrowserContext, tmp_path: Path
) -> None:
    page = desktop.new_page()
    log_in(page, console, "ana.admin")
    # The overview: each outlet's sales and net total as the books have them.
    for row in summarize(console.engine):
        line = page.locator(f'tr[data-outlet="{row.code}"]')
        assert line.locator('td[data-col="sales"]').inner_text() == format_number(row.sales)
        assert line.locator('td[data-col="net_total"]').inner_text() == format_rupiah(row.net_total)
        assert line.locator('td[data-col="last_seq"]').inner_text() == str(row.last_seq)
    assert all(row.sales > 0 for row in summarize(console.engine))
    screenshot(page, "admin-console-desktop.png", tmp_path)
    # Every page of the menu opens; the reports of this branch are all there.
    menu = page.locator("nav.menu a[data-page]")
    names = [menu.nth(i).get_attribute("data-page") for i in range(menu.count())]
    assert set(PAGES) <= set(names), names
    for name in names:
        assert name is not None
        if name in ("overview", "users"):
            continue
        answer = page.goto(f"{console.url}/admin/reports/{name}?{PERIOD}")
        assert answer is not None, name
        assert page.locator("h1").inner_text().strip()
        assert page.locator("form.filters").count() == 1, name
        if name in PAGES or answer.status == 200:
            assert answer.status == 200, name
            assert page.locator(".error").count() == 0, name
            # Figures, or each table saying plainly that the period has no rows for it.
            tables = page.locator("section.report-table")
            assert tables.count() >= 1, name
            assert page.locator("table.data").count() + page.locator("p.empty").count() == (
                tables.count()
            ), name
        else:
            # A report may refuse a period it has no data for: the page says why, plainly.
            assert answer.status == 400, name
            assert page.locator(".error").inner_text().strip(), name
    # Programs: the province's net sales equal the sale lines minus refunded lines.
    page.goto(f"{console.url}/admin/reports/programs?{PERIOD}")
    total = page.locator('section[data-table="0"] tfoot td[data-col="net_sales"]').inner_text()
    expected = program_net_sales(console.engine)
    assert expected > 0 and total == format_rupiah(expected)
    one = page.goto(f"{console.url}/admin/reports/programs?{PERIOD}&outlet=KPG")
    assert one is not None and one.status == 200
    kpg = page.locator('section[data-table="0"] tfoot td[data-col="net_sales"]').inner_text()
    assert kpg == format_rupiah(program_net_sales(console.engine, "KPG"))
    # Payouts: the register's total is what the outlets journaled as paid.
    page.goto(f"{console.url}/admin/reports/payouts?{PERIOD}")
    paid = payouts_paid(console.engine)
    assert paid > 0
    register = page.locator('section[data-table="2"] tfoot td[data-col="amount"]')
    assert register.inner_text() == format_rupiah(paid)
    screenshot(page, "admin-console-payouts.png", tmp_path)
    # The PDF of the same page: a real PDF with the same figure.
    with page.expect_download() as started:
        page.click('a[data-download="pdf"]')
    download = started.value
    assert download.suggested_filename == "payouts_2026-11-01_2026-11-30.pdf"
    body = Path(download.path()).read_bytes()
    assert body.startswith(b"%PDF")
    words = "".join(p.extract_text() for p in PdfReader(BytesIO(body)).pages)
    assert format_rupiah(paid) in words
    # Logging out ends the session: the pages ask for a login again.
    page.locator("form[action$='/logout'] button:visible").click()
    page.wait_for_url("**/admin/login")
    page.goto(f"{console.url}/admin/overview")
    assert "/admin/login" in page.url


def test_outlet_user_cannot_see_another_outlet(console: Console, desktop: BrowserContext) -> None:
    page = desktop.new_page()
    log_in(page, console, "olin.blu")
    assert page.locator("tr[data-outlet]").count() == 1
    assert page.locator('tr[data-outlet="BLU"]').count() == 1
    assert "KPG" not in page.content()
    # Reports are BLU's whatever is asked for; asking for KPG is refused.
    page.goto(f"{console.url}/admin/reports/programs?{PERIOD}")
    total = page.locator('section[data-table="0"] tfoot td[data-col="net_sales"]').inner_text()
    assert total == format_rupiah(program_net_sales(console.engine, "BLU"))
    assert page.locator("select[name=outlet]").count() == 0
    refused = page.goto(f"{console.url}/admin/reports/programs?{PERIOD}&outlet=KPG")
    assert refused is not None and refused.status == 403
    assert page.locator("table.data").count() == 0
    kpg_total = format_rupiah(program_net_sales(console.engine, "KPG"))
    assert kpg_total not in page.content()
    pdf = desktop.request.get(f"{console.url}/admin/reports/programs.pdf?{PERIOD}&outlet=KPG")
    assert pdf.status == 403 and not pdf.body().startswith(b"%PDF")
    users_page = page.goto(f"{console.url}/admin/users")
    assert users_page is not None and users_page.status == 403


def test_anonymous_browser_gets_nothing(console: Console, browser: Browser) -> None:
    context = browser.new_context()
    try:
        page = context.new_page()
        for name in PAGES:
            path = "/admin/overview" if name == "overview" else f"/admin/reports/{name}?{PERIOD}"
            page.goto(console.url + path)
            assert "/admin/login" in page.url, name
            assert page.locator("table").count() == 0
            text = page.inner_text(
                "body"
            )  # what a person sees (tokens in hidden fields are random)
            assert "BLU" not in text and "Rp" not in text
        for extension in ("pdf", "csv", "xlsx"):
            answer = context.request.get(
                f"{console.url}/admin/reports/payouts.{extension}?{PERIOD}"
            )
            assert answer.status == 401 and answer.text() == "login required"
        # A wrong password shows the login form again, with no data.
        page.goto(f"{console.url}/admin/login")
        page.fill("input[name=username]", "ana.admin")
        page.fill("input[name=password]", "not-the-password")
        page.click("form button[type=submit]")
        assert page.locator(".error").count() == 1 and "/admin/login" in page.url
    finally:
        context.close()


def test_console_fits_a_phone_screen(console: Console, browser: Browser, tmp_path: Path) -> None:
    context = browser.new_context(
        viewport={"width": 375, "height": 800},
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
    )
    try:
        page = context.new_page()
        log_in(page, console, "vera.viewer")

        def page_width() -> int:
            return int(page.evaluate("document.documentElement.scrollWidth"))

        for path in ("/admin/overview", f"/admin/reports/payouts?{PERIOD}"):
            page.goto(console.url + path)
            # The page never scrolls sideways; wide tables scroll inside their own box.
            assert page_width() <= 375, path
            # The menu is folded behind its button until opened.
            assert not page.locator("nav.menu").is_visible()
            assert page.locator(".menu-button").is_visible()
        tables = page.locator(".scroll")
        assert tables.count() >= 1
        assert int(tables.first.evaluate("e => e.scrollWidth")) > int(
            tables.first.evaluate("e => e.clientWidth")
        )
        page.goto(f"{console.url}/admin/overview")
        page.click(".menu-button")
        menu = page.locator("nav.menu")
        assert menu.is_visible()
        box = menu.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375
        # Logging out is in the opened menu on a phone.
        assert page.locator("nav.menu form[action$='/logout'] button").is_visible()
        assert page_width() <= 375
        screenshot(page, "admin-console-phone.png", tmp_path)
    finally:
        context.close()
