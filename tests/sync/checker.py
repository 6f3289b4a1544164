"""The exactly-once checker: compares what outlets committed with what the centre holds.

It works over journal entries whatever their kind: every entry committed at an outlet must be
at the centre once, with the same content hash; nothing may be at the centre that no outlet
committed; and the derived rows (stock movements, sales and refunds) must match one for one, so
per-outlet counts and totals agree. Duplicates are failures, like losses.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from contextlib import closing
from pathlib import Path

from sqlalchemy import Engine, text

from sync.wire import content_hash, entry_text


def outlet_entries(path: Path) -> dict[int, tuple[str, str]]:
    """``{seq: (entry id, content hash)}`` of the outlet database at ``path``."""
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        rows = db.execute(
            "SELECT seq, id, outlet, kind, schema_version, created_at, payload FROM journal"
        ).fetchall()
    return {
        seq: (
            entry_id,
            content_hash(
                entry_text(
                    outlet=outlet,
                    seq=seq,
                    id=entry_id,
                    kind=kind,
                    schema_version=version,
                    created_at=created,
                    payload_text=payload,
                )
            ),
        )
        for seq, entry_id, outlet, kind, version, created, payload in rows
    }


def outlet_movements(path: Path) -> Counter[tuple[str, str, int]]:
    """Stock movements of the outlet: ``(id, kind, quantity)``, each with its multiplicity."""
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        return Counter(db.execute("SELECT id, kind, quantity FROM stock_movement").fetchall())


def outlet_sales(path: Path) -> Counter[tuple[str, str, str, int]]:
    """Sales and refunds of the outlet: ``(table, id, number, total)`` with multiplicity."""
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        sales = db.execute("SELECT 'sale', id, receipt_no, total FROM sale").fetchall()
        refunds = db.execute("SELECT 'refund', id, number, total FROM refund").fetchall()
    return Counter(sales + refunds)


def _compare_sales(
    outlet: str,
    local: Counter[tuple[str, str, str, int]],
    central: Counter[tuple[str, str, str, int]],
) -> list[str]:
    problems = []
    if local != central:
        problems.append(
            f"{outlet}: sales or refunds differ: {sum((local - central).values())} missing, "
            f"{sum((central - local).values())} extra or repeated"
        )
    for table in ("sale", "refund"):
        here = [t for (k, _, _, t), n in local.items() if k == table for _ in range(n)]
        there = [t for (k, _, _, t), n in central.items() if k == table for _ in range(n)]
        if (len(here), sum(here)) != (len(there), sum(there)):
            problems.append(
                f"{outlet}: {len(here)} {table}s worth {sum(here)} here, "
                f"{len(there)} worth {sum(there)} there"
            )
    return problems


def check_exactly_once(engine: Engine, outlets: dict[str, Path]) -> list[str]:
    """Every problem found (an empty list proves exactly-once for these outlets)."""
    problems: list[str] = []
    with engine.connect() as connection:
        central_rows = connection.execute(
            text("SELECT outlet, seq, id, content_hash FROM central_journal")
        ).all()
        duplicate_ids = connection.execute(
            text("SELECT id, count(*) FROM central_journal GROUP BY id HAVING count(*) > 1")
        ).all()
        movements = connection.execute(
            text("SELECT outlet, id, kind, quantity FROM central_stock_movement")
        ).all()
        sales = connection.execute(
            text(
                "SELECT outlet, 'sale', id, receipt_no, total FROM central_sale "
                "UNION ALL SELECT outlet, 'refund', id, number, total FROM central_refund"
            )
        ).all()
        states = {
            row.code: row
            for row in connection.execute(
                text("SELECT code, contiguous_seq, last_seq, entry_count FROM central_outlet")
            )
        }
    central: dict[str, dict[int, tuple[str, str]]] = {}
    for outlet, seq, entry_id, digest in central_rows:
        if seq in central.setdefault(outlet, {}):
            problems.append(f"{outlet} seq {seq} stored twice")
        central[outlet][seq] = (entry_id, digest)
    problems.extend(f"entry id {i} stored {n} times" for i, n in duplicate_ids)
    for outlet in sorted(set(central) - set(outlets)):
        problems.append(f"{len(central[outlet])} entries of {outlet}, which committed nothing")
    central_movements: dict[str, Counter[tuple[str, str, int]]] = {}
    for outlet, movement_id, kind, quantity in movements:
        central_movements.setdefault(outlet, Counter())[(movement_id, kind, int(quantity))] += 1
    central_sales: dict[str, Counter[tuple[str, str, str, int]]] = {}
    for outlet, table, row_id, number, total in sales:
        central_sales.setdefault(outlet, Counter())[(table, row_id, number, int(total))] += 1
    for outlet, path in sorted(outlets.items()):
        problems.extend(
            _compare_sales(outlet, outlet_sales(path), central_sales.get(outlet, Counter()))
        )
        mine, theirs = outlet_entries(path), central.get(outlet, {})
        missing = sorted(set(mine) - set(theirs))
        extra = sorted(set(theirs) - set(mine))
        different = sorted(s for s in set(mine) & set(theirs) if mine[s] != theirs[s])
        if missing:
            problems.append(f"{outlet}: {len(missing)} entries missing, first seqs {missing[:5]}")
        if extra:
            problems.append(f"{outlet}: {len(extra)} entries nobody committed: {extra[:5]}")
        if different:
            problems.append(f"{outlet}: {len(different)} entries differ: {different[:5]}")
        local_moves = outlet_movements(path)
        central_moves = central_movements.get(outlet, Counter())
        if local_moves != central_moves:
            problems.append(
                f"{outlet}: stock movements differ: {sum((local_moves - central_moves).values())} "
                f"missing, {sum((central_moves - local_moves).values())} extra or repeated"
            )
        for kind in {k for _, k, _ in local_moves} | {k for _, k, _ in central_moves}:
            local_total = sum(q * n for (_, k, q), n in local_moves.items() if k == kind)
            central_total = sum(q * n for (_, k, q), n in central_moves.items() if k == kind)
            if local_total != central_total:
                problems.append(f"{outlet}: {kind} total {local_total} here, {central_total} there")
        state = states.get(outlet)
        if state is None:
            problems.append(f"{outlet}: not registered at the centre")
        elif mine and not (state.contiguous_seq == state.last_seq == max(mine)):
            problems.append(
                f"{outlet}: centre says contiguous {state.contiguous_seq}, last {state.last_seq}; "
                f"outlet's last seq is {max(mine)}"
            )
        elif state is not None and state.entry_count != len(theirs):
            problems.append(f"{outlet}: entry_count {state.entry_count} != {len(theirs)} rows")
    return problems
