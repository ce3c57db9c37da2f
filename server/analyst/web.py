"""What every analyst page shares: JSON by content negotiation, the link to the query
editor, paging links, and clear HTML pages for a bad parameter (400) or an unknown IRI
(404)."""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Response, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, NotFound

from server.analyst import graph
from server.analyst.graph import BadParameter

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
    args = request.args.to_dict(flat=False)
    for name, value in changes.items():
        if value is None:
            args.pop(name, None)
        else:
            args[name] = [value]
    query = urllib.parse.urlencode(args, doseq=True)
    return request.path + ("?" + query if query else "")


def wants_json() -> bool:
    if request.args.get("format") == "json":
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"],
                                               default="text/html")
    return best == "application/json"


def respond(template: str, title: str, data: dict[str, Any], queries: list[Query],
            **extra: Any) -> Response | str:
    """The page as HTML, or its data as JSON (with the queries that produced it)."""
    if wants_json():
        body = {**data, "queries": [{"title": q.title, "sparql": graph.PROLOGUE + q.text}
                                    for q in queries]}
        return jsonify(body)
    return render_template(template, title=title, queries=queries, json_url=json_url(),
                           **data, **extra)


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
