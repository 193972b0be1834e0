"""``sluis status`` beside ``python -c pass``: what a script pays for asking Sluis's state.

Budget: the median wall time of ``sluis status`` (no Sluis running: it reads the state files) stays
within 2x that of ``python -c pass`` plus 30 ms, the interpreter's own start-up being the floor. The
two run alternately in the same test, median of 9 each. ``sluis servers`` is measured the same way
(shown, with no budget of its own). ``SLUIS_BENCH_JSON=path`` writes the figures as JSON; no timing is
asserted.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
RUNS = 9
RATIO_BUDGET = 2.0
PLUS_MS = 30.0


def _time(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    return time.perf_counter() - start


def test_sluis_status_versus_bare_python(benchmark: Any, tmp_path: Path) -> None:
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    env = {
        **os.environ,
        "SLUIS_HOME": str(tmp_path / "home"),
        "XDG_RUNTIME_DIR": str(runtime),
        "PYTHONPATH": str(ROOT),
    }
    runs = RUNS if not getattr(benchmark, "disabled", False) else 1
    floor, status, servers = [], [], []
    for command in ("status", "servers"):  # uncounted: the page cache, the .pyc files
        _time([sys.executable, "-m", "gui", command], env)
    for _ in range(runs):
        floor.append(_time([sys.executable, "-c", "pass"], env))
        status.append(_time([sys.executable, "-m", "gui", "status"], env))
        servers.append(_time([sys.executable, "-m", "gui", "servers"], env))
    floor_ms = statistics.median(floor) * 1e3
    figures = {
        "python_pass_ms": round(floor_ms, 1),
        "status_ms": round(statistics.median(status) * 1e3, 1),
        "servers_ms": round(statistics.median(servers) * 1e3, 1),
        "budget_ms": round(RATIO_BUDGET * floor_ms + PLUS_MS, 1),
    }
    figures["status_ratio"] = round(figures["status_ms"] / floor_ms, 2)
    print(f"\nsluis status vs python -c pass: {figures}")
    benchmark.extra_info.update(figures)
    benchmark.pedantic(lambda: None, rounds=1, iterations=1)
    target = os.environ.get("SLUIS_BENCH_JSON")
    if target:
        Path(target).write_text(json.dumps({"status": figures}, indent=2) + "\n")
    assert figures["status_ms"] > 0
