"""Side by side, /compare?about=IRI: what each source says about one entity or event, one
column per document in date order, with the document's date and the dates it gives, so
that the 2015 expectations and the 2024 outcome read across."""

from __future__ import annotations

from flask import Blueprint, Response, abort, request

from server.analyst import graph, web
from server.analyst.claims import reader_link
from server.analyst.graph import ref

COLUMNS = 4


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
    label_q, docs_q = (web.Query(t, graph.bind(graph.text(q), bound)) for t, q in (
        ("its label", "compare-label"), ("the documents that speak of it", "compare-documents")))
    labels = graph.select(label_q.text)
    if not labels:
        new = graph.replaced_by(this)
        if new:
            raise graph.Moved(about=new)
        abort(404, f"nothing is known about <{this}> in this graph")
    found, at = web.paged(graph.select(docs_q.text), at)
    queries = [label_q, docs_q]
    columns: list[graph.Row] = []
    if found:
        bound["$pairs"] = graph.doc_pairs([d["doc"] for d in found])
        bound["$docs"] = " ".join(ref(d["doc"]) for d in found)
        column_q, mentions_q, claims_q, dates_q = (
            web.Query(t, graph.bind(graph.text(q), bound)) for t, q in (
                ("each document", "compare-columns"),
                ("how often each names it", "entity-mentions"),
                ("what each says", "compare-claims"),
                ("the dates each gives it", "compare-dates")))
        by_doc = {r["doc"]: r for r in graph.select(column_q.text)}
        named = {r["doc"]: r["mentions"] for r in graph.select(mentions_q.text)}
        columns = [by_doc[d["doc"]] for d in found if d["doc"] in by_doc]
        claims, dates = graph.select(claims_q.text), graph.select(dates_q.text)
        labels_q = web.Query("labels", graph.labels_query(
            {r["claimant"] for r in claims} | {c["publisher"] for c in columns}))
        queries += [column_q, mentions_q, claims_q, dates_q, labels_q]
        labels = graph.select(labels_q.text)
        graph.add_labels(claims, labels, "claimant")
        graph.add_labels(columns, labels, "publisher")
        for c in columns:
            c["said"] = [dict(r, reader=reader_link(r["claim"])) for r in claims
                         if r["doc"] == c["doc"]]
            c["claims"] = len(c["said"])
            c["mentions"] = named.get(c["doc"], 0)
            c["dates"] = [r for r in dates if r["doc"] == c["doc"]]
    label = labels[0]["label"]
    data = {"about": this, "label": label, "documents": columns}
    shown = {this} | {r["claim"] for c in columns for r in c["said"]}
    return web.respond("compare.html", f"What the sources say about {label}", data, queries,
                       graph.describe(shown), pager=at)

