"""Incremental builds: only what changed is redone, and the store is the same, quad for
quad, as a build from scratch; a build killed at any moment leaves the last good store
serving and the next build correct."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kg import store
from kg.build import run_build
from kg.config import Paths
from kg.sources import CHECKSUMS, sha256_of

ROOT = Path(__file__).resolve().parent.parent
TEXTS = ROOT / "tests/fixtures/texts"
EPOCH = "1764000000"  # SOURCE_DATE_EPOCH: builds of the same inputs are then identical
NEW_SOURCE = """
[[source]]
file = "{name}"
headline = "A report"
publisher = "meduza"
date_published = "2024-12-17"
language = "en"
"""


def make_corpus(folder: Path, extra: tuple[str, ...] = ("talks_report.txt",)) -> Path:
    """The seeds plus fixture texts, as a corpus folder of its own."""
    shutil.copytree(ROOT / "seeds", folder, ignore=shutil.ignore_patterns("kg-store"))
    for name in extra:
        add_text(folder, name, (TEXTS / name).read_bytes())
    return folder


def add_text(folder: Path, name: str, data: bytes) -> None:
    (folder / name).write_bytes(data)
    with (folder / "sources.toml").open("a", encoding="utf-8") as f:
        f.write(NEW_SOURCE.format(name=name))
    with (folder / CHECKSUMS).open("a", encoding="utf-8") as f:
        f.write(f"{sha256_of(data)}  {name}\n")


def change_text(folder: Path, name: str, suffix: bytes) -> None:
    data = (folder / name).read_bytes() + suffix
    (folder / name).write_bytes(data)
    sums = (folder / CHECKSUMS).read_text(encoding="utf-8").splitlines()
    sums = [f"{sha256_of(data)}  {name}" if line.endswith(f"  {name}") else line
            for line in sums]
    (folder / CHECKSUMS).write_text("\n".join(sums) + "\n", encoding="utf-8")


def quads(store_dir: Path) -> set[str]:
    db = store.open_read_only(store.require_current_build(store_dir))
    return {str(q) for q in db}


@pytest.fixture
def epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def test_incremental_build_equals_a_build_from_scratch(tmp_path: Path, epoch: None) -> None:
    corpus = make_corpus(tmp_path / "corpus")
    paths = Paths.for_corpus(corpus)
    first = run_build(paths, progress=False)
    assert first.redone == 3 and first.info.summary["documents"] == 3

    again = run_build(paths, progress=False)
    assert again.redone == 0  # nothing changed: every result reused
    assert quads(paths.store) == {str(q) for q in store.open_read_only(first.build_dir)}

    add_text(corpus, "interview.txt", (TEXTS / "interview.txt").read_bytes())
    change_text(corpus, "talks_report.txt", b"\nRussia said nothing more.\n")
    changed = run_build(paths, progress=False)
    assert changed.redone == 2  # the new document and the changed one
    assert changed.info.summary["documents"] == 4

    scratch = Paths.for_corpus(corpus, store=tmp_path / "scratch")
    fresh = run_build(scratch, progress=False)
    assert fresh.redone == 4
    assert quads(paths.store) == quads(scratch.store)
    assert changed.info.graphs == fresh.info.graphs


def test_removed_document_and_changed_reference_data(tmp_path: Path, epoch: None) -> None:
    corpus = make_corpus(tmp_path / "corpus")
    paths = Paths.for_corpus(corpus)
    run_build(paths, progress=False)
    meta = (corpus / "sources.toml").read_text(encoding="utf-8")
    (corpus / "sources.toml").write_text(meta.split("\n[[source]]\nfile = \"talks_report")[0]
                                         + "\n", encoding="utf-8")
    reference = corpus / "reference/entities.toml"
    reference.parent.mkdir()
    reference.write_text(paths.entities_file.read_text(encoding="utf-8")
                         + '\n[[entity]]\nid = "harbour-review"\nlabel = "Harbour Review"\n'
                           'type = "MediaOutlet"\n', encoding="utf-8")
    result = run_build(paths, progress=False)
    assert result.redone == 2  # the reference data changed: both remaining documents
    assert not any("talks_report" in g for g in result.info.graphs)
    scratch = Paths.for_corpus(corpus, store=tmp_path / "scratch")
    run_build(scratch, progress=False)
    assert quads(paths.store) == quads(scratch.store)
    assert any("harbour-review" in q for q in quads(paths.store))
    # Every document changed: the new store started empty rather than as a copy of the
    # live one emptied graph by graph (whose deletions RocksDB kept as a log on disk,
    # 1 GB at 1,000 documents).
    live = store.require_current_build(paths.store) / "oxigraph"
    assert sum(f.stat().st_size for f in live.glob("*.log")) < 64 << 10


def test_spanning_graphs_made_in_parts_equal_the_whole(
        tmp_path: Path, epoch: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """The provenance and description graphs are made a few documents at a time (their
    memory does not grow with the corpus): a part holds no more documents than CHUNK,
    and the store and its counts are those of the graphs made whole."""
    from kg import spanning

    corpus = make_corpus(tmp_path / "corpus", ("talks_report.txt", "interview.txt"))
    whole = run_build(Paths.for_corpus(corpus, store=tmp_path / "whole"), progress=False)
    made: list[spanning.Part] = []
    original = spanning.parts

    def recorded(*args: object, **kwargs: object) -> Iterator[spanning.Part]:
        for part in original(*args, **kwargs):  # type: ignore[arg-type]
            made.append(part)
            yield part

    monkeypatch.setattr(spanning, "CHUNK", 1)
    monkeypatch.setattr(spanning, "parts", recorded)
    in_parts = run_build(Paths.for_corpus(corpus, store=tmp_path / "parts"), progress=False)
    assert len(made) == 4 + 1  # one part a document, then the totals
    for part in made:
        assert len(set(re.findall(rb"<https://w3id.org/rskg/graph/doc/[^>]+>", part.nquads))) <= 1
    assert quads(tmp_path / "parts") == quads(tmp_path / "whole")
    assert in_parts.info.graphs == whole.info.graphs
    assert in_parts.info.triples == whole.info.triples == len(quads(tmp_path / "whole"))


def test_only_new_documents_parts_of_the_spanning_graphs_are_validated_again(
        tmp_path: Path, epoch: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """Validating the provenance and description graphs was the most of what one added
    document cost at 1,000 documents, and grew with the corpus. A part whose documents
    were all in the live build with the same keys passed the same shapes then (each shape
    looks at one node's own triples), so after one added document only its part and the
    totals are validated; the store is still the one a build from scratch makes."""
    from kg import spanning

    corpus = make_corpus(tmp_path / "corpus", ("talks_report.txt", "interview.txt"))
    paths = Paths.for_corpus(corpus)
    monkeypatch.setattr(spanning, "CHUNK", 1)
    run_build(paths, progress=False)
    validated: list[bytes] = []
    original = spanning.validate_dataset

    def counted(ds: object, shapes: object) -> object:
        validated.append(ds.serialize(format="nquads", encoding="utf-8"))  # type: ignore[attr-defined]
        return original(ds, shapes)  # type: ignore[arg-type]

    monkeypatch.setattr(spanning, "validate_dataset", counted)
    add_text(corpus, "extra.txt", (TEXTS / "talks_report.txt").read_bytes() + b"\nMore.\n")
    assert run_build(paths, progress=False).redone == 1
    docs = [set(re.findall(rb"<https://w3id.org/rskg/graph/doc/[^>]+>", n)) for n in validated]
    assert len(validated) == 2  # the new document's part, then the totals
    assert len(docs[0]) == 1 and not docs[1]
    scratch = Paths.for_corpus(corpus, store=tmp_path / "scratch")
    run_build(scratch, progress=False)
    assert quads(paths.store) == quads(scratch.store)


def test_a_left_out_document_stays_an_input_of_the_build() -> None:
    """The provenance names every text the build read, also one whose graph was left out
    (it broke a shape), as when the graphs were made whole."""
    from dataclasses import replace

    from kg import spanning
    from kg.docbuild import DocResult
    from kg.incremental import Build
    from kg.inputs import load_context, read_inputs
    from kg.rdf.description import GraphCounts
    from kg.sources import read_sources

    paths = Paths.for_corpus(ROOT / "seeds")
    docs = read_sources(paths.seeds, texts=False)
    inputs = read_inputs(paths)
    ctx = load_context(inputs)
    kept = DocResult(docs[0].doc_id, "k", b"", {}, GraphCounts(1, 1))
    build = Build(paths, None, None, "http://localhost:8000", "2026-01-01T00:00:00Z")
    record = build._record(docs, inputs, paths.wikidata_cache_file)
    shared = spanning.shared(ctx, paths.wikidata_cache_file)
    written = b"".join(part.nquads for part in spanning.parts(
        shared, replace(record, ended=record.started), build._publication(record.started),
        [kept], docs, ctx.shapes))
    for doc in docs:
        assert f"seeds/{doc.meta.file}".encode() in written
    assert f"graph/doc/{docs[0].doc_id}>".encode() in written
    assert f"graph/doc/{docs[1].doc_id}>".encode() not in written


# ------------------------------------------------------------------ kill -9

def _when_new_dir(store_dir: Path, before: set[str]) -> Callable[[], bool]:
    return lambda: bool(_build_names(store_dir) - before)


def _when_marked(store_dir: Path, before: set[str], mark: str) -> Callable[[], bool]:
    return lambda: any((store_dir / "builds" / b / mark).exists()
                       for b in _build_names(store_dir) - before)


def _when_swapped(store_dir: Path, live: Path | None) -> Callable[[], bool]:
    return lambda: store.current_build(store_dir) != live


def _build_names(store_dir: Path) -> set[str]:
    folder = store_dir / "builds"
    return {p.name for p in folder.iterdir()} if folder.is_dir() else set()


def _kill_when(paths: Paths, ready: Callable[[], bool], timeout: float = 120) -> bool:
    """Run `kg build` and kill -9 it as soon as `ready()`; False if it ended first."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg", "build", "--corpus", str(paths.seeds), "--store",
         str(paths.store), "--no-progress"], env=env, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + timeout
    while proc.poll() is None and time.monotonic() < deadline:
        if ready():
            running = proc.poll() is None
            os.killpg(proc.pid, signal.SIGKILL)  # the build and its workers
            proc.wait()
            return running
        time.sleep(0.002)
    proc.wait(timeout=timeout)
    return False


