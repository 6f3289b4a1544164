"""No link at all: ``sync export`` to a file, ``central import`` of it, and the central CLI."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import Engine

from inventory.clock import FixedClock
from pos.cli import main
from sync import journal
from sync.client import push
from sync.transport import CentralClient
from tests.sync.conftest import OutletUnderTest
from tests.sync.helpers import central_counts, central_seqs
from tests.sync.servers import ServerThread
from tests.sync.test_client import add_sales
from tests.sync.test_pull import write_config

MakeOutlet = Callable[[str], OutletUnderTest]


@pytest.fixture
def central_env(postgres_url: str, central: Engine) -> dict[str, str]:
    """Environment that points ``nttmart central`` at the test database."""
    return {"NTTMART_CENTRAL__DATABASE_URL": postgres_url}


def nttmart(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, list(args), env=env or {}, catch_exceptions=False)


def export(outlet: OutletUnderTest, out: Path, *extra: str) -> Result:
    config = write_config(outlet, "http://127.0.0.1:9")
    return nttmart("--config", str(config), "sync", "export", "--out", str(out), *extra)


def test_export_then_import_is_idempotent(
    tmp_path: Path, central: Engine, central_env: dict[str, str], make_outlet: MakeOutlet
) -> None:
    blu = make_outlet("BLU")
    add_sales(blu, 10)
    out = tmp_path / "blu.jsonl"
    result = export(blu, out)
    assert result.exit_code == 0, result.output
    assert "13" in result.stdout
    first = nttmart("central", "import", str(out), env=central_env)
    assert first.exit_code == 0, first.output
    assert central_seqs(central, "BLU") == list(range(1, 14))
    before = central_counts(central)
    second = nttmart("--lang", "en", "central", "import", str(out), env=central_env)
    assert second.exit_code == 0 and "0 new, 13 already here" in second.stdout
    assert central_counts(central) == before
    # The outlet still waits for the centre's answer over the network to acknowledge.
    with blu.store.read() as session:
        assert journal.state(session, "BLU").acked_seq == 0


def test_an_export_overlapping_a_push_changes_nothing_twice(
    tmp_path: Path,
    server: ServerThread,
    central: Engine,
    central_env: dict[str, str],
    make_outlet: MakeOutlet,
    clock: FixedClock,
) -> None:
    blu = make_outlet("BLU")
    add_sales(blu, 6)
    client = CentralClient(server.url, blu.token, timeout=5)
    push(blu.store, client, outlet="BLU", clock=clock, batch_size=4)
    add_sales(blu, 3, start=6)
    out = tmp_path / "blu.jsonl.gz"
    assert export(blu, out, "--from-seq", "5").exit_code == 0
    imported = nttmart("central", "import", str(out), env=central_env)
    assert imported.exit_code == 0, imported.output
    assert central_seqs(central, "BLU") == list(range(1, 13))
    # Pushing afterwards only acknowledges what the file brought.
    report = push(blu.store, client, outlet="BLU", clock=clock, batch_size=50)
    assert report.waiting == 0 and report.acked_seq == 12
    client.close()


def test_a_tampered_or_truncated_file_is_refused_whole(
    tmp_path: Path, central: Engine, central_env: dict[str, str], make_outlet: MakeOutlet
) -> None:
    blu = make_outlet("BLU")
    add_sales(blu, 5)
    out = tmp_path / "blu.jsonl"
    assert export(blu, out).exit_code == 0
    data = out.read_bytes()

    tampered = tmp_path / "tampered.jsonl"
    tampered.write_bytes(data.replace(b'"quantity":-1', b'"quantity":-9', 1))
    assert tampered.read_bytes() != data
    truncated = tmp_path / "truncated.jsonl"
    truncated.write_bytes(data[: len(data) // 2])
    no_trailer = tmp_path / "no-trailer.jsonl"
    no_trailer.write_bytes(b"\n".join(data.split(b"\n")[:-2]) + b"\n")
    cut_gzip = tmp_path / "cut.jsonl.gz"
    cut_gzip.write_bytes(gzip.compress(data)[:-30])
    other = make_outlet("KPG")
    signed_by_other = tmp_path / "other.jsonl"
    header, *rest = data.split(b"\n", 1)
    signed_by_other.write_bytes(
        header.replace(b'"outlet":"BLU"', b'"outlet":"KPG"') + b"\n" + rest[0]
    )
    del other

    for bad, reason in [
        (tampered, "signature"),
        (truncated, "cut off"),
        (no_trailer, "trailer"),
        (cut_gzip, "cut off"),
        (signed_by_other, "signature"),
    ]:
        result = nttmart("--lang", "en", "central", "import", str(bad), env=central_env)
        assert result.exit_code == 1, (bad, result.output)
        assert "refused, nothing was stored" in result.stderr and reason in result.stderr, bad
    assert central_counts(central)["central_journal"] == 0


def test_central_cli_registry_and_summary(
    central: Engine, central_env: dict[str, str], make_outlet: MakeOutlet, tmp_path: Path
) -> None:
    assert nttmart("central", "migrate", env=central_env).exit_code == 0
    added = nttmart(
        "central", "outlet", "add", "SBA", "--name", "NTT Mart Waingapu", "--kabupaten",
        "Sumba Timur", env=central_env,
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    token = added.stdout.strip()
    assert len(token) >= 40 and token not in added.stderr
    again = nttmart("central", "outlet", "add", "SBA", "--name", "x", env=central_env)
    assert again.exit_code == 1 and "SBA" in again.stderr
    bad = nttmart("central", "outlet", "add", "sba!", "--name", "x", env=central_env)
    assert bad.exit_code == 1

    listed = json.loads(nttmart("central", "outlet", "list", "--json", env=central_env).stdout)
    assert [(o["code"], o["kabupaten"], o["enabled"]) for o in listed] == [
        ("SBA", "Sumba Timur", True)
    ]
    assert token not in json.dumps(listed)

    rotated = nttmart("central", "outlet", "rotate-token", "SBA", env=central_env)
    assert rotated.exit_code == 0 and rotated.stdout.strip() != token
    assert nttmart("central", "outlet", "disable", "SBA", env=central_env).exit_code == 0
    assert nttmart("central", "outlet", "disable", "XYZ", env=central_env).exit_code == 1

    blu = make_outlet("BLU")
    add_sales(blu, 4)
    out = tmp_path / "blu.jsonl"
    assert export(blu, out, "--from-seq", "4").exit_code == 0
    assert nttmart("central", "import", str(out), env=central_env).exit_code == 0
    summary = json.loads(nttmart("central", "summary", "--json", env=central_env).stdout)
    by_code = {row["code"]: row for row in summary}
    assert by_code["SBA"]["enabled"] is False
    blu_row = by_code["BLU"]
    assert blu_row["last_seq"] == 7 and blu_row["contiguous_seq"] == 0
    assert blu_row["gaps"] == [{"first": 1, "last": 3}]
    assert blu_row["stock_movements"] == 4 * 3 and blu_row["last_heard_at"] is not None
    table = nttmart("--lang", "en", "central", "summary", env=central_env)
    assert "1-3" in table.stdout and "BLU" in table.stdout


def test_sync_status_json_and_push_command(
    server: ServerThread, central: Engine, make_outlet: MakeOutlet
) -> None:
    blu = make_outlet("BLU")
    add_sales(blu, 3)
    blu.store.close()
    config = write_config(blu, server.url)
    pushed = nttmart("--config", str(config), "--lang", "en", "sync", "push", "--quiet")
    assert pushed.exit_code == 0, pushed.output
    assert "Sent 6 entries" in pushed.stdout
    status = json.loads(nttmart("--config", str(config), "sync", "status", "--json").stdout)
    assert status["outlet"] == "BLU" and status["online"] is True
    assert (status["last_seq"], status["acked_seq"], status["waiting"]) == (6, 6, 0)
    text = nttmart("--config", str(config), "--lang", "en", "sync", "status")
    assert "online" in text.stdout and "Waiting: 0" in text.stdout


def test_central_commands_want_a_migrated_database(tmp_path: Path) -> None:
    env = {"NTTMART_CENTRAL__DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.db'}"}
    refused = nttmart("--lang", "en", "central", "outlet", "list", env=env)
    assert refused.exit_code == 1 and "nttmart central migrate" in refused.stderr
    assert nttmart("central", "migrate", env=env).exit_code == 0
    assert nttmart("central", "outlet", "list", "--json", env=env).stdout.strip() == "[]"


def test_central_conflicts_command(
    server: ServerThread, central: Engine, central_env: dict[str, str], make_outlet: MakeOutlet
) -> None:
    from tests.sync.helpers import entries_of, post, wire

    blu = make_outlet("BLU")
    add_sales(blu, 1)
    body = wire(entries_of(blu.store))
    assert post(server.url, blu.token, body).status_code == 200
    body["entries"][0]["payload"]["products"][0]["price"] = 1
    assert post(server.url, blu.token, body).status_code == 409
    listed = json.loads(nttmart("central", "conflicts", "--json", env=central_env).stdout)
    assert [(c["outlet"], c["seq"], c["times"]) for c in listed] == [("BLU", 1, 1)]
    assert '"price":1' in listed[0]["offered_entry"]
    table = nttmart("--lang", "en", "central", "conflicts", env=central_env)
    assert table.exit_code == 0 and "BLU" in table.stdout
