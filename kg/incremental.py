"""One run of `kg build` (see kg.build for the policy): what to redo, and the new store.

The steps, in order: read the documents and the shared inputs; key each document
(kg.docbuild.document_key) and look for its kept result; start the per-document work on
the rest (kg.runner); start the new store as a checkpoint of the live build when that
build recorded its documents' keys and at most half of them changed (else empty); drop
from it the graphs of documents changed or gone and every graph that spans documents;
load each document's graph as its result is ready (kept or new); write the spanning
graphs anew; validate them; compact, mark complete, swap in.
"""

from __future__ import annotations

import hashlib
import time
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph

from kg import __version__, config, results, spanning, store, vocab
from kg.build import BuildFailed, BuildResult, _now, _summary
from kg.config import Paths
from kg.docbuild import DocResult, document_key, format_problems
from kg.inputs import Context, Inputs, load_context, read_inputs
from kg.progress import Progress
from kg.rdf import BuildRecord, Publication
from kg.rdf.review import add_review
from kg.runner import Running, default_workers, run_dask, run_local
from kg.sources import Document, read_sources, sha256_of, with_text
from kg.validate import ValidationReport, validate_dataset
from kg.wikidata.suggested import read_rejected, read_suggested

# A store copied from the live build is compacted again (Store.optimize, which rewrites it
# whole: 4.5 s at 100 documents, 27 s at 1,000 under load) only once this share of its
# documents changed; below that the few new files stay as RocksDB wrote them, and the next
# large rebuild compacts. Measured trade-off (queries ~2x slower on a one-document rebuild
# of 100 documents, no difference at 1,000): bench/README.md, "Compaction".
COMPACT_AFTER = 0.1
# A rebuild in which more than this share of the live build's documents changed (new
# reference data or software changes them all) starts from an empty store: emptying a
# checkpoint graph by graph took 2 minutes at 1,000 documents and left 1 GB of RocksDB
# write-ahead log in the new build (obsolete, but removed only when the store is next
# opened writable, which a served build never is), doubling its size on disk.
START_EMPTY_AFTER = 0.5
SPANNING = (vocab.GRAPH_ONTOLOGY, vocab.GRAPH_REFERENCE, vocab.GRAPH_WIKIDATA,
            vocab.GRAPH_REVIEW, vocab.GRAPH_PROVENANCE, vocab.GRAPH_DESCRIPTION)


