"""Imports every report module so :data:`sync.central.reports.base.REGISTRY` is full.

A new report is one module under ``sync/central/reports/`` with a ``@register`` builder, and
one import line here.
"""

from __future__ import annotations

from sync.central.reports import payouts, programs, stock  # noqa: F401 - registers the reports
