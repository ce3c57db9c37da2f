"""Entity and event pages, /entity/{id} and /event/{id}: who or what it is (types, roles,
affiliations, its Wikidata link or why there is none), what the sources say about it
(claims grouped by document), the events it took part in, and where it is mentioned.

They grow the generic resource page (/id/…, server/pages.py) for the two kinds of
resource an analyst asks about; every other IRI keeps that page.
"""

from __future__ import annotations

from itertools import groupby

from flask import Blueprint, Response, abort

from server.analyst import claims as claims_page
from server.analyst import graph, web
from server.analyst.graph import ID, ref


def routes(bp: Blueprint) -> None:
    @bp.get("/entity/<path:rest>")
    def entity(rest: str) -> Response | str:
        return _page("entity/" + rest)

    @bp.get("/event/<path:rest>")
    def event(rest: str) -> Response | str:
        return _page("event/" + rest)


def _page(local: str) -> Response | str:
    if not graph.LOCAL.fullmatch(local):
        abort(404, f"{local!r} is not an IRI this graph mints")
    this = ID + local
    at = web.pager()
    bound = {"$this": ref(this)}
    queries = [web.Query(t, graph.bind(graph.text(q), bound)) for t, q in (
        ("who or what it is", "entity-properties"), ("events it took part in", "entity-events"),
        ("documents that mention it", "entity-documents"))]
    props = graph.select(queries[0].text)
    if not props:
        new = graph.replaced_by(this)
        if new:
            raise graph.Moved(graph.page_path(new))
        abort(404, f"nothing is known about <{this}> in this graph")
    about = _group(props)
    page_q = web.Query("claims about it", graph.bind(graph.text("entity-claims"), {
        **bound, "$limit": str(at.size + 1), "$offset": str(at.offset)}))
    queries.append(page_q)
    found, at = web.paged(graph.select(page_q.text), at)
    claims = claims_page.rows_for(found, queries)
    label = next((v["value"] for v in about.get("rdfs:label", [])), local)
    data = {"iri": this, "label": label, "properties": about, "claims": claims,
            "events": _events(graph.select(queries[1].text), queries),
            "mentions": _mentions(graph.select(queries[2].text), bound, queries)}
    by_source = [(doc, list(rows)) for doc, rows in groupby(claims, key=lambda c: c["doc"])]
    return web.respond("entity.html", label, data, queries, graph.describe({this}), pager=at,
                       by_source=by_source,
                       is_event=local.startswith("event/"))


def _events(rows: list[graph.Row], queries: list[web.Query]) -> list[graph.Row]:
    if not rows:
        return []
    events = {r["event"] for r in rows}
    dates_q = web.Query("their dates", graph.query(
        "entity-event-dates", events=" ".join(ref(e) for e in sorted(events))))
    labels_q = web.Query("their labels", graph.labels_query(events))
    queries += [dates_q, labels_q]
    dates = graph.by_iri(graph.select(dates_q.text), "event")
    labels = {r["iri"]: r["label"] for r in graph.select(labels_q.text)}
    found = [{**r, **{k: dates[r["event"]].get(k, "") for k in ("start", "end", "begin")},
              "label": labels.get(r["event"], "")}
             for r in rows if "event" in dates.get(r["event"], {})]
    return sorted(found, key=lambda r: (r.get("begin") or "9999", r["label"]))


def _mentions(docs: list[graph.Row], bound: dict[str, str],
              queries: list[web.Query]) -> list[graph.Row]:
    if not docs:
        return []
    pairs = graph.doc_pairs([d["doc"] for d in docs[:100]])
    mentions_q = web.Query("how each mentions it", graph.bind(graph.text("entity-mentions"),
                                                                  {**bound, "$pairs": pairs}))
    queries.append(mentions_q)
    counts = {r["doc"]: r for r in graph.select(mentions_q.text)}
    return [counts[d["doc"]] for d in docs[:100] if d["doc"] in counts]



def _group(rows: list[graph.Row]) -> dict[str, list[dict[str, str]]]:
    """Property (short name) -> its values, each with a label where the graph has one."""
    grouped: dict[str, list[dict[str, str]]] = {}
    for r in rows:
        values = grouped.setdefault(graph.short(r["p"]), [])
        if all(v["value"] != r["o"] for v in values):
            values.append({"value": r["o"], "label": r["label"]})
    return grouped
