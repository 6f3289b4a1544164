"""``stock``: on hand, in transit, cover and suggested transfers of the known province.

End of November: BLU holds 36 coffee (40 - 3 - 2 + 1), 13 tea (20 - 2 - 5 sent), 9 tenun and
36 salt (50 - 4 - 10 sent); KPG holds 1 coffee (10 - 9), the 5 teas it received and 4 salt,
with 10 salt on the road. KPG sold 9 coffees in 30 days and has 1: 3 days of cover, a
shortage; BLU's coffee lasts 270 days, so 8 coffees should go from BLU to KPG.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine

from sync.central.reports import stock
from sync.central.reports.base import ReportParams
from sync.central.reports.stock import Place, suggest
from tests.sync.reports.province import Province

COFFEE, TEA, TENUN, SALT = (
    ["KOP-BJW-250", "Kopi Arabika Bajawa 250 g", "pcs"],
    ["TEH-KLR-50", "Teh Kelor 50 g", "pcs"],
    ["TEN-SMB-01", "Selendang Tenun Sumba", "pcs"],
    ["GRM-KPG-500", "Garam Kupang 500 g", "pcs"],
)


def test_end_of_november(province: Province, migrated_engine: Engine) -> None:
    report = stock.build(migrated_engine, ReportParams(date(2026, 11, 1), date(2026, 11, 30)))
    per_kabupaten, suggestions, per_outlet = report.tables
    assert [list(row) for row in per_outlet.rows] == [
        [*SALT, "BLU", 36, 0, 4, 270, "lebih"],
        [*SALT, "KPG", 4, 10, 1, 420, "lebih"],
        [*COFFEE, "BLU", 36, 0, 4, 270, "lebih"],
        [*COFFEE, "KPG", 1, 0, 9, 3, "kurang"],
        [*TEA, "BLU", 13, 0, 2, 195, "lebih"],
        [*TEA, "KPG", 5, 0, 0, None, "lebih"],
        [*TENUN, "BLU", 9, 0, 1, 270, "lebih"],
    ]
    assert [list(row) for row in per_kabupaten.rows] == [
        ["Belu", *SALT, 36, 0, 4, 270, "lebih"],
        ["Belu", *COFFEE, 36, 0, 4, 270, "lebih"],
        ["Belu", *TEA, 13, 0, 2, 195, "lebih"],
        ["Belu", *TENUN, 9, 0, 1, 270, "lebih"],
        ["Kota Kupang", *SALT, 4, 10, 1, 420, "lebih"],
        ["Kota Kupang", *COFFEE, 1, 0, 9, 3, "kurang"],
        ["Kota Kupang", *TEA, 5, 0, 0, None, "lebih"],
    ]
    assert [list(row) for row in suggestions.rows] == [
        [*COFFEE[:2], "BLU", "Belu", "KPG", "Kota Kupang", 8]
    ]


def test_as_of_the_day_the_tea_was_on_the_road(province: Province, migrated_engine: Engine) -> None:
    """On the 16th the 5 teas had left BLU and not reached KPG: in transit to KPG."""
    report = stock.build(
        migrated_engine, ReportParams(date(2026, 11, 16), date(2026, 11, 16), outlet="KPG")
    )
    rows = {(row[0], row[3]): list(row[4:7]) for row in report.tables[2].rows}
    assert rows == {
        (TEA[0], "KPG"): [0, 5, 0],
        (COFFEE[0], "KPG"): [1, 0, 9],
        (SALT[0], "KPG"): [4, 0, 1],
    }


def test_suggestions_prefer_the_same_kabupaten() -> None:
    found = {
        ("ATB", "p"): Place(on_hand=100, sold=10),  # Belu, 300 days: 90 to spare
        ("KPG", "p"): Place(on_hand=200, sold=10),  # Kota Kupang, 600 days: 190 to spare
        ("BTN", "p"): Place(on_hand=1, in_transit=2, sold=30),  # Belu, 3 days: 27 missing
        ("SOE", "p"): Place(on_hand=0, sold=20),  # TTS, 0 days: 20 missing
    }
    where = {"ATB": "Belu", "BTN": "Belu", "KPG": "Kota Kupang", "SOE": "TTS"}
    assert [(t.from_outlet, t.to_outlet, t.quantity) for t in suggest(found, where)] == [
        ("ATB", "BTN", 27),
        ("KPG", "SOE", 20),
    ]
    assert found[("BTN", "p")].cover_days == 3 and found[("BTN", "p")].status == "shortage"
    assert Place(on_hand=5).status == "surplus" and Place().status == "ok"
    assert Place(on_hand=30, sold=30).status == "ok"  # 30 days of cover
