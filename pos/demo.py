"""The demo outlet: a realistic catalog of NTT products, their producers and opening stock.

``nttmart demo`` seeds a fresh outlet database with it; ``--products N`` adds synthetic products
for load tests. Barcodes of the demo products are valid EAN-13 numbers under the Indonesian
prefix 899; crafts without a barcode get in-store numbers, as at a real outlet.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from sqlmodel import Session, select

from inventory import catalog
from inventory.barcodes import with_check_digit
from inventory.catalog_io import ImportRow, apply_rows
from inventory.models import CertificationKind, MovementKind, Producer, ProducerKind, Program
from inventory.quantity import Unit
from inventory.stamp import Stamp
from inventory.stock import MovementRequest, record_movements
from pos.models import Staff
from pos.staff import add_staff


@dataclass(frozen=True, slots=True)
class DemoProducer:
    """A producer of the demo catalog."""

    key: str
    name: str
    kind: ProducerKind
    program: Program
    kabupaten: str
    kecamatan: str
    desa: str
    commission_bp: int


@dataclass(frozen=True, slots=True)
class DemoProduct:
    """A product of the demo catalog with its opening stock."""

    sku: str
    name: str
    price: int
    category: str
    producer: str
    stock: int
    min_stock: int = 5
    unit: Unit = Unit.PIECE
    barcode: bool = True
    plu: str | None = None
    halal: str | None = None
    pirt: str | None = None
    bpom: str | None = None


U, K, B, S, C = (
    ProducerKind.UMKM,
    ProducerKind.KOPERASI,
    ProducerKind.BUMDES,
    ProducerKind.SCHOOL,
    ProducerKind.COMMUNITY,
)
OVOP, OSOP, OCOP, NONE = Program.OVOP, Program.OSOP, Program.OCOP, Program.NONE

PRODUCERS = (
    DemoProducer(
        "bajawa", "Koperasi Kopi Fa Masa Bajawa", K, OVOP, "Ngada", "Golewa", "Were", 1500
    ),
    DemoProducer(
        "colol",
        "Koperasi Kopi Colol",
        K,
        OVOP,
        "Manggarai Timur",
        "Poco Ranaka Timur",
        "Colol",
        1500,
    ),
    DemoProducer(
        "sokoria", "Kelompok Tani Kopi Sokoria", C, OCOP, "Ende", "Ndona Timur", "Sokoria", 2000
    ),
    DemoProducer(
        "prailiu", "Sanggar Tenun Prailiu", C, OCOP, "Sumba Timur", "Kambera", "Prailiu", 2500
    ),
    DemoProducer(
        "wanokaka", "Kelompok Tenun Wanokaka", C, OCOP, "Sumba Barat", "Wanokaka", "Praigoli", 2500
    ),
    DemoProducer(
        "belu", "Kelompok Tenun Tais Bui Ikun", C, OVOP, "Belu", "Tasifeto Timur", "Fatulotu", 2500
    ),
    DemoProducer(
        "sikka", "Sanggar Tenun Ikat Watublapi", C, OCOP, "Sikka", "Hewokloang", "Watublapi", 2500
    ),
    DemoProducer(
        "amfoang", "KSU Madu Hutan Amfoang", K, OVOP, "Kupang", "Amfoang Utara", "Naikliu", 1500
    ),
    DemoProducer(
        "kelor", "UMKM Kelor Kupang Lestari", U, OCOP, "Kota Kupang", "Oebobo", "Oebufu", 2000
    ),
    DemoProducer(
        "mete", "Koperasi Mete Adonara", K, OVOP, "Flores Timur", "Adonara Timur", "Waiwerang", 1500
    ),
    DemoProducer("garam", "BUMDes Garam Bipolo", B, OVOP, "Kupang", "Sulamu", "Bipolo", 1000),
    DemoProducer("sei", "Se'i Baun Ibu Yuli", U, NONE, "Kupang", "Amarasi Barat", "Baun", 2000),
    DemoProducer(
        "bose",
        "UMKM Pangan Lokal Soe",
        U,
        OCOP,
        "Timor Tengah Selatan",
        "Kota Soe",
        "Karang Siri",
        2000,
    ),
    DemoProducer(
        "titi",
        "Kelompok Wanita Jagung Titi Lamahala",
        C,
        OCOP,
        "Flores Timur",
        "Adonara Timur",
        "Lamahala",
        2000,
    ),
    DemoProducer(
        "smk3", "SMK Negeri 3 Kupang", S, OSOP, "Kota Kupang", "Maulafa", "Naikolan", 1000
    ),
    DemoProducer(
        "smkpp",
        "SMK Pertanian Pembangunan Kupang",
        S,
        OSOP,
        "Kupang",
        "Kupang Tengah",
        "Noelbaki",
        1000,
    ),
    DemoProducer(
        "lontar", "Koperasi Gula Lontar Sabu", K, OVOP, "Sabu Raijua", "Sabu Barat", "Menia", 1500
    ),
    DemoProducer(
        "rote", "Sanggar Ti'i Langga Rote", C, OCOP, "Rote Ndao", "Lobalain", "Namodale", 2500
    ),
    DemoProducer("alor", "UMKM Kenari Alor", U, OVOP, "Alor", "Teluk Mutiara", "Kalabahi", 2000),
    DemoProducer(
        "jeruk",
        "Gapoktan Jeruk Keprok SoE",
        K,
        OVOP,
        "Timor Tengah Selatan",
        "Mollo Utara",
        "Fatumnasi",
        1500,
    ),
    DemoProducer(
        "cendana",
        "Sanggar Ukir Cendana Timor",
        C,
        NONE,
        "Timor Tengah Utara",
        "Kota Kefamenanu",
        "Sasi",
        2500,
    ),
    DemoProducer("lembata", "UMKM VCO Lembata", U, OCOP, "Lembata", "Nubatukan", "Lewoleba", 2000),
    DemoProducer("kakao", "Koperasi Kakao Sikka", K, OVOP, "Sikka", "Nita", "Nita", 1500),
    DemoProducer(
        "rumputlaut", "Kelompok Rumput Laut Semau", C, OCOP, "Kupang", "Semau", "Uitiuhtuan", 2000
    ),
    DemoProducer(
        "malaka", "Kelompok Tani Malaka Subur", C, OVOP, "Malaka", "Malaka Tengah", "Betun", 2000
    ),
)

P = DemoProduct
PRODUCTS = (
    # Coffee (Kopi)
    P(
        "KOP-BJW-250",
        "Kopi Arabika Flores Bajawa 250g",
        65000,
        "Kopi",
        "bajawa",
        40,
        10,
        pirt="2065309010123-27",
        halal="ID00410000123450323",
    ),
    P(
        "KOP-BJW-500",
        "Kopi Arabika Flores Bajawa 500g",
        120000,
        "Kopi",
        "bajawa",
        20,
        5,
        pirt="2065309010123-27",
    ),
    P("KOP-BJW-BJI", "Kopi Arabika Bajawa Biji Sangrai 1kg", 220000, "Kopi", "bajawa", 8, 2),
    P("KOP-BJW-DRP", "Kopi Bajawa Drip Bag isi 10", 45000, "Kopi", "bajawa", 30, 10),
    P("KOP-CLL-250", "Kopi Arabika Colol Manggarai 250g", 70000, "Kopi", "colol", 25, 8),
    P("KOP-CLL-ROB", "Kopi Robusta Manggarai 250g", 45000, "Kopi", "colol", 30, 8),
    P("KOP-SKR-200", "Kopi Sokoria Ende 200g", 50000, "Kopi", "sokoria", 18, 6),
    P(
        "KOP-CRH-KG",
        "Kopi Robusta Bubuk Curah (per kg)",
        140000,
        "Kopi",
        "colol",
        5000,
        1000,
        unit=Unit.GRAM,
        barcode=False,
        plu="00101",
    ),
    # Weaving (Tenun)
    P(
        "TEN-SMB-HNG",
        "Kain Tenun Ikat Sumba Hinggi Kombu",
        2500000,
        "Tenun",
        "prailiu",
        3,
        1,
        barcode=False,
    ),
    P(
        "TEN-SMB-SLD",
        "Selendang Tenun Sumba Timur",
        350000,
        "Tenun",
        "prailiu",
        10,
        3,
        barcode=False,
    ),
    P(
        "TEN-SMB-SRG",
        "Sarung Tenun Sumba Lau Pahudu",
        1750000,
        "Tenun",
        "prailiu",
        4,
        1,
        barcode=False,
    ),
    P("TEN-WNK-SLD", "Selendang Tenun Wanokaka", 300000, "Tenun", "wanokaka", 8, 2, barcode=False),
    P("TEN-WNK-TAS", "Tas Tenun Sumba Barat", 275000, "Tenun", "wanokaka", 6, 2, barcode=False),
    P("TEN-BLU-TAI", "Kain Tais Feto Belu", 1200000, "Tenun", "belu", 5, 1, barcode=False),
    P(
        "TEN-BLU-SLD",
        "Selendang Tenun Belu Motif Kaif",
        250000,
        "Tenun",
        "belu",
        12,
        3,
        barcode=False,
    ),
    P("TEN-BLU-DMP", "Dompet Tenun Belu", 85000, "Tenun", "belu", 20, 5),
    P("TEN-BLU-TAS", "Tas Selempang Tenun Belu", 225000, "Tenun", "belu", 9, 3),
    P(
        "TEN-SKA-SRG",
        "Sarung Tenun Ikat Sikka Utan",
        1500000,
        "Tenun",
        "sikka",
        4,
        1,
        barcode=False,
    ),
    P(
        "TEN-SKA-SLD",
        "Selendang Ikat Sikka Warna Alam",
        325000,
        "Tenun",
        "sikka",
        7,
        2,
        barcode=False,
    ),
    P("TEN-SKA-SYL", "Syal Tenun Sikka", 150000, "Tenun", "sikka", 15, 4),
    # Honey (Madu)
    P(
        "MDU-AMF-250",
        "Madu Hutan Timor Amfoang 250ml",
        85000,
        "Madu",
        "amfoang",
        30,
        10,
        bpom="BPOM RI MD 251110010456",
        halal="ID00410000456780224",
    ),
    P(
        "MDU-AMF-500",
        "Madu Hutan Timor Amfoang 500ml",
        150000,
        "Madu",
        "amfoang",
        20,
        6,
        bpom="BPOM RI MD 251110010457",
    ),
    P("MDU-AMF-1L", "Madu Hutan Timor Amfoang 1 liter", 280000, "Madu", "amfoang", 8, 2),
    P("MDU-AMF-SCH", "Madu Hutan Sachet isi 10", 35000, "Madu", "amfoang", 40, 10),
    # Moringa & herbal (Kelor)
    P(
        "KLR-TEH-50",
        "Teh Kelor Kupang 50g",
        35000,
        "Kelor & Herbal",
        "kelor",
        45,
        10,
        pirt="5065371010456-26",
    ),
    P(
        "KLR-SRB-100",
        "Serbuk Daun Kelor 100g",
        45000,
        "Kelor & Herbal",
        "kelor",
        35,
        10,
        pirt="5065371020456-26",
    ),
    P("KLR-KPS-60", "Kapsul Kelor isi 60", 75000, "Kelor & Herbal", "kelor", 20, 5),
    P("KLR-KRP-100", "Keripik Daun Kelor 100g", 20000, "Kelor & Herbal", "kelor", 50, 12),
    P("KLR-MIE-200", "Mie Kelor 200g", 18000, "Kelor & Herbal", "kelor", 40, 10),
    P("KLR-CKL-80", "Cokelat Kelor 80g", 30000, "Kelor & Herbal", "kelor", 25, 8),
    # Cashews and nuts
    P(
        "MTE-ADN-250",
        "Kacang Mete Goreng Adonara 250g",
        75000,
        "Camilan",
        "mete",
        40,
        10,
        pirt="2065309030789-25",
    ),
    P("MTE-ADN-500", "Kacang Mete Mentah Flores 500g", 130000, "Camilan", "mete", 20, 5),
    P("MTE-ADN-MDU", "Mete Madu Adonara 150g", 55000, "Camilan", "mete", 30, 8),
    P("MTE-ADN-PDS", "Mete Pedas Adonara 150g", 50000, "Camilan", "mete", 25, 8),
    P("KNR-ALR-200", "Kenari Kupas Alor 200g", 60000, "Camilan", "alor", 20, 6),
    P("KNR-ALR-BKS", "Bagea Kenari Alor", 25000, "Camilan", "alor", 30, 8),
    P("KNR-ALR-NGA", "Kenari Kacang Alor 500g", 110000, "Camilan", "alor", 10, 3),
    # Salt and spices
    P("GRM-BPL-500", "Garam Kupang Beryodium 500g", 8000, "Bumbu & Garam", "garam", 80, 20),
    P("GRM-BPL-250", "Garam Krosok Bipolo 250g", 5000, "Bumbu & Garam", "garam", 100, 25),
    P("GRM-BPL-SPA", "Garam Spa Bipolo 300g", 25000, "Bumbu & Garam", "garam", 20, 5),
    P(
        "GRM-CRH-KG",
        "Garam Curah Bipolo (per kg)",
        6000,
        "Bumbu & Garam",
        "garam",
        20000,
        5000,
        unit=Unit.GRAM,
        barcode=False,
        plu="00201",
    ),
    P("SBL-LU-200", "Sambal Lu'at Kupang 200g", 28000, "Bumbu & Garam", "sei", 30, 10),
    # Smoked meat (Se'i)
    P("SEI-SPI-250", "Se'i Sapi Baun 250g (vakum)", 85000, "Makanan Olahan", "sei", 15, 5),
    P("SEI-SPI-500", "Se'i Sapi Baun 500g (vakum)", 160000, "Makanan Olahan", "sei", 8, 3),
    P("SEI-AYM-250", "Se'i Ayam Baun 250g", 60000, "Makanan Olahan", "sei", 12, 4),
    P("SEI-BBI-250", "Se'i Babi Baun 250g", 80000, "Makanan Olahan", "sei", 10, 4),
    # Local staples
    P("JGB-SOE-500", "Jagung Bose Instan Soe 500g", 25000, "Pangan Lokal", "bose", 35, 10),
    P("JGB-SOE-KCG", "Jagung Bose Kacang Merah 500g", 30000, "Pangan Lokal", "bose", 25, 8),
    P("JGT-LMH-250", "Jagung Titi Lamahala 250g", 20000, "Pangan Lokal", "titi", 40, 10),
    P("JGT-LMH-500", "Jagung Titi Lamahala 500g", 37000, "Pangan Lokal", "titi", 25, 8),
    P("BRS-MLK-2KG", "Beras Merah Malaka 2kg", 45000, "Pangan Lokal", "malaka", 20, 5),
    P("BRS-MLK-5KG", "Beras Putih Malaka 5kg", 75000, "Pangan Lokal", "malaka", 15, 5),
    P("SRG-SOE-200", "Sorgum Sosoh Soe 1kg", 30000, "Pangan Lokal", "bose", 20, 5),
    P("KCG-MLK-500", "Kacang Hijau Malaka 500g", 22000, "Pangan Lokal", "malaka", 30, 8),
    P("KCG-MRH-500", "Kacang Merah Soe 500g", 28000, "Pangan Lokal", "bose", 25, 8),
    # Palm sugar (Gula)
    P("GUL-SBU-LMP", "Gula Lempeng Lontar Sabu 500g", 30000, "Gula", "lontar", 30, 8),
    P("GUL-SBU-SMT", "Gula Semut Lontar 250g", 28000, "Gula", "lontar", 30, 8),
    P("GUL-SBU-AIR", "Gula Air Lontar Sabu 600ml", 35000, "Gula", "lontar", 20, 6),
    P(
        "GUL-SBU-KG",
        "Gula Lempeng Curah (per kg)",
        55000,
        "Gula",
        "lontar",
        10000,
        2000,
        unit=Unit.GRAM,
        barcode=False,
        plu="00301",
    ),
    # Fruit
    P(
        "JRK-SOE-KG",
        "Jeruk Keprok SoE (per kg)",
        35000,
        "Buah & Sayur",
        "jeruk",
        30000,
        10000,
        unit=Unit.GRAM,
        barcode=False,
        plu="00401",
    ),
    P("JRK-SOE-SRP", "Sirup Jeruk Keprok SoE 620ml", 40000, "Minuman", "jeruk", 20, 6),
    P("ASM-TMR-250", "Asam Timor Kupas 250g", 15000, "Buah & Sayur", "bose", 30, 8),
    P("PSG-KPG-KRP", "Keripik Pisang Kupang 200g", 18000, "Camilan", "smkpp", 40, 10),
    # Drinks
    P("SRP-ASM-620", "Sirup Asam Timor 620ml", 35000, "Minuman", "smkpp", 20, 6),
    P("KKO-SKA-BBK", "Bubuk Kakao Murni Sikka 200g", 45000, "Minuman", "kakao", 20, 6),
    P("KKO-SKA-CKL", "Cokelat Batang Sikka 70% 100g", 38000, "Minuman", "kakao", 25, 8),
    P("VCO-LMB-250", "Minyak Kelapa Murni (VCO) Lembata 250ml", 55000, "Minuman", "lembata", 18, 6),
    P("TEH-RMP-50", "Teh Rempah Timor 50g", 30000, "Minuman", "kelor", 20, 6),
    # Processed foods
    P(
        "ABN-SPI-100",
        "Abon Sapi Kupang 100g",
        45000,
        "Makanan Olahan",
        "smkpp",
        20,
        6,
        pirt="2065371040111-26",
    ),
    P("ABN-TNA-100", "Abon Ikan Tuna Lembata 100g", 40000, "Makanan Olahan", "lembata", 20, 6),
    P("DDL-RLT-200", "Dodol Rumput Laut Semau 200g", 22000, "Camilan", "rumputlaut", 35, 10),
    P("KRP-RLT-100", "Keripik Rumput Laut 100g", 15000, "Camilan", "rumputlaut", 40, 10),
    P("KUE-RBT-250", "Kue Rambut Sabu 250g", 25000, "Camilan", "lontar", 25, 8),
    P("KUE-KMP-10", "Kompiang Kupang isi 10", 20000, "Camilan", "smkpp", 20, 8),
    P("SMB-ROA-150", "Sambal Ikan Roa Alor 150g", 35000, "Makanan Olahan", "alor", 20, 6),
    P("KCG-KOR-250", "Kacang Koro Goreng Adonara 250g", 25000, "Camilan", "mete", 25, 8),
    # Crafts
    P("KRJ-TII-LNG", "Topi Ti'i Langga Rote", 150000, "Kerajinan", "rote", 10, 3, barcode=False),
    P("KRJ-SSN-LTR", "Sasando Mini Rote", 350000, "Kerajinan", "rote", 5, 2, barcode=False),
    P("KRJ-ANY-TAS", "Tas Anyaman Lontar Rote", 120000, "Kerajinan", "rote", 12, 4),
    P(
        "KRJ-CND-PTG",
        "Patung Ukir Kayu Cendana",
        450000,
        "Kerajinan",
        "cendana",
        4,
        1,
        barcode=False,
    ),
    P("KRJ-CND-MYK", "Minyak Cendana Timor 10ml", 95000, "Kerajinan", "cendana", 15, 4),
    P("KRJ-CND-TSB", "Tasbih Kayu Cendana", 75000, "Kerajinan", "cendana", 20, 5),
    P("KRJ-CND-KPS", "Kipas Kayu Cendana", 60000, "Kerajinan", "cendana", 18, 5),
    # OSOP: school products
    P("OSP-KMP-IND", "Kompor Induksi SMK 1200W", 650000, "Elektronik", "smk3", 6, 2),
    P("OSP-KMP-2TG", "Kompor Induksi SMK 2 Tungku", 1150000, "Elektronik", "smk3", 3, 1),
    P("OSP-LMP-LED", "Lampu LED Tenaga Surya SMK", 175000, "Elektronik", "smk3", 10, 3),
    P("OSP-SBN-KLR", "Sabun Kelor SMK Pertanian", 15000, "Kelor & Herbal", "smkpp", 40, 10),
    P("OSP-SRP-MRG", "Sirup Markisa SMK Pertanian", 32000, "Minuman", "smkpp", 20, 6),
)

STAFF_NOTE = "demo"


def _ean13(index: int) -> str:
    return with_check_digit(f"899{7310:04d}{index:05d}")


def demo_rows() -> list[ImportRow]:
    """The demo catalog as import rows (the same path a manager's CSV takes)."""
    producers = {p.key: p for p in PRODUCERS}
    rows = []
    for index, item in enumerate(PRODUCTS, start=1):
        producer = producers[item.producer]
        certificates = {
            kind: number
            for kind, number in (
                (CertificationKind.HALAL, item.halal),
                (CertificationKind.PIRT, item.pirt),
                (CertificationKind.BPOM, item.bpom),
            )
            if number
        }
        rows.append(
            ImportRow(
                line=index + 1,
                sku=item.sku,
                name=item.name,
                codes=(_ean13(index),) if item.barcode else (),
                price=item.price,
                unit=item.unit,
                category=item.category,
                producer=producer.name,
                kabupaten=producer.kabupaten,
                program=producer.program,
                min_stock=item.min_stock,
                cost=None,
                desa=producer.desa,
                certificates=certificates,
            )
        )
    return rows


def seed(session: Session, stamp: Stamp, *, instore_prefix: str, outlet_number: int) -> int:
    """Write the demo catalog, producer details, in-store barcodes and opening stock."""
    apply_rows(session, stamp, demo_rows())
    by_name = {p.name: p for p in PRODUCERS}
    for producer in session.execute(select(Producer)).scalars():
        demo = by_name.get(producer.name)
        if demo is not None:
            producer.kind = demo.kind
            producer.kecamatan = demo.kecamatan
            producer.commission_bp = demo.commission_bp
    requests = []
    for item in PRODUCTS:
        product = catalog.get_by_sku(session, item.sku)
        if item.plu:
            product.plu = item.plu
        if not item.barcode and not item.plu:
            catalog.assign_instore_barcode(
                session, stamp, sku=item.sku, prefix=instore_prefix, outlet_number=outlet_number
            )
        requests.append(
            MovementRequest(
                product_id=product.id,
                kind=MovementKind.CONSIGN_IN,
                quantity=item.stock,
                reason="stok awal demo",
                reference="DEMO-OPENING",
            )
        )
    session.flush()
    record_movements(session, stamp, requests)
    seed_staff(session, stamp)
    return len(PRODUCTS)


_WORDS = (
    "Kopi",
    "Teh",
    "Madu",
    "Kelor",
    "Mete",
    "Kenari",
    "Jagung",
    "Sorgum",
    "Gula",
    "Garam",
    "Abon",
    "Sambal",
    "Keripik",
    "Dodol",
    "Sirup",
    "Sabun",
    "Tenun",
    "Selendang",
    "Tas",
    "Topi",
)
_ORIGINS = (
    "Bajawa",
    "Ende",
    "Sikka",
    "Adonara",
    "Lembata",
    "Alor",
    "Rote",
    "Sabu",
    "Soe",
    "Kefa",
    "Atambua",
    "Betun",
    "Waingapu",
    "Waikabubak",
    "Ruteng",
    "Borong",
    "Labuan Bajo",
    "Mbay",
    "Kupang",
    "Larantuka",
    "Maumere",
    "Oelamasi",
)


def synthetic_rows(count: int, *, start: int = 1, seed: int = 7) -> list[ImportRow]:
    """``count`` synthetic products for load tests (deterministic for a given ``seed``)."""
    rng = random.Random(seed)
    producers = PRODUCERS
    rows = []
    for number in range(start, start + count):
        producer = producers[number % len(producers)]
        word = _WORDS[rng.randrange(len(_WORDS))]
        origin = _ORIGINS[rng.randrange(len(_ORIGINS))]
        size = rng.choice((100, 150, 200, 250, 500, 1000))
        rows.append(
            ImportRow(
                line=number,
                sku=f"SYN-{number:07d}",
                name=f"{word} {origin} {size}g No.{number}",
                codes=(with_check_digit(f"8998{number:08d}"),),
                price=rng.randrange(5, 500) * 1000,
                unit=Unit.PIECE,
                category=word,
                producer=producer.name,
                kabupaten=producer.kabupaten,
                program=producer.program,
                min_stock=rng.randrange(0, 10),
                cost=None,
                desa=producer.desa,
                certificates={},
            )
        )
    return rows


@dataclass(frozen=True, slots=True)
class DemoStaff:
    """A member of staff of the demo outlet (PINs are for the demo only)."""

    username: str
    name: str
    role: str
    pin: str


DEMO_STAFF = (
    DemoStaff("kasir", "Yohana Bria", "cashier", "1234"),
    DemoStaff("manajer", "Maria Seran", "manager", "9999"),
    DemoStaff("admin", "Admin Kupang", "admin", "0000"),
)


def seed_staff(session: Session, stamp: Stamp) -> int:
    """Add the demo staff who are missing (``kasir``/1234, ``manajer``/9999, ``admin``/0000)."""
    added = 0
    for member in DEMO_STAFF:
        if session.get(Staff, member.username) is None:
            add_staff(
                session,
                stamp,
                username=member.username,
                name=member.name,
                role=member.role,
                pin=member.pin,
            )
            added += 1
    return added
