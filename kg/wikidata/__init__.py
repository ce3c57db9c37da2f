"""Links to Wikidata: the coverage report, the offline cache of Wikidata facts, its
refresh from a SPARQL endpoint, and QID suggestions for unlinked resources.

The reference data (`wikidata_links.tsv`, the package's or the corpus's) stays the only
source of the links themselves; this package reads the built store and Wikidata, and
writes a link only where a curator decides one (`kg link --accept`, kg.wikidata.decide),
into the corpus's reference data.
"""

from __future__ import annotations

from pathlib import Path

from kg.vocab import GRAPH_WIKIDATA

__all__ = ["DEFAULT_CACHE", "GRAPH_WIKIDATA", "WIKIDATA_SPARQL"]

WIKIDATA_SPARQL = "https://query.wikidata.org/sparql"
DEFAULT_CACHE = Path(__file__).resolve().parents[1] / "reference" / "wikidata_cache.ttl"
