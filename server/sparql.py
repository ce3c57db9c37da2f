"""Running one protocol operation against the live build and shaping the answer.

The dataset rule: protocol parameters (`default-graph-uri`, `named-graph-uri`) win;
else `FROM` / `FROM NAMED` in the query, which the engine resolves against the graphs
in the store only (an IRI naming no stored graph is an empty graph; nothing is fetched);
else the default graph is the union of all named graphs. pyoxigraph ignores `FROM` when
asked for the union, so the union is asked for only when the query has no `FROM`.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
from werkzeug.datastructures import MIMEAccept

from server import results
from server.dataset import Live
from server.errors import BadRequest, EndpointError, Forbidden
from server.formats import GRAPHS, RESULTS, Format, negotiate
from server.guard import Analysis, inspect
from server.protocol import Operation
from server.settings import Settings
from server.updates import with_using
from server.watchdog import Watchdog


@dataclass
class Call:
    """What a handler needs besides the operation: the request's context and limits."""

    settings: Settings
    accept: MIMEAccept
    requested_format: str | None
    base_iri: str
    sock: Any = None  # the client socket, for the watchdog's 503
    timeout_response: bytes = b""
    on_timeout: Any = None
    authorization: str | None = None


@dataclass
class Outcome:
    body: bytes
    content_type: str
    rows: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    cacheable: bool = False  # a query's answer that depends on its request and the data only


def answer_query(op: Operation, live: Live, call: Call) -> Outcome:
    analysis = inspect(op.text, call.settings.service_allow)
    early = _early_format(analysis, call)  # 406 before any work where we can tell
    dataset = _dataset(op, analysis)
    with watchdog_for(call) as dog:
        outcome = _evaluate(live.store, op.text, dataset, early, analysis, call)
        dog.disarm()
    outcome.cacheable = analysis.cacheable
    return outcome


def answer_update(op: Operation, live: Live, call: Call) -> Outcome:
    _authorize(call)
    analysis = inspect(op.text, call.settings.service_allow, update=True)
    text = op.text
    if op.protocol_dataset:
        if analysis.has_using:
            raise BadRequest("the update names its dataset with USING or WITH and the "
                             "request with using-graph-uri: use one or the other")
        text = with_using(text, op.default_graphs, op.named_graphs)
    with watchdog_for(call) as dog:
        try:
            live.store.update(text, base_iri=call.base_iri)
        except SyntaxError as err:
            raise BadRequest(f"malformed update: {err}") from None
        except (OSError, ValueError, RuntimeError) as err:
            raise EndpointError(f"update failed: {err}") from None
        dog.disarm()
    return Outcome(b"", "text/plain; charset=utf-8")


def _authorize(call: Call) -> None:
    token = call.settings.update_token
    if not token:
        raise Forbidden("updates are disabled: this server is read-only (start it with "
                        "--update-token to accept updates from holders of the token)")
    scheme, _, presented = (call.authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(presented.strip(), token):
        raise Forbidden("updates need the server's update token: send "
                        "'Authorization: Bearer <token>'")


def watchdog_for(call: Call) -> Watchdog:
    return Watchdog(call.settings.query_timeout, call.sock, call.timeout_response,
                    call.on_timeout or (lambda: None))


def _early_format(analysis: Analysis, call: Call) -> Format | None:
    if analysis.form in ("SELECT", "ASK"):
        return negotiate(RESULTS, call.accept, call.requested_format)
    if analysis.form in ("CONSTRUCT", "DESCRIBE"):
        return negotiate(GRAPHS, call.accept, call.requested_format)
    return None


def _dataset(op: Operation, analysis: Analysis) -> dict[str, Any]:
    if op.protocol_dataset:
        try:
            return {"default_graph": [ox.NamedNode(g) for g in op.default_graphs],
                    "named_graphs": [ox.NamedNode(g) for g in op.named_graphs]}
        except ValueError as err:
            raise BadRequest(f"invalid graph IRI in the request: {err}") from None
    if analysis.has_from:
        return {}  # the engine reads FROM / FROM NAMED against the stored graphs only
    return {"use_default_graph_as_union": True}


def _evaluate(store: ox.Store, text: str, dataset: dict[str, Any], fmt: Format | None,
              analysis: Analysis, call: Call) -> Outcome:
    cap = call.settings.row_cap
    try:
        result = store.query(text, base_iri=call.base_iri, **dataset)
        if isinstance(result, ox.QueryBoolean):
            fmt = _fits(fmt, RESULTS, call)
            return Outcome(results.boolean(bool(result), fmt), fmt.content_type, 1)
        if isinstance(result, ox.QuerySolutions):
            fmt = _fits(fmt, RESULTS, call)
            names = [v.value for v in result.variables]
            taken = results.Taken.take(result, cap)
            body = results.solutions(names, taken, fmt, cap)
        else:
            fmt = _fits(fmt, GRAPHS, call)
            taken = results.Taken.take(result, cap)
            body = results.graph(taken.items, fmt, analysis.prefixes)
    except SyntaxError as err:
        raise BadRequest(f"malformed query: {err}") from None
    except (OSError, ValueError, RuntimeError) as err:
        raise EndpointError(f"query failed: {err}") from None
    headers = {"X-Row-Cap": str(cap)}
    if taken.truncated:
        headers["X-Truncated"] = "true"
    return Outcome(body, fmt.content_type, len(taken.items), headers)


def _fits(fmt: Format | None, choices: tuple[Format, ...], call: Call) -> Format:
    """The early choice if it suits the result's kind; otherwise negotiate now."""
    if fmt is not None and fmt in choices:
        return fmt
    return negotiate(choices, call.accept, call.requested_format)
