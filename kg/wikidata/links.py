"""What the built store says about Wikidata links, read over SPARQL.

The report and the suggestions work from the store rather than from the reference files,
so they describe the graph users actually query (and any link a later stage adds in
another named graph counts too).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from rdflib import Dataset
from rdflib.query import ResultRow

from kg import vocab
from kg.query import open_dataset
from kg.wikidata import terms

RESOURCES = """
SELECT DISTINCT ?r WHERE {
  { ?r a ?type . VALUES ?type { schema:Person schema:Organization schema:Place
                                schema:CreativeWork schema:Event } }
  UNION { ?r owl:sameAs ?q . FILTER(STRSTARTS(STR(?q), STR(wd:))) }
  UNION { ?r rskg:candidateWikidata ?q }
  FILTER NOT EXISTS { ?r a rskg:UnnamedAuthor }
  FILTER NOT EXISTS { ?r a schema:NewsArticle }
}"""
PAIRS = "SELECT DISTINCT ?r ?v WHERE {{ {pattern} }}"
PATTERNS = {
    "label": "?r rdfs:label ?v",
    "alt": "?r skos:altLabel ?v",
    "type": "?r a ?v",
    "same": "?r owl:sameAs ?v . FILTER(STRSTARTS(STR(?v), STR(wd:)))",
    # the reference file's "likely" QIDs, not the suggestions of the review graph
    "candidate": "GRAPH ?g { ?r rskg:candidateWikidata ?v } "
                 f"FILTER(?g != <{vocab.GRAPH_REVIEW}>)",
    "source": "?r rskg:wikidataLinkSource ?v",
}
# Most specific first: the TSV's `kind` column for a suggested row.
_KINDS = (("Person", "person"), ("State", "country"), ("City", "city"), ("AirBase", "base"),
          ("NavalBase", "base"), ("MilitaryBase", "base"), ("Region", "region"),
          ("InternationalOrganization", "international-org"), ("ArmedGroup", "armed-group"),
          ("Event", "event"), ("CreativeWork", "creative-work"), ("Organization", "organization"),
          ("Collective", "organization"), ("Place", "region"))


@dataclass(frozen=True)
class Resource:
    """One entity or event of the store with what it says about Wikidata."""

    iri: str
    label: str
    alt_labels: tuple[str, ...]
    types: tuple[str, ...]
    qids: tuple[str, ...]  # owl:sameAs wd:Q…
    candidates: tuple[str, ...]  # rskg:candidateWikidata wd:Q… (status "likely")
    sources: tuple[str, ...]  # rskg:wikidataLinkSource

    @property
    def is_event(self) -> bool:
        return str(vocab.SCHEMA.Event) in self.types

    @property
    def short(self) -> str:
        return _short(self.iri)

    @property
    def ref_id(self) -> str:
        """The reference-data id (the TSV's `id`): the IRI's last path segment."""
        return self.iri.rstrip("/").rsplit("/", 1)[-1]

    @property
    def kind(self) -> str:
        rskg = {t[len(str(vocab.RSKG)):] for t in self.types if t.startswith(str(vocab.RSKG))}
        return next((kind for name, kind in _KINDS if name in rskg), "organization")

    @property
    def names(self) -> tuple[str, ...]:
        return (self.label, *self.alt_labels) if self.label else self.alt_labels

    @property
    def provenance(self) -> str:
        """reference file, curated or reconciled: the kind of link source, not its wording."""
        return ", ".join(sorted({link_provenance(s) for s in self.sources})) or "unstated"


def link_provenance(source: str) -> str:
    text = source.lower()
    for needle, kind in (("reconcil", "reconciled"), ("reference file", "reference file"),
                         ("curated", "curated")):
        if needle in text:
            return kind
    return source


def _short(iri: str) -> str:
    base = str(vocab.ID)
    return "id:" + iri[len(base):] if iri.startswith(base) else iri


def _pairs(ds: Dataset, pattern: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for row in ds.query(PAIRS.format(pattern=pattern), initNs=vocab.PREFIXES):
        pair = cast(ResultRow, row)
        found[str(pair[0])].append(str(pair[1]))
    return found


def _qids(iris: list[str]) -> tuple[str, ...]:
    return tuple(sorted({q for q in (terms.qid_of(i) for i in iris) if q}))


def read_resources(store: Path) -> list[Resource]:
    """Every entity and event of the current build, sorted by IRI."""
    ds = open_dataset(store)
    iris = sorted(str(cast(ResultRow, row)[0])
                  for row in ds.query(RESOURCES, initNs=vocab.PREFIXES))
    got = {name: _pairs(ds, pattern) for name, pattern in PATTERNS.items()}
    return [Resource(
        iri=iri,
        label=min(got["label"].get(iri, [""])),
        alt_labels=tuple(sorted(set(got["alt"].get(iri, [])))),
        types=tuple(sorted(got["type"].get(iri, []))),
        qids=_qids(got["same"].get(iri, [])),
        candidates=_qids(got["candidate"].get(iri, [])),
        sources=tuple(sorted(set(got["source"].get(iri, [])))),
    ) for iri in iris]
