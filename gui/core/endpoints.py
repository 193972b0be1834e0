"""The endpoints of each server, fetched in this run (kept apart from the HTTP client so that
holding the cache costs no import of the HTTP stack)."""

from __future__ import annotations

from gui.core.wellknown_doc import Endpoints


class EndpointCache:
    """Well-known documents fetched in this run: "at least once per application run, per server"."""

    def __init__(self) -> None:
        self._endpoints: dict[str, Endpoints] = {}

    def get(self, base_url: str) -> Endpoints | None:
        return self._endpoints.get(base_url)

    def put(self, base_url: str, endpoints: Endpoints) -> None:
        self._endpoints[base_url] = endpoints

    def forget(self, base_url: str) -> None:
        self._endpoints.pop(base_url, None)
