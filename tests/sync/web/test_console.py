"""The web console over HTTP (httpx against the ASGI app, real PostgreSQL): login, lock-out, CSRF,
roles, outlet isolation, and that an anonymous request gets no data at all."""

from __future__ import annotations

import re
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from inventory.money import format_rupiah
from sync.central import tables, users
from sync.central.api import create_app
from sync.central.reports.base import Column, Kind, Table
from sync.central.summary import summarize
from sync.central.web import ConsoleOptions
from sync.central.web.throttle import MAX_CLIENTS, LoginThrottle
from sync.central.web.views import table_view
from tests.conftest import FROZEN_NOW
from tests.sync.web.conftest import LOGIN_TOKEN, MovableClock, csrf_of, logged_in, login
from tests.sync.web.seed import ADMIN, OUTLET_USER, PASSWORD, VIEWER

SAMPLE = "/admin/reports/web_sample?from=2026-11-01&to=2026-11-22"
# Names and figures of the seeded outlets: none may reach an anonymous reader.
SECRETS = ("BLU", "KPG", "Atambua", "Kupang", "Rp", "125.000")


def cell(html: str, outlet: str, column: str) -> str:
    """The text of one overview cell."""
    row = re.search(rf'<tr data-outlet="{outlet}">(.*?)</tr>', html, re.S)
    assert row is not None, f"no row for {outlet}"
    found = re.search(rf'data-col="{column}"[^>]*>(.*?)</td>', row.group(1), re.S)
    assert found is not None
    return re.sub(r"<[^>]+>", " ", found.group(1)).split()[0] if found.group(1).strip() else ""


def test_anonymous_requests_get_nothing(anonymous: TestClient) -> None:
    for path in ("/admin/", "/admin/overview", SAMPLE, "/admin/users"):
        answer = anonymous.get(path)
        assert answer.status_code == 303, path
        assert answer.headers["location"].startswith("/admin/login?next=")
        assert not any(secret in answer.text for secret in SECRETS), path
    for extension in ("pdf", "csv", "xlsx"):
        answer = anonymous.get(SAMPLE.replace("web_sample", f"web_sample.{extension}"))
        assert answer.status_code == 401
        assert answer.text == "login required"
    refused = anonymous.post("/admin/users/vera.viewer/disable", data={"csrf_token": "x"})
    assert refused.status_code == 401
    # A made-up session cookie is no better than none.
    anonymous.cookies.set("nttmart_session", "forged-token-value", path="/admin")
    assert anonymous.get("/admin/overview").status_code == 303
    # The login page itself shows no data either.
    page = anonymous.get("/admin/login")
    assert page.status_code == 200 and not any(s in page.text for s in SECRETS)


def test_login_shows_the_overview_with_sync_health(
    app_factory: type[TestClient], seeded: Engine
) -> None:
    client = app_factory()
    answer = login(client, ADMIN)
    assert answer.status_code == 303 and answer.headers["location"] == "/admin/overview"
    cookie = next(
        h for h in answer.headers.get_list("set-cookie") if h.startswith("nttmart_session=")
    )
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/admin" in cookie
    assert "Secure" not in cookie  # not configured here; see test_secure_cookies_when_configured
    page = client.get("/admin/overview")
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-store"
    html = page.text
    expected = {row.code: row for row in summarize(seeded)}
    for code in ("BLU", "KPG", "SBD"):
        assert cell(html, code, "sales") == str(expected[code].sales)
        assert cell(html, code, "last_seq") == str(expected[code].last_seq)
        assert cell(html, code, "contiguous_seq") == str(expected[code].contiguous_seq)
    assert cell(html, "BLU", "net_total") == "Rp425.000"  # 473.500 sold - 48.500 refunded
    assert cell(html, "KPG", "net_total") == "Rp1.460.000"
    assert cell(html, "KPG", "gaps") == "3–4"
    assert cell(html, "BLU", "health") == "baik"
    assert cell(html, "KPG", "health") == "diam"  # heard 30 h ago, threshold 24 h
    assert cell(html, "SBD", "last_heard") == "belum"  # "belum pernah"
    assert 'data-fact="net_total">Rp1.885.000<' in html
    assert 'data-fact="silent">2<' in html


