"""Side by side, /compare?about=IRI: what each source says about one entity or event, one
column per document in date order, with the document's date and the dates it gives, so
that the 2015 expectations and the 2024 outcome read across."""

from __future__ import annotations

from flask import Blueprint, Response, abort, request

from server.analyst import graph, web
from server.analyst.claims import reader_link
from server.analyst.graph import ref

COLUMNS = 4

LABEL = """SELECT ?label WHERE { $this rdfs:label ?label } LIMIT 1"""

DOCUMENTS = """SELECT ?doc ?headline ?published ?notBefore (SAMPLE(?pl) AS ?publisherLabel)
       (COUNT(DISTINCT ?claim) AS ?claims) (COUNT(DISTINCT ?ann) AS ?mentions) WHERE {
  { ?claim schema:about $this ; schema:appearance ?doc }
  UNION { ?ann oa:hasBody $this ; a rskg:Mention ; oa:hasTarget/oa:hasSource ?doc }
  ?doc schema:headline ?headline ; rskg:publishedNotBefore ?notBefore .
  OPTIONAL { ?doc schema:datePublished ?published }
  OPTIONAL { ?doc schema:publisher/rdfs:label ?pl }
} GROUP BY ?doc ?headline ?published ?notBefore ORDER BY ?notBefore ?doc
  LIMIT $limit OFFSET $offset"""

CLAIMS = """SELECT ?doc ?claim ?text ?kind ?claimant ?claimantLabel WHERE { VALUES ?doc { $docs }
  ?claim schema:about $this ; schema:appearance ?doc ; schema:text ?text ;
         rskg:claimKind ?kind ; schema:author ?claimant .
  OPTIONAL { ?claimant rdfs:label ?claimantLabel } } ORDER BY ?doc ?claim LIMIT 1000"""

DATES = """SELECT ?doc ?date ?exact WHERE { VALUES ?doc { $docs }
  ?ann oa:hasBody $this ; schema:startDate ?date ; oa:hasTarget ?target .
  ?target oa:hasSource ?doc ; oa:hasSelector ?quote . ?quote oa:exact ?exact }
  ORDER BY ?doc ?date LIMIT 1000"""


def routes(bp: Blueprint) -> None:
    @bp.get("/compare")
    def compare() -> Response | str:
        return _page()


def _page() -> Response | str:
    this = graph.iri(request.args.get("about"), "about")
    if this is None:
        raise graph.BadParameter("about: say which entity or event to compare, e.g. "
                                 "/compare?about=https://w3id.org/rskg/id/entity/khmeimim-air-base")
    at = web.pager(COLUMNS)
    bound = {"$this": ref(this), "$limit": str(at.size + 1), "$offset": str(at.offset)}
    label_q, docs_q = (web.Query(t, _bind(q, bound)) for t, q in (
        ("its label", LABEL), ("the documents that speak of it", DOCUMENTS)))
    labels = graph.select(label_q.text)
    if not labels:
        abort(404, f"nothing is known about <{this}> in this graph")
    columns, at = web.paged(graph.select(docs_q.text), at)
    queries = [label_q, docs_q]
    if columns:
        bound["$docs"] = " ".join(ref(c["doc"]) for c in columns)
        claims_q = web.Query("what each says", _bind(CLAIMS, bound))
        dates_q = web.Query("the dates each gives it", _bind(DATES, bound))
        queries += [claims_q, dates_q]
        claims, dates = graph.select(claims_q.text), graph.select(dates_q.text)
        for c in columns:
            c["said"] = [dict(r, reader=reader_link(r["claim"])) for r in claims
                         if r["doc"] == c["doc"]]
            c["dates"] = [r for r in dates if r["doc"] == c["doc"]]
    label = labels[0]["label"]
    data = {"about": this, "label": label, "documents": columns}
    return web.respond("compare.html", f"What the sources say about {label}", data, queries,
                       pager=at)


def _bind(query: str, bound: dict[str, str]) -> str:
    for name, value in bound.items():
        query = query.replace(name, value)
    return query
