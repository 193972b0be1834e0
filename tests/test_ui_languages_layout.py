"""Every language, as the app loads it (the compiled translations): on each page the keyboard
mnemonics (Alt+letter) of what a user can reach there, the navigation included, never clash; the
window still fits near 360 px wide; a Latin-script value sits next to its label in Arabic."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget
from ui_support import RecordingTray, make_controller

from gui.ui.main_window import MainWindow
from gui.ui.translations import available_languages

LANGUAGES = sorted({"en", *available_languages()})
# A phone-sized window, the narrowest a desktop user meets (a tiled half of a small screen).
NARROWEST = 380


async def no_browser(url: str) -> None:
    raise AssertionError("no login here")


def mnemonic(text: str) -> str | None:
    """The letter after a single ``&`` (``&&`` is a literal ampersand), as Qt matches it."""
    plain = text.replace("&&", "")
    at = plain.find("&")
    if at < 0 or at + 1 >= len(plain):
        return None
    return QLocale().toLower(plain[at + 1])


def reachable_texts(root: QWidget) -> list[tuple[str, str]]:
    """(mnemonic, text) of the buttons and buddy labels under ``root``."""
    found: list[tuple[str, str]] = []
    for widget in [root, *root.findChildren(QWidget)]:
        labelled = isinstance(widget, QLabel) and widget.buddy() is not None
        text = widget.text() if isinstance(widget, QAbstractButton) or labelled else ""
        key = mnemonic(text) if text else None
        if key is not None:
            found.append((key, text))
    return found


@pytest.fixture
def window_in(
    qtbot: Any, qt_loop: Any, tmp_path: Path, ui_language: Callable[[str], None]
) -> Iterator[Callable[[str], MainWindow]]:
    def make(code: str) -> MainWindow:
        ui_language(code)
        if code == "ar":
            QApplication.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        controller = make_controller(tmp_path / code, no_browser)
        window = MainWindow(controller, tray=RecordingTray(), quit_app=lambda: None)
        qtbot.addWidget(window)
        return window

    yield make
    QApplication.setLayoutDirection(Qt.LayoutDirection.LeftToRight)


@pytest.mark.parametrize("code", LANGUAGES)
def test_no_two_controls_on_a_page_share_a_mnemonic(
    code: str, window_in: Callable[[str], MainWindow]
) -> None:
    window = window_in(code)
    nav = [(mnemonic(b.text()), b.text()) for b in window.nav_group.buttons()]
    banner = reachable_texts(window.banner)
    clashes: list[str] = []
    # The big button shows Connect, Disconnect or Cancel in turn: each with the rest of its page.
    states = [QCoreApplication.translate("ConnectionPage", t) for t in ("&Connect", "&Disconnect", "&Cancel")]
    for index in range(window.stack.count()):
        page = window.stack.widget(index)
        texts = reachable_texts(page)
        variants = [texts]
        if page is window.connection_page:
            current = window.connection_page.connect_button.text()
            rest = [(k, t) for k, t in texts if t != current]
            variants = [[*rest, (mnemonic(state), state)] for state in states]
        for variant in variants:
            seen: dict[str, str] = {}
            for key, text in [*nav, *banner, *variant]:
                assert key is not None
                if key in seen and seen[key] != text:
                    clash = f"{type(page).__name__}: {seen[key]!r} / {text!r}"
                    if clash not in clashes:
                        clashes.append(clash)
                seen.setdefault(key, text)
    assert not clashes, f"{code}: " + "; ".join(clashes)


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_window_fits_a_narrow_screen_in_every_language(
    code: str, window_in: Callable[[str], MainWindow]
) -> None:
    window = window_in(code)
    window.show()
    widest = 0
    for index in range(window.stack.count()):
        window.stack.setCurrentIndex(index)
        widest = max(widest, window.minimumSizeHint().width(), window.minimumWidth())
    assert widest <= NARROWEST, f"{code}: the window cannot be narrower than {widest} px"


def test_arabic_keeps_latin_values_next_to_their_labels(window_in: Callable[[str], MainWindow]) -> None:
    window = window_in("ar")
    page = window.connection_page
    for value in (page.ipv4_label, page.protocol_label, page.expires_label):
        align = value.alignment()
        assert align & Qt.AlignmentFlag.AlignRight and align & Qt.AlignmentFlag.AlignAbsolute, (
            value.accessibleName()
        )


def test_arabic_numbers_use_one_digit_system_in_the_page_and_the_notification(
    window_in: Callable[[str], MainWindow],
) -> None:
    from datetime import timedelta

    from gui.ui.texts import countdown_text, notification_text

    window_in("ar")
    countdown = countdown_text(timedelta(hours=3, minutes=58))
    notice = notification_text(4 * 3600)
    for text in (countdown, notice):
        assert not any(c in "0123456789" for c in text), f"mixed digits in {text!r}"
    assert "٣" in countdown and "٤" in notice