def test_wrong_password_and_unknown_user_get_the_same_answer(
    app_factory: type[TestClient],
) -> None:
    client = app_factory()
    wrong = login(client, ADMIN, "not-the-password")
    unknown = login(client, "nobody.here", "not-the-password")
    assert wrong.status_code == unknown.status_code == 401
    message = "Nama pengguna atau kata sandi salah"
    assert message in wrong.text and message in unknown.text
    assert not any(h.startswith("nttmart_session=") for h in wrong.headers.get_list("set-cookie"))
    assert client.get("/admin/overview").status_code == 303


def test_five_failures_lock_the_account_for_fifteen_minutes(
    app_factory: type[TestClient], seeded: Engine, web_clock: MovableClock
) -> None:
    client = app_factory()
    for _ in range(5):
        assert login(client, VIEWER, "wrong-password!").status_code == 401
    locked = users.get_user(seeded, VIEWER)
    assert locked.locked_until == web_clock.now + users.Policy().lockout
    # Locked: even the right password is refused, with the same message.
    assert login(client, VIEWER).status_code == 401
    web_clock.advance(minutes=14, seconds=59)
    assert login(client, VIEWER).status_code == 401
    web_clock.advance(seconds=2)
    assert login(client, VIEWER).status_code == 303
    assert users.get_user(seeded, VIEWER).failed_count == 0


def test_login_form_needs_its_double_submit_token(anonymous: TestClient) -> None:
    # No cookie from the form: a login posted from a foreign page.
    answer = anonymous.post(
        "/admin/login",
        data={"login_token": "guess", "username": ADMIN, "password": PASSWORD},
    )
    assert answer.status_code == 403
    assert not any(h.startswith("nttmart_session=") for h in answer.headers.get_list("set-cookie"))
    # A cookie from the form but another value in the body.
    form = anonymous.get("/admin/login")
    assert LOGIN_TOKEN.search(form.text)
    answer = anonymous.post(
        "/admin/login",
        data={"login_token": "other-value", "username": ADMIN, "password": PASSWORD},
    )
    assert answer.status_code == 403
    assert anonymous.get("/admin/overview").status_code == 303


def test_posts_without_the_session_csrf_token_change_nothing(
    app_factory: type[TestClient], seeded: Engine
) -> None:
    admin = logged_in(app_factory, ADMIN)
    token = csrf_of(admin)
    for data in ({}, {"csrf_token": "x" * len(token)}):
        refused = admin.post("/admin/users/vera.viewer/disable", data=data)
        assert refused.status_code == 403
        assert "kedaluwarsa" in refused.text
    # The right token from another site's page (Origin says so) is refused too.
    refused = admin.post(
        "/admin/users/vera.viewer/disable",
        data={"csrf_token": token},
        headers={"Origin": "https://evil.example"},
    )
    assert refused.status_code == 403
    assert users.get_user(seeded, VIEWER).enabled
    # Logging out needs the token as well: without it the session stays.
    assert admin.post("/admin/logout", data={}).status_code == 403
    assert admin.get("/admin/overview").status_code == 200
    # With it, the admin acts.
    done = admin.post("/admin/users/vera.viewer/disable", data={"csrf_token": token})
    assert done.status_code == 303
    assert not users.get_user(seeded, VIEWER).enabled


def test_viewer_reads_everything_and_acts_on_nothing(
    app_factory: type[TestClient], seeded: Engine
) -> None:
    viewer = logged_in(app_factory, VIEWER)
    overview = viewer.get("/admin/overview")
    assert all(f'data-outlet="{code}"' in overview.text for code in ("BLU", "KPG", "SBD"))
    page = viewer.get(SAMPLE)
    assert page.status_code == 200 and "Rp1.460.000" in page.text
    assert viewer.get("/admin/users").status_code == 403
    token = csrf_of(viewer)
    refused = viewer.post("/admin/users/olin.blu/disable", data={"csrf_token": token})
    assert refused.status_code == 403
    assert users.get_user(seeded, OUTLET_USER).enabled
    assert 'href="/admin/users"' not in overview.text


