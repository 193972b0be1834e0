"""Write ``resources/flags/<code>.svg``: simple, small flags of the Secure Internet countries.

The window shows these instead of emoji flags (empty boxes without an emoji font; Windows has none).
They are drawn simply (3:2, emblems reduced to their main shapes) so that they read at 16-24 px and
stay a few hundred bytes each. Add a country here when discovery lists a new one, then run
``python packaging/make_flags.py``.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

W, H = 30, 20


def rect(x: float, y: float, w: float, h: float, fill: str) -> str:
    return f'<rect x="{x:g}" y="{y:g}" width="{w:g}" height="{h:g}" fill="{fill}"/>'


def stripes(colors: list[str], vertical: bool = False) -> str:
    n = len(colors)
    if vertical:
        return "".join(rect(i * W / n, 0, W / n, H, c) for i, c in enumerate(colors))
    return "".join(rect(0, i * H / n, W, H / n, c) for i, c in enumerate(colors))


def nordic(field: str, cross: str, border: str | None = None) -> str:
    """A Nordic cross, its upright at a third of the width."""
    out = rect(0, 0, W, H, field)
    if border is not None:
        out += rect(8, 0, 6, H, border) + rect(0, 7, W, 6, border)
    out += rect(9.5, 0, 3, H, cross) + rect(0, 8.5, W, 3, cross)
    return out


def star(cx: float, cy: float, r: float, fill: str, points: int = 5, inner: float = 0.4) -> str:
    coords = []
    for i in range(points * 2):
        radius = r if i % 2 == 0 else r * inner
        angle = -math.pi / 2 + i * math.pi / points
        coords.append(f"{cx + radius * math.cos(angle):.2f},{cy + radius * math.sin(angle):.2f}")
    return f'<polygon points="{" ".join(coords)}" fill="{fill}"/>'


def crescent(cx: float, cy: float, r: float, fill: str, background: str, shift: float) -> str:
    return f'<circle cx="{cx:g}" cy="{cy:g}" r="{r:g}" fill="{fill}"/>' + (
        f'<circle cx="{cx + shift:g}" cy="{cy - shift / 3:g}" r="{r * 0.82:g}" fill="{background}"/>'
    )


def union_canton() -> str:
    """The Union Flag, reduced, in a 15 x 10 canton."""
    return (
        rect(0, 0, 15, 10, "#012169")
        + '<path d="M0,0L15,10M15,0L0,10" stroke="#fff" stroke-width="2"/>'
        + '<path d="M0,0L15,10M15,0L0,10" stroke="#C8102E" stroke-width="0.7"/>'
        + rect(6, 0, 3, 10, "#fff")
        + rect(0, 3.5, 15, 3, "#fff")
        + rect(6.75, 0, 1.5, 10, "#C8102E")
        + rect(0, 4.25, 15, 1.5, "#C8102E")
    )


FLAGS: dict[str, str] = {
    "al": rect(0, 0, W, H, "#E41E20")
    + '<path d="M15,4 L18,7 L21,6 L19,10 L21,14 L17,13 L15,17 L13,13 L9,14 L11,10 L9,6 L12,7 Z" '
    'fill="#000"/>',
    "au": rect(0, 0, W, H, "#012169")
    + union_canton()
    + star(7.5, 15, 2.6, "#fff", 7, 0.45)
    + star(22.5, 16.5, 1.2, "#fff", 7, 0.45)
    + star(19, 9, 1.2, "#fff", 7, 0.45)
    + star(22.5, 3.5, 1.2, "#fff", 7, 0.45)
    + star(26, 8, 1.2, "#fff", 7, 0.45)
    + star(24, 11, 0.6, "#fff", 5),
    "de": stripes(["#000", "#DD0000", "#FFCE00"]),
    "dk": nordic("#C8102E", "#fff"),
    "ee": stripes(["#0072CE", "#000", "#fff"]),
    "fi": nordic("#fff", "#002F6C"),
    "fr": stripes(["#002395", "#fff", "#ED2939"], vertical=True),
    "ke": stripes(["#000", "#fff", "#BB0000", "#BB0000", "#fff", "#006600"])
    + rect(0, 6, W, 8, "#BB0000")
    + rect(0, 5.4, W, 0.6, "#fff")
    + rect(0, 14, W, 0.6, "#fff")
    + rect(0, 14.6, W, 5.4, "#006600")
    + '<ellipse cx="15" cy="10" rx="3" ry="6.5" fill="#000"/>'
    + '<ellipse cx="15" cy="10" rx="1.6" ry="5" fill="#BB0000"/>',
    "lk": rect(0, 0, W, H, "#FFB700")
    + rect(1, 1, 3.5, 18, "#005F56")
    + rect(4.5, 1, 3.5, 18, "#FF5B00")
    + rect(9, 1, 20, 18, "#8D2029")
    + '<path d="M14,14 L16,7 L20,6 L23,8 L22,12 L25,14 Z" fill="#FFB700"/>',
    "ma": rect(0, 0, W, H, "#C1272D")
    + '<polygon points="15,5 17.94,14.05 10.25,8.45 19.75,8.45 12.06,14.05" fill="none" '
    'stroke="#006233" stroke-width="0.9" stroke-linejoin="round"/>',
    "my": "".join(rect(0, i * H / 14, W, H / 14, "#CC0001" if i % 2 == 0 else "#fff") for i in range(14))
    + rect(0, 0, 15, 11.43, "#010066")
    + crescent(6, 5.7, 3.6, "#FC0", "#010066", 1.1)
    + star(11, 5.7, 2.4, "#FC0", 14, 0.45),
    "nl": stripes(["#AE1C28", "#fff", "#21468B"]),
    "no": nordic("#BA0C2F", "#00205B", "#fff"),
    "pk": rect(0, 0, W, H, "#01411C")
    + rect(0, 0, 7.5, H, "#fff")
    + crescent(18.5, 10.5, 5, "#fff", "#01411C", 1.6)
    + star(21.5, 7.5, 1.5, "#fff"),
    "ua": stripes(["#0057B7", "#FFD700"]),
    "ug": stripes(["#000", "#FCDC04", "#D90000", "#000", "#FCDC04", "#D90000"])
    + '<circle cx="15" cy="10" r="4" fill="#fff"/>'
    + '<path d="M14,7.5 L16,7 L16.5,9 L15.5,12.5 L14,12.5 L15,10 Z" fill="#000"/>',
    "za": rect(0, 0, W, H, "#fff")
    + '<polygon points="0,0 30,0 30,6.67 13.33,6.67" fill="#E03C31"/>'
    + '<polygon points="0,20 30,20 30,13.33 13.33,13.33" fill="#001489"/>'
    + '<polygon points="0,0 3,0 15,8 30,8 30,12 15,12 3,20 0,20" fill="#007749"/>'
    + '<polygon points="0,2.4 9.6,10 0,17.6" fill="#FFB81C"/>'
    + '<polygon points="0,3.6 8,10 0,16.4" fill="#000"/>',
}


def svg(body: str) -> str:
    head = f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" width="{W}" height="{H}">'
    return f"{head}{body}</svg>\n"


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for code, body in sorted(FLAGS.items()):
        (out / f"{code}.svg").write_text(svg(body), encoding="utf-8")


if __name__ == "__main__":
    root = Path(__file__).resolve().parents[1]
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else root / "resources" / "flags")
