"""``sluis config`` against the local server: round trips and wall time, beside ``http.client``.

Budget: ``sluis config`` makes no more HTTP requests than the job needs (well-known, /info,
/connect = 3 with a valid access token) and its median wall time, Python start-up included, stays
within 1.5x that of a fresh Python process doing those three requests with ``http.client`` over one
connection and writing the file (``http_client_config.py``). Both run alternately in the same test.
The figures are printed (run with ``-s``), stored in the benchmark's extra_info and, with
``SLUIS_BENCH_JSON=path``, written as JSON. No timing is asserted.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gui.core.paths import AppPaths
from gui.core.service import VpnService
from gui.demoserver import DemoServer
from tests.support.browser import make_async_browser
from tests.support.keyrings import require_secret_service

ROOT = Path(__file__).resolve().parents[2]
RUNS = 10
BUDGET = 1.5
FLOOR = Path(__file__).with_name("http_client_config.py")


async def test_sluis_config_versus_http_client(
    benchmark: pytest.FixtureRequest, demo_server: DemoServer, trust_demo_ca: Path, tmp_path: Path
) -> None:
    require_secret_service()
    home = tmp_path / "home"
    service = VpnService(AppPaths.from_environment({"SLUIS_HOME": str(home)}))
    entry = await service.add_server(demo_server.base_url, make_async_browser(str(trust_demo_ca)))
    env = {
        **os.environ,
        "SLUIS_HOME": str(home),
        "SSL_CERT_FILE": str(trust_demo_ca),
        "PYTHONPATH": str(ROOT),
    }
    command = [
        sys.executable,
        "-m",
        "gui",
        "config",
        entry.base_url,
        "--profile",
        "employees",
        "--output",
        str(tmp_path / "out.conf"),
    ]

    def sluis_config() -> None:
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr

    tokens = await service.tokens.load(entry.base_url)
    assert tokens is not None
    from gui.core.wgkeys import generate_keypair

    def by_hand() -> None:
        floor = [
            sys.executable,
            str(FLOOR),
            demo_server.well_known_url,
            demo_server.api_endpoint,
            generate_keypair().public_key,
            str(tmp_path / "floor.conf"),
        ]
        done = subprocess.run(
            floor, env={**env, "BENCH_TOKEN": tokens.access_token}, capture_output=True, text=True, timeout=60
        )
        assert done.returncode == 0, done.stderr

    runs = RUNS if not getattr(benchmark, "disabled", False) else 1
    sluis_config()  # uncounted, both sides: bytecode and the page cache, as for an installed Sluis
    by_hand()
    sluis_times, requests, floor_times, floor_requests = [], [], [], []
    for _ in range(runs):  # alternately, so a busy moment hits both sides
        before = len(demo_server.state.request_log)
        start = time.perf_counter()
        sluis_config()
        sluis_times.append(time.perf_counter() - start)
        requests.append(len(demo_server.state.request_log) - before)
        before = len(demo_server.state.request_log)
        start = time.perf_counter()
        by_hand()
        floor_times.append(time.perf_counter() - start)
        floor_requests.append(len(demo_server.state.request_log) - before)

    figures = {
        "sluis_requests": statistics.median(requests),
        "http_client_requests": statistics.median(floor_requests),
        "sluis_median_s": round(statistics.median(sluis_times), 4),
        "http_client_median_s": round(statistics.median(floor_times), 4),
        "budget_ratio": BUDGET,
    }
    figures["ratio"] = round(figures["sluis_median_s"] / figures["http_client_median_s"], 2)
    print(f"\nsluis config vs http.client: {figures}")
    benchmark.extra_info.update(figures)  # type: ignore[attr-defined]
    benchmark.pedantic(sluis_config, rounds=1, iterations=1)  # type: ignore[attr-defined]
    target = os.environ.get("SLUIS_BENCH_JSON")
    if target:
        Path(target).write_text(json.dumps({"config": figures}, indent=2) + "\n")  # noqa: ASYNC240
    assert figures["sluis_requests"] <= figures["http_client_requests"] == 3
