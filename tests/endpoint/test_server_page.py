"""The query page at /: vendored YASGUI, prefixes preloaded, the example gallery, and
every example query accepted by the endpoint it posts to."""

from __future__ import annotations

import pytest
from markupsafe import escape
from server_http import get, post_form
from serverkit import EXAMPLES, Server

from server.examples import load_examples


def test_page_loads_vendored_yasgui(server: Server) -> None:
    page = get(server.base + "/")
    assert page.status == 200 and page.content_type == "text/html"
    assert "/static/yasgui/yasgui.min.js" in page.text
    assert '"POST"' in page.text and "PREFIX" in page.text
    assert "https://w3id.org/rskg/ontology#" in page.text
    for asset in ("yasgui.min.js", "yasgui.min.css"):
        reply = get(server.base + f"/static/yasgui/{asset}")
        assert reply.status == 200 and len(reply.body) > 10_000
    assert "cdn" not in page.text.lower()


def test_gallery_lists_every_example(server: Server) -> None:
    page = get(server.base + "/").text
    examples = load_examples(EXAMPLES)
    for example in examples:
        assert str(escape(example.title)) in page


@pytest.mark.parametrize("example", load_examples(EXAMPLES), ids=lambda e: e.name)
def test_every_example_runs(server: Server, example) -> None:
    reply = post_form(server.sparql, {"query": example.query},
                      accept="application/sparql-results+json")
    if "SERVICE" in example.query:  # federated: run for real in tests/test_wikidata*.py
        assert reply.status == 400 and "SERVICE" in reply.text, reply.text
        return
    assert reply.status == 200, reply.text
