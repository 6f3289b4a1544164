"""Offline export files: an outlet's journal on a USB stick, signed with the outlet's token.

The file is UTF-8 JSON Lines (gzip-compressed when its name ends in ``.gz``)::

    {"format": "nttmart-journal-export", "version": 1, "outlet": "BLU", ...}   header
    {"created_at": ..., "seq": 1, ...}                                          one entry per line
    {"count": 2, "hmac": "<hex>"}                                               trailer

The trailer's HMAC-SHA256, keyed with the outlet's export key (:func:`sync.tokens.export_key`),
covers every byte before it, so a changed, reordered, added or removed byte, or a cut-off file,
is refused as a whole before anything is imported.
"""

from __future__ import annotations

import gzip
import hashlib
import hmac
import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from inventory.errors import InvalidInputError
from sync.journal import JournalEntry
from sync.tokens import export_key
from sync.wire import dumps, journal_entry_text

FORMAT = "nttmart-journal-export"
VERSION = 1


@dataclass(frozen=True, slots=True)
class ExportInfo:
    """What an export file holds."""

    outlet: str
    count: int
    from_seq: int | None
    to_seq: int | None


def write_export(
    path: Path,
    *,
    outlet: str,
    token: str,
    entries: Iterable[JournalEntry],
    created_at: datetime,
) -> ExportInfo:
    """Write ``entries`` of ``outlet`` to ``path`` (atomically: a temp file renamed into place)."""
    chosen = list(entries)
    lines = [journal_entry_text(entry).encode("utf-8") + b"\n" for entry in chosen]
    first = chosen[0].seq if chosen else None
    last = chosen[-1].seq if chosen else None
    header = {
        "format": FORMAT,
        "version": VERSION,
        "outlet": outlet,
        "created_at": created_at.isoformat(),
        "from_seq": first,
        "to_seq": last,
        "count": len(lines),
    }
    body = dumps(header).encode("utf-8") + b"\n" + b"".join(lines)
    signature = hmac.new(bytes.fromhex(export_key(token)), body, hashlib.sha256).hexdigest()
    data = body + dumps({"count": len(lines), "hmac": signature}).encode("utf-8") + b"\n"
    if path.name.endswith(".gz"):
        data = gzip.compress(data, mtime=0)
    temporary = path.with_name(f".{path.name}.partial")
    with temporary.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
    return ExportInfo(outlet=outlet, count=len(lines), from_seq=first, to_seq=last)


@dataclass(frozen=True, slots=True)
class ExportFile:
    """A verified export file: its outlet and its entries (parsed wire JSON)."""

    info: ExportInfo
    entries: list[dict[str, Any]]


def _refuse(path: Path, reason: str) -> InvalidInputError:
    return InvalidInputError("central.import_refused", file=str(path), reason=reason)


def read_export(path: Path, *, key_of: Callable[[str], str | None]) -> ExportFile:
    """Read and verify the export file at ``path``; ``key_of(outlet)`` gives the export key.

    Raises :class:`InvalidInputError` (``central.import_refused``) naming the reason for any
    damage: not an export file, truncated, signature wrong, counts disagreeing.
    """
    try:
        data = path.read_bytes()
    except OSError as error:
        raise _refuse(path, error.strerror or str(error)) from None
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, gzip.BadGzipFile):
            raise _refuse(path, "the compressed file is damaged or cut off") from None
    if not data.endswith(b"\n"):
        raise _refuse(path, "the file is cut off (no trailer)")
    body, _, trailer_line = data[:-1].rpartition(b"\n")
    body += b"\n"
    try:
        header = json.loads(body[: body.index(b"\n")])
        trailer = json.loads(trailer_line)
    except ValueError:
        raise _refuse(path, "not an NTT Mart journal export") from None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise _refuse(path, "not an NTT Mart journal export")
    if header.get("version") != VERSION:
        raise _refuse(path, f"export format version {header.get('version')} is not supported")
    if not isinstance(trailer, dict) or set(trailer) != {"count", "hmac"}:
        raise _refuse(path, "the file is cut off (no trailer)")
    outlet = header.get("outlet")
    if not isinstance(outlet, str):
        raise _refuse(path, "not an NTT Mart journal export")
    key = key_of(outlet)
    if key is None:
        raise _refuse(path, f"outlet {outlet} is not registered at the centre")
    expected = hmac.new(bytes.fromhex(key), body, hashlib.sha256).hexdigest()
    if not isinstance(trailer["hmac"], str) or not hmac.compare_digest(expected, trailer["hmac"]):
        raise _refuse(
            path, "the signature does not match: the file was changed, or signed with another token"
        )
    lines = body.split(b"\n")[1:-1]
    if len(lines) != header.get("count") or len(lines) != trailer["count"]:
        raise _refuse(path, "the number of entries does not match the header")
    try:
        entries = [json.loads(line) for line in lines]
    except ValueError:
        raise _refuse(path, "an entry line is not JSON") from None
    info = ExportInfo(
        outlet=outlet, count=len(entries), from_seq=header["from_seq"], to_seq=header["to_seq"]
    )
    return ExportFile(info=info, entries=entries)
