"""The central sync service: outlet registry, idempotent ingest, catalog master, HTTP API."""

# The outlet documents' tables join the central metadata wherever any central module is used.
from sync.central import outlet_tables as outlet_tables
