"""The review queue, /review: entities awaiting a curator's decision — found in the texts
but not in the reference data, or with a candidate Wikidata match (`kg link --suggest`)
and the evidence for it — and the entities no Wikidata item is linked to.

Read-only: a decision goes into the corpus's reference data from the command line (`kg
link --accept ENTITY QID`, `kg link --reject ENTITY [QID]`, kg.wikidata.decide) or the
file, never through this page; the page shows each candidate's command, and the
decisions already recorded (skos:editorialNote, from the build's review graph).
"""

from __future__ import annotations

from flask import Blueprint, Response

from server.analyst import graph, web

AWAITING = """SELECT ?entity ?label ?status ?candidate ?evidence ?decision ?doc ?headline ?type
WHERE {{
  {{ SELECT DISTINCT ?entity WHERE {{
      {{ ?entity rskg:reviewStatus "awaiting-review" }}
      UNION {{ ?entity rskg:candidateWikidata ?c FILTER NOT EXISTS {{ ?entity owl:sameAs ?q }} }}
    }} ORDER BY ?entity LIMIT {limit} OFFSET {offset} }}
  OPTIONAL {{ ?entity rdfs:label ?label }} OPTIONAL {{ ?entity rskg:reviewStatus ?status }}
  OPTIONAL {{ ?entity rskg:candidateWikidata ?candidate }}
  OPTIONAL {{ ?entity rskg:candidateEvidence ?evidence }}
  OPTIONAL {{ ?entity skos:editorialNote ?decision }}
  OPTIONAL {{ ?entity prov:wasDerivedFrom ?doc OPTIONAL {{ ?doc schema:headline ?headline }} }}
  OPTIONAL {{ ?entity a ?type FILTER(STRSTARTS(STR(?type), STR(rskg:))) }}
}} ORDER BY ?entity ?candidate ?doc"""

UNLINKED = """SELECT ?entity (SAMPLE(?l) AS ?label) (SAMPLE(?t) AS ?type) WHERE {
  GRAPH <https://w3id.org/rskg/graph/reference> { ?entity a ?t ; rdfs:label ?l }
  FILTER(STRSTARTS(STR(?t), STR(rskg:)) && ?t != rskg:Event && ?t != rskg:BaseOperation)
  FILTER NOT EXISTS { ?entity owl:sameAs ?q }
  FILTER NOT EXISTS { ?entity rskg:candidateWikidata ?c }
} GROUP BY ?entity ORDER BY ?label LIMIT 300"""


def routes(bp: Blueprint) -> None:
    @bp.get("/review")
    def review() -> Response | str:
        return _page()


def _page() -> Response | str:
    at = web.pager()
    awaiting_q = web.Query("entities awaiting review", AWAITING.format(limit=at.size + 1,
                                                                        offset=at.offset))
    unlinked_q = web.Query("reference entities without a Wikidata link", UNLINKED)
    entities = _grouped(graph.select(awaiting_q.text))
    entities, at = web.paged(entities, at)
    data = {"awaiting": entities, "unlinked": graph.select(unlinked_q.text)}
    return web.respond("review.html", "Review queue", data, [awaiting_q, unlinked_q], pager=at)


def _grouped(rows: list[graph.Row]) -> list[graph.Row]:
    """One entry per entity, its candidates, evidence, documents and types as lists."""
    found: dict[str, graph.Row] = {}
    for r in rows:
        entry = found.setdefault(r["entity"], {"entity": r["entity"], "label": r["label"],
                                               "status": r["status"], "candidates": [],
                                               "evidence": [], "decisions": [],
                                               "documents": [], "types": [],
                                               "argument": _argument(r["entity"])})
        for key, value in (("candidates", r["candidate"]), ("evidence", r["evidence"]),
                           ("decisions", r["decision"]), ("types", r["type"])):
            if value and value not in entry[key]:
                entry[key].append(value)
        if r["doc"] and all(d["doc"] != r["doc"] for d in entry["documents"]):
            entry["documents"].append({"doc": r["doc"], "headline": r["headline"]})
    return list(found.values())


def _argument(iri: str) -> str:
    """How `kg link --accept/--reject` names the entity: the part after id:entity/."""
    prefix = graph.ID + "entity/"
    return iri[len(prefix):] if iri.startswith(prefix) else iri
