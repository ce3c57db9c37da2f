"""Pages for the graph's own resources: /id/entity/…, /id/event/…, /id/doc/….

Every IRI the build mints (https://w3id.org/rskg/id/…) has a page here: HTML for a
browser, with the Wikidata link, the resource's statements, where the documents mention
it and the claims about it; RDF (its outgoing triples) for a client asking for Turtle,
N-Triples, RDF/XML or JSON-LD. The HTML's queries (server/analyst/queries/resource-*.rq)
run in the executors like every page's, within the server's time limit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import cast

import pyoxigraph as ox
from flask import Flask, Response, abort, redirect, render_template, request
from werkzeug.wrappers import Response as BaseResponse

from kg import vocab
from server.analyst import graph as analyst_graph
from server.dataset import Dataset
from server.formats import GRAPHS
from server.results import graph

WIKIDATA = "http://www.wikidata.org/entity/"
# an IRI the graph replaced (an extracted entity since curated): its page redirects
_REPLACES = ox.NamedNode("http://purl.org/dc/terms/replaces")
LIMIT = 100
SAFE_PATH = re.compile(r"[A-Za-z0-9_.\-]+(?:/[A-Za-z0-9_.\-]+)*")
@dataclass(frozen=True)
class Statement:
    predicate: str
    value: str
    link: str | None
    label: str | None


def _short(iri: str) -> str:
    for prefix, ns in vocab.PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def _link(value: str, is_iri: bool) -> str | None:
    """Where a value leads: our own pages, Wikidata's page for a QID, or the IRI."""
    if not is_iri:
        return None
    if value.startswith(str(vocab.ID)):
        return "/id/" + value[len(str(vocab.ID)):]
    if value.startswith(WIKIDATA):
        return "https://www.wikidata.org/wiki/" + value[len(WIKIDATA):]
    return value


def _statements(this: str) -> list[Statement]:
    found = []
    for row in analyst_graph.select(analyst_graph.query("resource-statements", this=this)):
        is_iri = str(row["isIri"]).lower() == "true"
        obj = str(row["o"])
        long_text = not is_iri and len(obj) > 2000  # a document's whole text
        value = _short(obj) if is_iri else obj[:2000] + "…" if long_text else obj
        found.append(Statement(_short(str(row["p"])), value, _link(obj, is_iri),
                               str(row["label"]) or None))
    return found


def _rows(name: str, this: str, key: tuple[str, ...]) -> list[dict[str, str]]:
    """The first LIMIT rows the engine finds, sorted here (see the query's comment)."""
    rows = analyst_graph.select(analyst_graph.query(name, this=this, limit=str(LIMIT)))
    plain = [{k: str(v) for k, v in r.items()} for r in rows]
    return sorted(plain, key=lambda r: tuple(
        int(r[k]) if r[k].isdigit() else r[k] for k in key))


def _wants_rdf() -> bool:
    offered = ["text/html", *(f.media_type for f in GRAPHS)]
    best = request.accept_mimetypes.best_match(offered, default="text/html")
    return best != "text/html"


def register(app: Flask, dataset: Dataset) -> None:
    @app.get("/id/<path:rest>")
    def resource(rest: str) -> BaseResponse | str:
        if not SAFE_PATH.fullmatch(rest):
            abort(404, "not an IRI this graph mints")
        node = ox.NamedNode(str(vocab.ID) + rest)
        this = f"<{node.value}>"
        store = dataset.live().store
        statements = _statements(this)
        if not statements:
            for new in store.quads_for_pattern(None, _REPLACES, node, None):
                query = request.query_string.decode("ascii", "replace")
                path = _link(cast(ox.NamedNode, new.subject).value, True) or ""
                return redirect(path + ("?" + query if query else ""), 301)
            abort(404, f"nothing is known about <{node.value}> in this graph")
        if _wants_rdf():
            fmt = next(f for f in GRAPHS
                       if request.accept_mimetypes.best_match([f.media_type]) == f.media_type)
            triples = [ox.Triple(node, q.predicate, q.object) for q in store.quads_for_pattern(
                node, None, None, None)]
            return Response(graph(triples, fmt, vocab.PREFIXES), content_type=fmt.content_type)
        labels = [s.value for s in statements if s.predicate == "rdfs:label"]
        wikidata = [s for s in statements if s.predicate == "owl:sameAs"]
        candidates = [s for s in statements if s.predicate == "rskg:candidateWikidata"]
        return render_template(
            "resource.html", iri=node.value, label=labels[0] if labels else _short(node.value),
            wikidata=wikidata, candidates=candidates, statements=statements,
            mentions=_rows("resource-mentions", this, ("headline", "start")),
            claims=_rows("resource-claims", this, ("headline", "claim")), limit=LIMIT)
