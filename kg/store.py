"""The on-disk store: the one module that knows its layout.

A store directory holds every build side by side and a symlink naming the live one::

    STORE/
      current -> builds/20261121T221500Z-1a2b3c4d    (the build being served)
      builds/<build-id>/oxigraph/                    (an Oxigraph RocksDB store)
      builds/<build-id>/build.json                   (BuildInfo: id, version, counts, time)
      builds/<build-id>/COMPLETE                     (written last, before the swap)
      builds/<build-id>/ACTIVATED                    (written once it was made current)
      results/                                       (kept per-document results, kg.results)
      .lock                                          (held by the one build running)

A build is written into a fresh directory and only then made current by replacing the
symlink with ``os.replace``, which is atomic on POSIX: readers see the old build or the
new one, never half of one, and a failed build leaves ``current`` untouched. A build
killed at any moment leaves a directory without COMPLETE or ACTIVATED: it never counts
as a good build, and the next build deletes it. A new build starts as a copy of the live
one (a RocksDB checkpoint: hard links, instant) when it can, so a rebuild writes only
the graphs that changed.
"""

from __future__ import annotations

import fcntl
import io
import json
import os
import shutil
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyoxigraph as ox

CURRENT = "current"
BUILDS = "builds"
OXIGRAPH_DIR = "oxigraph"
BUILD_INFO = "build.json"
COMPLETE = "COMPLETE"
ACTIVATED = "ACTIVATED"
LOCK = ".lock"
KEEP_BUILDS = 3
BATCH_BYTES = 16 << 20  # N-Quads per bulk load (kg.store.Loader; it holds ~8x that)


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
    inputs: str = ""  # fingerprint of the shared inputs (kg.inputs)
    documents: dict[str, str] = field(default_factory=dict)  # doc id -> its result's key


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


@contextmanager
def build_lock(store: Path) -> Iterator[None]:
    """One build at a time per store; the lock dies with its process (even on kill -9)."""
    store.mkdir(parents=True, exist_ok=True)
    with open(store / LOCK, "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StoreError(f"another build of {store} is running; wait for it") from None
        yield


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


def open_new(build: Path, start_from: Path | None) -> ox.Store:
    """The new build's store, writable: empty, or a checkpoint of `start_from`'s."""
    if start_from is not None:
        open_read_only(start_from).backup(str(build / OXIGRAPH_DIR))
    return ox.Store(str(build / OXIGRAPH_DIR))


def write_quads(build: Path, quads: Iterable[ox.Quad]) -> ox.Store:
    """Bulk-load the quads into the build's Oxigraph store and flush it to disk."""
    db = ox.Store(str(build / OXIGRAPH_DIR))
    db.bulk_extend(quads)
    db.flush()
    db.optimize()
    return db


def load_graph(db: ox.Store, nquads: Path | bytes) -> None:
    """Add one graph's N-Quads (a file, streamed; or bytes) in one bulk load."""
    if isinstance(nquads, Path):
        db.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    else:
        db.bulk_load(nquads, format=ox.RdfFormat.N_QUADS)


class Loader:
    """Graphs into a store in bulk loads of about `batch` bytes of N-Quads each.

    Why batches: every `bulk_load` writes new RocksDB files (four or more, however few
    quads it holds), and `optimize` does not merge them, so a load per document left
    ~4 files a document; RocksDB keeps each open file's index in memory, and loading
    and reading slow down with their number. One load per batch keeps the files few and
    the memory bounded by the batch (use `with`: the last batch is loaded on exit).
    Oxigraph's bulk loader holds about eight times the batch's bytes while it loads it:
    measured on 200 documents, batches of 8 / 32 / 64 MiB peaked at 88 / 207 / 385 MiB,
    against 54 MiB and 819 files for a load per document.
    """

    def __init__(self, db: ox.Store, batch: int = BATCH_BYTES) -> None:
        self._db, self._batch = db, batch
        self._buffer = io.BytesIO()

    def add(self, nquads: Path | bytes) -> None:
        self._buffer.write(nquads.read_bytes() if isinstance(nquads, Path) else nquads)
        if self._buffer.tell() >= self._batch:
            self.flush()

    def flush(self) -> None:
        if self._buffer.tell():
            self._buffer.seek(0)
            self._db.bulk_load(self._buffer, format=ox.RdfFormat.N_QUADS)
            self._buffer = io.BytesIO()

    def __enter__(self) -> Loader:
        return self

    def __exit__(self, kind: object, *_: object) -> None:
        if kind is None:
            self.flush()


def write_info(build: Path, info: BuildInfo) -> None:
    text = json.dumps(asdict(info), indent=2, sort_keys=True)
    (build / BUILD_INFO).write_text(text + "\n", encoding="utf-8")


def finish(build: Path, db: ox.Store, info: BuildInfo, compact: bool = True) -> None:
    """Compact (when asked) and flush the store, record the build, mark it complete."""
    if compact:
        db.optimize()
    db.flush()
    write_info(build, info)
    _mark(build, COMPLETE)


def _mark(build: Path, name: str) -> None:
    with open(build / name, "w") as f:
        f.write("\n")
        f.flush()
        os.fsync(f.fileno())


def activate(store: Path, build: Path) -> None:
    """Make a finished `build` the live build atomically, then prune the oldest builds.

    It is marked COMPLETE first (if `finish` did not), then swapped in, then marked
    ACTIVATED: a kill between any two steps leaves a build that prune will delete or
    (the live one) `repair` will mark."""
    if not (build / COMPLETE).is_file():
        _mark(build, COMPLETE)
    tmp = store / f".{CURRENT}.tmp"
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    tmp.symlink_to(build.relative_to(store))
    os.replace(tmp, store / CURRENT)
    _mark(build, ACTIVATED)
    prune(store, keep=KEEP_BUILDS)


def repair(store: Path) -> None:
    """Mark the live build activated if a kill came between its swap and its mark."""
    live = current_build(store)
    if live is not None and not (live / ACTIVATED).exists():
        _mark(live, ACTIVATED)


def discard(build: Path) -> None:
    """Remove a build that failed; the live build is never touched."""
    shutil.rmtree(build, ignore_errors=True)


def prune(store: Path, keep: int) -> None:
    """Keep the live build and the newest builds that were live before it, `keep` in all;
    delete the rest, and every build that never was live (unfinished or killed before its
    swap). Call it only while holding the build lock: a running build is never live yet.

    Older builds are kept for a while rather than deleted at once because a server
    process may still hold one open until it notices the swap.
    """
    live = current_build(store)
    folder = builds_dir(store)
    if not folder.is_dir():
        return
    good = sorted((p for p in folder.iterdir() if p.is_dir() and (p / ACTIVATED).exists()),
                  key=lambda p: (p / ACTIVATED).stat().st_mtime_ns)  # in the order made live
    kept = {live, *[p for p in good if p != live][-(keep - 1):]} if keep > 1 else {live}
    for old in folder.iterdir():
        if old.is_dir() and old not in kept:
            shutil.rmtree(old, ignore_errors=True)


def open_read_only(build: Path) -> ox.Store:
    """Open a build's Oxigraph store read-only: several processes may do so at once."""
    return ox.Store.read_only(str(build / OXIGRAPH_DIR))
