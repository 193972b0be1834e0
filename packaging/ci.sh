#!/usr/bin/env bash
# Packaging CI: validate the Linux metadata, build the .deb, install it, run it under a test policy,
# remove it, and build and run a PyInstaller one-folder bundle.
#
#   bash packaging/ci.sh
#
# Needs root (dpkg -i, /etc/sluis/policy.toml) on Debian 12 or similar, and PyPI (or PIP_* settings).
# Idempotent: a policy file that was there before is put back, the package is removed again, and
# every build product lives in a temporary folder that is deleted at the end, failed or not.
# Prints one PASS/FAIL line per step and a summary; exits non-zero when a step failed.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PYTHON=${PYTHON:-/usr/bin/python3}
POLICY=/etc/sluis/policy.toml
SERVER=https://ci-predefined.example.org/
START=$SECONDS

if [ "$(id -u)" != 0 ]; then
    echo "packaging/ci.sh: needs root (dpkg -i and $POLICY)" >&2
    exit 1
fi

mapfile -t APT_PACKAGES < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' packaging/apt-packages.txt)
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
    echo "Installing system packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

WORK=$(mktemp -d /tmp/sluis-packaging-ci.XXXXXX)
POLICY_BACKUP=""
POLICY_DIR_CREATED=0
WE_INSTALLED=0

