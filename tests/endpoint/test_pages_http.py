"""The analyst pages over HTTP on the real seed server: every page answers, the same data
comes as JSON, the query each page links to gives what the page shows, a bad parameter
is a 400 page and an unknown IRI a 404 page."""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Callable

import pyoxigraph as ox
import pytest
from server_http import get, post_query
from serverkit import Server

ID = "https://w3id.org/rskg/id/"
DOC = "004_61b24789334a8fcb"
PAGES = [f"/doc/{DOC}", "/claims", "/entity/khmeimim-air-base",
         "/event/russian-intervention-in-syria", "/timeline", "/map",
         f"/compare?about={ID}entity/vladimir-putin", "/review"]


def sparql_rows(server: Server, query: str) -> list[dict]:
    reply = post_query(server.sparql, query, accept="application/sparql-results+json")
    assert reply.status == 200, reply.text
    return json.loads(reply.text)["results"]["bindings"]


@pytest.mark.parametrize("path", PAGES)
def test_page_answers_html_and_json_with_its_queries(seed_server: Server, path: str) -> None:
    page = get(seed_server.base + path, accept="text/html")
    assert page.status == 200 and page.content_type == "text/html", page.text[:300]
    assert "Open in the query editor" in page.text
    data = get(seed_server.base + path, accept="application/json")
    assert data.status == 200 and data.content_type == "application/json"
    body = json.loads(data.text)
    assert body["queries"], "the JSON names the queries that produced it"
    for q in body["queries"]:  # every query the page ran is valid SPARQL on the endpoint
        sparql_rows(seed_server, q["sparql"])
    assert json.loads(get(seed_server.base + path + ("&" if "?" in path else "?")
                          + "format=json").text) == body


@pytest.mark.parametrize("path", PAGES)
def test_page_answers_rdf_of_what_it_shows(seed_server: Server, path: str) -> None:
    """RDF by Accept or by the page's own link (format=turtle): the statements of the
    resources the page shows (the reader: its document's graph)."""
    page = get(seed_server.base + path, accept="text/html").text
    assert 'format=turtle" type="text/turtle">RDF (Turtle)' in page
    reply = get(seed_server.base + path, accept="text/turtle")
    assert reply.status == 200 and reply.content_type == "text/turtle", reply.text[:300]
    triples = list(ox.parse(reply.text.encode(), format=ox.RdfFormat.TURTLE))
    linked = get(seed_server.base + path + ("&" if "?" in path else "?") + "format=turtle")
    assert set(ox.parse(linked.text.encode(), format=ox.RdfFormat.TURTLE)) == set(triples)
    subjects = {t.subject.value for t in triples}
    shown = [v for k, v in json.loads(get(seed_server.base + path, accept="application/json")
                                      .text).items() if k in ("iri", "about", "document")]
    assert triples and set(shown) <= subjects, (path, shown)
    jsonld = get(seed_server.base + path, accept="application/ld+json")
    assert jsonld.content_type == "application/ld+json" and json.loads(jsonld.text)


@pytest.mark.parametrize("fmt", [ox.RdfFormat.TURTLE, ox.RdfFormat.JSON_LD,
                                 ox.RdfFormat.N_TRIPLES])
def test_rdf_cut_by_the_row_cap_says_so(seed_server: Server, capped_seed_server: Server,
                                        fmt: ox.RdfFormat) -> None:
    """A page's RDF past the row cap is cut there and says so: X-Truncated and X-Row-Cap
    (as /sparql's answers) and, in its own graph, a comment on the page; the same page
    under the cap has neither."""
    from conftest import ROW_CAP
    comment = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment")
    cut = get(f"{capped_seed_server.base}/timeline?page=1", accept=fmt.media_type)
    assert cut.status == 200 and cut.content_type == fmt.media_type, cut.text[:300]
    assert cut.headers["x-truncated"] == "true" and cut.headers["x-row-cap"] == str(ROW_CAP)
    triples = list(ox.parse(cut.body, format=fmt))
    notes = [t for t in triples if t.predicate == comment
             and t.subject == ox.NamedNode(f"{capped_seed_server.base}/timeline?page=1")]
    assert len(triples) == ROW_CAP + 1 and len(notes) == 1
    assert f"row cap cut this answer at {ROW_CAP} statements" in notes[0].object.value
    whole = get(f"{seed_server.base}/timeline?page=1", accept=fmt.media_type)
    assert "x-truncated" not in whole.headers
    full = list(ox.parse(whole.body, format=fmt))
    assert len(full) > ROW_CAP and set(triples) - set(full) == {notes[0]}
    assert not [t for t in full if t.predicate == comment
                and t.subject.value.startswith(seed_server.base)]


