"""The live build, opened once per worker process and reopened when `current` moves.

`kg build` writes a new build beside the old one and swaps the `current` symlink
atomically (kg/store.py). Reading that one symlink costs a few microseconds, so every
request checks it and the first request after a swap reopens the store: a rebuilt graph
is served without restarting, and no request sees half of one.

The HTTP process opens the store read-only, for what it reads itself (health, the
service description, pages); queries and updates run in executor processes
(server/engine.py), the one executor of a server that takes updates opening it read-write.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.store import (
    CURRENT,
    OXIGRAPH_DIR,
    BuildInfo,
    StoreError,
    open_read_only,
    read_info,
)
from server.errors import Unavailable


@dataclass(frozen=True)
class Live:
    """One opened build: the store, its identity (for cache keys) and its numbers."""

    store: ox.Store
    build: Path
    info: BuildInfo | None

    @property
    def build_id(self) -> str:
        return self.info.build_id if self.info else self.build.name

    @property
    def version(self) -> str:
        return self.info.version if self.info else "unknown"

    writable: bool = False
    link: str | None = None  # what the `current` symlink said when this build was opened

    def triples(self) -> int:
        """From build.json when the store cannot have changed since; counted otherwise."""
        return self.info.triples if self.info and not self.writable else len(self.store)


class Dataset:
    """Hands out the live build of a store directory to request handlers."""

    def __init__(self, store_dir: Path, writable: bool = False) -> None:
        self.store_dir = store_dir
        self.writable = writable
        self._link_path = str(store_dir / CURRENT)  # joined once, not per request
        self._lock = threading.Lock()
        self._link: str | None = None
        self._live: Live | None = None

    def live(self) -> Live:
        """The build `current` names now; 503 with what to run when there is none."""
        try:
            link = os.readlink(self._link_path)
        except OSError:
            link = None
        live = self._live
        if live is not None and link == self._link:
            return live
        with self._lock:
            if self._live is None or link != self._link:
                self._live = self._open(link)
                self._link = link
            return self._live

    def _open(self, link: str | None) -> Live:
        # the build the link just read names (not a second look, which could differ)
        build = (self.store_dir / link).resolve() if link is not None else None
        if build is None or not (build / OXIGRAPH_DIR).is_dir():
            raise Unavailable(str(StoreError(
                f"no built graph in {self.store_dir}: run `kg build --store "
                f"{self.store_dir}` first")))
        store = open_read_only(build)
        try:
            info = read_info(build)
        except (OSError, ValueError, TypeError):
            info = None
        return Live(store, build, info, self.writable, link)
