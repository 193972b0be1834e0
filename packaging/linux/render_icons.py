"""Render the app icon SVG into the hicolor PNG sizes at build time (no PNGs in the repository).

    QT_QPA_PLATFORM=offscreen python packaging/linux/render_icons.py SVG DEST/usr/share/icons/hicolor

Qt's own SVG renderer is used because Sluis ships Qt anyway: no Inkscape or librsvg at build time.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

APP_ID = "org.sluis.Sluis"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)


def render(svg: Path, hicolor: Path) -> list[Path]:
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"render_icons: {svg} is not a valid SVG")
    written = []
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        target = hicolor / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(target)):  # the format follows the .png suffix
            raise SystemExit(f"render_icons: could not write {target}")
        written.append(target)
    scalable = hicolor / "scalable" / "apps" / f"{APP_ID}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(svg, scalable)
    written.append(scalable)
    return written


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    _app = QGuiApplication([argv[0], "-platform", "offscreen"])
    for path in render(Path(argv[1]), Path(argv[2])):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
