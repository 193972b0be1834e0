"""The window's side of importing profiles and opening links: the confirm dialog that shows where a
profile comes from, the file dialog, drag and drop, and link error messages.

Views do no I/O: these widgets only ask and report. ``gui.urlrouter.LinkActions`` does the work
and is given ``ImportDialogs.confirm`` / ``ImportDialogs.error`` as its UI. Dialogs are shown with
``open()`` and a future, never ``exec()`` inside a coroutine (qasync would re-enter).

The wiring into the running window (second launches, a cold start's link, macOS open-URL events,
drops, the "Import profile…" button, the control API's imports) is ``gui.ui.window_links``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from gui.ui.url_receiver import PROFILE_SUFFIXES

LINK_PREFIXES = ("openvpn://import-profile/", "https://")


class SourceView(Protocol):
    """What the dialog needs to know about an import source (``gui.core.importers.ImportSource``)."""

    @property
    def host(self) -> str | None: ...

    @property
    def shown(self) -> str: ...


def confirm_texts(source: SourceView) -> tuple[str, str]:
    """The question and the explanation, translated; the host (or file) is always named."""
    if source.host:
        question = QCoreApplication.translate("ImportDialog", "Import a VPN profile from %1?").replace(
            "%1", source.host
        )
        detail = QCoreApplication.translate(
            "ImportDialog",
            "Sluis downloads the profile once from this server and keeps it privately. "
            "Only import profiles from a server you trust.",
        )
    else:
        question = QCoreApplication.translate("ImportDialog", "Import the VPN profile in %1?").replace(
            "%1", Path(source.shown).name
        )
        detail = QCoreApplication.translate(
            "ImportDialog", "Sluis keeps a private copy of the profile. Only import profiles you trust."
        )
    return question, detail


class ImportDialogs:
    """The confirm and error dialogs, parented to the main window."""

    def __init__(self, parent: QWidget | None) -> None:
        self.parent = parent
        # The dialog on screen (tests answer it).
        self.current: QMessageBox | None = None

    async def confirm(self, source: SourceView) -> bool:
        question, detail = confirm_texts(source)
        box = QMessageBox(self.parent)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(QCoreApplication.translate("ImportDialog", "Import VPN profile"))
        box.setText(question)
        box.setInformativeText(detail)
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)  # importing is never the default
        import asyncio  # not at the top: the start's first frame loads this module, not asyncio

        answered: asyncio.Future[bool] = asyncio.get_running_loop().create_future()

        def finished(result: int) -> None:
            if not answered.done():
                answered.set_result(result == QMessageBox.StandardButton.Yes.value)

        box.finished.connect(finished)
        # A language change rebuilds the window and deletes the question with it: that is a "no".
        box.destroyed.connect(lambda: finished(QMessageBox.StandardButton.No.value))
        self.current = box
        box.open()
        try:
            return await answered
        finally:
            self.current = None
            if shiboken6.isValid(box):
                box.deleteLater()

    def error(self, message: str) -> QMessageBox:
        ok = QMessageBox.StandardButton.Ok
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            QCoreApplication.translate("ImportDialog", "Sluis"),
            message,
            ok,
            self.parent,
        )
        box.finished.connect(box.deleteLater)
        self.current = box
        box.open()
        return box


def open_profile_file_dialog(parent: QWidget | None, on_chosen: Callable[[str], object]) -> QFileDialog:
    """A non-blocking file dialog for ``.ovpn`` and WireGuard ``.conf`` files."""
    dialog = QFileDialog(parent, QCoreApplication.translate("ImportDialog", "Import VPN profile"))
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.setNameFilters(
        [
            QCoreApplication.translate("ImportDialog", "VPN profiles (*.ovpn *.conf)"),
            QCoreApplication.translate("ImportDialog", "All files (*)"),
        ]
    )
    dialog.fileSelected.connect(lambda path: on_chosen(path) if path else None)
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog


def dropped_sources(urls: list[QUrl], text: str = "") -> list[str]:
    """The profile files and import links in a drop; anything else is left alone."""
    files = [url.toLocalFile() for url in urls if url.isLocalFile()]
    sources = [path for path in files if path.lower().endswith(PROFILE_SUFFIXES)]
    links = [url.toString() for url in urls if not url.isLocalFile()]
    sources += [link for link in links if link.startswith(LINK_PREFIXES[0])]
    stripped = text.strip()
    if not sources and stripped.startswith(LINK_PREFIXES[0]) and "\n" not in stripped:
        sources.append(stripped)
    return sources


class ProfileDropFilter(QObject):
    """Accepts ``.ovpn`` / ``.conf`` files and ``openvpn://import-profile/`` links dropped on a widget."""

    def __init__(self, on_drop: Callable[[str], object], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.on_drop = on_drop

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            assert isinstance(event, QDragEnterEvent | QDropEvent)
            mime = event.mimeData()
            if dropped_sources(mime.urls(), mime.text()):
                event.acceptProposedAction()
                return True
        elif event.type() == QEvent.Type.Drop:
            assert isinstance(event, QDropEvent)
            mime = event.mimeData()
            sources = dropped_sources(mime.urls(), mime.text())
            if sources:
                event.acceptProposedAction()
                for source in sources:
                    self.on_drop(source)
                return True
        return super().eventFilter(watched, event)


def install_profile_drop(widget: QWidget, on_drop: Callable[[str], object]) -> ProfileDropFilter:
    widget.setAcceptDrops(True)
    drop_filter = ProfileDropFilter(on_drop, widget)
    widget.installEventFilter(drop_filter)
    return drop_filter
