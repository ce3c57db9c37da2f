"""What every analyst page shares: JSON by content negotiation, the link to the query
editor, paging links, and clear HTML pages for a bad parameter (400) or an unknown IRI
(404); an IRI the graph replaced (graph.Moved) is a permanent redirect to the new one."""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass
from typing import Any

from flask import (
    Blueprint,
    Response,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
)
from werkzeug.datastructures import MIMEAccept
from werkzeug.exceptions import HTTPException, NotFound
from werkzeug.wrappers import Response as BaseResponse

from server.analyst import graph
from server.analyst.graph import BadParameter, Moved
from server.errors import NotAcceptable
from server.formats import GRAPHS, Format, negotiate

PAGE_SIZE = 50


@dataclass(frozen=True)
class Query:
    """A query a page ran: shown as a link that opens it in the query editor."""

    title: str
    text: str

    @property
    def editor(self) -> str:
        params = {"query": graph.PROLOGUE + self.text.strip() + "\n", "tabTitle": self.title}
        return "/?" + urllib.parse.urlencode(params)


@dataclass(frozen=True)
class Pager:
    page: int
    size: int
    has_next: bool

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size

    def url(self, page: int) -> str:
        return with_args(page=str(page))


def pager(size: int = PAGE_SIZE) -> Pager:
    return Pager(graph.page_number(request.args.get("page")), size, False)


def paged(rows: list[graph.Row], at: Pager) -> tuple[list[graph.Row], Pager]:
    """Rows of a query run with LIMIT size+1: the page, and whether another follows."""
    return rows[:at.size], Pager(at.page, at.size, len(rows) > at.size)


def with_args(**changes: str | None) -> str:
    """This page's URL with some parameters changed (None removes one)."""
    return at_path(request.path, **changes)


def at_path(path: str, **changes: str | None) -> str:
    """A URL of `path` with this request's parameters, some changed (None removes one)."""
    args = request.args.to_dict(flat=False)
    for name, value in changes.items():
        if value is None:
            args.pop(name, None)
        else:
            args[name] = [value]
    query = urllib.parse.urlencode(args, doseq=True)
    return path + ("?" + query if query else "")


def wants_json() -> bool:
    if request.args.get("format") in ("json", "html"):
        return request.args.get("format") == "json"
    best = request.accept_mimetypes.best_match(["text/html", "application/json"],
                                               default="text/html")
    return best == "application/json"


def rdf_format() -> Format | None:
    """The RDF format asked for: `format=turtle` (jsonld, ntriples, rdfxml …), or an Accept
    that prefers an RDF type to HTML and JSON; None for HTML or JSON."""
    requested = request.args.get("format")
    if requested in ("json", "html"):
        return None
    if requested is not None:
        try:  # an Accept that matches nothing: an unknown name is refused, not guessed
            return negotiate(GRAPHS, MIMEAccept([("x-none/x-none", 1)]), requested)
        except NotAcceptable:
            raise BadParameter(f"format: expected json, html or an RDF format (turtle, "
                               f"jsonld, ntriples, rdfxml), got {requested[:40]!r}") from None
    offered = ["text/html", "application/json", *(f.media_type for f in GRAPHS)]
    best = request.accept_mimetypes.best_match(offered, default="text/html")
    return next((f for f in GRAPHS if f.media_type == best), None)


def respond(template: str, title: str, data: dict[str, Any], queries: list[Query],
            rdf: str, **extra: Any) -> Response:
    """The page as HTML, its data as JSON (with the queries that produced it), or as RDF:
    the statements of the resources it shows (`rdf`: the CONSTRUCT or DESCRIBE giving
    them, graph.describe). Every form links its neighbour pages (`Link`, RFC 8288); an
    RDF answer cut by the row cap says so (X-Truncated, X-Row-Cap, and in its graph)."""
    fmt = rdf_format()
    if fmt is not None:
        answer = graph.rdf(rdf, fmt, request.host_url.rstrip("/") + with_args(format=None))
        response = Response(answer.body, content_type=answer.content_type)
        if answer.truncated:
            response.headers.update({"X-Truncated": "true", "X-Row-Cap": str(
                current_app.extensions["rskg.settings"].row_cap)})
    elif wants_json():
        response = jsonify({**data, "queries": [
            {"title": q.title, "sparql": graph.PROLOGUE + q.text} for q in queries]})
    else:
        response = Response(render_template(
            template, title=title, queries=queries, json_url=json_url(),
            rdf_url=with_args(format="turtle"), **data, **extra))
    at: Pager | None = extra.get("pager")
    if at is not None:
        links = [f'<{at.url(at.page + 1)}>; rel="next"'] if at.has_next else []
        links += [f'<{at.url(at.page - 1)}>; rel="prev"'] if at.page > 1 else []
        if links:
            response.headers["Link"] = ", ".join(links)
    return response


def json_url() -> str:
    return with_args(format="json")


def install(bp: Blueprint) -> None:
    """Template helpers, and the 400 and 404 pages of the analyst pages."""
    @bp.app_template_global()
    def page_path(value: str) -> str:
        return graph.page_path(value)

    @bp.app_template_global()
    def short(value: str) -> str:
        return graph.short(value)

    @bp.errorhandler(Moved)
    def moved(err: Moved) -> BaseResponse:
        """A bookmark of an IRI the graph replaced: 301 to the same page at the new one."""
        return redirect(at_path(err.path or request.path, **err.changes), 301)

    @bp.errorhandler(BadParameter)
    def bad_parameter(err: BadParameter) -> tuple[Response | str, int]:
        return _error(400, "Bad parameter", str(err))

    @bp.errorhandler(NotFound)
    def not_found(err: HTTPException) -> tuple[Response | str, int]:
        return _error(404, "Not found", err.description or "")


def _error(status: int, title: str, message: str) -> tuple[Response | str, int]:
    if wants_json():
        return jsonify({"status": status, "error": message}), status
    return render_template("error.html", title=title, status=status, message=message,
                           queries=[], json_url=None), status
