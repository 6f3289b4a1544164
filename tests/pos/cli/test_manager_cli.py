"""The manager's commands end to end: receive, count, adjust, settle, transfer, reorder, labels."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hardware.document import PrintDocument
from inventory.catalog import get_by_sku
from inventory.clock import to_wita
from inventory.consignment import producer_by_name
from inventory.manager_models import ReceivingMode
from inventory.outlet import open_store
from inventory.receiving import ReceivingLineInput, receive
from inventory.stamp import Stamp
from tests.factories import HEADER, KOPI_EAN, ean, write_csv
from tests.inventory.manager.support import pdf_text, sell
from tests.pos.cli.conftest import Run

COLUMNS = HEADER + ",cost,halal_no"
KOPI = f"KOP-BJW-250,Kopi Arabika Flores Bajawa 250g,{KOPI_EAN},Rp65.000,pcs,Kopi,Koperasi Fa Masa,Ngada,OVOP,10,,ID3311000099"
MADU = f"MADU-TTS,Madu Hutan Timor 500ml,{ean(77)},85000,pcs,Madu,Madu Hutan Mollo,Timor Tengah Selatan,OCOP,4,60000,"


def _catalog(outlet_dir: Path, cfg: list[str], run: Run) -> None:
    csv = write_csv(outlet_dir / "katalog.csv", KOPI, MADU, header=COLUMNS)
    assert run(*cfg, "catalog", "import", str(csv)).exit_code == 0


def _rows(outlet_dir: Path, query: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(outlet_dir / "outlet.db") as db:
        return db.execute(query).fetchall()


def test_restock_count_and_adjust_from_the_command_line(
    outlet_dir: Path, cfg: list[str], run: Run
) -> None:
    _catalog(outlet_dir, cfg, run)
    labels = outlet_dir / "label.pdf"
    slip = outlet_dir / "slip.json"
    received = run(
        *cfg,
        "receive",
        "add",
        "--consignment",
        "--producer",
        "Koperasi Fa Masa",
        f"{KOPI_EAN}:24:52000:2099-06-30:B12",
        "--labels",
        str(labels),
        "--slip-json",
        str(slip),
        "--json",
    )
    assert received.exit_code == 0, received.output
    data = json.loads(received.stdout)
    assert data["number"].startswith("BLU-RCV-") and data["lines"][0]["amount"] == 24 * 52_000
    assert pdf_text(labels.read_bytes()).count("Rp65.000") == 24
    assert "BARANG MASUK" in PrintDocument.from_json(slip.read_text("utf-8")).title
    purchase = run(*cfg, "receive", "add", "MADU-TTS:6:60000")
    assert purchase.exit_code == 0 and "Rp360.000" in purchase.stdout

    before = _rows(outlet_dir, "SELECT count(*) FROM stock_movement")
    for args, fragment in [
        (["MADU-TTS:-3:60000"], "negatif"),
        (["MADU-TTS:3"], "harga beli"),
        (["MADU-TTS:tiga:60000"], "bukan bilangan bulat"),
        (["MADU-TTS:3:60000:30-06-2027"], "bukan tanggal"),
        ([f"{ean(5)}:1:1"], "tidak dikenal"),
    ]:
        refused = run(*cfg, "receive", "add", *args)
        assert refused.exit_code == 1 and fragment in refused.stderr, (args, refused.stderr)
    assert _rows(outlet_dir, "SELECT count(*) FROM stock_movement") == before

    assert run(*cfg, "stock", "shelf", "KOP-BJW-250", "A1").exit_code == 0
    sheet = outlet_dir / "lembar.pdf"
    started = run(*cfg, "count", "start", "--shelf", "A1", "--sheet", str(sheet))
    assert started.exit_code == 0, started.output
    number = started.stdout.split()[1]
    assert number.startswith("BLU-OPN-") and "Kopi Arabika" in pdf_text(sheet.read_bytes())
    scanned = run(
        *cfg,
        "count",
        "scan",
        number,
        "--counter",
        "ani",
        input=f"{KOPI_EAN}\n{ean(5)}\n{KOPI_EAN}\n",
    )
    assert scanned.exit_code == 0 and "Kopi Arabika Flores Bajawa 250g: 2" in scanned.stdout
    assert "tidak dikenal" in scanned.stderr
    assert (
        run(*cfg, "count", "set", number, "KOP-BJW-250", "20", "--counter", "budi").exit_code == 0
    )
    outside = run(*cfg, "count", "set", number, "MADU-TTS", "1", "--counter", "budi")
    assert outside.exit_code == 1 and "tidak termasuk" in outside.stderr
    variance = json.loads(run(*cfg, "count", "variance", number, "--json").stdout)
    assert [
        (line["sku"], line["counted"], line["variance"], line["value"])
        for line in variance["lines"]
    ] == [("KOP-BJW-250", 22, -2, -130_000)]
    report = outlet_dir / "selisih.pdf"
    approved = run(
        *cfg, "count", "approve", number, "--approver", "pak-yosef", "--pdf", str(report)
    )
    assert approved.exit_code == 0 and "1 koreksi" in approved.stdout
    assert "Disetujui oleh pak-yosef" in pdf_text(report.read_bytes())

    big = run(*cfg, "stock", "adjust", "KOP-BJW-250", "-5", "--reason", "lost")
    assert big.exit_code == 1 and "persetujuan" in big.stderr
    added = run(
        *cfg, "staff", "add", "pak-yosef", "--name", "Yosef", "--role", "manager", "--pin", "2468"
    )
    assert added.exit_code == 0, added.output
    ok = run(
        *cfg,
        "stock",
        "adjust",
        "KOP-BJW-250",
        "-5",
        "--reason",
        "lost",
        "--approver",
        "pak-yosef",
        "--approver-pin-stdin",
        input="2468\n",
    )
    assert ok.exit_code == 0 and "BLU-ADJ-" in ok.stdout, ok.output
    found = run(*cfg, "stock", "adjust", "MADU-TTS", "1", "--reason", "found")
    assert found.exit_code == 0
    shown = {
        row["sku"]: row["on_hand"]
        for row in json.loads(run(*cfg, "stock", "show", "--json").stdout)
    }
    assert shown == {"KOP-BJW-250": 17, "MADU-TTS": 7}


def test_settle_pay_and_print_a_statement(outlet_dir: Path, cfg: list[str], run: Run) -> None:
    _catalog(outlet_dir, cfg, run)
    # Goods received and sold three and two days ago (the till writes sales with amounts).
    past = datetime.now(UTC) - timedelta(days=3)
    store = open_store(outlet_dir / "outlet.db", outlet_code="BLU", outlet_name="x", now=past)
    try:
        with store.write() as session:
            stamp = Stamp(outlet="BLU", actor="maria", at=past)
            owner = producer_by_name(session, "Koperasi Fa Masa")
            receive(
                session,
                stamp,
                mode=ReceivingMode.CONSIGNMENT,
                producer_id=owner.id,
                lines=[ReceivingLineInput("KOP-BJW-250", 10)],
            )
            product = get_by_sku(session, "KOP-BJW-250")
            sell(
                session,
                Stamp(outlet="BLU", actor="kasir", at=past + timedelta(days=1)),
                product,
                3,
                195_000,
            )
    finally:
        store.close()
    start = to_wita(past).date().isoformat()
    end = (to_wita(past) + timedelta(days=1)).date().isoformat()
    period = ["--producer", "Koperasi Fa Masa", "--from", start, "--to", end]
    preview = json.loads(run(*cfg, "consignment", "preview", *period, "--json").stdout)
    assert (preview["number"], preview["gross"], preview["commission"], preview["payable"]) == (
        None,
        195_000,
        39_000,
        156_000,
    )
    pdf = outlet_dir / "nota.pdf"
    settled = run(*cfg, "consignment", "settle", *period, "--pdf", str(pdf), "--json")
    assert settled.exit_code == 0, settled.output
    number = json.loads(settled.stdout)["number"]
    assert "Jumlah yang diterima produsen" in pdf_text(pdf.read_bytes())
    twice = run(*cfg, "consignment", "settle", *period)
    assert twice.exit_code == 1 and "sudah diselesaikan" in twice.stderr
    no_ref = run(*cfg, "consignment", "pay", number, "--method", "transfer")
    assert no_ref.exit_code == 1 and "referensi" in no_ref.stderr
    paid = run(*cfg, "consignment", "pay", number, "--method", "transfer", "--reference", "BRI 77")
    assert paid.exit_code == 0 and "Rp156.000" in paid.stdout
    again = outlet_dir / "nota-en.pdf"
    assert (
        run(*cfg, "consignment", "statement", number, "--pdf", str(again), "--lang", "en").exit_code
        == 0
    )
    assert "Paid on" in pdf_text(again.read_bytes())
    summary = json.loads(
        run(*cfg, "consignment", "summary", "--producer", "Koperasi Fa Masa", "--json").stdout
    )
    assert summary == [
        {
            "sku": "KOP-BJW-250",
            "name": "Kopi Arabika Flores Bajawa 250g",
            "received": 10,
            "sold": 3,
            "returned": {},
            "other": 0,
            "on_hand": 7,
        }
    ]
    returned = run(
        *cfg,
        "consignment",
        "return",
        "KOP-BJW-250:2",
        "--producer",
        "Koperasi Fa Masa",
        "--reason",
        "unsold",
    )
    assert returned.exit_code == 0 and "BLU-RTP-" in returned.stdout
    assert "paid" in run(*cfg, "consignment", "list").stdout


def test_transfer_between_two_outlets(
    tmp_path: Path, outlet_dir: Path, cfg: list[str], run: Run
) -> None:
    _catalog(outlet_dir, cfg, run)
    run(*cfg, "receive", "add", "KOP-BJW-250:10:50000")
    kupang = tmp_path / "kpg"
    assert (
        run(
            "init", "--data-dir", str(kupang), "--outlet", "KPG", "--name", "NTT Mart Kupang"
        ).exit_code
        == 0
    )
    kpg = ["--config", str(kupang / "config.toml")]
    _catalog(kupang, kpg, run)
    document = tmp_path / "transfer.json"
    sent = run(*cfg, "transfer", "send", "--to", "KPG", "KOP-BJW-250:4", "--out", str(document))
    assert sent.exit_code == 0, sent.output
    number = json.loads(document.read_text("utf-8"))["number"]
    assert run(*kpg, "transfer", "import", str(document)).exit_code == 0
    too_many = run(*kpg, "transfer", "confirm", number, "KOP-BJW-250:5")
    assert too_many.exit_code == 1 and "melebihi" in too_many.stderr
    confirmed = run(*kpg, "transfer", "confirm", number, f"{KOPI_EAN}:3")
    assert confirmed.exit_code == 0 and "dikirim 4, diterima 3" in confirmed.stdout
    shown = json.loads(run(*kpg, "transfer", "show", number, "--json").stdout)
    assert (shown["status"], shown["lines"][0]["received"]) == ("received", 3)
    assert json.loads(run(*cfg, "stock", "show", "--json").stdout)[0]["on_hand"] == 6


def test_reorder_labels_certificates_and_units(outlet_dir: Path, cfg: list[str], run: Run) -> None:
    _catalog(outlet_dir, cfg, run)
    run(*cfg, "receive", "add", "MADU-TTS:2:60000")
    csv_out, pdf_out = outlet_dir / "pesan.csv", outlet_dir / "pesan.pdf"
    reorder = run(*cfg, "reorder", "--json", "--csv", str(csv_out), "--pdf", str(pdf_out))
    groups = json.loads(reorder.stdout)
    assert [(g["producer"], [line["sku"] for line in g["lines"]]) for g in groups] == [
        ("Koperasi Fa Masa", ["KOP-BJW-250"]),
        ("Madu Hutan Mollo", ["MADU-TTS"]),
    ]
    assert "MADU-TTS" in csv_out.read_text("utf-8-sig") and "Daftar Pesan Ulang" in pdf_text(
        pdf_out.read_bytes()
    )

    sheet = outlet_dir / "label.pdf"
    made = run(*cfg, "labels", "KOP-BJW-250:3", "MADU-TTS", "--out", str(sheet), "--sheet", "5x13")
    assert made.exit_code == 0 and "4 label" in made.stdout
    text = pdf_text(sheet.read_bytes())
    assert (
        text.count("Rp65.000") == 3
        and "Halal ID3311000099" in text
        and "Timor Tengah Selatan · OCOP" in text
    )
    custom = run(
        *cfg, "labels", "KOP-BJW-250", "--out", str(sheet), "--rows", "4", "--columns", "2"
    )
    assert custom.exit_code == 0 and "8 per" in custom.stdout
    assert run(*cfg, "labels", "KOP-BJW-250").exit_code == 2
    tiny = run(
        *cfg, "labels", "KOP-BJW-250", "--out", str(sheet), "--rows", "30", "--columns", "10"
    )
    assert tiny.exit_code == 1 and "terlalu kecil" in tiny.stderr
    receipt = run(*cfg, "labels", "KOP-BJW-250:2", "--receipt-json")
    assert [PrintDocument.from_json(line).title for line in receipt.stdout.splitlines()] == [
        "Label KOP-BJW-250"
    ]

    with sqlite3.connect(outlet_dir / "outlet.db") as db:
        # Ten days from today in WITA, the day the command counts from (UTC's date differs
        # after 16:00 UTC).
        expires = to_wita(datetime.now(UTC)).date() + timedelta(days=10)
        db.execute("UPDATE certification SET expires_on = ?", (expires.isoformat(),))
    expiring = json.loads(run(*cfg, "certs", "expiring", "--json").stdout)
    assert [(c["kind"], c["sku"], c["days_left"]) for c in expiring] == [
        ("halal", "KOP-BJW-250", 10)
    ]
    assert "10 hari lagi" in run(*cfg, "certs", "expiring").stdout

    added = run(
        *cfg,
        "units",
        "add",
        "MADU-TTS",
        "--motif",
        "Kuda",
        "--weaver",
        "Ina Rambu",
        "--village",
        "Praiyawang",
    )
    assert added.exit_code == 0
    units = json.loads(run(*cfg, "units", "list", "MADU-TTS", "--json").stdout)
    assert [(u["motif"], u["status"]) for u in units] == [("Kuda", "in_stock")]