def test_outlet_user_sees_only_its_outlet(app_factory: type[TestClient]) -> None:
    olin = logged_in(app_factory, OUTLET_USER)
    overview = olin.get("/admin/overview").text
    assert 'data-outlet="BLU"' in overview
    assert "KPG" not in overview and "Kupang" not in overview and "SBD" not in overview
    # Reports are built for BLU whatever the query says (no outlet given: BLU).
    page = olin.get(SAMPLE)
    assert page.status_code == 200
    assert "Rp473.500" in page.text and "Rp1.460.000" not in page.text and "KPG" not in page.text
    assert olin.get(SAMPLE + "&outlet=BLU").status_code == 200
    for path in (SAMPLE + "&outlet=KPG", SAMPLE + "&outlet=kpg"):
        refused = olin.get(path)
        assert refused.status_code == 403 and "Rp1.460.000" not in refused.text
    download = SAMPLE.replace("web_sample", "web_sample.csv") + "&outlet=KPG"
    assert olin.get(download).status_code == 403
    assert olin.get("/admin/users").status_code == 403


def test_report_page_shows_the_report_figures(
    app_factory: type[TestClient], seeded: Engine
) -> None:
    admin = logged_in(app_factory, ADMIN)
    page = admin.get(SAMPLE)
    assert page.status_code == 200
    html = page.text
    with seeded.connect() as connection:
        totals = dict(
            connection.execute(
                select(tables.sale.c.outlet, func.sum(tables.sale.c.total))
                .where(tables.sale.c.status == "completed")
                .group_by(tables.sale.c.outlet)
            ).all()
        )
    assert totals == {"BLU": 473_500, "KPG": 1_460_000}
    for total in (*totals.values(), sum(totals.values())):
        assert f'<td data-col="total" class="num">{format_rupiah(int(total))}</td>' in html
    assert '<td data-col="share" class="num">24,48%</td>' in html  # 473.500 / 1.933.500
    assert "<svg" in html and "<rect" in html
    assert 'href="/admin/reports/web_sample.pdf?from=2026-11-01&amp;to=2026-11-22"' in html
    # Only KPG when asked.
    only = admin.get(SAMPLE + "&outlet=KPG").text
    assert "Rp1.460.000" in only and "Rp473.500" not in only


def test_bad_report_queries_get_a_clear_message(app_factory: type[TestClient]) -> None:
    admin = logged_in(app_factory, ADMIN)
    bad_date = admin.get("/admin/reports/web_sample?from=2026-13-01")
    assert bad_date.status_code == 400 and "Tanggal tidak valid" in bad_date.text
    backwards = admin.get("/admin/reports/web_sample?from=2026-11-22&to=2026-11-01")
    assert backwards.status_code == 400
    assert "terbalik: 2026-11-22 setelah 2026-11-01" in backwards.text
    unknown_outlet = admin.get(SAMPLE + "&outlet=XYZ")
    assert unknown_outlet.status_code == 400 and "XYZ" in unknown_outlet.text
    assert admin.get("/admin/reports/no_such_report").status_code == 404
    assert admin.get("/admin/reports/web_sample.exe").status_code == 404


def test_logout_and_disable_revoke_sessions(app_factory: type[TestClient], seeded: Engine) -> None:
    admin = logged_in(app_factory, ADMIN)
    viewer = logged_in(app_factory, VIEWER)
    stolen = viewer.cookies.get("nttmart_session")
    assert stolen
    token = csrf_of(viewer)
    out = viewer.post("/admin/logout", data={"csrf_token": token})
    assert out.status_code == 303 and out.headers["location"] == "/admin/login"
    # The old cookie, replayed, no longer opens anything.
    replay = app_factory()
    replay.cookies.set("nttmart_session", stolen, path="/admin")
    assert replay.get("/admin/overview").status_code == 303
    # Disabling a logged-in user ends their session at once.
    olin = logged_in(app_factory, OUTLET_USER)
    assert olin.get("/admin/overview").status_code == 200
    disabled = admin.post("/admin/users/olin.blu/disable", data={"csrf_token": csrf_of(admin)})
    assert disabled.status_code == 303
    assert olin.get("/admin/overview").status_code == 303
    assert users.session_count(seeded, OUTLET_USER) == 0
    # An admin cannot lock themselves out.
    own = admin.post(f"/admin/users/{ADMIN}/disable", data={"csrf_token": csrf_of(admin)})
    assert own.status_code == 400 and users.get_user(seeded, ADMIN).enabled


