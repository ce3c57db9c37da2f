"""Helpers to start the real server (`python -m server`: granian, embedded) on loopback.

Stores are built with kg.store's own functions from small N-Quads files kept under
tests/server/fixtures, so the server reads exactly the layout `kg build` writes.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.store import BuildInfo, activate, new_build_dir, write_info, write_quads

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLES = Path(__file__).resolve().parents[2] / "ontology" / "queries"
W3C = FIXTURES / "w3c-protocol"
GEN_GRAPH = "http://example.org/generated"
GEN_SIZE = 300  # a four-way cross join over it is 8 billion rows: minutes of work


def build_store(store: Path, quads: list[ox.Quad], build_id: str = "test-build") -> Path:
    build = new_build_dir(store, build_id)
    write_quads(build, quads)
    write_info(build, BuildInfo(build_id, "0.0.test", "start", "end", len(quads)))
    activate(store, build)
    return store


def w3c_quads() -> list[ox.Quad]:
    return list(ox.parse(path=W3C / "protocol-dataset.nq", format=ox.RdfFormat.N_QUADS))


def generated_quads(n: int = GEN_SIZE) -> list[ox.Quad]:
    graph = ox.NamedNode(GEN_GRAPH)
    p = ox.NamedNode("http://example.org/value")
    return [ox.Quad(ox.NamedNode(f"http://example.org/item/{i}"), p, ox.Literal(str(i)), graph)
            for i in range(n)]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    """A running `python -m server`: its base URL, process and log file."""

    base: str
    process: subprocess.Popen
    log: Path
    store: Path

    @property
    def sparql(self) -> str:
        return self.base + "/sparql"

    def health(self) -> dict:
        with urllib.request.urlopen(self.base + "/health", timeout=5) as response:
            return json.load(response)

    def log_lines(self) -> list[dict]:
        return [json.loads(line) for line in self.log.read_text().splitlines()
                if line.startswith("{")]


def start_server(store: Path, log: Path, **env: str) -> Server:
    port = free_port()
    environ = {**os.environ, "KG_STORE": str(store), "KG_HOST": "127.0.0.1",
               "KG_PORT": str(port), "KG_WORKERS": "2",
               "KG_EXAMPLES_DIR": str(EXAMPLES),
               # Tests never reach outside this machine: no SERVICE unless a test allows one.
               "KG_SERVICE_ALLOW": "", **env}
    with log.open("wb") as sink:
        process = subprocess.Popen([sys.executable, "-m", "server"], env=environ,
                                   stdout=subprocess.PIPE, stderr=sink)
    server = Server(f"http://127.0.0.1:{port}", process, log, store)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited: {log.read_text()}")
        try:
            server.health()
            return server
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"server did not answer in 20 s: {log.read_text()}")


def stop_server(server: Server) -> None:
    server.process.terminate()  # granian stops its worker, the worker its executors
    try:
        server.process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()
