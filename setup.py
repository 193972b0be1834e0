"""Build hook: ship ``resources/`` and ``translations/`` inside the package, and compile the Qt
``.ts`` translations to ``.qm`` when Qt's ``lrelease`` is at hand (otherwise the app compiles them
into its cache at first start). Everything else is in pyproject.toml."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


def _lrelease() -> list[str] | None:
    found = shutil.which("pyside6-lrelease") or shutil.which("lrelease")
    if found:
        return [found]
    try:
        import PySide6  # noqa: F401  (only present when the build environment has Qt)
    except ImportError:
        return None
    return ["pyside6-lrelease"] if shutil.which("pyside6-lrelease") else None


class BuildWithAppFiles(build_py):
    def run(self) -> None:
        super().run()
        target = Path(self.build_lib) / "gui" / "_bundled"
        for name in ("resources", "translations"):
            source = Path(name)
            if source.is_dir():
                shutil.copytree(
                    source, target / name, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.sh", "*.qm")
                )
        lrelease = _lrelease()
        if lrelease:
            for ts in sorted((target / "translations").glob("*.ts")):
                command = [*lrelease, "-silent", str(ts), "-qm", str(ts.with_suffix(".qm"))]
                subprocess.run(command, check=False)  # noqa: S603 - our own files, a fixed tool


setup(cmdclass={"build_py": BuildWithAppFiles})
