"""Resource pages: every minted IRI has a page with its Wikidata link (or says it has
none), its statements, its mentions in context, and RDF for clients that ask for it."""

from __future__ import annotations

from rdflib import Graph, URIRef
from server_http import get
from serverkit import Server


def test_linked_entity_page_shows_wikidata_and_mentions(seed_server: Server) -> None:
    page = get(f"{seed_server.base}/id/entity/vladimir-putin", accept="text/html")
    assert page.status == 200 and page.content_type == "text/html"
    assert 'href="https://www.wikidata.org/wiki/Q7747"' in page.text
    assert "<mark>Putin</mark>" in page.text
    assert "Claims about it" in page.text


def test_unlinked_base_page_says_so_and_shows_its_point(seed_server: Server) -> None:
    page = get(f"{seed_server.base}/id/entity/khmeimim-air-base", accept="text/html")
    assert page.status == 200
    assert "No Wikidata link" in page.text
    assert 'href="/id/entity/khmeimim-air-base/geometry"' in page.text
    tartus = get(f"{seed_server.base}/id/entity/russian-naval-facility-tartus").text
    assert "candidate" in tartus and "Q574818" in tartus and "not linked" in tartus


def test_event_page_and_rdf_by_accept(seed_server: Server) -> None:
    reply = get(f"{seed_server.base}/id/event/syrian-civil-war", accept="text/turtle")
    assert reply.status == 200 and reply.content_type == "text/turtle"
    g = Graph().parse(data=reply.text, format="turtle")
    node = URIRef("https://w3id.org/rskg/id/event/syrian-civil-war")
    assert (node, URIRef("http://www.w3.org/2002/07/owl#sameAs"),
            URIRef("http://www.wikidata.org/entity/Q178810")) in g


def test_unknown_resource_is_404(seed_server: Server) -> None:
    assert get(f"{seed_server.base}/id/entity/no-such-thing").status == 404
