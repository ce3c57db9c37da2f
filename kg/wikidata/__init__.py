"""Links to Wikidata: the coverage report, the offline cache of Wikidata facts, its
refresh from a SPARQL endpoint, and QID suggestions for unlinked resources.

The reference data (`kg/reference/wikidata_links.tsv`) stays the only source of the links
themselves; this package reads the built store and Wikidata, and never writes a link.
"""

from __future__ import annotations

from pathlib import Path

from kg.vocab import GRAPH_WIKIDATA

__all__ = ["DEFAULT_CACHE", "GRAPH_WIKIDATA", "WIKIDATA_SPARQL"]

WIKIDATA_SPARQL = "https://query.wikidata.org/sparql"
DEFAULT_CACHE = Path(__file__).resolve().parents[1] / "reference" / "wikidata_cache.ttl"
