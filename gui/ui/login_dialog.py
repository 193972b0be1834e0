"""The VPN login question of a profile that asks for one (an OpenVPN Access Server user-locked
profile): the username (the profile's own filled in), the password without echo, the answer to a
static challenge when the server asks one, and "Remember" when a secure keyring can keep it.

The controller asks (``loginRequested``) and waits for ``answer_login``; the window shows this
dialog with ``open()`` and answers when it closes, never ``exec()`` inside a coroutine. Cancel
cancels the connect.
"""

from __future__ import annotations

import asyncio

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from gui.core.profile_secrets import LoginAnswer, LoginPrompt


class LoginDialog(QDialog):
    """Fields already known (a kept password) are left out; "remember" is offered only with a
    secure keyring, and never covers the challenge's answer."""

    def __init__(self, prompt: LoginPrompt, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prompt = prompt
        self.setWindowTitle(self.tr("VPN login"))
        layout = QVBoxLayout(self)
        if prompt.password_known:
            intro = self.tr("“{profile}” asks for one more answer to connect.")
        else:
            intro = self.tr("“{profile}” asks for your VPN username and password.")
        self.intro = QLabel(intro.format(profile=prompt.profile_name))
        self.intro.setTextFormat(Qt.TextFormat.PlainText)
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)

        form = QFormLayout()
        self.username = QLineEdit(prompt.username or "")
        self.username.setAccessibleName(self.tr("Username"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(self.tr("Password"))
        self.challenge = QLineEdit()
        if not prompt.echo:
            self.challenge.setEchoMode(QLineEdit.EchoMode.Password)
        self.challenge.setAccessibleName(prompt.challenge or "")
        if not prompt.password_known:
            self._row(form, self.tr("&Username:"), self.username)
            self._row(form, self.tr("&Password:"), self.password)
        if prompt.challenge is not None:
            # The server's own words (an authenticator code, a PIN): shown as they come.
            self._row(form, prompt.challenge, self.challenge, rich=False)
        layout.addLayout(form)

        self.remember = QCheckBox(self.tr("&Remember the username and password in the system keyring"))
        if prompt.can_remember and not prompt.password_known:
            layout.addWidget(self.remember)
        else:
            self.remember.hide()

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.connect_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.connect_button.setText(self.tr("C&onnect"))
        self.connect_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        for field in (self.username, self.password, self.challenge):
            field.textChanged.connect(self._update_button)
        self._update_button()
        self._first_empty().setFocus()

    @staticmethod
    def _row(form: QFormLayout, text: str, field: QLineEdit, *, rich: bool = True) -> None:
        label = QLabel(text if rich else text.replace("&", "&&"))
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setBuddy(field)
        label.setWordWrap(True)
        form.addRow(label, field)

    def _needed(self) -> list[QLineEdit]:
        needed = [] if self.prompt.password_known else [self.username, self.password]
        if self.prompt.challenge is not None:
            needed.append(self.challenge)
        return needed

    def _first_empty(self) -> QLineEdit:
        needed = self._needed()
        return next((field for field in needed if not field.text()), needed[-1] if needed else self.password)

    def _update_button(self) -> None:
        self.connect_button.setEnabled(all(field.text() for field in self._needed()))

    def accept(self) -> None:
        if self.connect_button.isEnabled():  # Enter in an empty field does not send half a login
            super().accept()

    def answer(self) -> LoginAnswer:
        challenge = self.challenge.text() if self.prompt.challenge is not None else None
        remember = self.remember.isChecked() and self.prompt.can_remember and not self.prompt.password_known
        return LoginAnswer(self.username.text().strip(), self.password.text(), challenge, remember)


async def ask_login(parent: QWidget | None, prompt: LoginPrompt) -> LoginAnswer | None:
    """Show ``LoginDialog`` (``open()``, not ``exec()``) and await it; ``None`` when cancelled,
    also when the dialog goes away with its window (a language change rebuilds the window)."""
    dialog = LoginDialog(prompt, parent)
    answered: asyncio.Future[LoginAnswer | None] = asyncio.get_running_loop().create_future()

    def finished(result: int) -> None:
        if not answered.done():
            accepted = result == QDialog.DialogCode.Accepted.value
            answered.set_result(dialog.answer() if accepted else None)

    dialog.finished.connect(finished)
    dialog.destroyed.connect(lambda: finished(QDialog.DialogCode.Rejected.value))
    dialog.open()
    try:
        return await answered
    finally:
        if shiboken6.isValid(dialog):
            dialog.deleteLater()
