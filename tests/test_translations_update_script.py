"""translations/update.sh finds pyside6-lupdate on PATH or in the README's .venv, and says what to
install when neither has it (it used to fall back to a path from one developer's machine)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def copy_of_the_repository_script(tmp_path: Path) -> Path:
    """The script in a bare tree (it cds to its parent's parent): translations/ and an empty gui/."""
    (tmp_path / "translations").mkdir()
    (tmp_path / "gui").mkdir()
    script = tmp_path / "translations" / "update.sh"
    shutil.copy(ROOT / "translations" / "update.sh", script)
    return script


def run(script: Path, path: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "LUPDATE"}
    env["PATH"] = path
    bash = shutil.which("bash") or "/bin/bash"
    return subprocess.run([bash, str(script)], env=env, capture_output=True, text=True, timeout=30)


def test_without_lupdate_it_says_what_to_install(tmp_path: Path) -> None:
    script = copy_of_the_repository_script(tmp_path)
    done = run(script, "/usr/bin:/bin")
    assert done.returncode == 1
    assert "pyside6-lupdate not found" in done.stderr
    assert "pip install PySide6" in done.stderr


def test_it_uses_the_venv_of_the_readme(tmp_path: Path) -> None:
    script = copy_of_the_repository_script(tmp_path)
    fake = tmp_path / ".venv" / "bin" / "pyside6-lupdate"
    fake.parent.mkdir(parents=True)
    log = tmp_path / "calls"
    fake.write_text(f'#!/bin/sh\necho "$@" >> {log}\n')
    fake.chmod(0o755)
    done = run(script, "/usr/bin:/bin")
    assert done.returncode == 0, done.stderr
    calls = log.read_text().splitlines()
    assert len(calls) == 2 and "-extensions py" in calls[0]


def test_one_on_path_wins(tmp_path: Path) -> None:
    script = copy_of_the_repository_script(tmp_path)
    bindir = tmp_path / "bin"
    bindir.mkdir()
    log = tmp_path / "calls"
    tool = bindir / "pyside6-lupdate"
    tool.write_text(f"#!/bin/sh\necho path >> {log}\n")
    tool.chmod(0o755)
    done = run(script, f"{bindir}:/usr/bin:/bin")
    assert done.returncode == 0, done.stderr
    assert log.read_text().split() == ["path", "path"]
