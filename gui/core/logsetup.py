"""Logging for Sluis: a rotating file in the per-user log folder, and secrets scrubbed on the way.

Nothing should log a token, a key or a URL carrying ``code``/``state``/``token``; the redaction
filter is the safety net for the message that slips through (and for third-party loggers), and the
same function cleans the log tail that goes into a diagnostics file.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
from pathlib import Path

from gui.core.paths import ensure_private_dir

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


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """Every log file, also each one a rollover starts, readable by its owner only."""

    def _open(self):  # type: ignore[no-untyped-def]
        stream = super()._open()
        os.chmod(self.baseFilename, 0o600)
        return stream


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
            file_handler = PrivateRotatingFileHandler(
                log_file, maxBytes=512 * 1024, backupCount=2, encoding="utf-8"
            )
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
