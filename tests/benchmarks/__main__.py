"""``python -m tests.benchmarks [NAME ...]``: every budget of the project in one table.

Runs the benchmark files (``--benchmark-enable``), each in its own pytest process writing its figures
to a JSON file (``SLUIS_BENCH_JSON``), then prints one row per budget: Sluis's figure, the floor
measured in the same run (each file alternates Sluis and its floor), the ratio and the budget. The
window's start-up runs on xcb under Xvfb with a tray host (trayer) when both are installed, else
offscreen (the table says which). The tunnel and connect rows need root, wireguard-go and openvpn
(skipped otherwise); ``sluis config`` and ``sluis connect`` need a Secret Service keyring (run under
the test environment).

NAME picks some of: startup, status, config, tunnel, connect, search (default: all). Nothing here
passes or fails on a timing: the table is for people to read; the exit code is pytest's worst.
Bytecode is compiled once into a throw-away ``PYTHONPYCACHEPREFIX`` (as an installed Sluis has its
``.pyc``), ``PYTHONDONTWRITEBYTECODE`` notwithstanding.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent

FILES = {
    "startup": ["test_startup_bench.py"],
    "status": ["test_cli_bench.py"],
    "config": ["test_config_bench.py"],
    "tunnel": [
        "test_tunnel_bringup.py::test_wireguard_direct_bringup",
        "test_tunnel_bringup.py::test_openvpn_direct_bringup",
    ],
    "connect": ["test_connect_bench.py"],
    "search": ["test_search_bench.py::test_keystroke_latency_on_ten_times_the_organizations"],
}


def _run(name: str, tests: list[str], folder: Path) -> tuple[int, dict[str, Any]]:
    target = folder / f"{name}.json"
    env = {**os.environ, "SLUIS_BENCH_JSON": str(target), "PYTHONPATH": str(ROOT)}
    # Compiled bytecode, as an installed Sluis has (each benchmark starts both sides once uncounted),
    # kept out of the source tree.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(folder / "pycache")
    if name == "startup" and shutil.which("Xvfb") and shutil.which("trayer"):
        env["SLUIS_BENCH_QPA"] = "xcb"
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-p",
        "no:cacheprovider",
        "--benchmark-enable",
        "-q",
        "-s",
        *(str(HERE / test) for test in tests),
    ]
    print(f"-- {name}: {' '.join(tests)}", flush=True)
    code = subprocess.run(command, env=env, cwd=ROOT, timeout=1800, check=False).returncode
    figures = json.loads(target.read_text()) if target.exists() else {}
    return code, figures


def _ms(seconds: float) -> str:
    return f"{seconds * 1e3:.0f} ms"


def _row(what: str, sluis: str, floor: str, ratio: str, budget: str, ok: bool | None) -> list[str]:
    verdict = "—" if ok is None else ("within" if ok else "OVER")
    return [what, sluis, floor, ratio, budget, verdict]


def _rows(figures: dict[str, dict[str, Any]]) -> list[list[str]]:
    rows: list[list[str]] = []
    start = figures.get("startup", {}).get("start-up")
    if start:
        where = start.get("platform", "offscreen")
        rows.append(
            _row(
                f"start to a visible window ({where})",
                f"{start['app_first_paint_ms']:.0f} ms",
                f"bare window + tray {start['bare_first_paint_ms']:.0f} ms",
                f"{start['first_paint_ratio']:.2f}x",
                f"<= {start['time_budget_ratio']}x",
                start["first_paint_ratio"] <= start["time_budget_ratio"],
            )
        )
        rows.append(
            _row(
                "idle memory (RSS, 1 s after first paint)",
                f"{start['app_idle_rss_mb']:.0f} MiB",
                f"bare window {start['bare_idle_rss_mb']:.0f} MiB",
                f"+{start['rss_above_bare_mib']:.0f} MiB",
                f"<= +{start['rss_budget_mib']:.0f} MiB",
                start["rss_above_bare_mib"] <= start["rss_budget_mib"],
            )
        )
    config = figures.get("config", {}).get("config")
    if config:
        rows.append(
            _row(
                "sluis config (well-known, /info, /connect, file)",
                _ms(config["sluis_median_s"]),
                f"http.client {_ms(config['http_client_median_s'])}",
                f"{config['ratio']:.2f}x",
                f"<= {config['budget_ratio']}x",
                config["ratio"] <= config["budget_ratio"],
            )
        )
    status = figures.get("status", {}).get("status")
    if status:
        rows.append(
            _row(
                "sluis status (no Sluis running)",
                f"{status['status_ms']:.0f} ms",
                f"python -c pass {status['python_pass_ms']:.0f} ms",
                f"{status['status_ratio']:.2f}x",
                f"<= 2x + 30 ms = {status['budget_ms']:.0f} ms",
                status["status_ms"] <= status["budget_ms"],
            )
        )
    tunnel = figures.get("tunnel", {})
    for key, label in (("wireguard/direct", "WireGuard"), ("openvpn/direct", "OpenVPN")):
        figure = tunnel.get(key)
        if figure:
            rows.append(
                _row(
                    f"tunnel up to first ping after /connect, {label}",
                    _ms(figure["sluis_median_s"]),
                    f"by hand {_ms(figure['manual_median_s'])}",
                    f"{figure['ratio']:.2f}x",
                    "<= 1.5x",
                    figure["ratio"] <= 1.5,
                )
            )
    connect = figures.get("connect", {})
    for key, label in (("wireguard", "WireGuard"), ("openvpn", "OpenVPN")):
        figure = connect.get(key)
        if not figure:
            continue
        manual = f"requests + tunnel by hand {_ms(figure['manual_median_s'])}"
        for when, seconds, ratio in (
            ("no Sluis running", "sluis_median_s", "ratio"),
            ("Sluis running", "sluis_owner_running_median_s", "owner_running_ratio"),
        ):
            rows.append(
                _row(
                    f"sluis connect to first ping, {label} ({when})",
                    _ms(figure[seconds]),
                    manual,
                    f"{figure[ratio]:.2f}x",
                    f"<= {figure['budget_ratio']}x",
                    figure[ratio] <= figure["budget_ratio"],
                )
            )
    search = figures.get("search", {}).get("keystroke, ten-times organization list")
    if search:
        index = search["index"]
        every = search.get("index, whole list")
        whole = f"; whole list p99 {every['p99_ms']:.1f} ms" if every else ""
        rows.append(
            _row(
                "search per keystroke, 10x organizations, first 50",
                f"p99 {index['p99_ms']:.2f} ms (median {index['median_ms']:.3f}, max {index['max_ms']:.1f})"
                + whole,
                f"pre-folded scan p99 {search['pre-folded scan']['p99_ms']:.1f} ms",
                f"{search['pre-folded/index p99']:.0f}x faster",
                "p99 <= 1 ms",
                index["p99_ms"] <= 1.0,
            )
        )
    return rows


def _print_table(rows: list[list[str]]) -> None:
    header = ["What", "Sluis", "Floor, same run", "Ratio", "Budget", ""]
    table = [header, *rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]

    def line(row: list[str]) -> str:
        return "| " + " | ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)) + " |"

    print(line(header))
    print("|" + "|".join("-" * (width + 2) for width in widths) + "|")
    for row in rows:
        print(line(row))


def main(argv: list[str]) -> int:
    names = argv or list(FILES)
    unknown = [name for name in names if name not in FILES]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; pick from {', '.join(FILES)}", file=sys.stderr)
        return 2
    worst = 0
    figures: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="sluis-bench-") as tmp:
        for name in names:
            code, figures[name] = _run(name, FILES[name], Path(tmp))
            worst = max(worst, code)
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    print(f"\nMedians; each floor measured in the same run. Load average {load}, {os.cpu_count()} CPUs.")
    _print_table(_rows(figures))
    return worst


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
