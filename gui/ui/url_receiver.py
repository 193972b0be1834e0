"""Where links the OS hands to a running Sluis arrive: registered before the window exists, so a
link that started Sluis (a cold start by a click) is kept until the window can route it.

Its own small module: the start loads it before the window's first frame, and the import dialogs
(file choosers, questions) need not come with it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QFileOpenEvent

# The files a link or a drop may import.
PROFILE_SUFFIXES = (".ovpn", ".conf")


class UrlReceiver(QObject):
    """Where the OS delivers links to a running app: ``QDesktopServices.setUrlHandler`` for each scheme
    (macOS open-URL events; also any ``QDesktopServices.openUrl`` inside the app) and, as the macOS
    fallback, ``QEvent.FileOpen`` on the application. Links that arrive before a router is attached
    (a cold start by a click) are kept and handed over by ``attach``."""

    def __init__(self, schemes: tuple[str, ...], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.schemes = schemes
        self._route: Callable[[str], object] | None = None
        self.pending: list[str] = []
        for scheme in schemes:
            # The stubs say bytes; PySide6 accepts only the slot name as str at run time.
            QDesktopServices.setUrlHandler(scheme, self, "open_url")  # type: ignore[arg-type]

    @Slot(QUrl)
    def open_url(self, url: QUrl) -> None:
        self._deliver(url.toString(QUrl.ComponentFormattingOption.FullyEncoded))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FileOpen and isinstance(event, QFileOpenEvent):
            url = event.url()
            if url.scheme() in self.schemes:
                self._deliver(url.toString(QUrl.ComponentFormattingOption.FullyEncoded))
                return True
            if url.isLocalFile() and url.toLocalFile().lower().endswith(PROFILE_SUFFIXES):
                self._deliver(url.toLocalFile())
                return True
        return super().eventFilter(watched, event)

    def _deliver(self, url: str) -> None:
        if self._route is None:
            self.pending.append(url)
        else:
            self._route(url)

    def attach(self, route: Callable[[str], object]) -> None:
        self._route = route
        waiting, self.pending = self.pending, []
        for url in waiting:
            route(url)

    def close(self) -> None:
        for scheme in self.schemes:
            QDesktopServices.unsetUrlHandler(scheme)


def install_url_receiver(
    app: QCoreApplication, schemes: tuple[str, ...], *, file_open_events: bool = True
) -> UrlReceiver:
    """Register early (before the window exists) so cold-start links are not lost.

    ``file_open_events``: also watch the application's events for ``QEvent.FileOpen``, which only
    macOS sends. Elsewhere the filter would only cost: every event of the application would pass
    through Python, and the first ones make PySide6 create its enum types (~25 ms before the first
    frame)."""
    receiver = UrlReceiver(schemes, app)
    if file_open_events:
        app.installEventFilter(receiver)
    return receiver
