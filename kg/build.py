"""The build: sources -> findings -> dataset -> validation -> a fresh store, swapped in.

Validation runs before anything is written, and the new store is written into its own
directory and only then made current, so a failed build leaves the last good store
serving and says why.
"""

from __future__ import annotations

import hashlib
import os
import time
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph

from kg import __version__, store
from kg.config import DEFAULT_PUBLIC_URL, Paths
from kg.export import write_downloads
from kg.extract.candidates import Candidate, find_candidates
from kg.extract.dates import find_date_phrases
from kg.extract.described_events import Profile, find_described_events, profiles
from kg.extract.mentions import find_mentions
from kg.extract.new_entities import NAMES_FILE, find_new_names, load_names, publisher_entity
from kg.extract.pipeline import CUES_FILE, extract_document, load_cues, outside_names
from kg.extract.reported_events import find_reported_events
from kg.rdf import BuildRecord, DocumentFindings, Publication, assemble
from kg.reference import ENTITIES_FILE, Entity, load_entities
from kg.sources import Document, read_sources, sha256_of
from kg.text.dates import parse_partial_date
from kg.validate import ValidationReport, load_shapes, validate_dataset
from kg.wikidata import DEFAULT_CACHE
from kg.wikidata.cache import load_cache

LEXICON_FILE = Path(__file__).parent / "extract" / "lexicon.toml"


class BuildFailed(Exception):
    """The dataset did not validate; the previous store is untouched."""

    def __init__(self, report: ValidationReport) -> None:
        super().__init__(f"{len(report.violations)} SHACL violation(s); the store was not changed")
        self.report = report


@dataclass(frozen=True)
class BuildResult:
    """What the summary line reports."""

    build_dir: Path
    info: store.BuildInfo
    candidates: dict[str, list[Candidate]]


def extract(
    doc: Document, entities: Sequence[Entity], lexicon: dict, cues: dict,
    event_profiles: Sequence[Profile], names: dict,
) -> DocumentFindings:
    """Every finding of one document; pure apart from the arguments.

    Reference names first, then the names the reference data does not know (they become
    extracted entities of this document), then claims, events and quantities over both.
    """
    publisher = publisher_entity(doc.meta.publisher, entities)
    doc = replace(doc, meta=replace(doc.meta, publisher=publisher.id))
    mentions = find_mentions(doc.text, entities, lexicon.get("demonym_blockers", ()))
    forms = [f for e in entities for f in (*e.names, *e.short_names, *e.demonyms)]
    not_names = [*lexicon.get("not_names", ()), *names.get("not_names", ())]
    names = {**names, "not_names": not_names}
    candidates = find_candidates(
        doc.text, mentions, not_names, lexicon.get("name_connectors", ()), forms,
        names.get("name_particles", ()),
    )
    speech = cues.get("reporting", {}).get("speech_verbs", ())
    known = [*entities, publisher] if publisher.extracted else list(entities)
    new = find_new_names(doc.text, doc.doc_id, mentions, candidates, known, names, speech)
    extracted = [publisher] if publisher.extracted else []
    extracted += [e for e in new.entities if e.id != publisher.id]
    everything = [*entities, *extracted]
    published = parse_partial_date(doc.meta.date_published)
    phrases = find_date_phrases(doc.text, published, cues)
    mentions = list(new.mentions)
    described = find_described_events(doc.text, mentions, published, phrases, event_profiles)
    mentions = sorted(mentions + described)
    extraction = extract_document(
        doc.text, published, doc.meta.language, mentions, everything, cues
    )
    reported = find_reported_events(
        doc.text, doc.doc_id, mentions, everything, outside_names(phrases, mentions),
        extraction.events, cues,
    )
    extraction = replace(extraction, events=(*extraction.events, *reported.findings))
    mentions = sorted([*mentions, *reported.mentions])
    extracted += reported.entities
    untyped = [c for c in candidates
               if not any(m.start < c.end and c.start < m.end for m in mentions)]
    return DocumentFindings(doc, mentions, untyped, extraction, tuple(extracted), new.roles)