def test_kill_9_at_any_point_leaves_the_last_good_store(tmp_path: Path, epoch: None) -> None:
    corpus = make_corpus(tmp_path / "corpus")
    paths = Paths.for_corpus(corpus)
    good = run_build(paths, progress=False)
    points = {
        "while starting": lambda: time.sleep(0.3) or True,
        "as the new store appears": _when_new_dir(paths.store, _build_names(paths.store)),
        "once the new build is complete": None,
        "once it is live": None,
    }
    killed = 0
    for n, (point, ready) in enumerate(points.items()):
        live = store.current_build(paths.store)
        before = _build_names(paths.store)
        if point == "once the new build is complete":
            ready = _when_marked(paths.store, before, store.COMPLETE)
        elif point == "once it is live":
            ready = _when_swapped(paths.store, live)
        change_text(corpus, "talks_report.txt", f"\nEdit {n}.\n".encode())
        was_killed = _kill_when(paths, ready)
        killed += was_killed
        current = store.current_build(paths.store)
        assert current is not None, point
        if was_killed and point in ("while starting", "as the new store appears"):
            assert current == live, point
        else:  # killed as it was made live, or just before: either build may serve
            assert (current / store.COMPLETE).exists(), point
        assert len(quads(paths.store)) > 10_000, point  # a whole store serves
    assert killed >= 3  # most points were reached before the build ended

    result = run_build(paths, progress=False)
    builds = [p for p in store.builds_dir(paths.store).iterdir()]
    assert all((b / store.ACTIVATED).exists() for b in builds), builds
    assert len(builds) <= store.KEEP_BUILDS
    assert result.build_dir != good.build_dir
    scratch = Paths.for_corpus(corpus, store=tmp_path / "scratch")
    run_build(scratch, progress=False)
    assert quads(paths.store) == quads(scratch.store)


