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


@pytest.fixture(scope="session")
def seed_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The real seed graph, built as `kg build` builds it, served on a loopback port."""
    from pathlib import Path

    from kg.build import run_build
    from kg.config import Paths

    root_dir = Path(__file__).resolve().parents[2]
    root = tmp_path_factory.mktemp("seed-server")
    run_build(Paths(store=root / "store", seeds=root_dir / "seeds",
                    ontology=root_dir / "ontology"))
    server = start_server(root / "store", root / "server.log")
    yield server
    stop_server(server)


ROW_CAP = 40  # fewer statements than any page of the seed graph has to give as RDF


@pytest.fixture(scope="session")
def capped_seed_server(seed_server: Server) -> Iterator[Server]:
    """The same seed store served with a row cap its pages' RDF answers exceed."""
    server = start_server(seed_server.store, seed_server.log.with_name("capped.log"),
                          KG_ROW_CAP=str(ROW_CAP))
    yield server
    stop_server(server)
