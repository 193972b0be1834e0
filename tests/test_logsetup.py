"""Secrets never reach the log file, even when a message carries them by mistake."""

from __future__ import annotations

import logging
import stat
from pathlib import Path

from gui.core.logsetup import configure_logging, log_tail, redact


def test_redact_scrubs_codes_tokens_and_keys() -> None:
    text = (
        "GET http://127.0.0.1:5/callback?code=SECRETCODE&state=SECRETSTATE&x=1 "
        "Authorization: Bearer SECRETBEARER {'refresh_token': 'SECRETREFRESH'} PrivateKey = SECRETWG= "
        "-----BEGIN PRIVATE KEY-----\nSECRETPEM\n-----END PRIVATE KEY-----"
    )
    cleaned = redact(text)
    assert "SECRET" not in cleaned
    assert "x=1" in cleaned and "callback" in cleaned


def test_log_file_is_private_and_redacted(tmp_path: Path) -> None:
    log_file = configure_logging(tmp_path / "log")
    assert log_file is not None
    logging.getLogger("sluis.test").warning("redirect https://x/cb?code=%s&state=%s", "c0dec0de", "st4te")
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert stat.S_IMODE(log_file.stat().st_mode) == 0o600
    content = log_file.read_text()
    assert "redirect https://x/cb?code=[redacted]&state=[redacted]" in content
    assert "c0dec0de" not in log_tail(log_file) and "st4te" not in content
    configure_logging(None)  # detach the file handler again


def test_a_rolled_over_log_file_is_private_too(tmp_path: Path) -> None:
    log_file = configure_logging(tmp_path / "log")
    assert log_file is not None
    handler = next(
        h for h in logging.getLogger().handlers if getattr(h, "baseFilename", None) == str(log_file)
    )
    logging.getLogger("sluis.test").warning("before the rollover")
    handler.doRollover()  # type: ignore[attr-defined]
    logging.getLogger("sluis.test").warning("after the rollover")
    for path in (log_file, log_file.with_name(log_file.name + ".1")):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    configure_logging(None)