def test_sessions_end_when_idle_or_old(
    app_factory: type[TestClient], web_clock: MovableClock
) -> None:
    viewer = logged_in(app_factory, VIEWER)
    web_clock.advance(minutes=59)
    assert viewer.get("/admin/overview").status_code == 200
    web_clock.advance(minutes=59)  # active, so still in
    assert viewer.get("/admin/overview").status_code == 200
    web_clock.advance(minutes=61)  # idle for more than an hour
    assert viewer.get("/admin/overview").status_code == 303
    # However active, a session ends after its lifetime (8 h).
    active = logged_in(app_factory, VIEWER)
    for _ in range(8):
        web_clock.advance(minutes=59)
        assert active.get("/admin/overview").status_code == 200
    web_clock.advance(minutes=59)
    assert active.get("/admin/overview").status_code == 303


def test_language_switch_and_safe_redirects(app_factory: type[TestClient]) -> None:
    admin = logged_in(app_factory, ADMIN)
    assert "Gerai dan kesehatan sinkronisasi" in admin.get("/admin/overview").text
    switch = admin.get("/admin/lang/en", params={"next": "/admin/reports/web_sample"})
    assert switch.status_code == 303 and switch.headers["location"] == "/admin/reports/web_sample"
    assert "Outlets and sync health" in admin.get("/admin/overview").text
    assert "Share" in admin.get(SAMPLE).text  # the report is built in the reader's language
    for target in ("https://evil.example/", "//evil.example/admin/", "/admin/../x\\y"):
        away = admin.get("/admin/lang/id", params={"next": target})
        assert away.headers["location"] == "/admin/overview"
    anonymous = app_factory()
    answer = anonymous.get("/admin/login", params={"next": "https://evil.example"})
    assert 'name="next" value="/admin/overview"' in answer.text
    # Switching the language on the login form stays on it (and on where it leads).
    back = anonymous.get("/admin/lang/en", params={"next": "/admin/login?next=%2Fadmin%2Fusers"})
    assert back.headers["location"] == "/admin/login?next=%2Fadmin%2Fusers"
    assert "Log in to the console" in anonymous.get(back.headers["location"]).text
    assert (
        anonymous.get("/admin/lang/en", params={"next": "/admin/logout"}).headers["location"]
        == "/admin/overview"
    )


def test_every_page_sends_protective_headers(app_factory: type[TestClient]) -> None:
    admin = logged_in(app_factory, ADMIN)
    for path in ("/admin/overview", SAMPLE, "/admin/users"):
        headers = admin.get(path).headers
        assert headers["x-frame-options"] == "DENY"
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert headers["cache-control"] == "no-store"


def test_downloads_carry_the_page_figures(app_factory: type[TestClient]) -> None:
    admin = logged_in(app_factory, ADMIN)
    csv = admin.get(SAMPLE.replace("web_sample", "web_sample.csv"))
    assert csv.status_code == 200
    assert csv.headers["content-type"].startswith("text/csv")
    assert csv.headers["content-disposition"] == (
        'attachment; filename="web_sample_2026-11-01_2026-11-22.csv"'
    )
    assert "473500" in csv.text and "1460000" in csv.text
    pdf = admin.get(SAMPLE.replace("web_sample", "web_sample.pdf"))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    xlsx = admin.get(SAMPLE.replace("web_sample", "web_sample.xlsx"))
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
    # An outlet user's download is its own outlet's, like its page.
    olin = logged_in(app_factory, OUTLET_USER)
    own = olin.get(SAMPLE.replace("web_sample", "web_sample.csv"))
    assert own.status_code == 200
    assert "473500" in own.text and "1460000" not in own.text
    assert own.headers["content-disposition"].endswith('_BLU.csv"')


