"""``sluis config`` against the local server: round trips and wall time, beside curl.

Budget: ``sluis config`` makes no more HTTP requests than curl needs for the same job (well-known,
/info, /connect = 3 with a valid access token) and its median wall time, Python start-up
included, stays within 10x curl's doing those requests over one connection.
The figures are printed (run with ``-s``) and stored in the benchmark's extra_info.
"""

from __future__ import annotations

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


def _curl_same_requests(server: DemoServer, token: str, ca: Path, public_key: str) -> None:
    subprocess.run(
        [
            "curl",
            "-sf",
            "--cacert",
            str(ca),
            "-o",
            "/dev/null",
            server.well_known_url,
            "--next",
            "-sf",
            "--cacert",
            str(ca),
            "-o",
            "/dev/null",
            "-H",
            f"Authorization: Bearer {token}",
            server.api_endpoint + "/info",
            "--next",
            "-sf",
            "--cacert",
            str(ca),
            "-o",
            "/dev/null",
            "-H",
            f"Authorization: Bearer {token}",
            "-H",
            "Accept: application/x-openvpn-profile,application/x-wireguard-profile",
            "--data-urlencode",
            "profile_id=employees",
            "--data-urlencode",
            f"public_key={public_key}",
            "--data-urlencode",
            "prefer_tcp=no",
            server.api_endpoint + "/connect",
        ],
        check=True,
        timeout=30,
    )


async def test_sluis_config_versus_curl(
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

    sluis_times, requests = [], []
    for _ in range(RUNS):
        before = len(demo_server.state.request_log)
        start = time.perf_counter()
        sluis_config()
        sluis_times.append(time.perf_counter() - start)
        requests.append(len(demo_server.state.request_log) - before)

    tokens = await service.tokens.load(entry.base_url)
    assert tokens is not None
    from gui.core.wgkeys import generate_keypair

    curl_times = []
    curl_requests = 0
    for _ in range(RUNS):
        before = len(demo_server.state.request_log)
        start = time.perf_counter()
        _curl_same_requests(demo_server, tokens.access_token, trust_demo_ca, generate_keypair().public_key)
        curl_times.append(time.perf_counter() - start)
        curl_requests = len(demo_server.state.request_log) - before

    figures = {
        "sluis_requests": statistics.median(requests),
        "curl_requests": curl_requests,
        "sluis_median_s": statistics.median(sluis_times),
        "curl_median_s": statistics.median(curl_times),
    }
    figures["ratio"] = figures["sluis_median_s"] / figures["curl_median_s"]
    print(f"\nsluis config vs curl: {figures}")
    benchmark.extra_info.update(figures)  # type: ignore[attr-defined]
    benchmark.pedantic(sluis_config, rounds=1, iterations=1)  # type: ignore[attr-defined]
    assert figures["sluis_requests"] <= curl_requests
