"""The diagnostics file a user attaches to a bug report: useful facts, no secrets, private mode.

The log lines are written into the log file as they are (as an old version or a third-party logger
might have left them), so the report's own redaction is what is tested.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QFileDialog
from ui_support import RecordingTray, make_controller

from gui.core.diagnostics import build_report, write_report
from gui.core.logsetup import LOG_FILE
from gui.core.paths import AppPaths
from gui.core.servers import ServerEntry
from gui.core.service import VpnService
from gui.core.settings import Settings
from gui.ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[1]
SECRETS = (
    "ya29.FAKEACCESSTOKEN123",
    "def50200FAKEREFRESH456",
    "AUTHCODE42xyz",
    "STATE77abc",
    "hunter2secret",
    "MIIEvFAKEPRIVATEKEYBODY",
)
LEAKY_LOG = (
    "2026-01-01 10:00:00 INFO sluis.oauth: callback "
    "http://127.0.0.1:4567/callback?code=AUTHCODE42xyz&state=STATE77abc\n"
    "2026-01-01 10:00:01 INFO thirdparty: Authorization: Bearer ya29.FAKEACCESSTOKEN123\n"
    '2026-01-01 10:00:02 INFO thirdparty: {"access_token": "ya29.FAKEACCESSTOKEN123", '
    '"refresh_token": "def50200FAKEREFRESH456"}\n'
    "2026-01-01 10:00:03 INFO thirdparty: -----BEGIN PRIVATE KEY-----\nMIIEvFAKEPRIVATEKEYBODY\n"
    "-----END PRIVATE KEY-----\n"
    "2026-01-01 10:00:04 WARNING sluis.controller: the last line before the report\n"
)


def leaky_home(paths: AppPaths) -> None:
    paths.log_dir.mkdir(parents=True, exist_ok=True)
    (paths.log_dir / LOG_FILE).write_text(LEAKY_LOG, encoding="utf-8")


def assert_clean(report: str) -> None:
    for secret in SECRETS:
        assert secret not in report, f"{secret} leaked into the diagnostics"


def test_the_report_has_the_facts_and_none_of_the_secrets(tmp_path: Path) -> None:
    paths = AppPaths.from_environment({"SLUIS_HOME": str(tmp_path / "home")})
    settings = replace(Settings(), extra={"password": "hunter2secret"})
    service = VpnService(paths, settings)
    service.servers.add(ServerEntry("https://vpn.example.org/"))
    leaky_home(paths)
    report = build_report(service, backend={"backend": "recording", "tunnel": "disconnected"})
    assert_clean(report)
    assert "the last line before the report" in report
    assert "https://vpn.example.org/" in report
    assert "Python: " in report and "Sluis: " in report and "PySide6: " in report
    assert '"backend": "recording"' in report
    assert "[redacted]" in report
    target = write_report(tmp_path / "out" / "diag.txt", report)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_sluis_diagnostics_writes_a_private_clean_file(tmp_path: Path) -> None:
    home = tmp_path / "home"
    leaky_home(AppPaths.from_environment({"SLUIS_HOME": str(home)}))
    output = tmp_path / "report.txt"
    done = subprocess.run(
        [sys.executable, "-m", "gui", "diagnostics", "--output", str(output)],
        env={**os.environ, "SLUIS_HOME": str(home), "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(output.stat().st_mode) == 0o600
    report = output.read_text(encoding="utf-8")
    assert_clean(report)
    assert "== Log (most recent last) ==" in report
    assert "the last line before the report" in report


@pytest.mark.usefixtures("qt_loop")
def test_save_diagnostics_from_the_help_page(qtbot: Any, tmp_path: Path) -> None:
    async def no_browser(url: str) -> None:
        raise AssertionError("no login here")

    controller = make_controller(tmp_path, no_browser)
    leaky_home(controller.service.paths)
    window = MainWindow(controller, tray=RecordingTray(), quit_app=lambda: None)
    qtbot.addWidget(window)
    window.show()
    window.show_page(window.help_page)
    page = window.help_page
    page.diagnostics_button.click()
    dialog = page.dialog
    assert isinstance(dialog, QFileDialog)
    assert dialog.isVisible(), "the dialog is open and the click returned: no nested event loop"
    target = tmp_path / "mine.txt"
    dialog.fileSelected.emit(str(target))  # what the dialog sends when the user clicks Save
    dialog.done(QFileDialog.DialogCode.Accepted)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    text = target.read_text(encoding="utf-8")
    assert_clean(text)
    assert '"tunnel": "disconnected"' in text
    assert str(target) in page.diagnostics_label.text()
