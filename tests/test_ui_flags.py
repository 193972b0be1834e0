"""The Secure Internet flags are bundled SVG images (emoji flags are empty boxes without an emoji
font, and Windows draws none): every country of the bundled server list has one, each draws, and
``packaging/make_flags.py`` writes exactly the committed files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtSvg import QSvgRenderer

from gui.ui.flags import FLAGS, flag_icon

ROOT = Path(__file__).resolve().parents[1]


def listed_countries() -> set[str]:
    servers = json.loads((ROOT / "gui" / "data" / "discovery" / "server_list.json").read_text())
    return {s["country_code"].lower() for s in servers["server_list"] if s.get("country_code")}


def test_every_listed_country_has_a_flag_that_draws(qapp: object) -> None:
    for code in sorted(listed_countries()):
        path = FLAGS / f"{code}.svg"
        assert path.is_file(), f"no flag for {code}"
        assert QSvgRenderer(str(path)).isValid(), code
        assert path.stat().st_size < 2000, f"{code}: keep flags small"
        icon = flag_icon(code)
        assert icon is not None and not icon.pixmap(QSize(24, 16)).isNull()
    assert flag_icon("xx") is None and flag_icon("../x") is None


def test_the_generator_writes_the_committed_flags(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "make_flags.py"), str(tmp_path)], check=True, timeout=60
    )
    written = {p.name: p.read_bytes() for p in tmp_path.glob("*.svg")}
    committed = {p.name: p.read_bytes() for p in FLAGS.glob("*.svg")}
    assert written == committed
