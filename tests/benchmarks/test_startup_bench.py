"""Start-up cost of the window: cold start to the first painted frame, and resident memory when idle.

Budget: ``python -m gui`` paints its window within 3x the time a bare PySide6 window
(``bare_window.py``: QApplication + QMainWindow, nothing else) takes from process start to first
paint, and idles (1 s after that paint) at most 2x the bare window's RSS. Both sides run in the same
test, alternately, offscreen, with the median of 5 starts each, so a slower machine moves both alike.

The app is started as a user would (``python -m gui``: argument parsing, logging, settings, keyring,
translators, controller, every page, the discovery lists, qasync) in a throw-away home, after one
uncounted start (which compiles the translation into the cache, as a user's first start does), with
``SLUIS_BENCH_FIRST_PAINT`` making it print the time of its first paint event and its RSS, then quit.

Run for the figures:

    python -m pytest tests/benchmarks/test_startup_bench.py --benchmark-enable -s

In the normal suite (``--benchmark-disable``) each side starts once, as a smoke test; no timing is
ever asserted there.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
BARE = Path(__file__).with_name("bare_window.py")
ROUNDS = 5
IDLE_MS = 1000
TIME_BUDGET = 3.0
RSS_BUDGET = 2.0


def _start(command: list[str], home: Path) -> tuple[float, int]:
    """Seconds from launching ``command`` to its first paint, and its idle RSS in kB."""
    runtime = home / "runtime"
    runtime.mkdir(mode=0o700, parents=True, exist_ok=True)
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
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


def _measure(rounds: int) -> dict[str, Any]:
    app_times: list[float] = []
    bare_times: list[float] = []
    app_rss: list[int] = []
    bare_rss: list[int] = []
    with tempfile.TemporaryDirectory(prefix="sluis-bench-") as tmp:
        home = Path(tmp)
        # One uncounted start each: the app compiles its translation into its cache on the very first
        # start only, and the OS page cache should hold both sides' libraries alike.
        _start([sys.executable, str(BARE)], home)
        _start([sys.executable, "-m", "gui"], home)
        for _ in range(rounds):
            # Alternate, so a busy moment of the machine hits both sides.
            seconds, rss = _start([sys.executable, str(BARE)], home)
            bare_times.append(seconds)
            bare_rss.append(rss)
            seconds, rss = _start([sys.executable, "-m", "gui"], home)
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
        "rss_ratio": round(app_kb / bare_kb, 2) if bare_kb else 0.0,
        "time_budget_ratio": TIME_BUDGET,
        "rss_budget_ratio": RSS_BUDGET,
    }


def test_start_up_to_first_paint_and_idle_memory(benchmark: Any) -> None:
    enabled = not getattr(benchmark, "disabled", False)
    figures = benchmark.pedantic(_measure, args=(ROUNDS if enabled else 1,), rounds=1, iterations=1)
    benchmark.extra_info.update(figures)
    print(
        "\nstart-up (median of {rounds}): first paint {app_first_paint_ms} ms vs bare window "
        "{bare_first_paint_ms} ms = {first_paint_ratio}x (budget {time_budget_ratio}x); idle RSS "
        "{app_idle_rss_mb} MB vs {bare_idle_rss_mb} MB = {rss_ratio}x (budget {rss_budget_ratio}x)".format(
            **figures
        )
    )
    assert figures["app_first_paint_ms"] > 0 and figures["bare_first_paint_ms"] > 0
    assert figures["app_idle_rss_mb"] > 0
