#!/usr/bin/env bash
# Build the Debian package of Sluis: a private virtual environment in /opt/sluis made from the wheel,
# /usr/bin/sluis pointing into it, and the desktop integration (desktop entry, icons, AppStream
# metadata, the privileged helper in /usr/libexec/sluis and its polkit policy).
#
#   bash packaging/linux/build-deb.sh [OUTPUT_DIR]          (default: packaging/build)
#
# Environment:
#   PYTHON                 the interpreter the package will run on (default /usr/bin/python3, whose
#                          minor version the package then depends on: the venv is bound to it)
#   SLUIS_DEB_COMPRESSION  dpkg-deb compression "xz" (default, smallest) or "gzip" (fast, for CI)
#   PIP_*                  pip's own settings (an index mirror, a wheel cache) are honoured
#
# Needs: python3-venv, dpkg-dev (dpkg-deb, dpkg-architecture), network access to PyPI (or PIP_* set).
# No root and no fakeroot needed: dpkg-deb --root-owner-group writes the files as root:root.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
OUT=$(realpath -m "${1:-packaging/build}")
PYTHON=${PYTHON:-/usr/bin/python3}
COMPRESSION=${SLUIS_DEB_COMPRESSION:-xz}
APP_ID=org.sluis.Sluis
PREFIX=/opt/sluis

VERSION=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' gui/__init__.py)
ARCH=$(dpkg --print-architecture)
PY_MINOR=$("$PYTHON" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
PY_NEXT=$("$PYTHON" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1] + 1}")')
[ -n "$VERSION" ] || { echo "build-deb: no __version__ in gui/__init__.py" >&2; exit 1; }

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
STAGE=$WORK/stage
mkdir -p "$OUT" "$STAGE"

echo "== build-deb: wheel"
# Built from a copy: setuptools writes build/ and *.egg-info beside the sources it builds.
mkdir -p "$WORK/src"
cp -r pyproject.toml setup.py README.md gui resources translations "$WORK/src/"
find "$WORK/src" -name __pycache__ -prune -exec rm -rf {} +
"$PYTHON" -m venv "$WORK/tools"
rm -f "$OUT"/sluis-*.whl
"$WORK/tools/bin/python" -m pip wheel -q --disable-pip-version-check --no-deps -w "$OUT" "$WORK/src"
WHEEL=$(ls "$OUT"/sluis-"$VERSION"-*.whl)

