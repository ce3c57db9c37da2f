"""The report and the suggestions as plain-text tables or JSON, for people and scripts."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict

from kg.wikidata.cache import CachedItem
from kg.wikidata.links import Resource
from kg.wikidata.report import NOT_CACHED, Report
from kg.wikidata.suggest import NOTHING_LINKED, Suggestion, tsv_row


def table(header: Sequence[str], rows: Sequence[Sequence[str]], width: int = 48) -> str:
    """Aligned columns, long cells cut, so a wide report still reads in a terminal."""
    cells = [[str(c).replace("\n", " ")[:width] for c in row] for row in rows]
    widths = [max([len(h), *(len(r[i]) for r in cells)]) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
              for r in cells]
    return "\n".join("  " + line for line in lines)


def _wikidata_label(qid: str, cached: dict[str, CachedItem]) -> str:
    item = cached.get(qid)
    if item is None:
        return NOT_CACHED
    return item.label or "(Wikidata returned nothing)"


def _linked_rows(resources: list[Resource], cached: dict[str, CachedItem]) -> list[list[str]]:
    return [[r.short, r.label, f"wd:{q}", r.provenance, _wikidata_label(q, cached)]
            for r in resources for q in r.qids]


def _unlinked_rows(resources: list[Resource], cached: dict[str, CachedItem]) -> list[list[str]]:
    return [[r.short, r.label,
             " ".join(f"wd:{q}" for q in r.candidates) or "-",
             "; ".join(_wikidata_label(q, cached) for q in r.candidates) or "-"]
            for r in resources]


def _section(title: str, header: list[str], rows: list[list[str]]) -> str:
    if not rows:
        return f"{title} (0)\n  none\n"
    return f"{title} ({len(rows)})\n{table(header, rows)}\n"


def figures_text(report: Report) -> str:
    f = report.figures
    return "\n".join([
        "Figures",
        f"  entities: {f['entities_linked']} linked, {f['entities_unlinked']} without a link",
        f"  events: {f['events_linked']} linked, {f['events_unlinked']} without a link",
        f"  linked QIDs: {f['linked_qids']}, with cached Wikidata facts: {f['qids_cached']}",
        f"  suspicious: {f['suspicious']} ({f['shared_qids']} shared QIDs, "
        f"{f['label_mismatches']} label mismatches, {f['not_cached']} with no cached "
        "Wikidata facts)",
    ])


def report_text(report: Report, store: str, cache: str) -> str:
    linked_head = ["resource", "label", "qid", "link source", "Wikidata label (cache)"]
    unlinked_head = ["resource", "label", "candidate (likely)", "candidate's Wikidata label"]
    parts = [f"Wikidata links in {store} (cache {cache}: {len(report.cached)} items)\n"]
    for events, noun in ((False, "Entities"), (True, "Events")):
        parts.append(_section(f"{noun} linked to Wikidata (owl:sameAs)", linked_head,
                              _linked_rows(report.part(events, True), report.cached)))
        parts.append(_section(f"{noun} without a link", unlinked_head,
                              _unlinked_rows(report.part(events, False), report.cached)))
    rows = [[s.kind, f"wd:{s.qid}", ", ".join(s.resources), s.detail]
            for s in report.suspicions]
    parts.append(_section("Suspicious", ["kind", "qid", "resources", "detail"], rows))
    parts.append(figures_text(report))
    return "\n".join(parts)


def _resource_json(r: Resource, cached: dict[str, CachedItem]) -> dict:
    def facts(qid: str) -> dict | None:
        return asdict(cached[qid]) if qid in cached else None

    return {"iri": r.iri, "id": r.ref_id, "label": r.label, "kind": r.kind,
            "qids": list(r.qids), "candidates": list(r.candidates),
            "link_provenance": r.provenance if r.qids or r.candidates else None,
            "link_source": list(r.sources),
            "wikidata": {q: facts(q) for q in (*r.qids, *r.candidates)}}


def report_json(report: Report, store: str, cache: str) -> dict:
    def group(events: bool) -> dict:
        return {state: [_resource_json(r, report.cached) for r in report.part(events, linked)]
                for state, linked in (("linked", True), ("unlinked", False))}

    return {"store": store, "cache": cache, "figures": report.figures,
            "entities": group(False), "events": group(True),
            "suspicious": [asdict(s) for s in report.suspicions]}


def suggestions_text(suggestions: list[Suggestion]) -> str:
    found = [s for s in suggestions if s.candidates]
    lines = [f"Suggestions ({len(found)} of {len(suggestions)} unlinked resources have "
             f"candidates). {NOTHING_LINKED}"]
    for s in found:
        lines.append(f"\n{s.resource.short}  {s.resource.label!r} ({s.resource.kind})")
        for rank, c in enumerate(s.candidates, 1):
            lines.append(f"  {rank}. wd:{c.qid}  score {c.score}  {c.label!r}"
                         f"  {c.description or '(no description)'}"
                         f"  types: {', '.join(c.types) or '-'}")
            lines += [f"       - {e}" for e in c.evidence]
            lines.append(f"       TSV row: {tsv_row(s.resource, c)!r}")
    missing = [s.resource.short for s in suggestions if not s.candidates]
    if missing:
        lines.append(f"\nNo candidate found for {len(missing)}: {', '.join(missing)}")
    return "\n".join(lines)


def suggestions_json(suggestions: list[Suggestion]) -> dict:
    return {"note": NOTHING_LINKED, "suggestions": [
        {"resource": s.resource.iri, "label": s.resource.label,
         "candidates": [{**asdict(c), "tsv_row": tsv_row(s.resource, c)}
                        for c in s.candidates]}
        for s in suggestions]}


def dumps(data: dict) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)
