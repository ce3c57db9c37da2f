"""create_app(settings): the single place the Flask application is assembled.

Routes:
    /sparql   the SPARQL 1.1 Protocol endpoint (query; update only with a token);
              without a query, the Service Description
    /store    Graph Store Protocol, read side (?graph=IRI, ?default, or everything)
    /health   JSON: is the store open, how many triples, which build
    /dataset.{ttl,trig,nq,jsonld}   the whole dataset, as `kg export` writes it
    /id/…     a page for each resource the build mints (HTML, or RDF by Accept)
    /doc/…, /claims, /entity/…, /event/…, /timeline, /map, /compare, /review
              the analyst pages (server/analyst/)
    /         the query page

Queries, updates and Graph Store reads run in executor processes (server/executor.py);
the store is opened here too, read-only, for what the application reads itself. Both
follow the `current` symlink, so a new build is served without a restart.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import asdict
from pathlib import Path
from typing import cast

from flask import Flask, Request, Response, g, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from server import accesslog, analyst, describe, downloads, gsp, pages, protocol, results
from server.cache import AnswerCache, fresh_wanted
from server.dataset import Dataset, Live
from server.errors import TEXT, EndpointError, crash_text, error_text
from server.examples import load_examples
from server.executor import Executor
from server.formats import GRAPHS, negotiate, parse_accept
from server.settings import Settings
from server.sparql import Call, Outcome, answer_query, answer_update

ALLOWED_METHODS = "GET, POST, HEAD, OPTIONS"
EXPOSED_HEADERS = "ETag, Link, X-Row-Cap, X-Truncated"
_LOG = logging.getLogger("rskg.server")


def create_app(settings: Settings) -> Flask:
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = settings.body_cap
    app.extensions["rskg.settings"] = settings
    dataset = Dataset(settings.store)
    app.extensions["rskg.dataset"] = dataset
    executor = Executor(1 if settings.updates_enabled else settings.workers,
                        settings.query_timeout)
    app.extensions["rskg.executor"] = executor
    cache = AnswerCache(settings.cache_bytes) if settings.cache_bytes else None
    accesslog.setup()

    def call() -> Call:
        return _call(request, settings, executor, cache)

    @app.route("/sparql", methods=["GET", "POST"], strict_slashes=False)
    def sparql() -> Response:
        op = protocol.read(request, settings)
        live = dataset.live()
        if op is None:
            if "graph" in request.args or "default" in request.args:
                return _respond(gsp.answer(request.args, live, call()))
            return _respond(_service_description(live, call(), settings))
        g.qhash = accesslog.query_hash(op.text)
        if op.kind == "update":
            return _respond(answer_update(op, live, call()))
        return _respond(answer_query(op, live, call()))

    @app.get("/store", strict_slashes=False)
    def store() -> Response:
        return _respond(gsp.answer(request.args, dataset.live(), call()))

    @app.get("/health")
    def health() -> Response:
        return _health(settings, dataset)

    downloads.register(app, dataset, settings.context_file)
    pages.register(app, dataset)
    analyst.register(app)

    examples = load_examples(settings.examples_dir)
    prefixes = json.loads((Path(app.static_folder or "") / "prefixes.json").read_text())

    @app.get("/")
    def index() -> str:
        return render_template("index.html", endpoint="/sparql", examples=examples,
                               examples_json=[asdict(e) for e in examples], prefixes=prefixes)

    _install_hooks(app, settings)
    return app


def _call(req: Request, settings: Settings, executor: Executor,
          cache: AnswerCache | None) -> Call:
    headers = req.headers
    return Call(
        settings=settings, executor=executor,
        accept=parse_accept(headers.get("Accept")),
        requested_format=protocol.requested_format(req),
        base_iri=base_iri(req.environ),
        started=g.started,
        authorization=headers.get("Authorization"),
        if_none_match=headers.get("If-None-Match"),
        fresh=fresh_wanted(headers.get("Cache-Control"), headers.get("Pragma")),
        cache=cache,
    )


def base_iri(environ: dict) -> str:
    """The endpoint's own URL, the queries' base IRI: from `Host`, or, when `Host` is
    empty or missing, the address the server listens on (so both give the same answer)."""
    host = environ.get("HTTP_HOST") or f"{environ['SERVER_NAME']}:{environ['SERVER_PORT']}"
    path = environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")
    return f"{environ['wsgi.url_scheme']}://{host}{path}"


def _service_description(live: Live, call: Call, settings: Settings) -> Outcome:
    try:
        fmt = negotiate(GRAPHS, call.accept, call.requested_format)
    except EndpointError:
        fmt = GRAPHS[0]  # a browser asking for HTML still gets readable Turtle
    triples = describe.service_description(live, call.base_iri, settings)
    return Outcome(results.graph(triples, fmt, describe.PREFIXES), fmt.content_type)


def _health(settings: Settings, dataset: Dataset) -> Response:
    try:
        live = dataset.live()
    except EndpointError as err:
        body = {"status": "unavailable", "store_open": False, "store": str(settings.store),
                "message": err.message}
        return Response(json.dumps(body), 503, mimetype="application/json")
    body = {"status": "ok", "store_open": True, "store": str(settings.store),
            "build": live.build_id, "version": live.version, "triples": live.triples(),
            "updates": settings.updates_enabled}
    return jsonify(body)


def _respond(outcome: Outcome) -> Response:
    g.rows = outcome.rows
    response = Response(outcome.body, outcome.status, content_type=outcome.content_type or None)
    response.headers.update(outcome.headers)
    return response


def _cors_headers(settings: Settings) -> dict[str, str]:
    if not settings.cors_origin:
        return {}
    return {
        "Access-Control-Allow-Origin": settings.cors_origin,
        "Access-Control-Allow-Methods": ALLOWED_METHODS,
        "Access-Control-Allow-Headers": "Content-Type, Accept, Authorization, If-None-Match",
        "Access-Control-Expose-Headers": EXPOSED_HEADERS,
        "Access-Control-Max-Age": "86400",
    }


def _install_hooks(app: Flask, settings: Settings) -> None:
    cors = _cors_headers(settings)

    @app.before_request
    def start() -> None:
        g.started = time.monotonic()

    @app.after_request
    def finish(response: Response) -> Response:
        if cors:
            response.headers.update(cors)
        if settings.access_log:
            accesslog.log(accesslog.line(
                request.method, request.path, response.status_code, g.started,
                g.get("rows"), g.get("qhash"), response.calculate_content_length(),
                "cache hit" if response.headers.get("X-Cache") == "hit" else None))
        return response

    @app.errorhandler(EndpointError)
    def endpoint_error(err: EndpointError) -> Response:
        response = Response(error_text(err), err.status, content_type=TEXT)
        response.headers.update(err.headers)
        return response

    @app.errorhandler(HTTPException)
    def http_error(err: HTTPException) -> Response:
        response = cast(Response, err.get_response())
        text = f"{err.code} {err.name}: {err.description}\n"
        response.set_data(text)
        response.mimetype = "text/plain"
        return response

    @app.errorhandler(Exception)
    def crash(err: Exception) -> Response:
        _LOG.exception("unexpected error")
        return Response(crash_text(err), 500, content_type=TEXT)
