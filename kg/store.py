"""The on-disk store: the one module that knows its layout.

A store directory holds every build side by side and a symlink naming the live one::

    STORE/
      current -> builds/20261121T221500Z-1a2b3c4d    (the build being served)
      builds/<build-id>/oxigraph/                    (an Oxigraph RocksDB store)
      builds/<build-id>/build.json                   (BuildInfo: id, version, counts, time)

A build is written into a fresh directory and only then made current by replacing the
symlink with ``os.replace``, which is atomic on POSIX: readers see the old build or the
new one, never half of one, and a failed build leaves ``current`` untouched.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyoxigraph as ox

CURRENT = "current"
BUILDS = "builds"
OXIGRAPH_DIR = "oxigraph"
BUILD_INFO = "build.json"
KEEP_BUILDS = 3


class StoreError(Exception):
    """The store directory is missing, empty or unreadable; the message says what to run."""


@dataclass(frozen=True)
class BuildInfo:
    """What a build records about itself, for `kg validate`, `/health` and cache keys."""

    build_id: str
    version: str
    started: str
    ended: str
    triples: int
    graphs: dict[str, int] = field(default_factory=dict)
    summary: dict[str, int] = field(default_factory=dict)


def builds_dir(store: Path) -> Path:
    return store / BUILDS


def current_build(store: Path) -> Path | None:
    """The live build's directory, or None before the first successful build."""
    link = store / CURRENT
    if not link.is_symlink():
        return None
    target = (store / os.readlink(link)).resolve()
    return target if (target / OXIGRAPH_DIR).is_dir() else None


def require_current_build(store: Path) -> Path:
    build = current_build(store)
    if build is None:
        raise StoreError(f"no built graph in {store}: run `kg build --store {store}` first")
    return build


def read_info(build: Path) -> BuildInfo:
    return BuildInfo(**json.loads((build / BUILD_INFO).read_text(encoding="utf-8")))


def new_build_dir(store: Path, build_id: str) -> Path:
    """A fresh, empty directory for a build; a leftover of a crashed build is cleared."""
    build = builds_dir(store) / build_id
    if build.exists() and build == current_build(store):
        # Same id as the live build (a reproducible rebuild): never clear the live one.
        build = builds_dir(store) / f"{build_id}.{os.getpid()}"
    if build.exists():
        shutil.rmtree(build)
    build.mkdir(parents=True)
    return build


def write_quads(build: Path, quads: Iterable[ox.Quad]) -> ox.Store:
    """Bulk-load the quads into the build's Oxigraph store and flush it to disk."""
    db = ox.Store(str(build / OXIGRAPH_DIR))
    db.bulk_extend(quads)
    db.flush()
    db.optimize()
    return db


def write_info(build: Path, info: BuildInfo) -> None:
    text = json.dumps(asdict(info), indent=2, sort_keys=True)
    (build / BUILD_INFO).write_text(text + "\n", encoding="utf-8")


def activate(store: Path, build: Path) -> None:
    """Make `build` the live build atomically, then prune the oldest builds."""
    tmp = store / f".{CURRENT}.tmp"
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    tmp.symlink_to(build.relative_to(store))
    os.replace(tmp, store / CURRENT)
    prune(store, keep=KEEP_BUILDS)


def discard(build: Path) -> None:
    """Remove a build that failed; the live build is never touched."""
    shutil.rmtree(build, ignore_errors=True)


def prune(store: Path, keep: int) -> None:
    """Keep the newest `keep` builds (always including the live one) so disk use stays flat.

    Older builds are kept for a while rather than deleted at once because a server
    process may still hold one open until it notices the swap.
    """
    live = current_build(store)
    builds = sorted(p for p in builds_dir(store).iterdir() if p.is_dir())
    for old in builds[:-keep]:
        if old != live:
            shutil.rmtree(old, ignore_errors=True)


def open_read_only(build: Path) -> ox.Store:
    """Open a build's Oxigraph store read-only: several processes may do so at once."""
    return ox.Store.read_only(str(build / OXIGRAPH_DIR))
