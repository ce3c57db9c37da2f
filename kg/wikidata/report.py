"""The link coverage report: who is linked, who is not, and which links look wrong.

Suspicious means worth a person's look, not wrong: two resources sharing a QID (one
real-world thing minted twice, or a wrong QID), a QID whose cached Wikidata label is
none of our names (the reference data records such mix-ups: a QID that is Thomas
Cromwell in one source), and a linked QID of which the cache holds nothing yet.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from kg.wikidata import normalise
from kg.wikidata.cache import CachedItem
from kg.wikidata.links import Resource

SHARED = "shared QID"
MISMATCH = "label mismatch"
NOT_CACHED = "no cached Wikidata facts yet"
NOTHING_RETURNED = "Wikidata returned nothing"


@dataclass(frozen=True)
class Suspicion:
    kind: str
    qid: str
    resources: tuple[str, ...]
    detail: str


@dataclass
class Report:
    resources: list[Resource]
    cached: dict[str, CachedItem]
    suspicions: list[Suspicion] = field(default_factory=list)

    def part(self, events: bool, linked: bool) -> list[Resource]:
        return [r for r in self.resources if r.is_event == events and bool(r.qids) == linked]

    @property
    def figures(self) -> dict[str, int]:
        kinds: defaultdict[str, int] = defaultdict(int)
        for s in self.suspicions:
            kinds[s.kind] += 1
        return {
            "entities_linked": len(self.part(events=False, linked=True)),
            "entities_unlinked": len(self.part(events=False, linked=False)),
            "events_linked": len(self.part(events=True, linked=True)),
            "events_unlinked": len(self.part(events=True, linked=False)),
            "linked_qids": len(self.linked_qids),
            "qids_cached": sum(1 for q in self.linked_qids
                               if q in self.cached and self.cached[q].has_facts),
            "suspicious": len(self.suspicions),
            "shared_qids": kinds[SHARED],
            "label_mismatches": kinds[MISMATCH],
            "not_cached": kinds[NOT_CACHED] + kinds[NOTHING_RETURNED],
        }

    @property
    def linked_qids(self) -> list[str]:
        return sorted({q for r in self.resources for q in r.qids}, key=lambda q: (len(q), q))


def _shared(resources: list[Resource]) -> list[Suspicion]:
    holders: dict[str, list[str]] = defaultdict(list)
    for r in resources:
        for q in r.qids:
            holders[q].append(r.short)
    return [Suspicion(SHARED, q, tuple(rs), f"owl:sameAs wd:{q} on {len(rs)} resources")
            for q, rs in sorted(holders.items()) if len(rs) > 1]


def _cache_check(r: Resource, qid: str, cached: dict[str, CachedItem]) -> Suspicion | None:
    item = cached.get(qid)
    if item is None:
        return Suspicion(NOT_CACHED, qid, (r.short,), r.label)
    if not item.has_facts:
        return Suspicion(NOTHING_RETURNED, qid, (r.short,),
                         f"{r.label}: {NOTHING_RETURNED} on {item.taken} from {item.source}")
    if item.label and not normalise.matches(r.names, [item.label]):
        return Suspicion(MISMATCH, qid, (r.short,),
                         f"Wikidata label {item.label!r} (taken {item.taken}) matches none "
                         f"of our {len(r.names)} names, e.g. {r.label!r}")
    return None


def build_report(resources: list[Resource], cached: dict[str, CachedItem]) -> Report:
    """The report over every resource; suspicions are about owl:sameAs links only."""
    report = Report(resources, cached, _shared(resources))
    for r in resources:
        for qid in r.qids:
            found = _cache_check(r, qid, cached)
            if found:
                report.suspicions.append(found)
    return report
