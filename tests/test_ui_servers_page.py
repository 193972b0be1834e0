"""The Servers page as a user reads it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from gui.core.servers import ServerEntry, ServerKind
from gui.ui.main_window import MainWindow
from tests.ui_support import RecordingTray, make_controller


async def no_browser(url: str) -> None:
    raise AssertionError("no login here")


def rows(window: MainWindow) -> dict[str, list[tuple[str, str]]]:
    tree = window.servers_page.tree
    groups: dict[str, list[tuple[str, str]]] = {}
    for i in range(tree.topLevelItemCount()):
        header = tree.topLevelItem(i)
        assert header is not None
        groups[header.text(0)] = [
            (child.text(0), child.toolTip(0))
            for j in range(header.childCount())
            if (child := header.child(j)) is not None
        ]
    return groups


def test_a_delisted_server_is_shown_as_such_and_kept(qtbot: Any, qt_loop: Any, tmp_path: Path) -> None:
    controller = make_controller(tmp_path, no_browser)
    controller.service.servers.add(
        ServerEntry(
            "https://gone.example.org/", ServerKind.INSTITUTE_ACCESS, {"en": "Gone University"}, delisted=True
        )
    )
    controller.service.servers.add(
        ServerEntry("https://here.example.org/", ServerKind.INSTITUTE_ACCESS, {"en": "Here University"})
    )
    window = MainWindow(controller, tray=RecordingTray(), quit_app=lambda: pytest.fail("nothing quits"))
    qtbot.addWidget(window)
    window.servers_page.refresh()
    institutes = dict(rows(window)["Institute Access"])
    assert "Gone University (no longer listed)" in institutes
    assert "no longer in the eduVPN server list" in institutes["Gone University (no longer listed)"]
    assert institutes["Here University"] == "https://here.example.org/"
