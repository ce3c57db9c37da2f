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
from server.analyst.graph import ref

SHOWN_DOCUMENTS = 3  # per entity; its page lists every document that names it

def routes(bp: Blueprint) -> None:
    @bp.get("/review")
    def review() -> Response | str:
        return _page()


def _page() -> Response | str:
    at = web.pager()
    page_q = web.Query("entities awaiting review", graph.bind(graph.text("review-page"), {
        "$limit": str(at.size + 1), "$offset": str(at.offset)}))
    found, at = web.paged(graph.select(page_q.text), at)
    queries = [page_q]
    entities = _details([r["entity"] for r in found], queries)
    unlinked_q = web.Query("reference entities without a Wikidata link",
                           graph.text("review-unlinked"))
    queries.append(unlinked_q)
    data = {"awaiting": entities, "unlinked": graph.select(unlinked_q.text)}
    shown = {e["entity"] for e in entities} | {e["entity"] for e in data["unlinked"]}
    return web.respond("review.html", "Review queue", data, queries, graph.describe(shown),
                       pager=at)


def _details(iris: list[str], queries: list[web.Query]) -> list[graph.Row]:
    """One entry per entity: label, status, candidates, evidence, decisions, types as
    lists; how many documents name it and the first few, with their headlines."""
    if not iris:
        return []
    entities = {"$entities": " ".join(ref(i) for i in iris)}
    details_q = web.Query("what the queue shows of them",
                          graph.bind(graph.text("review-details"), entities))
    documents_q = web.Query("the documents that name them",
                            graph.bind(graph.text("review-documents"), entities))
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
        headlines_q = web.Query("their documents' headlines", graph.query(
            "review-headlines", docs=" ".join(ref(d["doc"]) for d in shown)))
        queries.append(headlines_q)
        headline = {r["doc"]: r["headline"] for r in graph.select(headlines_q.text)}
        for d in shown:
            d["headline"] = headline.get(d["doc"], "")
    return entries


def _argument(iri: str) -> str:
    """How `kg link --accept/--reject` names the entity: the part after id:entity/."""
    prefix = graph.ID + "entity/"
    return iri[len(prefix):] if iri.startswith(prefix) else iri
