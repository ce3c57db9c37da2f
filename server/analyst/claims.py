"""The claims explorer, /claims: every claim as a row, filtered by claimant, entity,
source, date range and kind, sorted by date, claimant, source or kind, paged in the
engine (LIMIT/OFFSET), each row opening the claim in its document with its words
highlighted.

A document's date is an interval (rskg:publishedNotBefore … NotAfter): a claim matches a
date range when its document's interval overlaps it, i.e. when it may fall inside.

The query shape is chosen for the engine (measured on 71,500 claims, bench/README.md):
each condition is its own one-pattern subquery, so Oxigraph joins whole scans by hash
(0.1-0.5 s) instead of looking every claim up in turn (20-30 s); by date, rows are ordered
by a value the store keeps inline; by the other keys, in two steps (claim_order.py), since
ordering every claim by a label decodes a string per comparison (23 s); and the page's own
rows get their words, labels and headlines in one lookup of those 50 IRIs.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask import Blueprint, Response, request

from server.analyst import claim_order, graph, reader, web
from server.analyst.graph import ID, literal, ref

CLAIM_KINDS = ("direct-quote", "paraphrase", "document-voice")
SORTS = ("date", "claimant", "source", "kind")
DATES = ("from", "to")
DOC_FILTERS = ("source", "doc")  # the filters on a claim's document


def routes(bp: Blueprint) -> None:
    @bp.get("/claims")
    def claims() -> Response | str:
        return _page()


def core(chosen: dict[str, str | None], dated: bool = True, keyed: bool = False) -> str:
    """The claims that pass the filters (?claim, with its document ?doc), and the date
    of each one's document (?notBefore) when `dated` or filtered by date. A count or a
    grouping reads no date unless filtered by one (every document has its bounds: the
    shapes say so), which halves its time (0.2 s to 0.1 s on 13,000 claims of 72,000).
    The claims' own pattern stays, since `schema:about` also finds quantities and
    `schema:author` documents, unless the caller joins a sort key only claims have
    (`keyed`, claim-keys.toml) and no filter reads the claims' documents (0.4 s to 0.2 s
    for the claims about Putin by claimant)."""
    spec = graph.table("claims-filters")
    terms = {name: _term(name, value) for name, value in chosen.items() if value}
    on_dates = dated or any(name in DATES for name in terms)
    parts = []
    if on_dates or not keyed or any(name in DOC_FILTERS for name in terms):
        parts.append(spec["claims"])
    if on_dates:
        parts.append(graph.bind(spec["dates"], {
            f"${name}": graph.bind(spec[name], {"$value": terms[name]}) if name in terms else ""
            for name in DATES}))
    parts += [graph.bind(f["pattern"], {"$value": terms[name]})
              for name, f in spec["filters"].items() if name in terms]
    return "".join(f"  {p}\n" for p in parts)


def _term(name: str, value: str) -> str:
    """A checked parameter as a SPARQL term."""
    if name in DATES:
        return f'"{value}"^^xsd:date'
    return literal(value) if name == "kind" else ref(value)


def checked(args: Mapping[str, str]) -> dict[str, str | None]:
    """The filters from the URL: IRIs the graph holds (else 404), a date range, a kind."""
    chosen = {name: graph.known(args.get(name), name)
              for name in ("claimant", "about", "source", "doc")}
    chosen["from"], chosen["to"] = graph.date_range(args)
    chosen["kind"] = graph.choice(args.get("kind"), "kind", CLAIM_KINDS)
    return chosen


def _page() -> Response | str:
    chosen = checked(request.args)
    sort = graph.choice(request.args.get("sort"), "sort", SORTS) or "date"
    order = graph.choice(request.args.get("order"), "order", ("asc", "desc")) or "asc"
    at = web.pager()
    where = core(chosen)
    if sort == "date":
        key = "?notBefore" if order == "asc" else "DESC(?notBefore)"
        page_q = web.Query("claims on this page", graph.query(
            "claims-page", core=where, order=key, limit=str(at.size + 1),
            offset=str(at.offset)))
        found, total, queries = graph.select(page_q.text), None, [page_q]
    else:
        by = claim_order.keys()[sort]
        counted = core(chosen, dated=False, keyed=by.level == "claim")
        found, total, queries = claim_order.page(by, where, counted, any(chosen.values()),
                                                 order == "desc", at)
    found, at = web.paged(found, at)
    if total is None:
        count_q = web.Query("number of claims", graph.query("claims-count",
                                                            core=core(chosen, dated=False)))
        total = graph.select(count_q.text)[0]["claims"]
        queries.insert(1, count_q)
    rows = rows_for(found, queries, by_claimant=sort == "claimant")
    facets, facet_queries = facet_lists(("claimants", "facet-claimants"),
                                        ("entities", "facet-entities"),
                                        ("sources", "facet-sources"))
    queries += facet_queries
    data = {"claims": rows, "total": total, "page": at.page, "filters": chosen,
            "sort": sort, "order": order}
    return web.respond("claims.html", "Claims", data, queries,
                       graph.describe({r["claim"] for r in rows}), pager=at, facets=facets,
                       kinds=CLAIM_KINDS, sort_url=_sort_url)


def rows_for(found: list[graph.Row], queries: list[web.Query],
             by_claimant: bool = False) -> list[graph.Row]:
    """The page's claims with their words, document and labels, in the page's order;
    `by_claimant`: each row's claimant is the one it was sorted under (?key), since a claim
    two people made is listed under each."""
    if not found:
        return []
    rows_q = web.Query("their words, documents and subjects", graph.query(
        "claims-rows", claims=" ".join(ref(r["claim"]) for r in found)))
    by_claim = {r["claim"]: r for r in graph.select(rows_q.text)}
    rows = [dict(by_claim[r["claim"]], key=r.get("key", "")) for r in found
            if r["claim"] in by_claim]
    if by_claimant:
        for r in rows:
            r["claimant"] = r["key"]
    for r in rows:
        r["about"] = sorted(set(r.pop("abouts").split()))
        r["reader"] = reader_link(r["claim"])
    labels_q = web.Query("their labels", graph.labels_query(
        {i for r in rows for i in (r["claimant"], r["publisher"], *r["about"])}))
    queries += [rows_q, labels_q]
    label = {r["iri"]: r["label"] for r in graph.select(labels_q.text)}
    for r in rows:
        r["claimantLabel"] = label.get(r["claimant"], "")
        r["publisherLabel"] = label.get(r["publisher"], "")
        r["about"] = [{"iri": i, "label": label.get(i, "")} for i in r["about"]]
    return rows


def facet_lists(*named: tuple[str, str]) -> tuple[dict[str, list[graph.Row]], list[web.Query]]:
    """The options of the filter menus, (title, query file) each, labelled and sorted by
    label. They depend only on the build, so they are kept per build (graph.per_build)."""
    texts = {title: graph.query(name) for title, name in named}

    def compute() -> dict[str, list[graph.Row]]:
        facets = {title: graph.select(text) for title, text in texts.items()}
        every = [r for rs in facets.values() for r in rs]
        graph.add_labels(every, graph.select(graph.labelled(every, "iri")), "iri")
        for rs in facets.values():
            rs.sort(key=lambda r: r["iriLabel"].lower() or r["iri"])
        return facets
    facets = graph.per_build("facets " + " ".join(texts), compute)
    queries = [web.Query(f"the {title} to choose from", text) for title, text in texts.items()]
    return facets, queries


def reader_link(claim: str) -> str:
    """The claim in its document's reader, highlighted and scrolled to."""
    return reader.link(claim + "/anchor", focus=claim[len(ID) + 4:].partition("/")[2])


def _sort_url(column: str, current: str, order: str) -> str:
    flip = "desc" if column == current and order == "asc" else "asc"
    return web.with_args(sort=column, order=flip, page=None)
