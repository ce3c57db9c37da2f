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

The store is opened lazily, in each worker process after gunicorn forks (RocksDB
handles do not survive a fork), and reopened when a new build becomes current.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from flask import Flask, Request, Response, current_app, g, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from server import accesslog, analyst, describe, downloads, gsp, pages, protocol, results
from server.cache import NOTE, CachingApp, Note, ResponseCache
from server.dataset import Dataset, Live
from server.direct import Direct
from server.errors import TEXT, EndpointError, crash_text, error_text
from server.examples import load_examples
from server.formats import GRAPHS, negotiate, parse_accept
from server.settings import Settings
from server.sparql import Call, Outcome, answer_query, answer_update
from server.watchdog import raw_response

ALLOWED_METHODS = "GET, POST, HEAD, OPTIONS"
EXPOSED_HEADERS = "X-Row-Cap, X-Truncated"
_LOG = logging.getLogger("rskg.server")


def create_app(settings: Settings) -> Flask:
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = settings.body_cap
    app.extensions["rskg.settings"] = settings
    dataset = Dataset(settings.store, writable=settings.updates_enabled)
    app.extensions["rskg.dataset"] = dataset
    accesslog.setup()
    app.extensions["rskg.timeout_response"] = _timeout_response(settings)
    cache = ResponseCache(settings.store, settings.cache_bytes)
    app.extensions["rskg.cache"] = cache
    if settings.fast_path:  # the event-loop worker answers plain queries with it
        app.extensions["rskg.direct"] = Direct(settings, dataset, cache,
                                               _cors_headers(settings),
                                               app.extensions["rskg.timeout_response"])
    if cache.enabled:
        app.wsgi_app = CachingApp(app.wsgi_app, cache, settings.body_cap,  # type: ignore[method-assign]
                                  settings.access_log)

    @app.route("/sparql", methods=["GET", "POST"], strict_slashes=False)
    def sparql() -> Response:
        return _endpoint(settings, dataset, cache)

    @app.get("/store", strict_slashes=False)
    def store() -> Response:
        call = _call(settings)
        return _respond(gsp.answer(request.args, dataset.live(), call))

    @app.get("/health")
    def health() -> Response:
        return _health(settings, dataset)

    downloads.register(app, dataset)
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


# `request` and `g` are context-local proxies, each use a lookup: the request path takes
# the objects behind them once per function instead (the same objects, fewer lookups)

def _endpoint(settings: Settings, dataset: Dataset, cache: ResponseCache) -> Response:
    req = request._get_current_object()  # type: ignore[attr-defined]
    state = g._get_current_object()
    op = protocol.read(req, settings)
    live = dataset.live()
    if op is not None:
        state.qhash = accesslog.query_hash(op.text)
    call = _call(settings, req, state)
    if op is None:
        if "graph" in req.args or "default" in req.args:
            return _respond(gsp.answer(req.args, live, call), state)
        return _respond(_service_description(live, call, settings), state)
    if op.kind == "update":
        try:
            return _respond(answer_update(op, live, call), state)
        finally:
            cache.clear()  # the store may have changed in place: no answer is current
    outcome = answer_query(op, live, call)
    if outcome.cacheable and req.method != "HEAD":
        req.environ[NOTE] = Note(live.link, outcome.rows, state.qhash)
    return _respond(outcome, state)


def _call(settings: Settings, req: Request | None = None, state: Any = None) -> Call:
    if req is None:
        req = request._get_current_object()  # type: ignore[attr-defined]
    if state is None:
        state = g._get_current_object()
    environ = req.environ
    return Call(
        settings=settings,
        accept=parse_accept(environ.get("HTTP_ACCEPT")),  # = req.accept_mimetypes
        requested_format=protocol.requested_format(req),
        base_iri=_base_iri(req),
        sock=environ.get("gunicorn.socket"),
        timeout_response=current_app.extensions["rskg.timeout_response"],
        on_timeout=accesslog.timeout_logger(req.method, req.path, state.started,
                                            state.get("qhash")),
        authorization=req.headers.get("Authorization"),
    )


def _base_iri(req: Request) -> str:
    """The endpoint's own URL, the queries' base IRI (werkzeug's base_url costs 0.1 ms)."""
    return f"{req.environ['wsgi.url_scheme']}://{req.host}{req.script_root}{req.path}"


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


def _respond(outcome: Outcome, state: Any = None) -> Response:
    (g if state is None else state).rows = outcome.rows
    response = Response(outcome.body, content_type=outcome.content_type)
    response.headers.update(outcome.headers)
    return response


def _timeout_response(settings: Settings) -> bytes:
    message = (f"query stopped: it ran past this server's {settings.query_timeout:g} s time "
               "limit. Narrow it (a LIMIT, a more selective pattern) and try again.\n")
    return raw_response("503 Service Unavailable", message, _cors_headers(settings))


def _cors_headers(settings: Settings) -> dict[str, str]:
    if not settings.cors_origin:
        return {}
    return {
        "Access-Control-Allow-Origin": settings.cors_origin,
        "Access-Control-Allow-Methods": ALLOWED_METHODS,
        "Access-Control-Allow-Headers": "Content-Type, Accept, Authorization",
        "Access-Control-Expose-Headers": EXPOSED_HEADERS,
        "Access-Control-Max-Age": "86400",
    }


def _install_hooks(app: Flask, settings: Settings) -> None:
    cors = _cors_headers(settings)

    @app.before_request
    def start() -> None:
        g.started = time.perf_counter()

    @app.after_request
    def finish(response: Response) -> Response:
        if cors:
            response.headers.update(cors)
        if settings.access_log:
            req, state = request._get_current_object(), g._get_current_object()  # type: ignore[attr-defined]
            accesslog.log(accesslog.line(
                req.method, req.path, response.status_code, state.started,
                state.get("rows"), state.get("qhash"), response.calculate_content_length()))
        return response

    @app.errorhandler(EndpointError)
    def endpoint_error(err: EndpointError) -> Response:
        response = Response(error_text(err), err.status, content_type=TEXT)
        response.headers.update(err.headers)
        return response

    @app.errorhandler(HTTPException)
    def http_error(err: HTTPException) -> Response:
        response = err.get_response()
        text = f"{err.code} {err.name}: {err.description}\n"
        response.set_data(text)
        response.mimetype = "text/plain"
        return response

    @app.errorhandler(Exception)
    def crash(err: Exception) -> Response:
        _LOG.exception("unexpected error")
        return Response(crash_text(err), 500, content_type=TEXT)
