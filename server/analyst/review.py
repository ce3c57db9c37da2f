"""The review queue, /review: entities awaiting a curator's decision — found in the texts
but not in the reference data, or with a candidate Wikidata match (`kg link --suggest`)
and the evidence for it — and the entities no Wikidata item is linked to.

Read-only: a decision goes into the corpus's reference data from the command line (`kg
link --accept ENTITY QID`, `kg link --reject ENTITY [QID]`, kg.wikidata.decide) or the
file, never through this page; the page shows each candidate's command, and the
decisions already recorded (skos:editorialNote, from the build's review graph).
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response

from server.analyst import graph, web
from server.analyst.graph import ref

QUERIES = Path(__file__).resolve().parent / "queries"
SHOWN_DOCUMENTS = 3  # per entity; its page lists every document that names it

UNLINKED = """SELECT ?entity (SAMPLE(?l) AS ?label) (SAMPLE(?t) AS ?type) WHERE {
  GRAPH <https://w3id.org/rskg/graph/reference> { ?entity a ?t ; rdfs:label ?l }
  FILTER(STRSTARTS(STR(?t), STR(rskg:)) && ?t != rskg:Event && ?t != rskg:BaseOperation)
  FILTER NOT EXISTS { ?entity owl:sameAs ?q }
  FILTER NOT EXISTS { ?entity rskg:candidateWikidata ?c }
} GROUP BY ?entity ORDER BY ?label LIMIT 300"""


HEADLINES = """SELECT ?doc (SAMPLE(?h) AS ?headline) WHERE {
  VALUES ?doc { $docs } ?doc schema:headline ?h } GROUP BY ?doc"""


def routes(bp: Blueprint) -> None:
    @bp.get("/review")
    def review() -> Response | str:
        return _page()


def _page() -> Response | str:
    at = web.pager()
    page_q = web.Query("entities awaiting review", graph.bind(_text("review-page"), {
        "$limit": str(at.size + 1), "$offset": str(at.offset)}))
    found, at = web.paged(graph.select(page_q.text), at)
    queries = [page_q]
    entities = _details([r["entity"] for r in found], queries)
    unlinked_q = web.Query("reference entities without a Wikidata link", UNLINKED)
    queries.append(unlinked_q)
    data = {"awaiting": entities, "unlinked": graph.select(unlinked_q.text)}
    return web.respond("review.html", "Review queue", data, queries, pager=at)


def _text(name: str) -> str:
    return (QUERIES / f"{name}.rq").read_text(encoding="utf-8")


def _details(iris: list[str], queries: list[web.Query]) -> list[graph.Row]:
    """One entry per entity: label, status, candidates, evidence, decisions, types as
    lists; how many documents name it and the first few, with their headlines."""
    if not iris:
        return []
    entities = {"$entities": " ".join(ref(i) for i in iris)}
    details_q = web.Query("what the queue shows of them",
                          graph.bind(_text("review-details"), entities))
    documents_q = web.Query("the documents that name them",
                            graph.bind(_text("review-documents"), entities))
    labels_q = web.Query("their labels", graph.labels_query(set(iris)))
    queries += [details_q, documents_q, labels_q]
    found: dict[str, dict[str, list[str]]] = {i: {} for i in iris}
    for r in graph.select(details_q.text):
        found[r["entity"]].setdefault(r["what"], []).append(r["value"])
    for r in graph.select(documents_q.text):
        found[r["entity"]].setdefault("document", []).append(r["doc"])
    for r in graph.select(labels_q.text):
        found[r["iri"]]["label"] = [r["label"]]
    entries: list[graph.Row] = []
    for iri, values in found.items():
        documents = sorted(values.get("document", []))
        entries.append({
            "entity": iri, "label": min(values.get("label", [""])),
            "status": min(values.get("status", [""])), "argument": _argument(iri),
            **{key: sorted(values.get(what, [])) for key, what in (
                ("candidates", "candidate"), ("evidence", "evidence"),
                ("decisions", "decision"), ("types", "type"))},
            "documents": [{"doc": d, "headline": ""} for d in documents[:SHOWN_DOCUMENTS]],
            "document_count": len(documents)})
    shown = [d for e in entries for d in e["documents"]]
    if shown:
        headlines_q = web.Query("their documents' headlines", HEADLINES.replace(
            "$docs", " ".join(ref(d["doc"]) for d in shown)))
        queries.append(headlines_q)
        headline = {r["doc"]: r["headline"] for r in graph.select(headlines_q.text)}
        for d in shown:
            d["headline"] = headline.get(d["doc"], "")
    return entries


def _argument(iri: str) -> str:
    """How `kg link --accept/--reject` names the entity: the part after id:entity/."""
    prefix = graph.ID + "entity/"
    return iri[len(prefix):] if iri.startswith(prefix) else iri
