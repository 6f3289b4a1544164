"""Imports every report module so :data:`sync.central.reports.base.REGISTRY` is full.

A new report is one module under ``sync/central/reports/`` with a ``@register`` builder, and
one line here (one module per line keeps merges simple).
"""

from __future__ import annotations

from sync.central.reports import (
    payouts,  # noqa: F401 - registers "payouts"
    programs,  # noqa: F401 - registers "programs"
    stock,  # noqa: F401 - registers "stock"
)
