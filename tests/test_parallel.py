"""The per-document work on a Dask cluster gives the same store as on the local cores,
and a build reports its progress (a bar on a terminal, log lines elsewhere)."""

from __future__ import annotations

import io
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pytest

from kg import store
from kg.build import run_build
from kg.config import Paths
from kg.progress import Progress

ROOT = Path(__file__).resolve().parent.parent


def quads(store_dir: Path) -> set[str]:
    return {str(q) for q in store.open_read_only(store.require_current_build(store_dir))}


def test_dask_cluster_builds_the_same_store(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    distributed = pytest.importorskip("distributed")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764000000")
    local = Paths.for_corpus(ROOT / "seeds", store=tmp_path / "local")
    run_build(local, workers=2, progress=False)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        remote = Paths.for_corpus(ROOT / "seeds", store=tmp_path / "dask")
        result = run_build(remote, scheduler=cluster.scheduler_address, progress=False)
    assert result.redone == 2
    assert quads(local.store) == quads(remote.store)


def test_the_workers_are_gone_before_the_graphs_that_span_documents(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Once every document is done the workers hold ~140 MiB each and have nothing left
    to do: they are stopped before the provenance and description graphs are made, the
    build's last and largest step in the main process (bench/README, run P)."""
    import multiprocessing

    from kg import spanning

    alive: list[int] = []
    parts = spanning.parts
    others = set(multiprocessing.active_children())  # not the build's (earlier tests')

    def counting(*args: object, **kwargs: object) -> object:
        alive.append(len(set(multiprocessing.active_children()) - others))
        return parts(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(spanning, "parts", counting)
    result = run_build(Paths.for_corpus(ROOT / "seeds", store=tmp_path / "s"), workers=2,
                       progress=False)
    assert result.redone == 2
    assert alive == [0]


def test_documents_are_sent_a_window_at_a_time() -> None:
    """The build holds the texts and results of a few documents, never the corpus's: a
    document gets its text only when a slot is free, and each result is handed on as
    soon as it is done."""
    from kg.runner import _window

    loaded: list[int] = []
    consumed = 0
    most = 0

    def submit(n: int) -> Future[int]:
        loaded.append(n)  # the text is read here
        return pool.submit(lambda: n)

    with ThreadPoolExecutor(max_workers=2) as pool:
        for _ in _window(list(range(100)), submit, 6):  # type: ignore[arg-type]
            consumed += 1
            most = max(most, len(loaded) - consumed)
    assert consumed == len(loaded) == 100
    assert most <= 6


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_a_bar_on_a_terminal_and_lines_elsewhere() -> None:
    screen, log = Terminal(), io.StringIO()
    for stream in (screen, log):
        bar = Progress(3, "documents", stream=stream)
        for _ in range(3):
            bar.update()
        bar.close()
    assert "3/3" in screen.getvalue() and "it/s" not in screen.getvalue()
    assert "\r" in screen.getvalue()
    assert log.getvalue().startswith("documents: 3/3, ") and "\r" not in log.getvalue()
    quiet = io.StringIO()
    Progress(3, "documents", enabled=False, stream=quiet).close()
    assert quiet.getvalue() == ""
