"""Entity and event pages, /entity/{id} and /event/{id}: who or what it is (types, roles,
affiliations, its Wikidata link or why there is none), what the sources say about it
(claims grouped by document), the events it took part in, and where it is mentioned.

They grow the generic resource page (/id/…, server/pages.py) for the two kinds of
resource an analyst asks about; every other IRI keeps that page.
"""

from __future__ import annotations

from itertools import groupby

from flask import Blueprint, Response, abort

from server.analyst import graph, web
from server.analyst.claims import reader_link
from server.analyst.graph import ID, ref

PROPERTIES = """SELECT ?p ?o ?label WHERE {
  { $this ?p ?o FILTER(?p IN (rdf:type, rdfs:label, skos:altLabel, schema:description,
      owl:sameAs, rskg:candidateWikidata, rskg:candidateEvidence, rskg:reviewStatus,
      prov:wasDerivedFrom, schema:jobTitle, schema:affiliation, rskg:operatedBy,
      schema:containedInPlace, sem:hasActor, schema:location, sem:eventType,
      schema:startDate, schema:endDate, sem:hasEarliestBeginTimeStamp,
      sem:hasLatestEndTimeStamp, rskg:dateSource, rskg:wikidataLinkSource, skos:note)) }
  UNION { $this geo:hasGeometry/geo:asWKT ?o BIND(geo:asWKT AS ?p) }
  OPTIONAL { ?o rdfs:label|skos:prefLabel ?label }
} ORDER BY ?p ?label ?o"""

CLAIMS = """SELECT ?claim ?text ?kind ?claimant ?claimantLabel ?doc ?headline ?publisherLabel
       ?date WHERE {
  ?claim schema:about $this ; a rskg:Claim ; schema:text ?text ; rskg:claimKind ?kind ;
         schema:author ?claimant ; schema:appearance ?doc .
  ?doc schema:headline ?headline ; rskg:publishedNotBefore ?notBefore .
  OPTIONAL { ?claim schema:dateCreated ?date } OPTIONAL { ?claimant rdfs:label ?claimantLabel }
  OPTIONAL { ?doc schema:publisher/rdfs:label ?publisherLabel }
} ORDER BY ?notBefore ?doc ?claim LIMIT $limit OFFSET $offset"""

EVENTS = """SELECT ?event (SAMPLE(?l) AS ?label) (SAMPLE(?s) AS ?start) (SAMPLE(?e) AS ?end)
       (SAMPLE(?how) AS ?as) WHERE {
  { ?event sem:hasActor $this BIND("actor" AS ?how) }
  UNION { ?event schema:location $this BIND("place" AS ?how) }
  ?event a rskg:Event . OPTIONAL { ?event rdfs:label ?l }
  OPTIONAL { ?event schema:startDate ?s } OPTIONAL { ?event schema:endDate ?e }
  OPTIONAL { ?event sem:hasEarliestBeginTimeStamp ?b }
} GROUP BY ?event ORDER BY (SAMPLE(?b)) ?event LIMIT 200"""

MENTIONS = """SELECT ?doc ?headline (SAMPLE(?d) AS ?date) (COUNT(?ann) AS ?mentions)
       (SAMPLE(?exact) AS ?example) WHERE {
  ?ann oa:hasBody $this ; a rskg:Mention ; oa:hasTarget ?target .
  ?target oa:hasSource ?doc ; oa:hasSelector ?quote . ?quote oa:exact ?exact .
  ?doc schema:headline ?headline OPTIONAL { ?doc schema:datePublished ?d }
} GROUP BY ?doc ?headline ORDER BY (SAMPLE(?d)) ?doc LIMIT 200"""


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
    bound = {"$this": ref(this), "$limit": str(at.size + 1), "$offset": str(at.offset)}
    queries = [web.Query(t, _bind(q, bound)) for t, q in (
        ("who or what it is", PROPERTIES), ("claims about it", CLAIMS),
        ("events it took part in", EVENTS), ("where it is mentioned", MENTIONS))]
    props = graph.select(queries[0].text)
    if not props:
        abort(404, f"nothing is known about <{this}> in this graph")
    about = _group(props)
    claims, at = web.paged(graph.select(queries[1].text), at)
    for c in claims:
        c["reader"] = reader_link(c["claim"])
    label = next((v["value"] for v in about.get("rdfs:label", [])), local)
    data = {"iri": this, "label": label, "properties": about, "claims": claims,
            "events": graph.select(queries[2].text), "mentions": graph.select(queries[3].text)}
    by_source = [(doc, list(rows)) for doc, rows in groupby(claims, key=lambda c: c["doc"])]
    return web.respond("entity.html", label, data, queries, pager=at, by_source=by_source,
                       is_event=local.startswith("event/"))


def _bind(query: str, bound: dict[str, str]) -> str:
    for name, value in bound.items():
        query = query.replace(name, value)
    return query


def _group(rows: list[graph.Row]) -> dict[str, list[dict[str, str]]]:
    """Property (short name) -> its values, each with a label where the graph has one."""
    grouped: dict[str, list[dict[str, str]]] = {}
    for r in rows:
        values = grouped.setdefault(graph.short(r["p"]), [])
        if all(v["value"] != r["o"] for v in values):
            values.append({"value": r["o"], "label": r["label"]})
    return grouped
