"""Imports every report module so :data:`sync.central.reports.base.REGISTRY` is complete."""

from sync.central.reports import reconciliation  # noqa: F401
