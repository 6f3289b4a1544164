"""The fast canonical text of ingest (orjson) gives exactly the standard library's answers."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel, ConfigDict, ValidationError

from sync.central.appliers import default_registry
from sync.central.ingest import Invalid, check_batch, float_free
from sync.wire import content_hash, dumps, entry_text

REGISTRY = default_registry()


def _entry(kind: str, payload: dict[str, Any], seq: int = 1) -> dict[str, Any]:
    return {
        "outlet": "BLU",
        "seq": seq,
        "id": f"00000000-0000-7000-8000-{seq:012d}",
        "kind": kind,
        "schema_version": 1,
        "created_at": "2026-11-22T06:00:00+00:00",
        "payload": payload,
    }


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")
    count: int
    counts: dict[str, int]
    name: str | None = None


class _Open(BaseModel):
    model_config = ConfigDict(extra="forbid")
    extra: dict[str, object]


class _Number(BaseModel):
    model_config = ConfigDict(extra="forbid")
    weight: float


class _Ignoring(BaseModel):
    count: int  # extra keys are ignored, so they stay in the text unchecked


def test_float_free_is_decided_from_the_schema() -> None:
    assert float_free(_Strict)
    assert not float_free(_Open)
    assert not float_free(_Number)
    assert not float_free(_Ignoring)
    assert float_free(REGISTRY.get("sale.completed").schema)  # type: ignore[union-attr]
    assert float_free(REGISTRY.get("stock.movements").schema)  # type: ignore[union-attr]
    assert not float_free(REGISTRY.get("audit").schema)  # type: ignore[union-attr]


def test_floats_in_an_open_document_keep_the_standard_text_and_hash() -> None:
    payload = {
        "id": "00000000-0000-7000-8000-000000000009",
        "at": "2026-11-22T06:00:00Z",
        "actor": "kasir",
        "action": "price.changed",
        "before": {"ratio": 1e16, "tiny": 1e-7, "name": "Madu é"},
        "after": None,
    }
    (checked,) = check_batch(
        {"entries": [_entry("audit", payload)]}, outlet="BLU", registry=REGISTRY, max_entries=10
    )
    assert checked.payload_text == dumps(payload)
    assert "1e+16" in checked.payload_text and "1e-07" in checked.payload_text
    expected = entry_text(
        outlet="BLU",
        seq=1,
        id=checked.id,
        kind="audit",
        schema_version=1,
        created_at="2026-11-22T06:00:00+00:00",
        payload_text=dumps(payload),
    )
    assert checked.content_hash == content_hash(expected)


def test_a_float_where_an_integer_belongs_is_refused_with_the_same_problem() -> None:
    movement = {
        "id": "00000000-0000-7000-8000-000000000001",
        "product_id": "00000000-0000-7000-8000-000000000002",
        "kind": "sale",
        "quantity": 1e16,
        "reason": None,
        "reference": "BLU-20261122-0001",
        "actor": "kasir",
        "occurred_at": "2026-11-22T06:00:00Z",
    }
    with pytest.raises(Invalid) as refused:
        check_batch(
            {"entries": [_entry("stock.movements", {"movements": [movement]})]},
            outlet="BLU",
            registry=REGISTRY,
            max_entries=10,
        )
    (problem,) = refused.value.problems
    schema = REGISTRY.get("stock.movements").schema  # type: ignore[union-attr]
    with pytest.raises(ValidationError) as before:
        schema.model_validate_json(dumps({"movements": [movement]}), strict=True)
    (error,) = before.value.errors(include_url=False)
    assert problem.field == "payload.movements.0.quantity"
    assert problem.message == error["msg"]
