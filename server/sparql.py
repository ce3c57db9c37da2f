"""Running one protocol operation against the live build and shaping the answer.

The dataset rule: protocol parameters (`default-graph-uri`, `named-graph-uri`) win;
else `FROM` / `FROM NAMED` in the query, which the engine resolves against the graphs
in the store only (an IRI naming no stored graph is an empty graph; nothing is fetched);
else the default graph is the union of all named graphs. pyoxigraph ignores `FROM` when
asked for the union, so the union is asked for only when the query has no `FROM`.

What runs the engine is an executor process (server/executor.py, server/engine.py);
this module decides what to ask it, and answers from the HTTP cache when it may.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass, field

import pyoxigraph as ox
from werkzeug.datastructures import MIMEAccept

from server import engine
from server.cache import CACHE_CONTROL, AnswerCache, etag, matches
from server.dataset import Live
from server.engine import Answer, Job
from server.errors import BadRequest, Forbidden, NotAcceptable
from server.executor import Executor
from server.formats import GRAPHS, RESULTS, Format, negotiate
from server.guard import inspect
from server.protocol import Operation
from server.settings import Settings
from server.updates import with_using


@dataclass
class Call:
    """What a handler needs besides the operation: the request's context and limits."""

    settings: Settings
    executor: Executor
    accept: MIMEAccept
    requested_format: str | None
    base_iri: str
    started: float  # time.monotonic() at arrival: the time limit counts from here
    authorization: str | None = None
    if_none_match: str | None = None
    fresh: bool = False  # the client asked for a newly computed answer (no-cache)
    cache: AnswerCache | None = None


@dataclass
class Outcome:
    body: bytes
    content_type: str
    rows: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    status: int = 200


def answer_query(op: Operation, live: Live, call: Call) -> Outcome:
    analysis = inspect(op.text, call.settings.service_allow)
    job = Job(build=str(live.build), text=op.text, base_iri=_checked_iri(call.base_iri),
              row_cap=call.settings.row_cap,
              default_graphs=_checked(op.default_graphs), named_graphs=_checked(op.named_graphs),
              union=not analysis.has_from, results_format=_offer(RESULTS, call),
              graph_format=_offer(GRAPHS, call), prefixes=analysis.prefixes,
              writable=call.settings.updates_enabled)
    if analysis.form in ("SELECT", "ASK") and job.results_format is None:
        negotiate(RESULTS, call.accept, call.requested_format)  # raises the 406
    if analysis.form in ("CONSTRUCT", "DESCRIBE") and job.graph_format is None:
        negotiate(GRAPHS, call.accept, call.requested_format)
    headers = {"X-Row-Cap": str(call.settings.row_cap)}
    cacheable = analysis.cacheable and not call.settings.updates_enabled
    tag = etag(live.link, job) if cacheable else None
    if tag is not None:
        headers.update({"ETag": tag, "Cache-Control": CACHE_CONTROL, "Vary": "Accept"})
        if matches(call.if_none_match, tag):
            return Outcome(b"", "", headers=headers, status=304)
        cached = call.cache.get(tag) if call.cache and not call.fresh else None
        if cached is not None:
            return _outcome(cached, {**headers, "X-Cache": "hit"})
    answer = call.executor.run(engine.run_query, job, started=call.started)
    if tag is not None and call.cache is not None:
        call.cache.put(tag, answer)
        headers["X-Cache"] = "miss"
    return _outcome(answer, headers)


def answer_update(op: Operation, live: Live, call: Call) -> Outcome:
    _authorize(call)
    analysis = inspect(op.text, call.settings.service_allow, update=True)
    text = op.text
    if op.protocol_dataset:
        if analysis.has_using:
            raise BadRequest("the update names its dataset with USING or WITH and the "
                             "request with using-graph-uri: use one or the other")
        text = with_using(text, op.default_graphs, op.named_graphs)
    answer = call.executor.run(engine.run_update, str(live.build), text,
                               _checked_iri(call.base_iri), started=call.started)
    return _outcome(answer, {})


def _outcome(answer: Answer, headers: dict[str, str]) -> Outcome:
    if answer.truncated:
        headers = {**headers, "X-Truncated": "true"}
    return Outcome(answer.body, answer.content_type, answer.rows, headers)


def _offer(choices: tuple[Format, ...], call: Call) -> Format | None:
    """The format this kind of result would be answered in, None if none is acceptable."""
    try:
        return negotiate(choices, call.accept, call.requested_format)
    except NotAcceptable:
        return None


def _checked(graphs: tuple[str, ...]) -> tuple[str, ...]:
    for graph in graphs:
        try:
            ox.NamedNode(graph)
        except ValueError as err:
            raise BadRequest(f"invalid graph IRI {graph!r} in the request: {err}") from None
    return graphs


def _checked_iri(base_iri: str) -> str:
    try:
        ox.NamedNode(base_iri)
    except ValueError:
        raise BadRequest(f"the Host header gives no valid base IRI ({base_iri!r})") from None
    return base_iri


def _authorize(call: Call) -> None:
    token = call.settings.update_token
    if not token:
        raise Forbidden("updates are disabled: this server is read-only (start it with "
                        "--update-token to accept updates from holders of the token)")
    scheme, _, presented = (call.authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(presented.strip(), token):
        raise Forbidden("updates need the server's update token: send "
                        "'Authorization: Bearer <token>'")
