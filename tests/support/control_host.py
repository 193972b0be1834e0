"""A headless Sluis serving the control API, for tests that drive it from other processes.

``python -m tests.support.control_host SERVER_URL`` adds (and logs in to) the demo server at
SERVER_URL with the scripted browser, then serves a ``TunnelSession`` (``SessionTarget``) with the recording
backend on the default control socket (``$XDG_RUNTIME_DIR/sluis/control.sock``) until SIGTERM.
It prints ``ready`` once the socket accepts connections. Tokens stay in memory.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys


async def main(server_url: str) -> int:
    import keyring.backends.fail

    from gui.backends.recording import RecordingBackend
    from gui.control.server import ControlServer
    from gui.control.target import SessionTarget
    from gui.core.paths import AppPaths
    from gui.core.service import VpnService
    from gui.core.tokens import TokenStore
    from gui.tunnel.session import TunnelSession
    from tests.support.browser import make_async_browser

    store = TokenStore(keyring.backends.fail.Keyring())  # type: ignore[no-untyped-call]
    service = VpnService(AppPaths.from_environment(), token_store=store)
    if server_url:
        await service.add_server(server_url, make_async_browser(os.environ["SSL_CERT_FILE"]))  # type: ignore[arg-type]
    server = await ControlServer(SessionTarget(TunnelSession(service, RecordingBackend()), service)).start()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_signal_handler(signal.SIGINT, stop.set)
    print("ready", flush=True)
    await stop.wait()
    await server.close()
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv[1] if len(sys.argv) > 1 else "")))
