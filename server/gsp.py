"""Graph Store Protocol, read side: download one graph, the default graph or everything.

`?graph=IRI` is one named graph (one source document's graph, say); `?default` is the
default graph, which here is the union of all named graphs, like the query endpoint's;
no parameter at all is the whole dataset, in a quad format (TriG or N-Quads). These are
downloads: the row cap does not apply, the time limit does (they run in an executor).
"""

from __future__ import annotations

import pyoxigraph as ox
from werkzeug.datastructures import MultiDict

from server import engine
from server.dataset import Live
from server.errors import BadRequest, NotFound
from server.formats import DATASETS, GRAPHS, negotiate
from server.sparql import Call, Outcome


def answer(args: MultiDict, live: Live, call: Call) -> Outcome:
    if "graph" in args and "default" in args:
        raise BadRequest("name either ?graph=IRI or ?default, not both")
    graph = None
    if "graph" in args:
        name = _graph_name(args.getlist("graph"))
        if not live.store.contains_named_graph(name):
            raise NotFound(f"no graph <{name.value}> in this store; GET the endpoint "
                           "without parameters for the list of graphs")
        graph = name.value
    choices = DATASETS if graph is None and "default" not in args else GRAPHS
    fmt = negotiate(choices, call.accept, call.requested_format)
    result = call.executor.run(engine.dump, str(live.build), call.settings.updates_enabled,
                               graph, "default" in args, fmt, started=call.started)
    return Outcome(result.body, result.content_type)


def _graph_name(values: list[str]) -> ox.NamedNode:
    if len(values) != 1:
        raise BadRequest("name exactly one graph")
    try:
        return ox.NamedNode(values[0])
    except ValueError as err:
        raise BadRequest(f"invalid graph IRI {values[0]!r}: {err}") from None
