"""Loading Sluis's translations: ``translations/sluis_<lang>.ts`` compiled to ``.qm`` on first use.

The ``.ts`` files are the source of truth (``translations/update.sh`` refreshes them with
``pyside6-lupdate``). At run time a ``.qm`` is compiled with ``pyside6-lrelease`` into the cache
folder when it is missing or older than its ``.ts``; an install may ship ready ``.qm`` files beside
the ``.ts`` instead, which are then used as they are.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtGui import QGuiApplication

from gui.bundled import bundled_dir
from gui.core.paths import ensure_private_dir

log = logging.getLogger("sluis.translations")

TRANSLATIONS_DIR = bundled_dir("translations")
LRELEASE_TIMEOUT = 30.0


def lrelease_command() -> str | None:
    """``pyside6-lrelease`` beside the running interpreter (a venv), else on ``PATH``."""
    beside = Path(sys.executable).with_name("pyside6-lrelease")
    if beside.exists():
        return str(beside)
    import shutil  # here, not at the top: a start with a compiled translation never needs it

    return shutil.which("pyside6-lrelease")


def compiled(ts_file: Path, cache_dir: Path) -> Path | None:
    """The ``.qm`` for ``ts_file``: shipped beside it, or compiled into ``cache_dir`` when stale."""
    shipped = ts_file.with_suffix(".qm")
    if shipped.exists() and shipped.stat().st_mtime >= ts_file.stat().st_mtime:
        return shipped
    target = cache_dir / shipped.name
    if target.exists() and target.stat().st_mtime >= ts_file.stat().st_mtime:
        return target
    command = lrelease_command()
    if command is None:
        log.warning("pyside6-lrelease not found; %s stays untranslated", ts_file.name)
        return None
    import subprocess  # here, not at the top: a start with a compiled translation never needs it

    try:
        ensure_private_dir(cache_dir)
        subprocess.run(  # noqa: S603 - a fixed tool on our own files
            [command, "-silent", str(ts_file), "-qm", str(target)],
            check=True,
            timeout=LRELEASE_TIMEOUT,
            capture_output=True,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("could not compile %s: %s", ts_file.name, exc)
        return None
    return target if target.exists() else None


def language_for(locale: QLocale, available: list[str]) -> str | None:
    """The first of the locale's UI languages Sluis has a translation for (``nl-BE`` → ``nl``)."""
    for tag in locale.uiLanguages():
        code = tag.replace("_", "-").split("-", 1)[0].lower()
        if code in available:
            return code
    return None


def available_languages(directory: Path = TRANSLATIONS_DIR) -> list[str]:
    return sorted(p.stem.removeprefix("sluis_") for p in directory.glob("sluis_*.ts"))


def install_translators(
    app: QCoreApplication, language: str, cache_dir: Path, directory: Path = TRANSLATIONS_DIR
) -> list[QTranslator]:
    """Install Sluis's and Qt's own translation for ``language`` ("" = the system's languages).

    Returns the installed translators; the caller keeps them alive (Qt does not own them).
    """
    locale = QLocale(language) if language else QLocale.system()
    if language:
        QLocale.setDefault(locale)
    code = language_for(locale, available_languages(directory))
    installed: list[QTranslator] = []
    if code is None:
        return installed
    qm = compiled(directory / f"sluis_{code}.ts", cache_dir)
    sluis = QTranslator(app)
    if qm is not None and sluis.load(str(qm)):
        app.installTranslator(sluis)
        installed.append(sluis)
    qt = QTranslator(app)
    if qt.load(locale, "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        installed.append(qt)
    return installed


def layout_direction(language: str, directory: Path = TRANSLATIONS_DIR) -> Qt.LayoutDirection:
    """Right to left when the language Sluis shows (the setting, else the system's) is written so
    (Arabic): the whole window is mirrored then, not only its texts."""
    locale = QLocale(language) if language else QLocale.system()
    code = language_for(locale, available_languages(directory))
    if code is not None and QLocale(code).textDirection() is Qt.LayoutDirection.RightToLeft:
        return Qt.LayoutDirection.RightToLeft
    return Qt.LayoutDirection.LeftToRight


def apply_layout_direction(app: QCoreApplication, language: str) -> Qt.LayoutDirection:
    """Set the application's layout direction for ``language`` ("" = the system's languages).

    Set explicitly rather than left to Qt's own detection (which reads Qt's translation of
    ``QT_LAYOUT_DIRECTION``): that needs Qt's own Arabic catalogue, which an install may lack.
    """
    direction = layout_direction(language)
    if isinstance(app, QGuiApplication):
        app.setLayoutDirection(direction)
    return direction
