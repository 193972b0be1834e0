"""The HTTP clients' shared TLS trust: one loaded trust store per setting, read again when the setting
or, after a while, the store itself changes (``gui.core.tls.shared_ssl_context``)."""

from __future__ import annotations

from pathlib import Path

import pytest
import trustme

from gui.core import tls
from gui.core.endpoints import EndpointCache
from gui.core.errors import NetworkError
from gui.core.tokens import TokenStore
from gui.demoserver import DemoServer
from tests.ui_support import memory_tokens


@pytest.fixture(autouse=True)
def fresh_contexts() -> None:
    tls._shared.clear()


def _issuers(context: object) -> set[str]:
    certs = context.get_ca_certs()  # type: ignore[attr-defined]
    return {dict(part[0] for part in cert["subject"]).get("organizationName", "") for cert in certs}


def test_one_trust_store_per_setting_and_a_new_setting_takes_effect(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = tmp_path / "first.pem", tmp_path / "second.pem"
    trustme.CA(organization_name="First CA").cert_pem.write_to_path(str(first))
    trustme.CA(organization_name="Second CA").cert_pem.write_to_path(str(second))
    monkeypatch.setenv("SSL_CERT_FILE", str(first))
    shared = tls.shared_ssl_context()
    assert tls.shared_ssl_context() is shared, "the clients share the loaded store"
    assert _issuers(shared) == {"First CA"}
    monkeypatch.setenv("SSL_CERT_FILE", str(second))  # an enterprise CA set for this session
    assert _issuers(tls.shared_ssl_context()) == {"Second CA"}


def test_a_trust_store_updated_on_disk_is_read_again_after_a_while(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundle = tmp_path / "bundle.pem"
    trustme.CA(organization_name="Old CA").cert_pem.write_to_path(str(bundle))
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))
    now = [1000.0]
    assert _issuers(tls.shared_ssl_context(lambda: now[0])) == {"Old CA"}
    trustme.CA(organization_name="New CA").cert_pem.write_to_path(str(bundle))  # the system updated it
    now[0] += tls.SHARED_CONTEXT_LIFETIME - 1
    assert _issuers(tls.shared_ssl_context(lambda: now[0])) == {"Old CA"}
    now[0] += 2
    assert _issuers(tls.shared_ssl_context(lambda: now[0])) == {"New CA"}


async def test_clients_trust_what_the_setting_says_whatever_they_shared_before(
    demo_server: DemoServer, trust_demo_ca: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from gui.core.client import ServerClient

    store: TokenStore = memory_tokens()
    async with ServerClient(
        demo_server.base_url + "/", client_id="x", token_store=store, endpoint_cache=EndpointCache()
    ) as client:
        await client.endpoints()  # trusted through SSL_CERT_FILE
    other = tmp_path / "other.pem"
    trustme.CA().cert_pem.write_to_path(str(other))
    monkeypatch.setenv("SSL_CERT_FILE", str(other))
    async with ServerClient(
        demo_server.base_url + "/", client_id="x", token_store=store, endpoint_cache=EndpointCache()
    ) as client:
        with pytest.raises(NetworkError, match="certificate could not be verified"):
            await client.endpoints()
