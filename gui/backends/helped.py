"""The base of the Linux backends whose root steps go through the privileged helper."""

from __future__ import annotations

from gui.backends.base import Backend, BackendOptions
from gui.backends.privileged import Helper, make_helper


class PrivilegedBackend(Backend):
    """The helper is made on first use: a tunnel brought up in-process as root never starts pkexec."""

    def __init__(self, options: BackendOptions | None = None, helper: Helper | None = None) -> None:
        super().__init__()
        self.options = options or BackendOptions()
        self._helper = helper

    @property
    def helper(self) -> Helper:
        if self._helper is None:
            self._helper = make_helper(self.options.helper_state_dir)
        return self._helper
