"""Identifiers born where the record is born: UUIDv7 (time-ordered) as canonical strings."""

from __future__ import annotations

import os
import time
import uuid


def uuid7() -> uuid.UUID:
    """A UUID version 7 (RFC 9562): 48-bit Unix milliseconds, then random bits.

    Time-ordered identifiers keep B-tree inserts local and make records sortable by birth.
    """
    return uuid.UUID(int=_uuid7_int())


def _uuid7_int() -> int:
    millis = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (millis & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76  # version
    value |= ((rand >> 62) & 0xFFF) << 64  # rand_a, 12 bits
    value |= 0b10 << 62  # variant
    value |= rand & ((1 << 62) - 1)  # rand_b, 62 bits
    return value


def new_id() -> str:
    """A fresh UUIDv7 in its canonical string form, as stored in the databases."""
    # The same text as str(uuid7()), without building a UUID object (ids are made by the
    # dozen in every checkout).
    digits = f"{_uuid7_int():032x}"
    return f"{digits[:8]}-{digits[8:12]}-{digits[12:16]}-{digits[16:20]}-{digits[20:]}"
