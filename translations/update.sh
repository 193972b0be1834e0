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
LUPDATE=${LUPDATE:-$(command -v pyside6-lupdate || echo /work/venv/bin/pyside6-lupdate)}
LANGUAGES=(nl de fr es ar)
targets=()
for lang in "${LANGUAGES[@]}"; do
    targets+=("translations/sluis_${lang}.ts")
done
"$LUPDATE" -extensions py -locations none -no-obsolete -silent gui -ts "${targets[@]}"
# English needs only the plural forms ("%n hour(s)" -> "1 hour" / "2 hours"): -pluralonly.
"$LUPDATE" -extensions py -locations none -no-obsolete -pluralonly -silent gui -ts translations/sluis_en.ts
echo "updated: ${targets[*]} translations/sluis_en.ts"
