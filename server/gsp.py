"""Graph Store Protocol, read side: download one graph, the default graph or everything.

`?graph=IRI` is one named graph (one source document's graph, say); `?default` is the
default graph, which here is the union of all named graphs, like the query endpoint's;
no parameter at all is the whole dataset, in a quad format (TriG or N-Quads). These are
downloads: the row cap does not apply, the time limit does.
"""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox
from werkzeug.datastructures import MultiDict

from server import results
from server.dataset import Live
from server.errors import BadRequest, NotFound
from server.formats import DATASETS, GRAPHS, Format, negotiate
from server.sparql import Call, Outcome, watchdog_for


def answer(args: MultiDict, live: Live, call: Call) -> Outcome:
    if "graph" in args and "default" in args:
        raise BadRequest("name either ?graph=IRI or ?default, not both")
    if "graph" in args:
        name = _graph_name(args.getlist("graph"))
        if not live.store.contains_named_graph(name):
            raise NotFound(f"no graph <{name.value}> in this store; GET the endpoint "
                           "without parameters for the list of graphs")
        fmt = negotiate(GRAPHS, call.accept, call.requested_format)
        items: Iterator = _graph(live.store, name, fmt)
    elif "default" in args:
        fmt = negotiate(GRAPHS, call.accept, call.requested_format)
        items = _union(live.store)
    else:
        fmt = negotiate(DATASETS, call.accept, call.requested_format)
        items = iter(live.store.quads_for_pattern(None, None, None, None))
    with watchdog_for(call) as dog:
        body = results.graph(items, fmt)
        dog.disarm()
    return Outcome(body, fmt.content_type)


def _graph_name(values: list[str]) -> ox.NamedNode:
    if len(values) != 1:
        raise BadRequest("name exactly one graph")
    try:
        return ox.NamedNode(values[0])
    except ValueError as err:
        raise BadRequest(f"invalid graph IRI {values[0]!r}: {err}") from None


def _graph(store: ox.Store, name: ox.NamedNode, fmt: Format) -> Iterator:
    quads = store.quads_for_pattern(None, None, None, name)
    if fmt in DATASETS:
        return iter(quads)  # keep the graph name in TriG / N-Quads
    return (q.triple for q in quads)


def _union(store: ox.Store) -> Iterator[ox.Triple]:
    seen: set[ox.Triple] = set()
    for quad in store.quads_for_pattern(None, None, None, None):
        triple = quad.triple
        if triple not in seen:
            seen.add(triple)
            yield triple
