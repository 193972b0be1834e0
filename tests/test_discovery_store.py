"""The discovery store over real HTTPS on 127.0.0.1: downloads, conditional GET, refusals, fallbacks.

A small Starlette app served by uvicorn in a thread (certificate from trustme) plays disco.eduvpn.org.
It serves whatever a test publishes, answers ``If-None-Match`` with 304, and can redirect or stall.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import socket
import ssl
import threading
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx2
import minisign
import pytest
import trustme
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from gui.core.discovery import (
    ORGANIZATION_LIST,
    SERVER_LIST,
    BadSignatureError,
    DiscoveryError,
    DiscoveryFetchError,
    DiscoveryHttpStatusError,
    DiscoveryInsecureUrlError,
    DiscoverySettings,
    DiscoveryStore,
    DiscoveryTimeoutError,
    DiscoveryTooLargeError,
    RollbackError,
    UntrustedKeyError,
    WrongFileSignatureError,
)
from gui.core.discovery.fetch import MAX_LIST_BYTES, fetch
from tests.support.signed_lists import list_dir

BUNDLED_V = 1671801755  # the 2022-12 lists shipped in gui/data/discovery


# --- A tiny HTTPS discovery server ------------------------------------------------------------------


@dataclass
class Disco:
    """What the server serves (path -> bytes) and what it was asked."""

    origin: str
    files: dict[str, bytes] = field(default_factory=dict)
    redirects: dict[str, str] = field(default_factory=dict)
    stalled: set[str] = field(default_factory=set)
    trickled: set[str] = field(default_factory=set)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)

    @property
    def base_url(self) -> str:
        return self.origin + "/v2/"

    def publish(self, name: str, data: bytes, signature: bytes) -> None:
        self.files[f"/v2/{name}"] = data
        self.files[f"/v2/{name}.minisig"] = signature

    def publish_real(self, period: str, name: str, *, as_name: str | None = None) -> None:
        directory = list_dir(period)
        self.publish(
            as_name or name, (directory / name).read_bytes(), (directory / (name + ".minisig")).read_bytes()
        )

    def asked(self, path: str) -> list[dict[str, str]]:
        return [headers for p, headers in self.requests if p == path]

    def reset(self) -> None:
        self.files.clear()
        self.redirects.clear()
        self.stalled.clear()
        self.trickled.clear()
        self.requests.clear()
        self.release.clear()


def _app(disco: Disco) -> Starlette:
    async def serve(request: Request) -> Response:
        path = request.url.path
        disco.requests.append((path, {k.lower(): v for k, v in request.headers.items()}))
        if path in disco.redirects:
            return Response(status_code=302, headers={"Location": disco.redirects[path]})
        if path in disco.stalled:
            await asyncio.to_thread(disco.release.wait, 30)
        body = disco.files.get(path)
        if body is None:
            return Response(status_code=404)
        if path in disco.trickled:  # chunked: no Content-Length to refuse early on

            async def chunks() -> AsyncIterator[bytes]:
                for start in range(0, len(body), 4096):
                    yield body[start : start + 4096]

            return StreamingResponse(chunks(), media_type="application/json")
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if request.headers.get("if-none-match") == etag:
            return Response(status_code=304, headers={"ETag": etag})
        headers = {"ETag": etag, "Last-Modified": "Fri, 23 Dec 2022 13:27:33 GMT"}
        return Response(body, headers=headers, media_type="application/json")

    return Starlette(routes=[Route("/{path:path}", serve)])


@dataclass
class _Running:
    disco: Disco
    ca: trustme.CA


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[_Running]:
    ca = trustme.CA()
    leaf = ca.issue_cert("127.0.0.1")
    directory = tmp_path_factory.mktemp("disco-tls")
    cert, key = directory / "cert.pem", directory / "key.pem"
    cert.write_bytes(b"".join(blob.bytes() for blob in leaf.cert_chain_pems))
    leaf.private_key_pem.write_to_path(str(key))
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    disco = Disco(origin=f"https://127.0.0.1:{sock.getsockname()[1]}")
    config = uvicorn.Config(
        _app(disco), ssl_certfile=str(cert), ssl_keyfile=str(key), log_level="critical", lifespan="off"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "the test discovery server did not start"
        time.sleep(0.01)
    yield _Running(disco, ca)
    disco.release.set()
    server.should_exit = True
    thread.join(timeout=10)
    sock.close()


@pytest.fixture
def disco(running: _Running) -> Iterator[Disco]:
    running.disco.reset()
    yield running.disco
    running.disco.release.set()  # let a stalled handler finish


@pytest.fixture
async def client(running: _Running) -> AsyncIterator[httpx2.AsyncClient]:
    context = ssl.create_default_context()
    running.ca.configure_trust(context)
    async with httpx2.AsyncClient(verify=context) as http:
        yield http


@pytest.fixture(scope="module")
def keypair() -> minisign.KeyPair:
    return minisign.KeyPair.generate()


def signed(
    keypair: minisign.KeyPair, name: str, v: int, entries: list[dict[str, Any]]
) -> tuple[bytes, bytes]:
    data = json.dumps({"v": v, name.removesuffix(".json"): entries}).encode()
    comment = f"timestamp:{v}\tfile:{name}"
    return data, bytes(keypair.secret_key.sign(data, trusted_comment=comment)) + b"\n"


def institutes(*names: str) -> list[dict[str, Any]]:
    return [
        {
            "server_type": "institute_access",
            "base_url": f"https://{n}.example.org/",
            "display_name": n.title(),
        }
        for n in names
    ]


def own_settings(disco: Disco, keypair: minisign.KeyPair) -> DiscoverySettings:
    return DiscoverySettings(base_url=disco.base_url, trusted_keys=(keypair.public_key.to_base64().decode(),))


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"https://127.0.0.1:{sock.getsockname()[1]}/v2/"


async def cached_store(
    disco: Disco, client: httpx2.AsyncClient, keypair: minisign.KeyPair, cache: Path, **kwargs: Any
) -> DiscoveryStore:
    """A store that has downloaded, verified and cached server list v=100 (alpha, beta)."""
    disco.publish(SERVER_LIST, *signed(keypair, SERVER_LIST, 100, institutes("alpha", "beta")))
    store = DiscoveryStore(cache, own_settings(disco, keypair), client, bundled=None, **kwargs)
    assert await store.refresh_servers() is None
    assert store.server_list.v == 100
    return store


def base_urls(store: DiscoveryStore) -> list[str]:
    return [s.base_url for s in store.servers]


# --- Tests ------------------------------------------------------------------------------------------


async def test_a_first_start_offline_works_from_the_bundled_copy(
    tmp_path: Path, client: httpx2.AsyncClient
) -> None:
    store = DiscoveryStore(tmp_path, DiscoverySettings(base_url=closed_port_url()), client)
    assert store.server_list.v == BUNDLED_V
    assert len(store.servers) == 131
    assert len(store.organizations) == 857
    failure = await store.refresh_servers()
    assert isinstance(failure, DiscoveryFetchError)
    assert store.notice is failure
    assert failure.params["file"] == SERVER_LIST
    assert len(store.servers) == 131  # still there: never a block
    organizations_failure = await store.ensure_organizations()
    assert isinstance(organizations_failure, DiscoveryFetchError)
    assert store.notice is organizations_failure  # the latest one
    assert len(store.organizations) == 857


async def test_a_new_list_is_verified_used_and_cached_for_the_next_start(
    tmp_path: Path, disco: Disco, client: httpx2.AsyncClient, keypair: minisign.KeyPair
) -> None:
    store = await cached_store(disco, client, keypair, tmp_path)
    assert base_urls(store) == ["https://alpha.example.org/", "https://beta.example.org/"]
    assert store.notice is None
    # Next start, offline: the cached copy is verified again and used.
    offline = DiscoverySettings(base_url=closed_port_url(), trusted_keys=store.settings.trusted_keys)
    again = DiscoveryStore(tmp_path, offline, client, bundled=None)
    assert again.server_list.v == 100
    assert base_urls(again) == base_urls(store)


async def test_not_modified_reuses_the_cache(
    tmp_path: Path, disco: Disco, client: httpx2.AsyncClient, keypair: minisign.KeyPair
) -> None:
    await cached_store(disco, client, keypair, tmp_path)
    disco.requests.clear()
    restarted = DiscoveryStore(tmp_path, own_settings(disco, keypair), client, bundled=None)
    assert await restarted.refresh_servers() is None
    [asked] = disco.asked("/v2/server_list.json")
    assert asked["if-none-match"].startswith('"')
    assert asked["if-modified-since"] == "Fri, 23 Dec 2022 13:27:33 GMT"
    assert disco.asked("/v2/server_list.json.minisig") == []  # 304: nothing new to verify
    assert restarted.server_list.v == 100
    assert restarted.notice is None


async def test_a_newer_list_replaces_the_cached_one_and_the_search_index(
    tmp_path: Path, disco: Disco, client: httpx2.AsyncClient, keypair: minisign.KeyPair
) -> None:
    store = await cached_store(disco, client, keypair, tmp_path)
    index = store.search_index()
    assert store.search_index() is index  # built once per list
    disco.publish(SERVER_LIST, *signed(keypair, SERVER_LIST, 101, institutes("alpha", "gamma")))
    assert await store.refresh_servers() is None
    assert base_urls(store) == ["https://alpha.example.org/", "https://gamma.example.org/"]
    assert store.search_index() is not index
    assert [r.display_name for r in store.search_index().search("gam", ["en"])] == ["Gamma"]


async def test_the_same_version_again_changes_nothing(
    tmp_path: Path, disco: Disco, client: httpx2.AsyncClient, keypair: minisign.KeyPair
) -> None:
    store = await cached_store(disco, client, keypair, tmp_path)
    before = store.server_list
    disco.publish(SERVER_LIST, *signed(keypair, SERVER_LIST, 100, institutes("alpha", "beta", "extra")))
    assert await store.refresh_servers() is None
    assert store.server_list is before


async def _assert_kept(store: DiscoveryStore, cache: Path, disco: Disco, keypair: minisign.KeyPair) -> None:
    """The previous good copy is still in use, and still the one on disk."""
    assert store.server_list.v == 100
    assert base_urls(store) == ["https://alpha.example.org/", "https://beta.example.org/"]
    offline = DiscoverySettings(base_url=closed_port_url(), trusted_keys=store.settings.trusted_keys)
    assert DiscoveryStore(cache, offline, bundled=None).server_list.v == 100


async def test_a_redirect_to_plain_http_is_refused(
    tmp_path: Path, disco: Disco, client: httpx2.AsyncClient, keypair: minisign.KeyPair
) -> None:
    store = await cached_store(disco, client, keypair, tmp_path)
    disco.requests.clear()
    http_url = disco.origin.replace("https://", "http://") + "/v2/server_list.json"
    disco.redirects["/v2/server_list.json"] = http_url
    failure = await store.refresh_servers()
    assert isinstance(failure, DiscoveryInsecureUrlError)
    assert failure.params["url"] == http_url
    assert [path for path, _ in disco.requests] == ["/v2/server_list.json"]  # never followed
    await _assert_kept(store, tmp_path, disco, keypair)


async def test_https_redirects_are_followed(
    tmp_path: Path, disco: Disco, client: httpx2.AsyncClient, keypair: minisign.KeyPair
) -> None:
    data, signature = signed(keypair, SERVER_LIST, 7, institutes("moved"))
    disco.files["/mirror/server_list.json"] = data
    disco.files["/v2/server_list.json.minisig"] = signature
    disco.redirects["/v2/server_list.json"] = "/mirror/server_list.json"
    store = DiscoveryStore(tmp_path, own_settings(disco, keypair), client, bundled=None)
    assert await store.refresh_servers() is None
    assert base_urls(store) == ["https://moved.example.org/"]


async def test_an_oversized_list_is_refused(
    tmp_path: Path, disco: Disco, client: httpx2.AsyncClient, keypair: minisign.KeyPair
) -> None:
    store = await cached_store(disco, client, keypair, tmp_path)
    disco.files["/v2/server_list.json"] = b" " * (MAX_LIST_BYTES + 1)
    failure = await store.refresh_servers()
    assert isinstance(failure, DiscoveryTooLargeError)
    assert failure.params["limit"] == MAX_LIST_BYTES
    await _assert_kept(store, tmp_path, disco, keypair)


async def test_a_stream_without_length_is_cut_at_the_limit(disco: Disco, client: httpx2.AsyncClient) -> None:
    disco.files["/big"] = b"x" * 100_000
    disco.trickled.add("/big")
    with pytest.raises(DiscoveryTooLargeError):
        await fetch(client, disco.origin + "/big", file_name=SERVER_LIST, max_bytes=50_000)
    fetched = await fetch(client, disco.origin + "/big", file_name=SERVER_LIST, max_bytes=100_000)
    assert fetched.body == b"x" * 100_000


async def test_a_timeout_gives_a_notice_and_the_cache_is_used(
    tmp_path: Path, disco: Disco, client: httpx2.AsyncClient, keypair: minisign.KeyPair
) -> None:
    store = await cached_store(disco, client, keypair, tmp_path, timeout=0.3)
    disco.stalled.add("/v2/server_list.json")
    started = time.monotonic()
    failure = await store.refresh_servers()
    assert time.monotonic() - started < 5
    assert isinstance(failure, DiscoveryTimeoutError)
    assert failure.params["seconds"] == "0.3"
    assert store.notice is failure
    await _assert_kept(store, tmp_path, disco, keypair)


async def test_an_http_error_status_gives_a_notice(
    tmp_path: Path, disco: Disco, client: httpx2.AsyncClient, keypair: minisign.KeyPair
) -> None:
    store = await cached_store(disco, client, keypair, tmp_path)
    del disco.files["/v2/server_list.json.minisig"]
    disco.publish(SERVER_LIST, *signed(keypair, SERVER_LIST, 101, []))
    del disco.files["/v2/server_list.json.minisig"]
    failure = await store.refresh_servers()
    assert isinstance(failure, DiscoveryHttpStatusError)
    assert failure.params == {"file": "server_list.json.minisig", "host": "127.0.0.1", "status": 404}
    await _assert_kept(store, tmp_path, disco, keypair)


async def test_a_changed_byte_is_refused_and_the_previous_copy_kept(
    tmp_path: Path, disco: Disco, client: httpx2.AsyncClient, keypair: minisign.KeyPair
) -> None:
    store = await cached_store(disco, client, keypair, tmp_path)
    data, signature = signed(keypair, SERVER_LIST, 101, institutes("alpha", "evil"))
    disco.publish(SERVER_LIST, data.replace(b"evil", b"evim"), signature)
    assert isinstance(await store.refresh_servers(), BadSignatureError)
    await _assert_kept(store, tmp_path, disco, keypair)


async def test_a_list_signed_by_another_key_is_refused(
    tmp_path: Path, disco: Disco, client: httpx2.AsyncClient, keypair: minisign.KeyPair
) -> None:
    store = await cached_store(disco, client, keypair, tmp_path)
    stranger = minisign.KeyPair.generate()
    disco.publish(SERVER_LIST, *signed(stranger, SERVER_LIST, 500, institutes("evil")))
    failure = await store.refresh_servers()
    assert isinstance(failure, UntrustedKeyError)
    await _assert_kept(store, tmp_path, disco, keypair)


async def test_an_older_real_list_is_refused_as_rollback(
    tmp_path: Path, disco: Disco, client: httpx2.AsyncClient
) -> None:
    disco.publish_real("2021-03", SERVER_LIST)
    store = DiscoveryStore(tmp_path, DiscoverySettings(base_url=disco.base_url), client)
    failure = await store.refresh_servers()
    assert isinstance(failure, RollbackError)
    assert failure.params == {"file": SERVER_LIST, "v": 1615554034, "previous_v": BUNDLED_V}
    assert store.server_list.v == BUNDLED_V
    assert not (tmp_path / SERVER_LIST).exists()
    # The real 2022 list is accepted and cached (same version as the bundle: unchanged, now cached).
    disco.publish_real("2022-12", SERVER_LIST)
    assert await store.refresh_servers() is None
    assert store.notice is None
    assert (tmp_path / SERVER_LIST).read_bytes() == (list_dir("2022-12") / SERVER_LIST).read_bytes()


async def test_the_organization_list_served_as_server_list_is_refused(
    tmp_path: Path, disco: Disco, client: httpx2.AsyncClient
) -> None:
    disco.publish_real("2022-12", ORGANIZATION_LIST, as_name=SERVER_LIST)
    store = DiscoveryStore(tmp_path, DiscoverySettings(base_url=disco.base_url), client)
    failure = await store.refresh_servers()
    assert isinstance(failure, WrongFileSignatureError)
    assert failure.params["signed_file"] == ORGANIZATION_LIST
    assert len(store.servers) == 131


async def test_organizations_are_fetched_only_when_needed(
    tmp_path: Path, disco: Disco, client: httpx2.AsyncClient
) -> None:
    now = [1000.0]
    disco.publish_real("2022-12", SERVER_LIST)
    disco.publish_real("2022-12", ORGANIZATION_LIST)
    store = DiscoveryStore(tmp_path, DiscoverySettings(base_url=disco.base_url), client, clock=lambda: now[0])
    assert await store.refresh_servers() is None
    assert disco.asked("/v2/organization_list.json") == []  # not at start
    assert await store.ensure_organizations() is None
    assert len(disco.asked("/v2/organization_list.json")) == 1
    assert len(disco.asked("/v2/organization_list.json.minisig")) == 1
    assert await store.ensure_organizations() is None  # just checked: no request
    assert len(disco.asked("/v2/organization_list.json")) == 1
    now[0] += 3601
    assert await store.ensure_organizations() is None
    second = disco.asked("/v2/organization_list.json")
    assert len(second) == 2
    assert "if-none-match" in second[1]  # conditional, answered 304
    assert len(disco.asked("/v2/organization_list.json.minisig")) == 1
    assert len(store.organizations) == 857


async def test_a_successful_refresh_clears_the_notice(
    tmp_path: Path, disco: Disco, client: httpx2.AsyncClient, keypair: minisign.KeyPair
) -> None:
    store = await cached_store(disco, client, keypair, tmp_path)
    disco.redirects["/v2/server_list.json"] = "http://127.0.0.1/"
    failure = await store.refresh_servers()
    assert failure is not None
    assert store.notice is failure
    store.dismiss_notice()
    notices = [store.notice]
    again = await store.refresh_servers()
    assert again is not None
    notices.append(store.notice)
    assert notices == [None, again]  # dismissed, then a new failure is a new notice
    del disco.redirects["/v2/server_list.json"]
    assert await store.refresh_servers() is None
    assert store.notice is None


async def test_a_tampered_cache_falls_back_to_the_bundled_copy(
    tmp_path: Path, client: httpx2.AsyncClient
) -> None:
    for name in (SERVER_LIST, SERVER_LIST + ".minisig"):
        (tmp_path / name).write_bytes((list_dir("2022-12") / name).read_bytes())
    original = (tmp_path / SERVER_LIST).read_bytes()
    (tmp_path / SERVER_LIST).write_bytes(original.replace(b"eduvpn.rash.al", b"eduvpn.rash.am"))
    store = DiscoveryStore(tmp_path, DiscoverySettings(base_url=closed_port_url()), client)
    assert store.server_list.v == BUNDLED_V
    assert store.server_list.find("https://eduvpn.rash.al/") is not None


async def test_own_keys_do_not_trust_the_bundled_copy(tmp_path: Path, keypair: minisign.KeyPair) -> None:
    settings = DiscoverySettings(
        base_url=closed_port_url(), trusted_keys=(keypair.public_key.to_base64().decode(),)
    )
    store = DiscoveryStore(tmp_path, settings)
    assert store.server_list.v == 0
    assert store.servers == ()


async def test_the_server_list_is_kept_fresh_until_cancelled(
    tmp_path: Path, disco: Disco, client: httpx2.AsyncClient, keypair: minisign.KeyPair
) -> None:
    disco.publish(SERVER_LIST, *signed(keypair, SERVER_LIST, 1, institutes("one")))
    store = DiscoveryStore(tmp_path, own_settings(disco, keypair), client, bundled=None)
    outcomes: list[DiscoveryError | None] = []
    enough = asyncio.Event()
    wanted = [3]

    def refreshed(failure: DiscoveryError | None) -> None:
        outcomes.append(failure)
        if len(outcomes) >= wanted[0]:
            enough.set()

    task = asyncio.create_task(store.keep_servers_fresh(interval=0.01, on_refreshed=refreshed))
    await asyncio.wait_for(enough.wait(), 10)
    disco.publish(SERVER_LIST, *signed(keypair, SERVER_LIST, 2, institutes("two")))
    wanted[0] = len(outcomes) + 2
    enough.clear()
    await asyncio.wait_for(enough.wait(), 10)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert set(outcomes) == {None}
    assert base_urls(store) == ["https://two.example.org/"]
    assert len(disco.asked("/v2/server_list.json")) >= 5


async def test_a_store_without_a_client_makes_and_closes_its_own(tmp_path: Path) -> None:
    async with DiscoveryStore(tmp_path, DiscoverySettings(base_url=closed_port_url())) as store:
        assert isinstance(await store.refresh_servers(), DiscoveryFetchError)
