"""``nttmart`` imports a command only when it is asked for: the till starts without the central
service, the reports or the PDF writers."""

from __future__ import annotations

import json
import subprocess
import sys

from pos.cli import COMMANDS, main


def test_the_till_command_loads_nothing_of_the_centre() -> None:
    probe = (
        "import json, sys\n"
        "from pos.cli import main\n"
        "assert main.get_command(None, 'pos') is not None\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('fastapi', 'reportlab', 'psycopg', 'uvicorn') or m.startswith('sync.central'))))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert json.loads(out.stdout) == []


def test_every_command_is_listed_and_loads() -> None:
    assert main.list_commands(None) == sorted(COMMANDS)  # type: ignore[arg-type]
    main.load_all()
    assert sorted(main.commands) == sorted(COMMANDS)
    assert {"proposal", "transfer-refusals", "report"} <= set(main.commands["central"].commands)  # type: ignore[attr-defined]
