"""Links and profile imports wired into the running window, in one place.

Every way a link or a profile reaches Sluis ends here: a second launch's command line (the
single-instance socket), a cold start's ``sluis URL``, macOS open-URL events, a file dropped on the
window, the "Import profile…" button and the local control API's ``import``. They all take the
same checked path of ``gui.urlrouter`` (classify, then confirm naming the host, then import), so
no entry point can import silently or fill in something a link may not.

The window is rebuilt when the language changes (``gui.ui.live_language``); ``attach_window``
moves the drop target, the button and the dialogs' parent to the new one.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog

from gui.controller.viewmodel import error_message
from gui.core.importers import ImportSource
from gui.desktop.urlschemes import looks_like_url
from gui.ui.import_dialog import (
    ImportDialogs,
    ProfileDropFilter,
    install_profile_drop,
    open_profile_file_dialog,
)
from gui.urlrouter import Intent, LinkActions, OAuthCallback, UrlRouter

if TYPE_CHECKING:
    from gui.controller.machine import Controller
    from gui.core.servers import ServerEntry
    from gui.ui.main_window import MainWindow

log = logging.getLogger("sluis.links")


class WindowLinks(QObject):
    """The window's side of ``LinkActions``: asks and reports in the window, imports in the background."""

    def __init__(
        self,
        controller: Controller,
        window: MainWindow,
        *,
        show_window: Callable[[], object] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.window = window
        self._show_window = show_window
        self.dialogs = ImportDialogs(window)
        self.actions = LinkActions(
            controller.service,
            ask=self._ask,
            show_error=self.show_error,
            show_add=self.show_add,
            imported=self._imported,
            import_profile=controller.import_profile,
            describe=error_message,
        )
        self.router: UrlRouter = self.actions.router()
        self.drop_filter: ProfileDropFilter | None = None
        # The open "Import VPN profile" file dialog, if any.
        self.file_dialog: QFileDialog | None = None
        self.attach_window(window)

    def attach_window(self, window: MainWindow) -> None:
        """Use ``window`` (the first one, or the one a language change built) for drops and dialogs."""
        self.window = window
        self.dialogs.parent = window
        self.drop_filter = install_profile_drop(window, self.import_source)
        window.servers_page.importRequested.connect(self.choose_file)

    def show_window(self) -> None:
        if self._show_window is not None:
            self._show_window()
        else:
            self.window.bring_to_front()

    # -- entry points ------------------------------------------------------------------------------------

    def on_arguments(self, argv: Sequence[str]) -> Intent | None:
        """A second launch's command line: one URL is routed; anything else just shows the window."""
        intent = self.router.route_argv(argv)
        if not isinstance(intent, OAuthCallback):  # a login answer: the browser keeps the focus
            self.show_window()
        return intent

    def route(self, text: str) -> Intent | None:
        """A link, or a profile file the OS opened with Sluis (macOS ``FileOpen``)."""
        if not looks_like_url(text):
            self.import_source(text)
            return None
        intent = self.router.route(text)
        if not isinstance(intent, OAuthCallback):
            self.show_window()
        return intent

    def choose_file(self) -> QFileDialog:
        """ "Import profile…": the non-blocking file dialog; the chosen file is imported as dropped."""
        self.file_dialog = open_profile_file_dialog(self.window, self.import_source)
        return self.file_dialog

    def import_source(self, source: str) -> asyncio.Task[ServerEntry | None]:
        return self.actions.import_source(source)

    # -- the UI LinkActions is given -------------------------------------------------------------------

    async def _ask(self, source: ImportSource) -> bool:
        self.show_window()  # the question must not hide behind other windows (or a hidden one)
        return await self.dialogs.confirm(source)

    def show_error(self, message: str) -> None:
        self.show_window()
        self.dialogs.error(message)

    def show_add(self, url: str) -> None:
        """A ``sluis://add`` link: the Add server page with the address filled in; nothing is added
        until the user says so."""
        window = self.window
        window.show_add_page()
        window.add_page.url_edit.setText(url)
        window.add_page.url_edit.setFocus()
        self.show_window()
        log.info("the Add server page was filled in from a link: %s", url)  # a server address, no secret

    def _imported(self, entry: ServerEntry) -> None:
        log.info("a profile was imported; the server list shows it")
        window = self.window
        window.show_page(window.servers_page)
        window.servers_page.select(entry.base_url)