cleanup() {
    if ((WE_INSTALLED)) && dpkg-query -W -f='${Status}' sluis 2>/dev/null | grep -q "install ok installed"; then
        dpkg -r sluis >/dev/null 2>&1 || true
    fi
    if ((WE_INSTALLED)); then
        dpkg --purge sluis >/dev/null 2>&1 || true
    fi
    if [ -n "$POLICY_BACKUP" ]; then
        cp -p "$POLICY_BACKUP" "$POLICY"
    else
        rm -f "$POLICY"
    fi
    if ((POLICY_DIR_CREATED)); then
        rmdir /etc/sluis 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

RESULTS=()
FAILED=0
LAST_LOG=/dev/null
# step NAME COMMAND…: runs the command with its output in a log; prints the log's end on failure.
step() {
    local name=$1
    shift
    local log="$WORK/step-${#RESULTS[@]}.log" t0=$SECONDS rc
    LAST_LOG=$log
    # A subshell with errexit, outside any condition (where bash would ignore errexit).
    (set -e; "$@") >"$log" 2>&1
    rc=$?
    if ((rc == 0)); then
        RESULTS+=("PASS  $name ($((SECONDS - t0)) s)")
        echo "PASS  $name ($((SECONDS - t0)) s)"
    else
        RESULTS+=("FAIL  $name ($((SECONDS - t0)) s)")
        echo "FAIL  $name ($((SECONDS - t0)) s)"
        grep -v "is ignored: it is neither a file nor a directory" "$log" | tail -n 40 | sed 's/^/    /'
        FAILED=1
    fi
}
# expect TEXT FILE: FILE contains TEXT (printed when it does not).
expect() {
    grep -qF -- "$1" "$2" || { echo "expected \"$1\" in:"; cat "$2"; return 1; }
}

validate_linux_files() {
    desktop-file-validate packaging/linux/org.sluis.Sluis.desktop packaging/linux/org.sluis.Sluis.autostart.desktop
    appstreamcli validate --no-net packaging/linux/org.sluis.Sluis.metainfo.xml
}

# The URL schemes in the desktop entry, Info.plist and the MSI are gui/desktop/urlschemes.py's SCHEMES.
check_url_schemes() {
    "$PYTHON" - <<'PY'
import ast, configparser, plistlib, re
from pathlib import Path

source = Path("gui/desktop/urlschemes.py").read_text()
code = re.search(r"^SCHEMES: tuple\[str, \.\.\.\] = (\(.*?\))$", source, re.M)
schemes = set(ast.literal_eval(code.group(1)))
desktop = configparser.RawConfigParser(delimiters="=")
desktop.optionxform = str
desktop.read("packaging/linux/org.sluis.Sluis.desktop")
in_desktop = {m.removeprefix("x-scheme-handler/") for m in desktop["Desktop Entry"]["MimeType"].split(";") if m}
info = plistlib.loads(Path("packaging/macos/Info.plist").read_bytes())
in_plist = {s for t in info["CFBundleURLTypes"] for s in t["CFBundleURLSchemes"]}
in_wxs = set(re.findall(r'Key="Software\\Classes\\([^"]+)"', Path("packaging/windows/sluis.wxs").read_text()))
for name, found in ("desktop entry", in_desktop), ("Info.plist", in_plist), ("sluis.wxs", in_wxs):
    print(f"{name}: {sorted(found)}")
    assert found == schemes, f"{name} has {sorted(found)}, gui/desktop/urlschemes.py {sorted(schemes)}"
PY
}

build_deb() {
    PYTHON=$PYTHON SLUIS_DEB_COMPRESSION=gzip bash packaging/linux/build-deb.sh "$WORK/out"
    ls "$WORK"/out/sluis_*.deb
}

install_deb() {
    if dpkg-query -W -f='${Status}' sluis 2>/dev/null | grep -q "install ok installed"; then
        echo "note: a sluis package was already installed; it is replaced and removed at the end"
    fi
    dpkg -i "$WORK"/out/sluis_*.deb
    test -x /usr/bin/sluis
    ls /opt/sluis/lib/python3*/site-packages/gui/_bundled/translations/sluis_nl.qm
    for file in /usr/share/applications/org.sluis.Sluis.desktop /usr/share/metainfo/org.sluis.Sluis.metainfo.xml \
        /usr/share/icons/hicolor/48x48/apps/org.sluis.Sluis.png /usr/share/icons/hicolor/scalable/apps/org.sluis.Sluis.svg; do
        test -f "$file" || { echo "missing: $file"; return 1; }
    done
    check_installed_helper
    desktop-file-validate /usr/share/applications/org.sluis.Sluis.desktop
    appstreamcli validate --no-net /usr/share/metainfo/org.sluis.Sluis.metainfo.xml
}

# The root boundary as installed: the helper is root-owned and not writable by others, the polkit
# action names exactly that file (no interpreter, no argv1), and the helper runs from the package.
check_installed_helper() {
    local helper=/usr/libexec/sluis/sluis-helper policy=/usr/share/polkit-1/actions/org.sluis.Sluis.policy
    test -x "$helper" || { echo "missing: $helper"; return 1; }
    [ "$(stat -c '%U:%G %a' "$helper")" = "root:root 755" ] || { stat "$helper"; return 1; }
    [ "$(stat -c '%U %a' /usr/libexec/sluis)" = "root 755" ] || { stat /usr/libexec/sluis; return 1; }
    head -n 1 "$helper" | grep -qx '#!/opt/sluis/bin/python -I'
    "$PYTHON" - "$policy" "$helper" <<'PY'
import sys
import xml.etree.ElementTree as ET

policy, helper = sys.argv[1], sys.argv[2]
actions = ET.parse(policy).getroot().findall("action")
paths = {}
for action in actions:
    notes = {a.get("key"): (a.text or "").strip() for a in action.findall("annotate")}
    paths[action.get("id")] = notes
    assert "org.freedesktop.policykit.exec.argv1" not in notes, f"{action.get('id')} matches on argv1"
print(paths)
assert paths["org.sluis.Sluis.manage-tunnel"]["org.freedesktop.policykit.exec.path"] == helper
# No Sluis action may cover an interpreter: "pkexec /usr/bin/python3 -m anything" is not Sluis's.
assert not any("python" in n.get("org.freedesktop.policykit.exec.path", "") for n in paths.values())
PY
    # Started directly by root (as pkexec would start it, minus polkit), it answers from the package.
    local state
    state=$(mktemp -d /tmp/sluis-helper-ci.XXXXXX)
    printf '%s\n' '{"op": "hello"}' '{"op": "openvpn_start", "args": {"config": "remote 127.0.0.1\nplugin /x.so"}}' \
        | env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin "$helper" --state-root "$state" >"$WORK/helper.out"
    cat "$WORK/helper.out"
    expect '"ok": true, "version": 2' "$WORK/helper.out"
    expect 'Line 2 of the VPN configuration says \u201cplugin\u201d' "$WORK/helper.out"
    test -z "$(ls -A "$state/0")" || { ls -la "$state/0"; return 1; }
    rm -rf "$state"
    # Through pkexec's environment the caller cannot choose the folder.
    if env -i PKEXEC_UID=4242 "$helper" --state-root /tmp </dev/null 2>"$WORK/helper.err"; then
        echo "the helper accepted --state-root under pkexec"
        return 1
    fi
    expect "not accepted through pkexec" "$WORK/helper.err"
}

# The real polkit decides: a private system bus and polkitd, a rule that lets one test user
# (nobody) have org.sluis.Sluis.manage-tunnel without a password. pkexec of the installed helper is
# then authorized by Sluis's action; pkexec of /usr/bin/python3 -m … is not (it falls to polkit's
# generic action, which asks an administrator: no agent here, so refused).
check_polkit_picks_the_helper() {
    local rule=/etc/polkit-1/rules.d/49-sluis-ci.rules started_bus=0 polkitd_pid="" rc=0
    if [ ! -S /run/dbus/system_bus_socket ]; then
        mkdir -p /run/dbus
        dbus-daemon --system --fork
        started_bus=1
    fi
    cat >"$rule" <<'RULE'
polkit.addRule(function(action, subject) {
    if (action.id == "org.sluis.Sluis.manage-tunnel" && subject.user == "nobody") {
        return polkit.Result.YES;
    }
});
RULE
    /usr/lib/polkit-1/polkitd --no-debug >"$WORK/polkitd.log" 2>&1 &
    polkitd_pid=$!
    sleep 2
    as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
    (
        set -e
        cd /
        printf '%s\n' '{"op": "hello"}' '{"op": "tunnels"}' \
            | as_nobody pkexec --disable-internal-agent /usr/libexec/sluis/sluis-helper >"$WORK/pk-helper.out"
        cat "$WORK/pk-helper.out"
        expect '"ok": true, "version": 2' "$WORK/pk-helper.out"
        expect '"ok": true, "tunnels": []' "$WORK/pk-helper.out"
        # Listing creates nothing; whatever exists of the caller's folder is root's alone.
        [ ! -e /run/sluis/65534 ] || [ "$(stat -c '%U %a' /run/sluis/65534)" = "root 700" ]
        if as_nobody pkexec --disable-internal-agent /usr/bin/python3 -m json.tool </dev/null 2>"$WORK/pk-python.err"; then
            echo "pkexec /usr/bin/python3 -m … was authorized"
            exit 1
        fi
        cat "$WORK/pk-python.err"
    ) || rc=1
    kill "$polkitd_pid" 2>/dev/null || true
    wait "$polkitd_pid" 2>/dev/null || true
    rm -f "$rule"
    rm -rf /run/sluis/65534
    if ((started_bus)); then
        pkill -f "dbus-daemon --system" || true
        rm -f /run/dbus/system_bus_socket /run/dbus/pid
    fi
    return "$rc"
}

write_test_policy() {
    if [ -e "$POLICY" ]; then
        POLICY_BACKUP="$WORK/policy.toml.before"
        cp -p "$POLICY" "$POLICY_BACKUP"
    fi
    if [ ! -d /etc/sluis ]; then
        mkdir -p /etc/sluis
        POLICY_DIR_CREATED=1
    fi
    cat >"$POLICY" <<EOF
# Written by packaging/ci.sh for its test; removed (or the previous file restored) afterwards.
show_discovery = false
locked = ["show_discovery"]

[[servers]]
base_url = "$SERVER"
display_name = "CI predefined server"
EOF
}

# Headless, with no keyring daemon and a throw-away home: nothing of the machine's user is touched.
run_sluis() {
    env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME="$WORK/home" SLUIS_HOME="$WORK/home/sluis" \
        PYTHON_KEYRING_BACKEND=keyring.backends.fail.Keyring QT_QPA_PLATFORM=offscreen "$@"
}

check_installed_sluis() {
    run_sluis /usr/bin/sluis --version >"$WORK/version.out" 2>"$WORK/version.err"
    cat "$WORK/version.out" "$WORK/version.err"
    head -n 1 "$WORK/version.out" | grep -qE '^Sluis [0-9]+\.[0-9]+\.[0-9]+'
    expect "backend: " "$WORK/version.out"
    expect "policy: $POLICY" "$WORK/version.out"
    run_sluis /usr/bin/sluis servers >"$WORK/servers.out"
    cat "$WORK/servers.out"
    expect "$SERVER	CI predefined server	predefined" "$WORK/servers.out"
    run_sluis /usr/bin/sluis servers --json >"$WORK/servers.json"
    expect '"predefined": true' "$WORK/servers.json"
    if run_sluis /usr/bin/sluis remove "$SERVER" 2>"$WORK/remove.err"; then
        echo "sluis remove of a predefined server succeeded"
        return 1
    fi
    expect "cannot be removed" "$WORK/remove.err"
}

remove_deb() {
    dpkg -r sluis
    test ! -e /opt/sluis || { echo "/opt/sluis is still there"; return 1; }
    test ! -e /usr/bin/sluis || { echo "/usr/bin/sluis is still there"; return 1; }
    test ! -e /usr/share/applications/org.sluis.Sluis.desktop
    dpkg --purge sluis  # also forget the package (a postrm script keeps it "rc" after -r)
}

build_pyinstaller() {
    "$PYTHON" -m venv "$WORK/pyi-venv"
    "$WORK/pyi-venv/bin/python" -m pip install -q --disable-pip-version-check pyinstaller "$WORK"/out/sluis-*.whl
    "$WORK/pyi-venv/bin/pyinstaller" --noconfirm --log-level WARN --distpath "$WORK/pyi-dist" \
        --workpath "$WORK/pyi-build" packaging/pyinstaller/sluis.spec
    test -x "$WORK/pyi-dist/sluis/sluis"
    ls "$WORK/pyi-dist/sluis/_internal/gui/_bundled/translations/sluis_nl.ts" \
        "$WORK/pyi-dist/sluis/_internal/gui/data/discovery/server_list.json"
}

check_pyinstaller() {
    run_sluis env SLUIS_POLICY_FILE="$ROOT/packaging/examples/policy.toml" \
        "$WORK/pyi-dist/sluis/sluis" --version >"$WORK/pyi-version.out" 2>"$WORK/pyi-version.err"
    cat "$WORK/pyi-version.out" "$WORK/pyi-version.err"
    head -n 1 "$WORK/pyi-version.out" | grep -qE '^Sluis [0-9]+\.[0-9]+\.[0-9]+'
    expect "policy: $ROOT/packaging/examples/policy.toml" "$WORK/pyi-version.out"
    run_sluis env SLUIS_POLICY_FILE="$ROOT/packaging/examples/policy.toml" \
        "$WORK/pyi-dist/sluis/sluis" servers >"$WORK/pyi-servers.out"
    cat "$WORK/pyi-servers.out"
    expect "https://vpn.example.org/	Example University VPN	predefined" "$WORK/pyi-servers.out"
    du -sh "$WORK/pyi-dist/sluis"
}

step "desktop-file-validate and appstreamcli validate" validate_linux_files
step "URL schemes agree with gui/desktop/urlschemes.py" check_url_schemes
step "build the .deb" build_deb
if [ "${RESULTS[-1]:0:4}" = PASS ]; then
    WE_INSTALLED=1  # set here: a step runs in a subshell
    step "dpkg -i the .deb" install_deb
    step "polkit authorizes the installed helper, not pkexec python3 -m" check_polkit_picks_the_helper
    write_test_policy
    step "installed sluis --version, servers and remove under $POLICY" check_installed_sluis
    sed 's/^/    | /' "$LAST_LOG"
    step "dpkg -r the .deb" remove_deb
    step "PyInstaller one-folder build" build_pyinstaller
    if [ "${RESULTS[-1]:0:4}" = PASS ]; then
        step "PyInstaller bundle --version and servers" check_pyinstaller
        sed 's/^/    | /' "$LAST_LOG"
    fi
fi

echo
echo "== packaging summary ($((SECONDS - START)) s)"
printf '%s\n' "${RESULTS[@]}"
passed=$(printf '%s\n' "${RESULTS[@]}" | grep -c '^PASS')
failed=$(printf '%s\n' "${RESULTS[@]}" | grep -c '^FAIL')
echo "packaging: $passed passed, $failed failed"
exit "$FAILED"