@pytest.mark.parametrize("accept", ["text/html", "application/json", "text/turtle"])
def test_pages_link_their_neighbours(seed_server: Server, accept: str) -> None:
    """Every form of a paged page links the next and the previous page (Link, RFC 8288),
    in the same form: the seed graph's 143 claims are three pages of 50."""
    links = {page: get(f"{seed_server.base}/claims?kind=document-voice&page={page}",
                       accept=accept).headers.get("link") for page in (1, 2)}
    assert links[1] == '</claims?kind=document-voice&page=2>; rel="next"'
    assert links[2] == '</claims?kind=document-voice&page=1>; rel="prev"'
    last = get(f"{seed_server.base}/claims?page=3&format=json")
    assert last.headers["link"] == '</claims?page=2&format=json>; rel="prev"'


def test_unknown_format_is_a_400(seed_server: Server) -> None:
    reply = get(f"{seed_server.base}/claims?format=csv", accept="text/html")
    assert reply.status == 400 and "format: expected json, html or an RDF format" in reply.text


def test_entity_page_lists_the_newest_claims_about_it(seed_server: Server) -> None:
    """The entity page reads its claims by document graph (entity-claims.rq): the same
    claims as the plain query, newest document first, and no quantity."""
    russia = ID + "entity/russia"
    body = json.loads(get(f"{seed_server.base}/entity/russia", accept="application/json").text)
    expected = sparql_rows(seed_server, f"""PREFIX schema: <https://schema.org/>
        PREFIX rskg: <https://w3id.org/rskg/ontology#>
        SELECT ?c ?d WHERE {{ ?c a rskg:Claim ; schema:about <{russia}> ;
        schema:appearance/rskg:publishedNotBefore ?d }}""")
    dates = {b["c"]["value"]: b["d"]["value"] for b in expected}
    shown = [c["claim"] for c in body["claims"]]
    assert len(shown) == min(len(dates), 50) and set(shown) <= set(dates)
    newest = sorted(dates.values(), reverse=True)[:len(shown)]
    assert sorted((dates[c] for c in shown), reverse=True) == newest


def test_claims_json_matches_the_equivalent_sparql(seed_server: Server) -> None:
    putin = ID + "entity/vladimir-putin"
    body = json.loads(get(f"{seed_server.base}/claims", {"about": putin, "format": "json"}).text)
    expected = sparql_rows(seed_server, f"""PREFIX schema: <https://schema.org/>
        SELECT DISTINCT ?c WHERE {{ ?c a <https://w3id.org/rskg/ontology#Claim> ;
        schema:about <{putin}> }}""")
    assert body["total"] == len(expected) > 0
    shown = {c["claim"] for c in body["claims"]}
    assert shown <= {b["c"]["value"] for b in expected}
    assert len(shown) == min(len(expected), 50)


SORT_PATHS = {"claimant": "<https://schema.org/author>",
              "source": "<https://schema.org/appearance>/<https://schema.org/publisher>",
              "kind": "<https://w3id.org/rskg/ontology#claimKind>"}


@pytest.mark.parametrize("sort,order,about", [
    ("claimant", "asc", ""), ("claimant", "desc", ""), ("source", "desc", ""),
    ("kind", "asc", ""), ("claimant", "asc", "russia"), ("kind", "desc", "russia")])
def test_sorted_claims_fill_every_page(seed_server: Server, sort: str, order: str,
                                       about: str) -> None:
    """Pages read off the counts per key: every page but the last is full, and the pages
    together hold every claim (a count that took a document's author for a claim left a
    page a row short per document, and empty pages on 1,000 documents)."""
    filters = {"about": f"{ID}entity/{about}"} if about else {}
    pattern = f"; <https://schema.org/about> <{ID}entity/{about}>" if about else ""
    every = {b["c"]["value"] for b in sparql_rows(seed_server, f"""SELECT ?c WHERE {{
        ?c a <https://w3id.org/rskg/ontology#Claim> {pattern} }}""")}
    sizes, seen, page = [], set(), 1
    while True:
        body = json.loads(get(f"{seed_server.base}/claims", {
            "sort": sort, "order": order, "page": str(page), "format": "json", **filters}).text)
        if not body["claims"]:
            break
        sizes.append(len(body["claims"]))
        seen |= {c["claim"] for c in body["claims"]}
        page += 1
    assert body["total"] == len(every) and seen == every
    assert all(n == 50 for n in sizes[:-1]) and 0 < sizes[-1] <= 50, sizes
    counts = next(q["sparql"] for q in body["queries"] if q["title"] == f"claims per {sort}")
    rows = sum(int(b["claims"]["value"]) for b in sparql_rows(seed_server, counts))
    pairs = sparql_rows(seed_server, f"""SELECT (COUNT(*) AS ?n) WHERE {{
        ?c a <https://w3id.org/rskg/ontology#Claim> {pattern} ; {SORT_PATHS[sort]} ?key }}""")
    assert rows == int(pairs[0]["n"]["value"]), "the counts count claims, and nothing else"



