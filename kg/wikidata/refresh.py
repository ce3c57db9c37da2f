"""`kg link --refresh`: take the facts about every linked and candidate QID into the cache."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kg.wikidata.cache import ItemRecord, load_cache, replace_items, write_cache
from kg.wikidata.client import SparqlClient
from kg.wikidata.fetch import BATCH_SIZE, fetch_items
from kg.wikidata.links import Resource


@dataclass(frozen=True)
class RefreshResult:
    records: list[ItemRecord]
    path: Path

    @property
    def empty(self) -> list[str]:
        return [r.qid for r in self.records if not r.facts]


def qids_to_refresh(resources: list[Resource]) -> list[str]:
    """Linked QIDs and the "likely" candidates: a person deciding on a candidate needs
    Wikidata's label and description as much as a linked one does."""
    qids = {q for r in resources for q in (*r.qids, *r.candidates)}
    return sorted(qids, key=lambda q: (len(q), q))


def refresh_cache(resources: list[Resource], client: SparqlClient, path: Path,
                  size: int = BATCH_SIZE,
                  progress: Callable[[int], None] | None = None) -> RefreshResult:
    """Fetch, then merge into the cache file: items not fetched this time are kept."""
    records = fetch_items(client, qids_to_refresh(resources), size, progress)
    graph = load_cache(path)
    replace_items(graph, records)
    write_cache(graph, path)
    return RefreshResult(records, path)
