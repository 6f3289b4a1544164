"""The central sync service: outlet registry, idempotent ingest, catalog master, HTTP API."""