def _now() -> str:
    """Now, or SOURCE_DATE_EPOCH when set: two builds of the same inputs then export the
    same bytes (https://reproducible-builds.org/specs/source-date-epoch/)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _publication(paths: Paths, built: str, public_url: str) -> Publication:
    table = tomllib.loads(paths.dataset_file.read_text(encoding="utf-8"))
    table["examples"] = tuple(table.get("examples", ()))
    return Publication(version=__version__, built=built, public_url=public_url.rstrip("/"),
                       **table)


def _inputs(
    paths: Paths, docs: Sequence[Document], data_files: Sequence[Path]
) -> list[tuple[str, str]]:
    """Every file the build read, with its checksum, for the provenance graph."""
    files = [paths.ontology_file, paths.event_types_file, paths.shapes_file, *data_files,
             LEXICON_FILE, CUES_FILE, NAMES_FILE]
    files = [f for f in files if f.is_file()]
    listed = [(f"seeds/{d.meta.file}", d.sha256) for d in docs]
    listed += [(f.name, sha256_of(f.read_bytes())) for f in files]
    return listed


def _build_id(started: str, inputs: Sequence[tuple[str, str]]) -> str:
    digest = hashlib.sha256("".join(h for _, h in inputs).encode()).hexdigest()[:8]
    return started.replace("-", "").replace(":", "") + "-" + digest


def _summary(findings: Sequence[DocumentFindings], entities: Sequence[Entity]) -> dict[str, int]:
    actors = [e for e in entities if not e.is_event]
    events = len(entities) - len(actors)
    extracted = {e.id for f in findings for e in f.extracted if not e.is_event}
    return {
        "documents": len(findings),
        "entities": len(actors) + len(extracted),
        "entities_linked": sum(1 for e in actors if e.linked_qid),
        "entities_unlinked": sum(1 for e in actors if not e.linked_qid),
        "entities_reference_only": sum(1 for e in actors if not e.linked_qid),
        "entities_extracted": len(extracted),
        "events_reported": len({e.id for f in findings for e in f.extracted if e.is_event}),
        "reference_events": events,
        "mentions": sum(len(f.mentions) for f in findings),
        "unlinked_candidates": sum(len(f.candidates) for f in findings),
        "claims_attributed": sum(
            1 for f in findings for c in f.extraction.claims if c.claimant is not None
        ),
        "claims_own_voice": sum(
            1 for f in findings for c in f.extraction.claims if c.claimant is None
        ),
        "events": len({e.event_id for f in findings for e in f.extraction.events}),
        "event_mentions": sum(len(f.extraction.events) for f in findings),
        "quantities": sum(len(f.extraction.quantities) for f in findings),
    }


def _graph_sizes(ds: Dataset) -> dict[str, int]:
    return {str(g.identifier): len(g) for g in ds.graphs() if len(g)}


def _to_quads(ds: Dataset) -> list[ox.Quad]:
    data = ds.serialize(format="nquads", encoding="utf-8")
    return list(ox.parse(data, format=ox.RdfFormat.N_QUADS))


def run_build(
    paths: Paths,
    reference: Path = ENTITIES_FILE,
    wikidata_cache: Path = DEFAULT_CACHE,
    public_url: str = DEFAULT_PUBLIC_URL,
) -> BuildResult:
    """Build, validate and persist; raise BuildFailed (store untouched) on violations."""
    clock, started = time.monotonic(), _now()
    docs = read_sources(paths.seeds)
    entities = load_entities(reference)
    lexicon = tomllib.loads(LEXICON_FILE.read_text(encoding="utf-8"))
    ontology = Graph().parse(paths.ontology_file, format="turtle")
    ontology.parse(paths.event_types_file, format="turtle")
    cues = load_cues()
    event_profiles = profiles(entities, cues, lexicon.get("description_stopwords", ()))
    names = load_names()
    findings = [extract(d, entities, lexicon, cues, event_profiles, names) for d in docs]
    inputs = _inputs(paths, docs, [reference, wikidata_cache, paths.dataset_file])
    record = BuildRecord(_build_id(started, inputs), __version__, started, _now(), inputs)
    publication = _publication(paths, record.ended, public_url)
    ds = assemble(findings, entities, ontology, record, load_cache(wikidata_cache), publication)
    report = validate_dataset(ds, load_shapes(paths.shapes_file))
    if not report.conforms:
        raise BuildFailed(report)
    summary = _summary(findings, entities)
    build_dir = store.new_build_dir(paths.store, record.build_id)
    try:
        db = store.write_quads(build_dir, _to_quads(ds))
        triples = len(db)
        summary["triples"] = triples
        summary["milliseconds"] = round((time.monotonic() - clock) * 1000)
        info = store.BuildInfo(
            record.build_id, __version__, started, _now(), triples, _graph_sizes(ds), summary
        )
        store.write_info(build_dir, info)
        write_downloads(build_dir, db)
        del db
        store.activate(paths.store, build_dir)
    except BaseException:
        store.discard(build_dir)
        raise
    candidates = {f.document.doc_id: list(f.candidates) for f in findings}
    return BuildResult(build_dir, info, candidates)
