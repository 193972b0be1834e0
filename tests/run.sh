#!/usr/bin/env bash
# Install everything the tests need on a fresh Debian/Ubuntu machine, then run the checks and tests.
#
#   bash tests/run.sh [pytest arguments…]
#
# Real parts, not mocks: the tests run inside a private D-Bus session with an unlocked
# gnome-keyring (a real Secret Service), and Qt renders offscreen.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PY=${PYTHON:-python3}

mapfile -t APT_PACKAGES < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' tests/apt-packages.txt)
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    echo "Installing system packages: ${missing[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
    "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[test]'
if .venv/bin/python -m pip show -q httpx >/dev/null 2>&1; then
    echo "error: plain httpx is installed beside httpx2; Sluis uses httpx2 only" >&2
    exit 1
fi

echo "== ruff"; .venv/bin/ruff check gui tests && .venv/bin/ruff format --check gui tests
echo "== mypy"; .venv/bin/mypy
echo "== import-linter"; .venv/bin/lint-imports

# A throw-away home for the keyring daemon and every file the tests write.
TEST_HOME=$(mktemp -d)
trap 'rm -rf "$TEST_HOME"' EXIT
export QT_QPA_PLATFORM=offscreen
export XDG_DATA_HOME="$TEST_HOME/data" XDG_CONFIG_HOME="$TEST_HOME/config" XDG_CACHE_HOME="$TEST_HOME/cache"
export XDG_STATE_HOME="$TEST_HOME/state" XDG_RUNTIME_DIR="$TEST_HOME/runtime"
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
export SLUIS_REQUIRE_SECRET_SERVICE=1

echo "== pytest"
exec dbus-run-session -- bash -c '
    echo -n sluis-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null
    exec "$0"/.venv/bin/python -m pytest "$@"
' "$ROOT" "$@"
