"""Pages for the graph's own resources: /id/entity/…, /id/event/…, /id/doc/….

Every IRI the build mints (https://w3id.org/rskg/id/…) has a page here: HTML for a
browser, with the Wikidata link, the resource's statements, where the documents mention
it and the claims about it; RDF (its outgoing triples) for a client asking for Turtle,
N-Triples, RDF/XML or JSON-LD.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import cast

import pyoxigraph as ox
from flask import Flask, Response, abort, redirect, render_template, request
from werkzeug.wrappers import Response as BaseResponse

from kg import vocab
from server.dataset import Dataset
from server.formats import GRAPHS
from server.results import graph

WIKIDATA = "http://www.wikidata.org/entity/"
# an IRI the graph replaced (an extracted entity since curated): its page redirects
_REPLACES = ox.NamedNode("http://purl.org/dc/terms/replaces")
LIMIT = 100
SAFE_PATH = re.compile(r"[A-Za-z0-9_.\-]+(?:/[A-Za-z0-9_.\-]+)*")
_PREFIXES = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in vocab.PREFIXES.items())
_MENTIONS = _PREFIXES + f"""SELECT ?headline ?doc ?start ?exact ?prefix ?suffix WHERE {{
  ?a oa:hasBody ?this ; a rskg:Mention ; oa:hasTarget ?t .
  ?t oa:hasSource ?doc ; oa:hasSelector ?p , ?q .
  ?p oa:start ?start . ?q oa:exact ?exact ; oa:prefix ?prefix ; oa:suffix ?suffix .
  ?doc schema:headline ?headline }} ORDER BY ?headline ?start LIMIT {LIMIT}"""
_CLAIMS = _PREFIXES + f"""SELECT ?claim ?text ?author ?headline WHERE {{
  ?claim schema:about ?this ; schema:text ?text ; schema:author/rdfs:label ?author ;
         schema:appearance/schema:headline ?headline }} ORDER BY ?headline ?claim LIMIT {LIMIT}"""


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


def _link(term: ox.NamedNode | ox.Literal | ox.BlankNode) -> str | None:
    """Where a value leads: our own pages, Wikidata's page for a QID, or the IRI."""
    if not isinstance(term, ox.NamedNode):
        return None
    if term.value.startswith(str(vocab.ID)):
        return "/id/" + term.value[len(str(vocab.ID)):]
    if term.value.startswith(WIKIDATA):
        return "https://www.wikidata.org/wiki/" + term.value[len(WIKIDATA):]
    return term.value


def _bound(query: str, node: ox.NamedNode) -> str:
    """The query with ?this bound to `node` (an IRI of ours, checked by SAFE_PATH)."""
    return query.replace("WHERE {", f"WHERE {{ VALUES ?this {{ {node} }}", 1)


def _statements(store: ox.Store, node: ox.NamedNode) -> list[Statement]:
    rows = store.query(_bound(
        "SELECT ?p ?o (SAMPLE(?l) AS ?label) WHERE { ?this ?p ?o "
        "OPTIONAL { ?o <http://www.w3.org/2000/01/rdf-schema#label> ?l } } "
        "GROUP BY ?p ?o ORDER BY ?p ?o", node), use_default_graph_as_union=True)
    assert isinstance(rows, ox.QuerySolutions)
    found = []
    for row in rows:
        obj = row["o"]
        if isinstance(obj, ox.Literal) and obj.value and len(obj.value) > 2000:
            value = obj.value[:2000] + "…"  # a document's whole text
        else:
            value = obj.value if isinstance(obj, ox.Literal) else _short(obj.value)
        label = row["label"].value if row["label"] is not None else None
        found.append(Statement(_short(row["p"].value), value, _link(obj), label))
    return found


def _rows(store: ox.Store, query: str, node: ox.NamedNode) -> list[dict[str, str]]:
    rows = store.query(_bound(query, node), use_default_graph_as_union=True)
    assert isinstance(rows, ox.QuerySolutions)
    names = [v.value for v in rows.variables]
    return [{n: (r[n].value if r[n] is not None else "") for n in names} for r in rows]


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
        store = dataset.live().store
        statements = _statements(store, node)
        if not statements:
            for new in store.quads_for_pattern(None, _REPLACES, node, None):
                query = request.query_string.decode("ascii", "replace")
                path = _link(cast(ox.NamedNode, new.subject)) or ""
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
            mentions=_rows(store, _MENTIONS, node), claims=_rows(store, _CLAIMS, node),
            limit=LIMIT)
