"""Every message the console's templates and views name exists in both languages."""

from __future__ import annotations

import re
from pathlib import Path

from inventory.i18n import catalog
from sync.central.users import UserRole

TEMPLATES = Path(__file__).resolve().parents[3] / "sync" / "central" / "web" / "templates"
USE = re.compile(r"""_\(\s*["']([a-z_]+(?:\.[a-z0-9_]+)+)["']""")
CODE = Path(__file__).resolve().parents[3] / "sync" / "central" / "web"
MSG = re.compile(r"""\bmsg\(\s*[a-z_.]+,\s*"([a-z_]+(?:\.[a-z0-9_]+)+)\"""")


def test_template_and_view_messages_exist_in_both_languages() -> None:
    used: set[str] = set()
    for path in TEMPLATES.glob("*.html"):
        used.update(USE.findall(path.read_text("utf-8")))
    for path in CODE.glob("*.py"):
        used.update(MSG.findall(path.read_text("utf-8")))
    # Keys the templates build from values.
    used.update(f"web.role.{role.value}" for role in UserRole)
    used.update(f"web.overview.state_{s}" for s in ("ok", "gaps", "silent", "disabled"))
    assert len(used) > 40, sorted(used)
    for language in ("id", "en"):
        missing = sorted(key for key in used if key not in catalog(language))
        assert missing == [], language