def test_a_claim_with_two_claimants_is_listed_under_each(
        seed_server: Server, start: Callable[..., Server]) -> None:
    """The seed graph with one claim given a second claimant: sorted by claimant, the
    claim is a row under each, and the number of claims still counts it once (the count
    the page runs when some claim has two claimants)."""
    from kg.store import open_read_only, require_current_build

    store = open_read_only(require_current_build(seed_server.store))
    quads = list(store.quads_for_pattern(None, None, None, None))
    author = ox.NamedNode("https://schema.org/author")
    claim = next(q for q in quads if q.predicate == author and "/claim/" in q.subject.value)
    second = ox.NamedNode(ID + "entity/vladimir-putin")
    assert not any(q.subject == claim.subject and q.object == second for q in quads)
    server = start([*quads, ox.Quad(claim.subject, author, second, claim.graph_name)])
    rows, page = [], 1
    while True:
        body = json.loads(get(f"{server.base}/claims", {
            "sort": "claimant", "page": str(page), "format": "json"}).text)
        if not body["claims"]:
            break
        rows += [(c["claim"], c["claimant"]) for c in body["claims"]]
        page += 1
    claims = {c for c, _ in rows}
    assert body["total"] == len(claims) == len(rows) - 1
    assert {k for c, k in rows if c == claim.subject.value} == {claim.object.value,
                                                                 second.value}


def test_editor_link_carries_the_query(seed_server: Server) -> None:
    page = get(f"{seed_server.base}/map").text
    start = page.index('href="/?query=') + len('href="')
    link = page[start:page.index('"', start)].replace("&amp;", "&")
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(link).query)["query"][0]
    assert "geo:asWKT" in query and query.startswith("PREFIX ")
    assert len(sparql_rows(seed_server, query)) >= 2


@pytest.mark.parametrize("path", [
    "/claims?from=2015-13-01", "/claims?from=yesterday", "/claims?claimant=http://example.org/x",
    "/claims?kind=rumour", "/claims?page=0", "/claims?sort=colour", "/timeline?type=nonsense",
    "/compare", "/compare?about=%3Cx%3E", f"/doc/{DOC}?kind=gossip", "/review?page=x",
    "/claims?from=2020&to=2010", "/timeline?from=2016-03&to=2016-02", "/map?format=csv"])
def test_bad_parameter_is_a_400_page(seed_server: Server, path: str) -> None:
    reply = get(seed_server.base + path, accept="text/html")
    assert reply.status == 400 and reply.content_type == "text/html", reply.text[:200]
    assert "400 Bad parameter" in reply.text


@pytest.mark.parametrize("path", [
    "/doc/no_such_document", "/entity/no-such-entity", "/event/no-such-event",
    f"/compare?about={ID}entity/nobody", f"/claims?claimant={ID}entity/nobody",
    f"/claims?source={ID}entity/nobody", f"/timeline?actor={ID}entity/nobody",
    f"/doc/{DOC}?entity={ID}entity/nobody"])
def test_unknown_iri_is_a_404_page(seed_server: Server, path: str) -> None:
    reply = get(seed_server.base + path, accept="text/html")
    assert reply.status == 404 and reply.content_type == "text/html"
    assert "404 Not found" in reply.text
    assert get(seed_server.base + path, accept="application/json").status == 404


def test_reader_metadata_is_honest(seed_server: Server) -> None:
    page = get(f"{seed_server.base}/doc/{DOC}").text
    assert "not named" in page  # the seed names no author
    assert '<time datetime="2015">2015</time>' in page  # the year, no invented day
    assert "2015-11-24 and 2015-12-31" in page


def test_entity_page_says_why_not_linked(seed_server: Server) -> None:
    tartus = get(f"{seed_server.base}/entity/russian-naval-facility-tartus").text
    assert "Awaiting review" in tartus and "Q574818" in tartus
    putin = get(f"{seed_server.base}/entity/vladimir-putin").text
    assert 'href="https://www.wikidata.org/wiki/Q7747"' in putin and "verified" in putin
    khmeimim = get(f"{seed_server.base}/entity/khmeimim-air-base").text
    assert "Not linked to Wikidata" in khmeimim and "Operated by" in khmeimim


def test_a_page_query_past_the_time_limit_is_a_503_and_the_server_goes_on(
        seed_server: Server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The pages' queries run in the executor processes with /sparql's time limit: a limit
    no query can meet makes every page a 503 with a message, at once, never a hang."""
    import time

    from serverkit import start_server, stop_server

    strict = start_server(seed_server.store, tmp_path / "strict.log", KG_QUERY_TIMEOUT="0.0001")
    try:
        started = time.monotonic()
        for path in ("/claims", "/id/entity/khmeimim-air-base"):  # the generic page too
            page = get(strict.base + path, accept="text/html")
            assert page.status == 503 and "time limit" in page.text, (path, page.text[:300])
        assert time.monotonic() - started < 10
        assert get(strict.base + "/health").status == 200  # the server goes on
    finally:
        stop_server(strict)
