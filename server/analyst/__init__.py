"""The analyst's pages: documents with their annotations, claims, entities, a timeline,
a map, sources side by side and the review queue.

One Flask blueprint, one module per page family; each page runs its SPARQL on the live
store (pyoxigraph, the union default graph) with paging in the engine, renders a
template, and answers the same data as JSON (`?format=json` or `Accept:
application/json`) or as RDF (`?format=turtle`, `Accept: text/turtle` …: the statements of
the resources it shows), with a link that opens each producing query in the query editor.
The queries are files in queries/.
"""

from __future__ import annotations

from flask import Blueprint, Flask

from server.analyst import claims as claims_page
from server.analyst import compare, entity, geo, reader, review, timeline, web


def register(app: Flask) -> None:
    """Add the pages to the app; they query the app's dataset (app.extensions)."""
    bp = Blueprint("analyst", __name__, template_folder="../templates/analyst",
                   static_folder="../static/analyst", static_url_path="/static/analyst")
    web.install(bp)
    for module in (reader, claims_page, entity, timeline, geo, compare, review):
        module.routes(bp)
    app.register_blueprint(bp)