@dataclass
class Build:
    """The state of one build while it runs."""

    paths: Paths
    reference: Path | None
    wikidata_cache: Path | None
    public_url: str
    started: str
    _compact: bool = True  # compact the new store (decided once the changes are known)
    _reused: frozenset[str] = frozenset()  # documents in the live build with the same keys

    def run(self, workers: int | None, scheduler: str | None,
            progress: bool | None) -> BuildResult:
        clock = time.monotonic()
        docs = read_sources(self.paths.seeds, texts=False)  # each read again when worked on
        inputs = read_inputs(self.paths, self.reference)
        checked = results.load_checked(self.paths.store, inputs.fingerprint)
        ctx = load_context(inputs, checked)
        if checked is None:
            results.save_checked(self.paths.store, inputs.fingerprint, ctx.checked)
        cache_file = self.wikidata_cache or self.paths.wikidata_cache_file
        self._fail_on(ValidationReport(tuple(v for vs in ctx.checked.values() for v in vs)))
        keys = {d.doc_id: document_key(d, inputs.fingerprint) for d in docs}
        kept = {d.doc_id: results.load(self.paths.store, keys[d.doc_id]) for d in docs}
        todo = [d for d in docs if kept[d.doc_id] is None]
        record = self._record(docs, inputs, cache_file)
        live = store.current_build(self.paths.store)
        before = store.read_info(live).documents if live is not None else {}
        changed = len(keys.keys() ^ before.keys()) + sum(
            1 for i, k in before.items() if keys.get(i) not in (None, k))
        if changed > START_EMPTY_AFTER * len(before):
            before = {}
        self._compact = not before or changed > COMPACT_AFTER * len(before)
        self._reused = frozenset(i for i, k in before.items() if keys.get(i) == k)
        build_dir = store.new_build_dir(self.paths.store, record.build_id)
        stream = Running(iter(()), lambda: None)
        try:
            stream = self._start(todo, ctx, inputs, workers, scheduler)
            db = store.open_new(build_dir, live if before else None)
            for name in [*SPANNING, *(vocab.doc_graph(i) for i, k in before.items()
                                      if keys.get(i) != k)]:
                db.remove_graph(ox.NamedNode(str(name)))
            done = self._load(db, docs, kept, stream, before, progress)
            stream.close()  # the workers' ~140 MiB each, before the largest step here
            info = self._finish(db, build_dir, docs, done, ctx, record, cache_file, inputs,
                                clock)
            store.activate(self.paths.store, build_dir)
        except BaseException:
            store.discard(build_dir)
            raise
        finally:
            stream.close()
        results.sweep(self.paths.store, [*keys.values(), inputs.fingerprint])
        by_id = {d.doc_id: d for d in docs}
        skipped = {r.doc_id: format_problems(r, with_text(self.paths.seeds, by_id[r.doc_id]))
                   for r in done if not r.ok}
        candidates = {r.doc_id: list(r.candidates) for r in done if r.ok}
        return BuildResult(build_dir, info, candidates, skipped, redone=len(todo))

    def _start(self, todo: Sequence[Document], ctx: Context, inputs: Inputs,
               workers: int | None, scheduler: str | None) -> Running:
        """Start the per-document work now (a local pool forks before any store opens)."""
        load = partial(with_text, self.paths.seeds)
        if scheduler:
            return run_dask(todo, inputs, scheduler, load)
        return run_local(todo, ctx, workers or default_workers(), load)

    def _load(self, db: ox.Store, docs: Sequence[Document], kept: dict[str, DocResult | None],
              stream: Iterable[DocResult], before: dict[str, str],
              progress: bool | None) -> list[DocResult]:
        """Each document's graph into the store as it is ready; its result (no graph) back."""
        done: list[DocResult] = []
        bar = Progress(len(docs), "documents", enabled=progress)
        try:
            with store.Loader(db) as loader:
                for result in kept.values():
                    if result is None:
                        continue
                    if result.ok and before.get(result.doc_id) != result.key:
                        loader.add(results.graph_file(self.paths.store, result.key))
                    done.append(result)
                    bar.update()
                for result in stream:
                    results.save(self.paths.store, result)
                    if result.ok:
                        loader.add(result.nquads)
                    done.append(DocResult.from_meta(result.meta(), b""))
                    bar.update()
        finally:
            bar.close()
        return sorted(done, key=lambda r: r.doc_id)

    def _record(self, docs: Sequence[Document], inputs: Inputs, cache_file: Path) -> BuildRecord:
        """The provenance of this build: every input with its checksum."""
        listed = [(f"seeds/{d.meta.file}", d.sha256) for d in docs]
        listed += [(Path(n).name, sha256_of(data)) for n, data in sorted(inputs.files.items())]
        for path in (cache_file, self.paths.dataset_file, self.paths.own_file(config.SUGGESTED),
                     self.paths.own_file(config.REJECTED)):
            if path.is_file():
                listed.append((path.name, sha256_of(path.read_bytes())))
        digest = hashlib.sha256("".join(h for _, h in listed).encode()).hexdigest()[:8]
        build_id = self.started.replace("-", "").replace(":", "") + "-" + digest
        return BuildRecord(build_id, __version__, self.started, self.started, listed)

    def _finish(self, db: ox.Store, build_dir: Path, docs: Sequence[Document],
                done: Sequence[DocResult], ctx: Context, record: BuildRecord,
                cache_file: Path, inputs: Inputs, clock: float) -> store.BuildInfo:
        """The spanning graphs, validated and written (kg.spanning); the store compacted
        and marked."""
        good = [r for r in done if r.ok]
        record = BuildRecord(record.build_id, record.version, record.started, _now(),
                             record.inputs)
        shared = spanning.shared(ctx, cache_file)
        found: list[ValidationReport] = []
        review = Dataset()
        if self._review(review.graph(vocab.GRAPH_REVIEW), ctx, good):
            found.append(validate_dataset(review, ctx.shapes))
            for triple in review.graph(vocab.GRAPH_REVIEW):
                shared.graph(vocab.GRAPH_REVIEW).add(triple)
        sizes = {str(vocab.doc_graph(r.doc_id)): r.counts.triples for r in good}
        sizes.update({str(g.identifier): len(g) for g in shared.graphs() if len(g)})
        with store.Loader(db) as loader:
            loader.add(shared.serialize(format="nquads", encoding="utf-8"))
            for part in spanning.parts(shared, record, self._publication(record.ended), good,
                                       docs, ctx.shapes, self._reused):
                found.append(part.report)
                loader.add(part.nquads)
                sizes.update(part.sizes)
            self._fail_on(_merged(found))
        summary = _total(good, ctx)
        summary["triples"] = sum(sizes.values())
        summary["milliseconds"] = round((time.monotonic() - clock) * 1000)
        info = store.BuildInfo(
            record.build_id, __version__, record.started, record.ended, summary["triples"],
            dict(sorted(sizes.items())), summary, inputs.fingerprint,
            {r.doc_id: r.key for r in good},
        )
        store.finish(build_dir, db, info, compact=self._compact)
        return info

    def _review(self, g: Graph, ctx: Context, good: Sequence[DocResult]) -> bool:
        """The candidates and rejections of the corpus's files (kg.rdf.review), for the
        entities this build holds unlinked; whether there were any."""
        held = {str(vocab.entity(e.id, e.is_event)) for e in ctx.entities if not e.linked_qid}
        held |= {str(vocab.entity(i)) for r in good for i in r.extracted_ids}
        add_review(g, read_suggested(self.paths.own_file(config.SUGGESTED)),
                   read_rejected(self.paths.own_file(config.REJECTED)), held)
        return len(g) > 0

    def _publication(self, built: str) -> Publication:
        table = tomllib.loads(self.paths.dataset_file.read_text(encoding="utf-8"))
        table["examples"] = tuple(table.get("examples", ()))
        return Publication(version=__version__, built=built,
                           public_url=self.public_url.rstrip("/"), **table)

    @staticmethod
    def _fail_on(report: ValidationReport) -> None:
        if not report.conforms:
            raise BuildFailed(report)


def _merged(reports: Sequence[ValidationReport]) -> ValidationReport:
    """The parts' results, each once (the parts share their head)."""
    return ValidationReport(tuple(dict.fromkeys(v for r in reports for v in r.violations)))


def _total(good: Sequence[DocResult], ctx: Context) -> dict[str, int]:
    """The build's summary from the documents' own: counts of the reference data as they
    are, distinct events across documents, everything else summed."""
    total = dict(_summary([], ctx.entities))
    fixed = {k for k, v in total.items() if v}
    for r in good:
        for k, v in r.summary.items():
            if k not in fixed:
                total[k] = total.get(k, 0) + v
    total["events"] = len({e for r in good for e in r.event_ids})
    extracted = len({e for r in good for e in r.extracted_ids})  # one Peskov in three texts
    total["entities_extracted"] = extracted
    total["entities"] = total.get("entities", 0) + extracted
    return total
