"""The translation files: in step with the code, compiled and loadable, placeholders kept."""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator

from gui.ui.translations import TRANSLATIONS_DIR, available_languages, compiled, lrelease_command

ROOT = Path(__file__).resolve().parents[1]
PLACEHOLDER = re.compile(r"\{[a-z_]+\}|%n|%\d")
TS_FILES = sorted(TRANSLATIONS_DIR.glob("sluis_*.ts"))


def messages(ts_file: Path) -> dict[tuple[str, str], list[str]]:
    """(context, source) -> the finished translations (one, or one per plural form)."""
    found: dict[tuple[str, str], list[str]] = {}
    for context in ET.parse(ts_file).getroot().iter("context"):  # noqa: S314 - our own files
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            assert translation is not None
            if translation.get("type") in ("unfinished", "vanished", "obsolete"):
                found[(name, source)] = []
            elif message.get("numerus") == "yes":
                found[(name, source)] = [f.text or "" for f in translation.iter("numerusform")]
            else:
                found[(name, source)] = [translation.text or ""]
    return found


def test_the_languages_are_there() -> None:
    assert {"nl", "de", "fr", "es", "ar"} <= set(available_languages())


def test_committed_ts_files_hold_every_string_of_the_sources(tmp_path: Path) -> None:
    lupdate = Path(lrelease_command() or "pyside6-lrelease").with_name("pyside6-lupdate")
    fresh = tmp_path / "sluis_nl.ts"
    subprocess.run(
        [
            str(lupdate),
            "-extensions",
            "py",
            "-locations",
            "none",
            "-no-obsolete",
            "-silent",
            str(ROOT / "gui"),
            "-ts",
            str(fresh),
        ],
        check=True,
        timeout=120,
        capture_output=True,
    )
    in_code = set(messages(fresh))
    assert in_code, "lupdate found no strings at all"
    plurals = {key for key in in_code if "%n" in key[1]}
    for ts_file in TS_FILES:
        wanted = plurals if ts_file.stem == "sluis_en" else in_code  # English: plural forms only
        missing = wanted - set(messages(ts_file))
        assert not missing, f"{ts_file.name} lacks {sorted(missing)[:5]}: run translations/update.sh"


@pytest.mark.parametrize("ts_file", TS_FILES, ids=lambda p: p.stem)
def test_placeholders_and_mnemonics_survive_translation(ts_file: Path) -> None:
    for (context, source), translations in messages(ts_file).items():
        for text in translations:
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(source)), (
                f"{ts_file.name} [{context}] {source!r} -> {text!r}"
            )
            if "&" in source.replace("&&", ""):
                assert text.replace("&&", "").count("&") == 1, f"{ts_file.name}: mnemonic lost in {text!r}"


@pytest.mark.parametrize("ts_file", TS_FILES, ids=lambda p: p.stem)
def test_each_language_compiles_loads_and_translates(ts_file: Path, tmp_path: Path, qapp: object) -> None:
    qm = compiled(ts_file, tmp_path)
    assert qm is not None
    assert qm.stat().st_size > 0
    translator = QTranslator()
    assert translator.load(str(qm))
    done = {key: texts for key, texts in messages(ts_file).items() if texts and "%n" not in key[1]}
    if ts_file.stem == "sluis_en":
        assert translator.translate("Texts", "Your VPN session ends in %n hour(s).", None, 1) == (
            "Your VPN session ends in %n hour."
        )
        return
    assert len(done) >= 40, f"{ts_file.name}: only {len(done)} strings translated"
    for (context, source), texts in done.items():
        assert translator.translate(context, source) == texts[0]


def test_dutch_plural_and_a_known_string(tmp_path: Path, qapp: object) -> None:
    qm = compiled(TRANSLATIONS_DIR / "sluis_nl.ts", tmp_path)
    translator = QTranslator()
    assert qm is not None
    assert translator.load(str(qm))
    assert translator.translate("Texts", "Not connected") == "Niet verbonden"
    assert translator.translate("Texts", "Your VPN session ends in %n hour(s).", None, 2) == (
        "Je VPN-sessie eindigt over %n uur."
    )
