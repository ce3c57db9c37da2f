"""Fill the cache: the facts about a list of QIDs, fetched in batched VALUES queries.

One query per batch (50 items by default) keeps the number of requests to the shared
endpoint small and each query cheap; the UNION shape returns one row per fact, so an
item with many P31 values does not multiply its other facts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from rdflib import Literal, URIRef
from rdflib.namespace import RDFS, SKOS
from rdflib.term import Node

from kg.wikidata import terms
from kg.wikidata.cache import ItemRecord
from kg.wikidata.client import SparqlClient

BATCH_SIZE = 50


def facts_query(qids: Sequence[str]) -> str:
    """English labels, aliases, description, and the direct claims the cache keeps."""
    items = " ".join(f"wd:{q}" for q in qids)
    props = " ".join(f"wdt:{terms.qid_property(p)}" for p in terms.FACT_PROPERTIES)
    return terms.sparql_prefixes() + f"""SELECT ?item ?p ?o WHERE {{
  VALUES ?item {{ {items} }}
  {{ ?item rdfs:label ?o . BIND(rdfs:label AS ?p) FILTER(LANG(?o) = "en") }}
  UNION {{ ?item skos:altLabel ?o . BIND(skos:altLabel AS ?p) FILTER(LANG(?o) = "en") }}
  UNION {{ ?item schema:description ?o . BIND(schema:description AS ?p) FILTER(LANG(?o) = "en") }}
  UNION {{ VALUES ?p {{ {props} }} ?item ?p ?o }}
}}"""


def term(binding: dict) -> Node | None:
    """An rdflib term from a SPARQL JSON binding; blank nodes are not facts to keep."""
    kind, value = binding.get("type"), binding.get("value", "")
    if kind == "uri":
        return URIRef(value)
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in binding:
            return Literal(value, lang=binding["xml:lang"])
        datatype = binding.get("datatype")
        return Literal(value, datatype=URIRef(datatype) if datatype else None, normalize=False)
    return None


_KEPT = frozenset({RDFS.label, SKOS.altLabel, terms.SCHEMA.description, *terms.FACT_PROPERTIES})


def facts_by_item(rows: Iterable[dict]) -> dict[str, list[tuple[URIRef, Node]]]:
    """Group result rows into (predicate, object) pairs per QID, unknown predicates dropped."""
    facts: dict[str, list[tuple[URIRef, Node]]] = {}
    for row in rows:
        item, pred, obj = (term(row[k]) if k in row else None for k in ("item", "p", "o"))
        qid = terms.qid_of(str(item)) if item is not None else None
        if qid and pred in _KEPT and obj is not None:
            facts.setdefault(qid, []).append((URIRef(str(pred)), obj))
    return facts


def batches(qids: Sequence[str], size: int) -> list[list[str]]:
    return [list(qids[i:i + size]) for i in range(0, len(qids), size)]


def fetch_batch(client: SparqlClient, qids: Sequence[str]) -> list[ItemRecord]:
    """One record per asked QID, also for those the endpoint knows nothing about, so the
    cache can say "Wikidata returned nothing" rather than "not asked yet"."""
    answer = client.select(facts_query(qids))
    facts = facts_by_item(answer.json.get("results", {}).get("bindings", []))
    taken = answer.fetched_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    return [ItemRecord(q, taken, client.endpoint, tuple(facts.get(q, ()))) for q in qids]


def fetch_items(client: SparqlClient, qids: Sequence[str], size: int = BATCH_SIZE,
                progress: Callable[[int], None] | None = None) -> list[ItemRecord]:
    """Every QID's record, batch by batch; `progress` is told how many items each batch did."""
    records: list[ItemRecord] = []
    for batch in batches(sorted(set(qids), key=lambda q: (len(q), q)), size):
        records += fetch_batch(client, batch)
        if progress:
            progress(len(batch))
    return records
