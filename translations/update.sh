#!/usr/bin/env bash
# Refresh the translation sources (translations/sluis_<lang>.ts) from the code in gui/.
#
#   bash translations/update.sh            # update every sluis_*.ts (and create the listed ones)
#
# pyside6-lupdate scans the .py files (-extensions py) for self.tr(), QCoreApplication.translate()
# and QT_TRANSLATE_NOOP(); -locations none and -no-obsolete make a re-run idempotent, so
# `git diff --exit-code translations/` tells whether someone forgot to run this script
# (tests/test_ui_translations.py checks the same).
#
# Compiled .qm files are NOT committed: the app compiles a stale or missing .qm with
# pyside6-lrelease into its cache folder at start (gui/ui/translations.py). A package build may
# instead run `pyside6-lrelease translations/sluis_*.ts` at install time; a .qm beside its .ts that
# is newer than the .ts is then used as is.
set -euo pipefail
cd "$(dirname "$0")/.."
# pyside6-lupdate: $LUPDATE when set, else the one on PATH, else the README's virtual environment
# (.venv, made by `python3 -m venv .venv && .venv/bin/pip install '.[demo]'`).
if [ -z "${LUPDATE:-}" ]; then
    if command -v pyside6-lupdate >/dev/null 2>&1; then
        LUPDATE=$(command -v pyside6-lupdate)
    elif [ -x .venv/bin/pyside6-lupdate ]; then
        LUPDATE=.venv/bin/pyside6-lupdate
    else
        echo "update.sh: pyside6-lupdate not found (not on PATH, not in .venv/bin)." >&2
        echo "  Install it with: python3 -m venv .venv && .venv/bin/pip install PySide6" >&2
        echo "  (or: pip install PySide6, which puts pyside6-lupdate on PATH), then run this again;" >&2
        echo "  LUPDATE=/path/to/pyside6-lupdate bash translations/update.sh also works." >&2
        exit 1
    fi
fi
LANGUAGES=(nl de fr es ar)
targets=()
for lang in "${LANGUAGES[@]}"; do
    targets+=("translations/sluis_${lang}.ts")
done
"$LUPDATE" -extensions py -locations none -no-obsolete -silent gui -ts "${targets[@]}"
# English needs only the plural forms ("%n hour(s)" -> "1 hour" / "2 hours"): -pluralonly.
"$LUPDATE" -extensions py -locations none -no-obsolete -pluralonly -silent gui -ts translations/sluis_en.ts
echo "updated: ${targets[*]} translations/sluis_en.ts"
