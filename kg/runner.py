"""The per-document map: on this machine's cores, or on a Dask cluster.

Local: a ProcessPoolExecutor of forked workers, which inherit the build's loaded context
(kg.inputs.Context), each taking one document at a time. One document or one worker runs
in the build's own process (a pool would cost more than it saves). Cluster: a Dask
`distributed.Client` connected to `--scheduler tcp://HOST:PORT`; the shared inputs are
sent as bytes once (scattered) and each worker loads them once (cached by fingerprint),
so the workers need the rskg package but not the corpus's files.

Results come back in completion order, as soon as each is done, so the build writes them
to the store while the others are still working. Documents are sent a few at a time
(WINDOW per worker), each given its text just before: memory holds a few documents'
texts and results, never the corpus's.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from itertools import islice

from kg.docbuild import DocResult, process
from kg.extract import gazetteer
from kg.inputs import Context, Inputs, load_context
from kg.sources import Document

_CONTEXT: Context | None = None  # the context a worker process was forked with
WINDOW = 4  # documents in flight per worker


def default_workers() -> int:
    """Every core this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _process_here(doc: Document) -> DocResult:
    assert _CONTEXT is not None, "the worker was not started by run_local"
    return process(doc, _CONTEXT)


class Running:
    """Results as they come (iterate once), and `close()` to stop the work: early, or
    once every result is in (the workers' memory is freed then); a second call does
    nothing."""

    def __init__(self, results: Iterator[DocResult], stop: Callable[[], None]) -> None:
        self._results, self._stop = results, stop

    def __iter__(self) -> Iterator[DocResult]:
        return self._results

    def close(self) -> None:
        stop, self._stop = self._stop, lambda: None
        stop()


def run_local(docs: Sequence[Document], ctx: Context, workers: int,
              load: Callable[[Document], Document] = lambda d: d) -> Running:
    """Each document's result as it is done, on up to `workers` processes; `load` gives a
    document its text just before it is sent (see `_window`).

    The workers are forked here, before the caller opens any store (a fork must not
    copy an open RocksDB); results are then read from the returned iterator."""
    global _CONTEXT
    if workers <= 1 or len(docs) <= 1:
        return Running((process(load(doc), ctx) for doc in docs), lambda: None)
    _CONTEXT = ctx  # inherited by the forked workers
    gazetteer.load()  # read once here and shared, not once in each worker
    fork = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(max_workers=min(workers, len(docs)), mp_context=fork)

    def submit(doc: Document) -> Future[DocResult]:
        return pool.submit(_process_here, load(doc))

    try:
        results = _window(docs, submit, WINDOW * workers)
    except BaseException:  # a text that fails its checksum: stop what was sent
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    return Running(results, lambda: pool.shutdown(wait=True, cancel_futures=True))


def _window(docs: Sequence[Document], submit: Callable[[Document], Future[DocResult]],
            size: int) -> Iterator[DocResult]:
    """Results in completion order, with at most `size` documents submitted and not yet
    read: the build holds a few texts and results at a time, never the whole corpus's.
    The first `size` are submitted now (the pool forks its workers at the first), not
    when the results are first read."""
    pending = iter(docs)
    running = {submit(doc) for doc in islice(pending, size)}
    return _completed(pending, running, submit)


def _completed(pending: Iterator[Document], running: set[Future[DocResult]],
               submit: Callable[[Document], Future[DocResult]]) -> Iterator[DocResult]:
    while running:
        done, running = wait(running, return_when=FIRST_COMPLETED)
        for future in done:
            yield future.result()
            running |= {submit(doc) for doc in islice(pending, 1)}


_LOADED: dict[str, Context] = {}


def _process_remote(doc: Document, inputs: Inputs) -> DocResult:
    """On a Dask worker: the context loaded once per worker process and fingerprint."""
    ctx = _LOADED.get(inputs.fingerprint)
    if ctx is None:
        _LOADED.clear()
        ctx = _LOADED[inputs.fingerprint] = load_context(inputs)
    return process(doc, ctx)


def run_dask(docs: Sequence[Document], inputs: Inputs, scheduler: str,
             load: Callable[[Document], Document] = lambda d: d) -> Running:
    """Each document's result as it is done, on the Dask cluster at `scheduler` (the work
    is submitted here, a window at a time; results are read from the returned iterator)."""
    from distributed import Client
    from distributed import as_completed as dask_completed

    client = Client(scheduler)
    shared = client.scatter(inputs, broadcast=True)
    workers = max(len(client.scheduler_info().get("workers", {})), 1)
    pending = iter(docs)
    submitted = dask_completed()

    def submit_next(count: int) -> None:
        for doc in islice(pending, count):
            submitted.add(client.submit(_process_remote, load(doc), inputs=shared, pure=False))

    def results() -> Iterator[DocResult]:
        submit_next(WINDOW * workers)
        for future in submitted:
            submit_next(1)
            yield future.result()

    def stop() -> None:
        client.cancel(list(submitted.futures))
        client.close()

    return Running(results(), stop)
