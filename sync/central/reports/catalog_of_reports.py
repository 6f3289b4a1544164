"""Imports every report module so :data:`sync.central.reports.base.REGISTRY` is full.

One import line per report module.
"""

from sync.central.reports import (
    campaign,  # noqa: F401
    reconciliation,  # noqa: F401
)
