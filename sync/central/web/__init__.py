"""The web console of the central service (``/admin/``): server-rendered pages for the regional
admins, built from the same report objects as the PDF, CSV and XLSX downloads.

:func:`console_router` gives the FastAPI router that ``create_app`` includes;
:class:`ConsoleOptions` carries the session and lock-out rules from the ``[central_web]``
config section.
"""

from __future__ import annotations

from sync.central.web.options import ConsoleOptions
from sync.central.web.routes import console_router

__all__ = ["ConsoleOptions", "console_router"]
