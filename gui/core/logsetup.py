"""Logging for Sluis: a rotating file in the per-user log folder, and secrets scrubbed on the way.

Nothing should log a token, a key or a URL carrying ``code``/``state``/``token``; the redaction
filter is the safety net for the message that slips through (and for third-party loggers), and the
same function cleans the log tail that goes into a diagnostics file.
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from gui.core.paths import ensure_private_dir

if TYPE_CHECKING:
    import logging.handlers

LOG_FILE = "sluis.log"

_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    # URL query values that are secrets: OAuth code/state, tokens, PKCE verifier.
    (
        re.compile(
            r"(?i)([?&](?:code|state|token|access_token|refresh_token|code_verifier|password)=)[^&\s\"'<>]+"
        ),
        r"\1[redacted]",
    ),
    # Authorization headers and JSON/form fields carrying tokens or keys.
    (re.compile(r"(?i)(bearer\s+)[A-Za-z0-9._~+/=-]+"), r"\1[redacted]"),
    (
        re.compile(
            r"(?i)([\"']?(?:access_token|refresh_token|id_token|private_?key|password|secret)[\"']?\s*[:=]\s*[\"']?)"
            r"[^\"',\s}]+"
        ),
        r"\1[redacted]",
    ),
    # PEM private keys and OpenVPN static keys.
    (
        re.compile(r"-----BEGIN ([A-Z ]*PRIVATE KEY|OpenVPN Static key V1)-----.*?-----END \1-----", re.S),
        r"-----BEGIN \1----- [redacted] -----END \1-----",
    ),
]


def redact(text: str) -> str:
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def _rotating_handler(path: str) -> logging.handlers.RotatingFileHandler:
    """The rotating file handler, every log file of it (also each one a rollover starts) readable by
    its owner only. ``logging.handlers`` (with ``socket``, ``pickle`` and ``queue``) is imported here,
    when the first record is written, not by every ``sluis`` command that never logs."""
    import logging.handlers

    class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
        def _open(self):  # type: ignore[no-untyped-def]
            stream = super()._open()
            os.chmod(self.baseFilename, 0o600)
            return stream

    return PrivateRotatingFileHandler(path, maxBytes=512 * 1024, backupCount=2, encoding="utf-8")


class DeferredLogFile(logging.Handler):
    """The log file's handler, standing in for the rotating one until a record arrives.

    ``configure_logging`` opens the file (so a file that cannot be written is known at once, as
    before) but the rotating handler and its imports wait for the first record that passes the
    level and the filters; records then go through it unchanged (format, rollover, 0600 mode)."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.baseFilename = os.path.abspath(path)
        self._rotating: logging.handlers.RotatingFileHandler | None = None

    def _handler(self) -> logging.handlers.RotatingFileHandler:
        if self._rotating is None:
            self._rotating = _rotating_handler(self.baseFilename)
            self._rotating.setLevel(self.level)
            self._rotating.setFormatter(self.formatter)
        return self._rotating

    def emit(self, record: logging.LogRecord) -> None:
        # ``handle`` has filtered (redacted) the record and holds this handler's lock.
        self._handler().emit(record)

    def doRollover(self) -> None:  # RotatingFileHandler's name, which callers use
        self._handler().doRollover()

    def flush(self) -> None:
        if self._rotating is not None:
            self._rotating.flush()

    def close(self) -> None:
        if self._rotating is not None:
            self._rotating.close()
        super().close()


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


def configure_logging(log_dir: Path | None, *, verbose: bool = False) -> Path | None:
    """Warnings and errors go to the log file (INFO too with ``verbose``); stderr gets only what
    ``verbose`` asks for, so a script's output stays the command's own. Returns the log file."""
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    for handler in list(root.handlers):
        if getattr(handler, "_sluis", False):
            root.removeHandler(handler)
            handler.close()
    redactor = RedactingFilter()
    formatter = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    log_file: Path | None = None
    if log_dir is not None:
        try:
            ensure_private_dir(log_dir)  # a refused folder is an OSError too: no log file then
            log_file = log_dir / LOG_FILE
            # Created (0600) or opened now, so a log file that cannot be written means no log file
            # here, as with the rotating handler opening it; that handler itself comes with the first
            # record (``DeferredLogFile``).
            flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_CLOEXEC", 0)
            os.close(os.open(log_file, flags, 0o600))
            file_handler = DeferredLogFile(log_file)
            file_handler.setLevel(logging.INFO)
            file_handler.setFormatter(formatter)
            file_handler.addFilter(redactor)
            file_handler._sluis = True  # type: ignore[attr-defined]
            root.addHandler(file_handler)
            log_file.chmod(0o600)
        except OSError:
            log_file = None
    if verbose:
        stream = logging.StreamHandler()
        stream.setLevel(logging.INFO)
        stream.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        stream.addFilter(redactor)
        stream._sluis = True  # type: ignore[attr-defined]
        root.addHandler(stream)
    # httpx2 logs every request URL at INFO: keep those out even of the file.
    logging.getLogger("httpx2").setLevel(logging.WARNING)
    logging.getLogger("httpcore2").setLevel(logging.WARNING)
    return log_file


def log_tail(log_file: Path, max_bytes: int = 64 * 1024) -> str:
    """The end of the log, redacted, for a diagnostics file."""
    try:
        with log_file.open("rb") as handle:
            handle.seek(0, 2)
            size = handle.tell()
            handle.seek(max(0, size - max_bytes))
            data = handle.read()
    except OSError:
        return ""
    return redact(data.decode("utf-8", "replace"))
