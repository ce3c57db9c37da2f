"""Fixtures that start the real server on a loopback port (helpers in serverkit.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pyoxigraph as ox
import pytest
from serverkit import Server, build_store, generated_quads, start_server, stop_server, w3c_quads


@pytest.fixture(scope="session")
def start(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., Server]]:
    started: list[Server] = []

    def _start(quads: list[ox.Quad], **env: str) -> Server:
        root = tmp_path_factory.mktemp("server")
        store = build_store(root / "store", quads)
        server = start_server(store, root / "server.log", **env)
        started.append(server)
        return server

    yield _start
    for server in started:
        stop_server(server)


@pytest.fixture(scope="session")
def server(start: Callable[..., Server]) -> Server:
    """The main read-only server: W3C protocol data plus a generated graph, tight limits."""
    return start(w3c_quads() + generated_quads(), KG_QUERY_TIMEOUT="1", KG_ROW_CAP="100")
