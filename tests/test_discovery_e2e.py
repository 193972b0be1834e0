"""Adding a server by searching for it: signed lists from the demo server, search, login."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from gui.core.discovery import ResultKind
from gui.core.errors import SluisError
from gui.core.paths import AppPaths
from gui.core.protocols import Protocol
from gui.core.servers import ServerKind
from gui.core.service import VpnService
from gui.demoserver import DemoServer
from gui.demoserver.discovery import DEMO_ORG_ID
from tests.support.browser import make_async_browser
from tests.support.keyrings import MemoryKeyring

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def discovery_env(
    demo_server: DemoServer, monkeypatch: pytest.MonkeyPatch, trust_demo_ca: Path
) -> dict[str, str]:
    key = demo_server.publish_discovery()
    env = {"SLUIS_DISCOVERY_URL": demo_server.discovery_url, "SLUIS_DISCOVERY_KEYS": key}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return env


@pytest.fixture
def service(tmp_path: Path) -> VpnService:
    from gui.core.tokens import TokenStore

    return VpnService(
        AppPaths.from_environment({"SLUIS_HOME": str(tmp_path)}), token_store=TokenStore(MemoryKeyring())
    )


async def test_search_then_add_an_institute(
    service: VpnService, demo_server: DemoServer, discovery_env: dict[str, str], trust_demo_ca: Path
) -> None:
    results = await service.discover("demo univ", ["nl-NL"])
    assert service.discovery().notice is None
    institute = next(r for r in results if r.kind is ResultKind.INSTITUTE_ACCESS)
    assert institute.display_name == "Sluis Demo Universiteit"
    entry = await service.add_from_discovery(
        make_async_browser(str(trust_demo_ca)), base_url=institute.base_url
    )
    assert entry.kind is ServerKind.INSTITUTE_ACCESS
    assert isinstance(entry.display_name, dict) and entry.display_name["nl"] == "Sluis Demo Universiteit"
    assert await service.profiles(entry.base_url)
    await service.aclose()


async def test_choosing_an_organization_adds_its_secure_internet_home(
    service: VpnService, demo_server: DemoServer, discovery_env: dict[str, str], trust_demo_ca: Path
) -> None:
    results = await service.discover("demo organisatie", ["nl"])
    organization = next(r for r in results if r.kind is ResultKind.ORGANIZATION)
    assert organization.organization is not None
    entry = await service.add_from_discovery(
        make_async_browser(str(trust_demo_ca)), org_id=organization.organization.org_id
    )
    assert entry.kind is ServerKind.SECURE_INTERNET and entry.org_id == DEMO_ORG_ID
    assert entry.base_url == demo_server.base_url + "/"
    await service.aclose()


def _sluis(env: dict[str, str], home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gui", *args],
        env={**os.environ, **env, "SLUIS_HOME": str(home), "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_cli_discover_lists_institutes_and_organizations(
    discovery_env: dict[str, str], tmp_path: Path, demo_server: DemoServer
) -> None:
    done = _sluis({**discovery_env, "LANGUAGE": "de"}, tmp_path, "discover", "sluis demo", "--json")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert {
        "type": "institute_access",
        "name": "Sluis-Demo-Universität",
        "base_url": demo_server.base_url + "/",
        "org_id": None,
    } in rows
    assert any(r["type"] == "organization" and r["org_id"] == DEMO_ORG_ID for r in rows)


def test_cli_discover_falls_back_to_the_bundled_list_with_a_warning(tmp_path: Path) -> None:
    done = _sluis(
        {"SLUIS_DISCOVERY_URL": "https://127.0.0.1:9/"}, tmp_path, "discover", "amsterdam", "--json"
    )
    assert done.returncode == 0, done.stderr
    assert "warning" in done.stderr and done.stderr.count("\n") == 1
    assert any("Amsterdam" in row["name"] for row in json.loads(done.stdout))


def test_lets_connect_mode_has_no_discovery(tmp_path: Path) -> None:
    settings = tmp_path / "config" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text('{"lets_connect": true}')
    done = _sluis({}, tmp_path, "discover", "x")
    assert done.returncode == 1 and "discovery is switched off" in done.stderr


async def test_switching_secure_internet_location_keeps_the_login(
    service: VpnService, demo_server: DemoServer, monkeypatch: pytest.MonkeyPatch, trust_demo_ca: Path
) -> None:
    # The same server under a second name stands in for another country's server: real
    # Secure Internet servers accept each other's tokens.
    other = f"https://localhost:{demo_server.port}/"
    key = demo_server.publish_discovery(locations={"DE": other})
    monkeypatch.setenv("SLUIS_DISCOVERY_URL", demo_server.discovery_url)
    monkeypatch.setenv("SLUIS_DISCOVERY_KEYS", key)
    entry = await service.add_from_discovery(make_async_browser(str(trust_demo_ca)), org_id=DEMO_ORG_ID)
    logins = demo_server.state.token_requests["authorization_code"]

    moved = await service.change_location(entry.base_url, other)
    assert moved.location == other and moved.base_url == entry.base_url
    _profile, config = await service.obtain_config(entry.base_url, "employees", accept=[Protocol.OPENVPN])
    assert config.protocol is Protocol.OPENVPN
    assert demo_server.state.token_requests["authorization_code"] == logins  # no new login
    async with service.client(moved.base_url, moved.api_base_url) as client:
        assert (await client.api_endpoints()).api_endpoint.startswith(other.rstrip("/"))
        assert (await client.endpoints()).token_endpoint.startswith(demo_server.base_url)

    with pytest.raises(SluisError, match="not a Secure Internet location"):
        await service.change_location(entry.base_url, "https://elsewhere.example/")
    back = await service.change_location(entry.base_url, entry.base_url)
    assert back.location is None
    await service.aclose()


async def test_a_server_gone_from_the_list_is_marked_not_deleted(
    service: VpnService, demo_server: DemoServer, discovery_env: dict[str, str], trust_demo_ca: Path
) -> None:
    from gui.core.servers import ServerEntry

    entry = await service.add_from_discovery(make_async_browser(str(trust_demo_ca)), org_id=DEMO_ORG_ID)
    service.servers.add(ServerEntry("https://gone.example.org/", ServerKind.INSTITUTE_ACCESS, "Gone"))
    service.servers.add(ServerEntry("https://typed.example.org/"))  # typed by hand: never "listed"
    await service.discover("demo", ["en"])
    marks = {e.base_url: e.delisted for e in VpnService(service.paths, token_store=service.tokens).servers}
    assert marks == {
        entry.base_url: False,
        "https://gone.example.org/": True,
        "https://typed.example.org/": False,
    }
    await service.aclose()
