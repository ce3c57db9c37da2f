"""The build: sources -> per-document results -> a new store, swapped in.

Each document is extracted, mapped and validated on its own (kg.docbuild), on every core
or a Dask cluster (kg.runner), and its result is kept keyed by everything it depends on
(kg.results): a rebuild redoes only the documents whose text, metadata or shared inputs
changed. The graphs that span documents (ontology, reference, Wikidata cache, provenance,
dataset description) are made anew from the shared inputs and the kept counts. The new
store starts as a checkpoint of the live one and takes only what changed, or is filled
from scratch when most documents changed; either way it holds the same quads.

Policy for bad input: a document whose graph breaks a shape is left out of the store and
named, with each violation located in its text; the other documents build and the new
store is swapped in (`BuildResult.skipped`; `kg build` then exits 3). A violation in a
graph that spans documents (the reference data, the ontology) fails the whole build
(BuildFailed): the store is not changed and the last good build keeps serving.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from kg import store
from kg.config import DEFAULT_PUBLIC_URL, Paths
from kg.extract.candidates import find_candidates
from kg.extract.dates import find_date_phrases
from kg.extract.described_events import Profile, find_described_events
from kg.extract.mentions import find_mentions
from kg.extract.new_entities import find_new_names, publisher_entity
from kg.extract.nominal_events import nominal_events
from kg.extract.pipeline import extract_document, outside_names
from kg.extract.reported_events import find_reported_events
from kg.rdf import DocumentFindings
from kg.reference import Entity
from kg.sources import Document
from kg.store import BuildInfo
from kg.text.dates import parse_partial_date
from kg.validate import ValidationReport


class BuildFailed(Exception):
    """The dataset did not validate; the previous store is untouched."""

    def __init__(self, report: ValidationReport) -> None:
        super().__init__(f"{len(report.violations)} SHACL violation(s); the store was not changed")
        self.report = report


@dataclass(frozen=True)
class BuildResult:
    """What the summary reports: the build, the candidate names per document, the
    documents left out (each with its located violations), and how much was redone."""

    build_dir: Path
    info: BuildInfo
    candidates: dict[str, list[str]]
    skipped: dict[str, str] = field(default_factory=dict)
    redone: int = 0


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
    time = cues.get("time", {})
    mentions = find_mentions(doc.text, entities, lexicon.get("demonym_blockers", ()),
                             [*time.get("weekdays", ()), *time.get("months", ())],
                             lexicon.get("compass_words", ()))
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
    described += nominal_events(doc.text, mentions + described, everything, published, cues)
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


def run_build(
    paths: Paths,
    reference: Path | None = None,
    wikidata_cache: Path | None = None,
    public_url: str = DEFAULT_PUBLIC_URL,
    workers: int | None = None,
    scheduler: str | None = None,
    progress: bool | None = None,
) -> BuildResult:
    """Build, validate and persist; raise BuildFailed (store untouched) when a graph that
    spans documents breaks a shape. `reference` and `wikidata_cache` replace the corpus's
    files; `workers` (default: every core) or `scheduler` (a Dask address) run the
    per-document work; `progress` shows a bar (default: when stderr is a terminal)."""
    from kg.incremental import Build

    with store.build_lock(paths.store):
        store.repair(paths.store)
        job = Build(paths, reference, wikidata_cache, public_url, _now())
        return job.run(workers, scheduler, progress)
