"""A changed language setting applied at once, without a restart.

Every text is set when a page is built, so the simplest correct way to show a new language is to
build the window again: the translators are swapped, a new ``MainWindow`` takes over the old one's
place, page and state (the controller keeps all state; the window only shows it), and the old one
goes. The tray's menu is rebuilt each time it opens, so it follows by itself.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QObject, QTimer, QTranslator, Signal

from gui.controller.viewmodel import ControllerPort
from gui.ui.main_window import MainWindow
from gui.ui.translations import apply_layout_direction, install_translators


class LiveLanguage(QObject):
    # The new window, after a language change replaced the old one.
    windowReplaced = Signal(object)

    def __init__(
        self,
        app: QCoreApplication,
        controller: ControllerPort,
        cache_dir: Path,
        translators: list[QTranslator],
        make_window: Callable[[], MainWindow],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._app = app
        self._controller = controller
        self._cache_dir = cache_dir
        self._make_window = make_window
        self.translators = translators
        self.language = controller.settings.language
        self.window = make_window()
        controller.settingsChanged.connect(self._on_settings)

    def _on_settings(self) -> None:
        if self._controller.settings.language != self.language:
            # Not from inside the settings page's own signal: that page is about to be replaced.
            QTimer.singleShot(0, self.apply)

    def apply(self) -> MainWindow:
        """Install the setting's language and rebuild the window (nothing happens if unchanged)."""
        language = self._controller.settings.language
        if language == self.language:
            return self.window
        self.language = language
        self.remove_translators()
        if not language:
            QLocale.setDefault(QLocale.system())
        self.translators = install_translators(self._app, language, self._cache_dir)
        apply_layout_direction(self._app, language)  # Arabic mirrors the window
        old = self.window
        new = self._make_window()
        new.take_over(old)
        self.window = new
        old.hide()  # not close(): without a tray, closing the window quits
        old.deleteLater()
        self.windowReplaced.emit(new)
        return new

    def remove_translators(self) -> None:
        for translator in self.translators:
            self._app.removeTranslator(translator)
        self.translators = []