echo "== build-deb: virtual environment in $PREFIX"
"$PYTHON" -m venv "$STAGE$PREFIX"
"$STAGE$PREFIX/bin/python" -m pip install -q --no-compile --disable-pip-version-check "$WHEEL"
# The wheel carries the .ts files in gui/_bundled/translations (setup.py); compile them here with the
# environment's own lrelease, so no user's first start has to (a .qm newer than its .ts is used as is).
SITE=$("$STAGE$PREFIX/bin/python" -c 'import sysconfig; print(sysconfig.get_path("purelib"))')
for ts in "$SITE"/gui/_bundled/translations/*.ts; do
    [ -e "$ts" ] || continue
    [ -e "${ts%.ts}.qm" ] || "$STAGE$PREFIX/bin/pyside6-lrelease" -silent "$ts" -qm "${ts%.ts}.qm"
done
"$STAGE$PREFIX/bin/python" -m pip uninstall -q -y pip
rm -f "$STAGE$PREFIX"/bin/activate* "$STAGE$PREFIX"/bin/Activate.ps1
# The environment was made under the staging folder: point every script and pyvenv.cfg at /opt/sluis.
grep -rlI --null "$STAGE" "$STAGE$PREFIX/bin" "$STAGE$PREFIX/pyvenv.cfg" | xargs -0 -r sed -i "s|$STAGE||g"
if grep -rqI "$STAGE" "$STAGE$PREFIX/bin" "$STAGE$PREFIX/pyvenv.cfg"; then
    echo "build-deb: the staging path is still in the environment" >&2
    exit 1
fi
# Byte-code now, recorded with the installed paths: a user cannot write into /opt at run time.
"$STAGE$PREFIX/bin/python" -m compileall -q -j0 -x '\.tmpl\.py$' -s "$STAGE" -p / \
    "$STAGE$PREFIX/lib" >/dev/null

echo "== build-deb: desktop integration"
mkdir -p "$STAGE/usr/bin" "$STAGE/usr/share/applications" "$STAGE/usr/share/metainfo" \
    "$STAGE/usr/share/sluis" "$STAGE/usr/share/doc/sluis/examples"
ln -s "$PREFIX/bin/sluis" "$STAGE/usr/bin/sluis"
install -m 644 packaging/linux/$APP_ID.desktop "$STAGE/usr/share/applications/"
install -m 644 packaging/linux/$APP_ID.metainfo.xml "$STAGE/usr/share/metainfo/"
install -m 644 packaging/linux/$APP_ID.autostart.desktop "$STAGE/usr/share/sluis/$APP_ID.desktop"
install -m 644 packaging/examples/policy.toml "$STAGE/usr/share/doc/sluis/examples/policy.toml"
# The privileged helper: root-owned (dpkg-deb --root-owner-group), 0755, at the path the polkit
# action's exec.path names; it runs the package's own interpreter, isolated.
install -d -m 755 "$STAGE/usr/libexec/sluis"
sed "s|@PREFIX@|$PREFIX|" packaging/linux/sluis-helper >"$STAGE/usr/libexec/sluis/sluis-helper"
chmod 755 "$STAGE/usr/libexec/sluis/sluis-helper"
install -D -m 644 packaging/linux/$APP_ID.policy "$STAGE/usr/share/polkit-1/actions/$APP_ID.policy"
ICON_SVG=resources/icons/$APP_ID.svg
QT_QPA_PLATFORM=offscreen "$STAGE$PREFIX/bin/python" packaging/linux/render_icons.py \
    "$ICON_SVG" "$STAGE/usr/share/icons/hicolor" >/dev/null
cat > "$STAGE/usr/share/doc/sluis/copyright" <<EOF
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: Sluis

Files: *
Copyright: The Sluis developers
License: GPL-3.0-or-later
 On Debian systems the full text is in /usr/share/common-licenses/GPL-3.
 The Python packages in $PREFIX/lib carry their own licences in their *.dist-info folders.
EOF

echo "== build-deb: control files"
mkdir -p "$STAGE/DEBIAN"
INSTALLED_KB=$(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)
cat > "$STAGE/DEBIAN/control" <<EOF
Package: sluis
Version: $VERSION
Architecture: $ARCH
Maintainer: The Sluis developers <sluis@example.org>
Installed-Size: $INSTALLED_KB
Depends: python3 (>= $PY_MINOR), python3 (<< $PY_NEXT)
Recommends: network-manager-openvpn, wireguard-tools, openvpn, pkexec | policykit-1
Suggests: gnome-keyring | kwalletmanager
Section: net
Priority: optional
Homepage: https://sluis.example.org/
Description: VPN client for eduVPN and Let's Connect! servers
 Sluis connects to eduVPN and Let's Connect! VPN servers (API v3) with
 WireGuard or OpenVPN. It finds institutes in the signed eduVPN server list,
 logs in through the web browser and keeps the login in the system keyring.
 .
 IT can predefine servers and lock settings in /etc/sluis/policy.toml.
EOF
cat > "$STAGE/DEBIAN/postinst" <<'EOF'
#!/bin/sh
set -e
if [ "$1" = configure ]; then
    if command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database -q /usr/share/applications || true
    fi
    if command -v gtk-update-icon-cache >/dev/null 2>&1; then
        gtk-update-icon-cache -q -t -f /usr/share/icons/hicolor || true
    fi
fi
exit 0
EOF
cat > "$STAGE/DEBIAN/postrm" <<EOF
#!/bin/sh
set -e
case "\$1" in
    remove|purge)
        # Byte-code written after installation would keep the folder alive; it is all ours.
        rm -rf $PREFIX
        if command -v update-desktop-database >/dev/null 2>&1; then
            update-desktop-database -q /usr/share/applications || true
        fi
        if command -v gtk-update-icon-cache >/dev/null 2>&1; then
            gtk-update-icon-cache -q -t -f /usr/share/icons/hicolor || true
        fi
        ;;
esac
exit 0
EOF
chmod 755 "$STAGE/DEBIAN/postinst" "$STAGE/DEBIAN/postrm"

DEB=$OUT/sluis_${VERSION}_${ARCH}.deb
case "$COMPRESSION" in
    gzip) ZOPTS=(-Zgzip -z1) ;;
    *) ZOPTS=(-Zxz) ;;
esac
dpkg-deb --root-owner-group "${ZOPTS[@]}" --build "$STAGE" "$DEB" >/dev/null
echo "== build-deb: $DEB ($(du -h "$DEB" | cut -f1), installs $((INSTALLED_KB / 1024)) MiB)"
