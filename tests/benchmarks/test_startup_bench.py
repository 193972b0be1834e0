"""Start-up cost of the window: cold start to the first painted frame, and resident memory when idle.

Budget: ``python -m gui`` paints its window within 1.5x the time a bare PySide6 window and tray icon
(``bare_window.py``: QApplication + QMainWindow + QSystemTrayIcon, nothing else) take from process
start to first paint, and idles (1 s after that paint) at most 40 MiB above the bare window's RSS.
Both sides run in the same test, alternately, with the median of 5 starts each, so a slower machine
moves both alike. ``SLUIS_BENCH_QPA`` picks the Qt platform (``python -m tests.benchmarks`` runs it
on ``xcb`` under Xvfb with a tray host; offscreen by default).

The app is started as a user would (``python -m gui``: argument parsing, logging, settings, keyring,
translators, controller, every page, the discovery lists, qasync) in a throw-away home, after one
uncounted start (which compiles the translation into the cache, as a user's first start does), with
``SLUIS_BENCH_FIRST_PAINT`` making it print the time of its first paint event and its RSS, then quit.

Run for the figures:

    python -m pytest tests/benchmarks/test_startup_bench.py --benchmark-enable -s

``SLUIS_BENCH_JSON=path`` also writes them as JSON. In the normal suite (``--benchmark-disable``) each
side starts once, as a smoke test; no timing is ever asserted there.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
BARE = Path(__file__).with_name("bare_window.py")
ROUNDS = 5
IDLE_MS = 1000
TIME_BUDGET = 1.5  # times the bare window
RSS_BUDGET_MIB = 40.0  # above the bare window


def _start(command: list[str], home: Path, base: dict[str, str]) -> tuple[float, int]:
    """Seconds from launching ``command`` to its first paint, and its idle RSS in kB."""
    runtime = home / "runtime"
    runtime.mkdir(mode=0o700, parents=True, exist_ok=True)
    env = {
        **base,
        "QT_QPA_PLATFORM": os.environ.get("SLUIS_BENCH_QPA", "offscreen"),
        "SLUIS_HOME": str(home / "sluis"),
        "XDG_RUNTIME_DIR": str(runtime),
        "SLUIS_BENCH_FIRST_PAINT": "1",
        "SLUIS_BENCH_IDLE_MS": str(IDLE_MS),
        "PYTHONPATH": str(ROOT),
    }
    started = time.time()
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    line = next(line for line in done.stdout.splitlines() if line.startswith("first-paint "))
    _, painted, _, rss = line.split()
    return float(painted) - started, int(rss)


def _measure(rounds: int, base: dict[str, str]) -> dict[str, Any]:
    app_times: list[float] = []
    bare_times: list[float] = []
    app_rss: list[int] = []
    bare_rss: list[int] = []
    with tempfile.TemporaryDirectory(prefix="sluis-bench-") as tmp:
        home = Path(tmp)
        # One uncounted start each: the app compiles its translation into its cache on the very first
        # start only, and the OS page cache should hold both sides' libraries alike.
        _start([sys.executable, str(BARE)], home, base)
        _start([sys.executable, "-m", "gui"], home, base)
        for _ in range(rounds):
            # Alternate, so a busy moment of the machine hits both sides.
            seconds, rss = _start([sys.executable, str(BARE)], home, base)
            bare_times.append(seconds)
            bare_rss.append(rss)
            seconds, rss = _start([sys.executable, "-m", "gui"], home, base)
            app_times.append(seconds)
            app_rss.append(rss)
    app_s, bare_s = statistics.median(app_times), statistics.median(bare_times)
    app_kb, bare_kb = statistics.median(app_rss), statistics.median(bare_rss)
    return {
        "rounds": rounds,
        "app_first_paint_ms": round(app_s * 1e3, 1),
        "bare_first_paint_ms": round(bare_s * 1e3, 1),
        "first_paint_ratio": round(app_s / bare_s, 2),
        "app_idle_rss_mb": round(app_kb / 1024, 1),
        "bare_idle_rss_mb": round(bare_kb / 1024, 1),
        "rss_above_bare_mib": round((app_kb - bare_kb) / 1024, 1),
        "time_budget_ratio": TIME_BUDGET,
        "rss_budget_mib": RSS_BUDGET_MIB,
        "platform": os.environ.get("SLUIS_BENCH_QPA", "offscreen"),
    }


def test_start_up_to_first_paint_and_idle_memory(benchmark: Any, request: pytest.FixtureRequest) -> None:
    enabled = not getattr(benchmark, "disabled", False)
    # On xcb: a real X server with a tray host (the conftest's xvfb_env), so both sides show a tray icon.
    base = (
        request.getfixturevalue("xvfb_env")
        if os.environ.get("SLUIS_BENCH_QPA") == "xcb"
        else dict(os.environ)
    )
    figures = benchmark.pedantic(_measure, args=(ROUNDS if enabled else 1, base), rounds=1, iterations=1)
    benchmark.extra_info.update(figures)
    print(
        "\nstart-up (median of {rounds}): first paint {app_first_paint_ms} ms vs bare window "
        "{bare_first_paint_ms} ms = {first_paint_ratio}x (budget {time_budget_ratio}x); idle RSS "
        "{app_idle_rss_mb} MiB vs {bare_idle_rss_mb} MiB = +{rss_above_bare_mib} MiB "
        "(budget +{rss_budget_mib} MiB) on {platform}".format(**figures)
    )
    target = os.environ.get("SLUIS_BENCH_JSON")
    if target and enabled:
        Path(target).write_text(json.dumps({"start-up": figures}, indent=2) + "\n")
    assert figures["app_first_paint_ms"] > 0 and figures["bare_first_paint_ms"] > 0
    assert figures["app_idle_rss_mb"] > 0
