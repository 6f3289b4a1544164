"""The outlets overview and every registered report as a page, with its downloads.

An ``outlet`` user's overview has only its outlet, and its reports are built with ``outlet``
forced to its own; asking for another outlet answers 403. Without a session, pages send the
reader to the login form and downloads answer 401.
"""

from __future__ import annotations

import importlib
import re
from datetime import date
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response

from inventory.clock import to_wita
from inventory.errors import NttMartError
from inventory.money import format_number, format_rupiah
from sync.central import outlets as outlet_registry
from sync.central.reports import base as reports
from sync.central.summary import summarize
from sync.central.users import Session, UserRole
from sync.central.web import auth
from sync.central.web.console import HEADERS, Console
from sync.central.web.text import msg
from sync.central.web.views import outlet_health, report_view

DOWNLOADS = {
    "pdf": "application/pdf",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_EXTRA_KEY = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
_RESERVED = frozenset({"from", "to", "outlet", "lang"})


class Denied(Exception):
    """The user may not see this outlet (403)."""


class BadRequest(Exception):
    """A query the console cannot answer (400), with a message for the reader."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def report_params(console: Console, request: Request, session: Session) -> reports.ReportParams:
    """The report's parameters from the query: the period (this month up to today, WITA, by
    default), the outlet (always its own for an ``outlet`` user), other plain parameters as
    ``extra``."""
    query = request.query_params
    lang = console.lang_of(request)
    try:
        date_from = date.fromisoformat(query["from"]) if query.get("from") else None
        date_to = date.fromisoformat(query["to"]) if query.get("to") else None
    except ValueError:
        raise BadRequest(msg(lang, "web.report.bad_date")) from None
    date_to = date_to or to_wita(console.clock()).date()
    date_from = date_from or date_to.replace(day=1)
    asked = (query.get("outlet") or "").strip().upper() or None
    user = session.user
    if user.role is UserRole.OUTLET:
        if asked is not None and asked != user.outlet:
            raise Denied
        asked = user.outlet
    elif asked is not None:
        try:
            outlet_registry.get_outlet(console.engine, asked)
        except NttMartError:
            raise BadRequest(msg(lang, "central.unknown_outlet", code=asked)) from None
    extra = {
        key: value[:200]
        for key, value in query.items()
        if key not in _RESERVED and _EXTRA_KEY.match(key) and value
    }
    try:
        return reports.ReportParams(
            date_from=date_from, date_to=date_to, outlet=asked, lang=lang, extra=extra
        )
    except reports.ReportError:
        start, end = date_from.isoformat(), date_to.isoformat()
        raise BadRequest(msg(lang, "web.report.backwards", start=start, end=end)) from None


def add_page_routes(router: APIRouter, console: Console) -> None:
    """``/overview`` and ``/reports/{name}[.pdf|.csv|.xlsx]``."""

    @router.get("/overview")
    def overview(request: Request) -> Response:
        session = console.session_of(request)
        if session is None:
            return console.to_login(request)
        lang = console.lang_of(request)
        now = console.clock()
        silent_after = console.options.silent_after
        rows = [
            outlet_health(row, now=now, silent_after=silent_after, lang=lang)
            for row in summarize(console.engine)
            if session.user.role is not UserRole.OUTLET or row.code == session.user.outlet
        ]
        totals = {
            "sales_text": format_number(sum(row.sales for row in rows)),
            "net_text": format_rupiah(sum(row.net_total for row in rows)),
            "silent": sum(1 for row in rows if row.silent and row.enabled),
            "gaps": sum(1 for row in rows if row.gap_count),
        }
        return console.page(
            request,
            "overview.html",
            session=session,
            current="overview",
            rows=rows,
            totals=totals,
            silent_hours=int(silent_after.total_seconds() // 3600),
        )

    def build(name: str, params: reports.ReportParams) -> reports.Report:
        try:
            return reports.get(name).build(console.engine, params)
        except reports.ReportError as error:
            raise BadRequest(str(error)) from None
        except NttMartError as error:
            raise BadRequest(msg(params.lang, error.key, **error.params)) from None

    @router.get("/reports/{target}")
    def report(request: Request, target: str) -> Response:
        name, dot, extension = target.rpartition(".")
        if not dot:
            name, extension = target, ""
        download = extension in DOWNLOADS
        session = console.session_of(request)
        if session is None:
            if download:
                return PlainTextResponse("login required", status_code=401, headers=HEADERS)
            return console.to_login(request)
        if (extension and not download) or name not in reports.REGISTRY:
            return console.problem(request, session, 404, "web.report.unknown", name=target)
        try:
            params = report_params(console, request, session)
            built = build(name, params)
        except Denied:
            return console.problem(request, session, 403, "web.forbidden_outlet")
        except BadRequest as bad:
            if download:
                return PlainTextResponse(bad.message, status_code=400, headers=HEADERS)
            return report_page(request, session, name, None, error=bad.message, status=400)
        if download:
            return download_of(built, name, extension, params)
        return report_page(request, session, name, built)

    def report_page(
        request: Request,
        session: Session,
        name: str,
        built: reports.Report | None,
        *,
        error: str | None = None,
        status: int = 200,
    ) -> HTMLResponse:
        lang = console.lang_of(request)
        query = request.query_params
        outlet = session.user.outlet if session.user.role is UserRole.OUTLET else None
        filters = {
            "from": query.get("from") or "",
            "to": query.get("to") or "",
            "outlet": outlet or (query.get("outlet") or "").upper(),
        }
        if built is not None:
            filters["from"] = built.params.date_from.isoformat()
            filters["to"] = built.params.date_to.isoformat()
        kept = {k: v for k, v in query.items() if k not in _RESERVED and _EXTRA_KEY.match(k)}
        link_query = urlencode({**{k: v for k, v in filters.items() if v}, **kept})
        choices = (
            []
            if outlet
            else [(o.code, o.name) for o in outlet_registry.list_outlets(console.engine)]
        )
        return console.page(
            request,
            "report.html",
            session=session,
            status=status,
            current=name,
            name=name,
            title=msg(lang, reports.REGISTRY[name].title_key),
            view=report_view(built, lang) if built is not None else None,
            error=error,
            filters=filters,
            extra=kept,
            outlets=choices,
            fixed_outlet=outlet,
            downloads=[
                (ext.upper(), f"{auth.PREFIX}/reports/{name}.{ext}?{link_query}")
                for ext in DOWNLOADS
            ],
        )

    def download_of(
        built: reports.Report, name: str, extension: str, params: reports.ReportParams
    ) -> Response:
        # The renderers (reportlab, openpyxl) load only when a download is asked for.
        render = importlib.import_module("sync.central.reports.render")
        body = render.render(built, extension)
        parts = [name, params.date_from.isoformat(), params.date_to.isoformat()]
        if params.outlet:
            parts.append(params.outlet)
        filename = "_".join(parts) + f".{extension}"
        return Response(
            body,
            media_type=DOWNLOADS[extension],
            headers={**HEADERS, "Content-Disposition": f'attachment; filename="{filename}"'},
        )
