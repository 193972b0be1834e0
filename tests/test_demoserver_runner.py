"""Discovery document, its test switches, and running the server (thread, TLS, ``serve``)."""

from __future__ import annotations

import json
import os
import signal
import socket
import ssl
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import httpx2
import pytest

from gui.demoserver import DemoConfig, DemoServer, WellKnownRedirect, generate_tls_files

API_V3 = "http://eduvpn.org/api#3"


def test_well_known_document_names_the_v3_endpoints(
    demo_server: DemoServer, demo_http: httpx2.Client
) -> None:
    answer = demo_http.get("/.well-known/vpn-user-portal")
    assert answer.status_code == 200
    document = answer.json()
    base = demo_server.base_url
    assert base.startswith("https://127.0.0.1:")
    assert document["api"] == {
        API_V3: {
            "api_endpoint": f"{base}/vpn-user-portal/api/v3",
            "authorization_endpoint": f"{base}/vpn-user-portal/oauth/authorize",
            "token_endpoint": f"{base}/vpn-user-portal/oauth/token",
        }
    }
    assert document["v"].startswith("3.")
    assert document["v"].endswith("-sluis-demo")
    assert demo_server.api_endpoint == document["api"][API_V3]["api_endpoint"]


def test_v2_server_has_no_v3_api(
    demo_server_factory: Callable[..., DemoServer], demo_ssl_context: ssl.SSLContext
) -> None:
    server = demo_server_factory(serve_v2=True)
    document = httpx2.get(server.well_known_url, verify=demo_ssl_context).json()
    assert API_V3 not in document.get("api", {})
    assert document["v"].startswith("2.")


@pytest.mark.parametrize("status", [301, 302, 307])
def test_well_known_redirect_to_another_path_on_the_same_server(
    demo_server_factory: Callable[..., DemoServer], demo_ssl_context: ssl.SSLContext, status: int
) -> None:
    server = demo_server_factory(well_known_redirect=WellKnownRedirect(status=status))
    with httpx2.Client(verify=demo_ssl_context) as client:
        answer = client.get(server.well_known_url)
        assert answer.status_code == status
        assert answer.headers["location"] == f"{server.base_url}/moved/.well-known/vpn-user-portal"
        followed = client.get(server.well_known_url, follow_redirects=True)
    assert followed.status_code == 200
    assert followed.json()["api"][API_V3]["api_endpoint"] == server.api_endpoint


def test_well_known_redirect_to_plain_http(
    demo_server_factory: Callable[..., DemoServer], demo_ssl_context: ssl.SSLContext
) -> None:
    server = demo_server_factory(well_known_redirect=WellKnownRedirect(downgrade_to_http=True))
    answer = httpx2.get(server.well_known_url, verify=demo_ssl_context)
    assert answer.status_code == 302
    assert answer.headers["location"] == f"http://127.0.0.1:{server.port}/moved/.well-known/vpn-user-portal"


def test_well_known_redirect_to_an_absolute_url(
    demo_server_factory: Callable[..., DemoServer], demo_ssl_context: ssl.SSLContext
) -> None:
    target = "https://other.example.invalid/.well-known/vpn-user-portal"
    server = demo_server_factory(well_known_redirect=WellKnownRedirect(status=301, location=target))
    answer = httpx2.get(server.well_known_url, verify=demo_ssl_context)
    assert (answer.status_code, answer.headers["location"]) == (301, target)


def test_switches_can_change_on_a_running_server(demo_server: DemoServer, demo_http: httpx2.Client) -> None:
    demo_server.state.reconfigure(serve_v2=True)
    assert API_V3 not in demo_http.get("/.well-known/vpn-user-portal").json()["api"]
    demo_server.state.reconfigure(serve_v2=False)
    assert API_V3 in demo_http.get("/.well-known/vpn-user-portal").json()["api"]


def test_front_page_tells_how_to_use_the_server(demo_server: DemoServer, demo_http: httpx2.Client) -> None:
    page = demo_http.get("/")
    assert page.status_code == 200
    assert demo_server.base_url in page.text
    assert "demo" in page.text


def test_trust_demo_ca_makes_default_clients_trust_the_server(
    demo_server: DemoServer, trust_demo_ca: Path
) -> None:
    assert os.environ["SSL_CERT_FILE"] == str(trust_demo_ca)
    with httpx2.Client() as client:
        assert client.get(demo_server.well_known_url).status_code == 200


def test_untrusted_client_fails_tls(demo_server: DemoServer) -> None:
    with pytest.raises(httpx2.ConnectError), httpx2.Client(verify=ssl.create_default_context()) as client:
        client.get(demo_server.well_known_url)


def test_stop_releases_the_port() -> None:
    with DemoServer() as server:
        assert server.base_url.startswith("http://127.0.0.1:")
        assert httpx2.get(server.well_known_url).status_code == 200
        port = server.port
    with pytest.raises(ConnectionRefusedError), socket.create_connection(("127.0.0.1", port), timeout=2):
        pass
    server.stop()  # a second stop is harmless


def test_self_generated_tls_passes_strict_verification(tmp_path: Path) -> None:
    files = generate_tls_files(tmp_path)
    assert files.key_file.stat().st_mode & 0o077 == 0
    context = ssl.create_default_context(cafile=str(files.ca_file))
    context.verify_flags |= ssl.VERIFY_X509_STRICT
    with DemoServer(DemoConfig(), tls=files) as server, httpx2.Client(verify=context) as client:
        assert client.get(server.well_known_url).status_code == 200
        assert client.get(server.well_known_url.replace("127.0.0.1", "localhost")).status_code == 200


def test_serve_prints_its_url_and_ca_and_stops_on_ctrl_c() -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", "from gui.demoserver import serve; serve(0, True)"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline() for _ in range(4)]
        url = lines[0].split(": ", 1)[1].strip()
        ca_file = Path(lines[2].split(": ", 1)[1].strip())
        assert url.startswith("https://127.0.0.1:")
        context = ssl.create_default_context(cafile=str(ca_file))
        document = httpx2.get(url + ".well-known/vpn-user-portal", verify=context).json()
        assert document["api"][API_V3]["token_endpoint"] == url + "vpn-user-portal/oauth/token"
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=10) == 0
        assert not ca_file.exists()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()


def test_demo_server_imports_nothing_of_the_client_app() -> None:
    code = (
        "import json, sys; import gui.demoserver; "
        "client = ('PySide6', 'keyring', 'qasync', 'gui.ui', 'gui.backends', 'gui.controller', 'gui.cli'); "
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith(client))))"
    )
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert json.loads(output) == []
