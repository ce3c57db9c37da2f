"""kg.store.Loader: graphs loaded in bounded batches give the same store, in few files."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from kg.store import Loader, load_graph


def _graph(n: int) -> bytes:
    return "".join(
        f"<https://example.org/s{n}-{i}> <https://example.org/p> \"{i}\" "
        f"<https://example.org/graph/{n}> .\n" for i in range(50)
    ).encode()


def _sst_files(folder: Path) -> int:
    return len(list(folder.glob("*.sst")))


def test_batches_hold_the_same_quads_in_fewer_files(tmp_path: Path) -> None:
    one_by_one = ox.Store(str(tmp_path / "each"))
    for n in range(40):
        load_graph(one_by_one, _graph(n))
    batched = ox.Store(str(tmp_path / "batched"))
    with Loader(batched, batch=len(_graph(0)) * 10) as loader:  # four loads of ten graphs
        for n in range(40):
            loader.add(_graph(n))
    one_by_one.flush()
    batched.flush()
    assert set(batched) == set(one_by_one)
    assert len(batched) == 40 * 50
    assert _sst_files(tmp_path / "batched") * 5 <= _sst_files(tmp_path / "each")


def test_a_file_and_the_last_partial_batch_are_loaded(tmp_path: Path) -> None:
    (tmp_path / "g.nq").write_bytes(_graph(1))
    db = ox.Store()
    with Loader(db, batch=1 << 30) as loader:
        loader.add(tmp_path / "g.nq")
        loader.add(_graph(2))
        assert len(db) == 0  # nothing loaded before the batch is full or the loader closes
    assert len(db) == 100


def test_nothing_is_loaded_when_the_build_fails(tmp_path: Path) -> None:
    db = ox.Store()
    try:
        with Loader(db) as loader:
            loader.add(_graph(1))
            raise RuntimeError("a document failed")
    except RuntimeError:
        pass
    assert len(db) == 0