def test_secure_cookies_when_configured(seeded: Engine) -> None:
    app = create_app(seeded, console=ConsoleOptions(secure_cookies=True))
    with TestClient(app, base_url="https://testserver", follow_redirects=False) as client:
        form = client.get("/admin/login")
        assert "Secure" in form.headers["set-cookie"]
        token = LOGIN_TOKEN.search(form.text)
        assert token is not None
        answer = client.post(
            "/admin/login",
            data={"login_token": token.group(1), "username": ADMIN, "password": PASSWORD},
        )
        assert answer.status_code == 303
        cookie = next(
            h for h in answer.headers.get_list("set-cookie") if h.startswith("nttmart_session=")
        )
        assert "Secure" in cookie and "HttpOnly" in cookie


def test_a_long_table_shows_its_first_rows_and_the_totals_of_all() -> None:
    table = Table(
        "Stok",
        [Column("sku", "SKU"), Column("qty", "Jumlah", Kind.QUANTITY)],
        [(f"SKU-{n:05d}", n) for n in range(1, 1201)],
        totals=["Total", sum(range(1, 1201))],
    )
    view = table_view(table, "id")
    assert len(view.rows) == 500 and view.rows[-1][0].text == "SKU-00500"
    assert view.totals is not None and view.totals[1].text == "720.600"
    assert view.note == (
        "Ditampilkan 500 baris pertama dari 1.200; total mencakup semua baris. "
        "Unduh CSV, XLSX atau PDF untuk semua baris."
    )
    assert table_view(table, "en", limit=2000).note is None


def test_admin_user_page_lists_users_and_their_state(app_factory: type[TestClient]) -> None:
    admin = logged_in(app_factory, ADMIN)
    page = admin.get("/admin/users")
    assert page.status_code == 200
    for username in (ADMIN, VIEWER, OUTLET_USER):
        assert f'<tr data-user="{username}">' in page.text
    # No button to disable oneself.
    assert f'action="/admin/users/{ADMIN}/disable"' not in page.text
    assert 'action="/admin/users/vera.viewer/disable"' in page.text
    admin.post("/admin/users/vera.viewer/disable", data={"csrf_token": csrf_of(admin)})
    after = admin.get("/admin/users").text
    row = re.search(r'<tr data-user="vera.viewer">(.*?)</tr>', after, re.S)
    assert row is not None and "nonaktif" in row.group(1)
    assert 'action="/admin/users/vera.viewer/enable"' in after


def test_too_many_failures_from_one_address_make_it_wait(
    seeded: Engine, web_clock: MovableClock
) -> None:
    app = create_app(
        seeded,
        now=web_clock,
        console=ConsoleOptions(client_max_failures=3, client_window=timedelta(minutes=10)),
    )

    def browser(address: str) -> TestClient:
        return TestClient(
            app, base_url="http://testserver", follow_redirects=False, client=(address, 40000)
        )

    guesser, colleague = browser("10.0.0.7"), browser("10.0.0.8")
    for name in ("admin.a", "admin.b", "admin.c"):  # different usernames: no account locks
        assert login(guesser, name, "tebak-tebak").status_code == 401
    web_clock.advance(minutes=4)
    # The fourth try, even with the right password, waits until the first failure is 10 min old.
    refused = login(guesser, ADMIN)
    assert refused.status_code == 429
    assert "Terlalu banyak percobaan masuk yang gagal dari alamat ini" in refused.text
    assert "Coba lagi dalam 6 menit" in refused.text
    assert refused.headers["retry-after"] == "360"
    assert guesser.get("/admin/overview").status_code == 303  # no session was opened
    assert users.get_user(seeded, ADMIN).failed_count == 0  # no password was even checked
    # Another address is not held back, and the account itself was never locked.
    assert login(colleague, ADMIN).status_code == 303
    web_clock.advance(minutes=6)
    assert login(guesser, ADMIN).status_code == 303


def test_the_login_throttle_forgets_the_oldest_addresses_first() -> None:
    throttle = LoginThrottle(limit=1, window=timedelta(minutes=15))
    now = FROZEN_NOW
    for number in range(MAX_CLIENTS + 5):
        throttle.failed(f"10.{number // 65536}.{number // 256 % 256}.{number % 256}", now)
    assert throttle.wait("10.0.0.0", now) is None  # among the first: forgotten
    assert throttle.wait("10.0.0.5", now) == timedelta(minutes=15)
    assert throttle.wait("10.0.0.5", now + timedelta(minutes=15)) is None  # out of the window
