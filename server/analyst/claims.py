"""The claims explorer, /claims: every claim as a row, filtered by claimant, entity,
source, date range and kind, sorted, paged in the engine (LIMIT/OFFSET), each row opening
the claim in its document with its words highlighted.

A document's date is an interval (rskg:publishedNotBefore … NotAfter): a claim matches a
date range when its document's interval overlaps it, i.e. when it may fall inside.
"""

from __future__ import annotations

from flask import Blueprint, Response, request

from server.analyst import graph, web
from server.analyst.graph import ID, literal, ref

CLAIM_KINDS = ("direct-quote", "paraphrase", "document-voice")
SORTS = {"date": "?notBefore", "claimant": "LCASE(?claimantLabel)",
         "source": "LCASE(?publisherLabel)", "kind": "?kind"}

PATTERN = """?claim a rskg:Claim ; schema:appearance ?doc ; schema:author ?claimant ;
         rskg:claimKind ?kind .
  ?doc rskg:publishedNotBefore ?notBefore ; rskg:publishedNotAfter ?notAfter ."""

ROWS = """SELECT ?claim ?text ?kind ?claimant ?claimantLabel ?doc ?headline ?publisher
       ?publisherLabel ?date WHERE {{
  {values}{pattern}{filters}
  ?claim schema:text ?text . ?doc schema:headline ?headline .
  OPTIONAL {{ ?claim schema:dateCreated ?date }}
  OPTIONAL {{ ?claimant rdfs:label ?claimantLabel }}
  OPTIONAL {{ ?doc schema:publisher ?publisher
              OPTIONAL {{ ?publisher rdfs:label ?publisherLabel }} }}
}} ORDER BY {order} ?doc ?claim LIMIT {limit} OFFSET {offset}"""

COUNT = """SELECT (COUNT(?claim) AS ?claims) WHERE {{ {values}{pattern}{filters} }}"""

ABOUT = """SELECT ?claim ?about ?label WHERE {{ VALUES ?claim {{ {claims} }}
  ?claim schema:about ?about OPTIONAL {{ ?about rdfs:label ?label }} }} ORDER BY ?label"""

CLAIMANTS = """SELECT ?iri (SAMPLE(?l) AS ?label) (COUNT(?claim) AS ?claims) WHERE {
  ?claim a rskg:Claim ; schema:author ?iri . FILTER NOT EXISTS { ?iri a rskg:UnnamedAuthor }
  OPTIONAL { ?iri rdfs:label ?l } } GROUP BY ?iri ORDER BY DESC(?claims) ?label LIMIT 300"""

ENTITIES = """SELECT ?iri (SAMPLE(?l) AS ?label) (COUNT(?claim) AS ?claims) WHERE {
  ?claim a rskg:Claim ; schema:about ?iri . OPTIONAL { ?iri rdfs:label ?l } }
  GROUP BY ?iri ORDER BY DESC(?claims) ?label LIMIT 300"""

SOURCES = """SELECT ?iri (SAMPLE(?l) AS ?label) (COUNT(?doc) AS ?documents) WHERE {
  ?doc a rskg:SourceDocument ; schema:publisher ?iri . OPTIONAL { ?iri rdfs:label ?l } }
  GROUP BY ?iri ORDER BY ?label LIMIT 300"""


def routes(bp: Blueprint) -> None:
    @bp.get("/claims")
    def claims() -> Response | str:
        return _page()


def filters_from(args: dict[str, str | None]) -> tuple[str, str, dict[str, str | None]]:
    """(VALUES and patterns, FILTERs, the checked parameters) for the URL's filters."""
    chosen = {
        "claimant": graph.iri(args.get("claimant"), "claimant"),
        "about": graph.iri(args.get("about"), "about"),
        "source": graph.iri(args.get("source"), "source"),
        "doc": graph.iri(args.get("doc"), "doc"),
        "from": graph.day(args.get("from"), "from"),
        "to": graph.day(args.get("to"), "to", end=True),
        "kind": graph.choice(args.get("kind"), "kind", CLAIM_KINDS),
    }
    values, filters = "", ""
    if chosen["claimant"]:
        values += f"VALUES ?claimant {{ {ref(chosen['claimant'])} }}\n  "
    if chosen["doc"]:
        values += f"VALUES ?doc {{ {ref(chosen['doc'])} }}\n  "
    if chosen["about"]:
        values += f"?claim schema:about {ref(chosen['about'])} .\n  "
    if chosen["kind"]:
        values += f"VALUES ?kind {{ {literal(chosen['kind'])} }}\n  "
    if chosen["source"]:
        filters += f"\n  ?doc schema:publisher {ref(chosen['source'])} ."
    if chosen["from"]:
        filters += f'\n  FILTER(?notAfter >= "{chosen["from"]}"^^xsd:date)'
    if chosen["to"]:
        filters += f'\n  FILTER(?notBefore <= "{chosen["to"]}"^^xsd:date)'
    return values, filters, chosen


def _page() -> Response | str:
    args = {k: request.args.get(k) for k in ("claimant", "about", "source", "doc", "from",
                                             "to", "kind")}
    values, filters, chosen = filters_from(args)
    sort = graph.choice(request.args.get("sort"), "sort", tuple(SORTS)) or "date"
    order = graph.choice(request.args.get("order"), "order", ("asc", "desc")) or "asc"
    at = web.pager()
    key = SORTS[sort] if order == "asc" else f"DESC({SORTS[sort]})"
    rows_q = web.Query("claims", ROWS.format(values=values, pattern=PATTERN, filters=filters,
                                             order=key, limit=at.size + 1, offset=at.offset))
    count_q = web.Query("number of claims", COUNT.format(values=values, pattern=PATTERN,
                                                         filters=filters))
    rows, at = web.paged(graph.select(rows_q.text), at)
    total = graph.select(count_q.text)[0]["claims"]
    queries = [rows_q, count_q]
    if rows:
        about_q = web.Query("what they are about", ABOUT.format(
            claims=" ".join(ref(r["claim"]) for r in rows)))
        about: dict[str, list[dict[str, str]]] = {}
        for r in graph.select(about_q.text):
            about.setdefault(r["claim"], []).append({"iri": r["about"], "label": r["label"]})
        queries.append(about_q)
        for r in rows:
            r["about"] = about.get(r["claim"], [])
            r["reader"] = reader_link(r["claim"])
    facets = {name: graph.select(q) for name, q in (
        ("claimants", CLAIMANTS), ("entities", ENTITIES), ("sources", SOURCES))}
    queries += [web.Query(f"the {name} to choose from", q) for name, q in (
        ("claimants", CLAIMANTS), ("entities", ENTITIES), ("sources", SOURCES))]
    data = {"claims": rows, "total": total, "page": at.page, "filters": chosen,
            "sort": sort, "order": order}
    return web.respond("claims.html", "Claims", data, queries, pager=at, facets=facets,
                       kinds=CLAIM_KINDS, sorts=tuple(SORTS), sort_url=_sort_url)


def reader_link(claim: str) -> str:
    """The claim in its document's reader, highlighted and scrolled to."""
    doc, _, local = claim[len(ID) + 4:].partition("/")
    anchor = "a-" + local.replace("/", "-") + "-anchor"
    return f"/doc/{doc}?focus={local}#{anchor}"


def _sort_url(column: str, current: str, order: str) -> str:
    flip = "desc" if column == current and order == "asc" else "asc"
    return web.with_args(sort=column, order=flip, page=None)