def test_a_text_that_fails_its_checksum_while_sent_stops_the_workers(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A text found altered when a worker is given it (after the build checked the corpus)
    fails the build, naming the file; the workers forked for it are stopped and the last
    good store serves on, unchanged."""
    import multiprocessing

    import kg.incremental
    from kg.sources import SourceError, with_text

    corpus = make_corpus(tmp_path / "corpus", ("talks_report.txt", "interview.txt"))
    paths = Paths.for_corpus(corpus)
    run_build(paths, progress=False)
    before = quads(paths.store)
    change_text(corpus, "talks_report.txt", b"\nOne more line.\n")
    change_text(corpus, "interview.txt", b"\nOne more line.\n")

    def altered(seeds: Path, doc):  # type: ignore[no-untyped-def]
        if doc.doc_id == "talks_report":  # after another was sent
            raise SourceError(f"{seeds / doc.meta.file} does not match its checksum")
        return with_text(seeds, doc)

    monkeypatch.setattr(kg.incremental, "with_text", altered)
    with pytest.raises(SourceError, match=r"talks_report\.txt"):
        run_build(paths, workers=2, progress=False)
    assert not multiprocessing.active_children()
    assert quads(paths.store) == before


def test_kept_results_share_the_names_that_repeat_across_documents(
        tmp_path: Path, epoch: None) -> None:
    """A build holds every document's result (without its graph) to the end; the names
    all documents repeat (summary keys, class IRIs) are held once, not once a document."""
    from kg import results

    corpus = make_corpus(tmp_path / "corpus")
    paths = Paths.for_corpus(corpus)
    run_build(paths, progress=False)
    keys = store.read_info(store.require_current_build(paths.store)).documents.values()
    held = [results.load(paths.store, k) for k in keys]
    first, second = [r for r in held if r is not None and r.counts.classes][:2]
    shared = first.counts.classes.keys() & second.counts.classes.keys()
    assert shared
    for name in shared:
        mine = next(k for k in first.counts.classes if k == name)
        theirs = next(k for k in second.counts.classes if k == name)
        assert mine is theirs
    name = next(iter(first.summary))
    assert name is next(k for k in second.summary if k == name)
