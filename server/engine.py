"""The engine's side of the executor processes: run one job against one build, return bytes.

These functions run in the executor processes (server/executor.py), never in the process
that speaks HTTP: a query the engine cannot stop (pyoxigraph has no cancellation) ends
with its process, and nothing else is lost. Each process opens a build once, read-only
(several processes share it), or read-write when the server takes updates (then there is
one executor). Results are serialized here too, so the HTTP process does no work per row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import IO, Any, cast

import pyoxigraph as ox

from kg.store import OXIGRAPH_DIR
from server import results
from server.errors import BadRequest, EndpointError, NotAcceptable
from server.formats import Format

_OPEN: dict[str, ox.Store] = {}  # build directory -> its store, in this process


@dataclass(frozen=True)
class Job:
    """One query, with everything its answer depends on (also what its ETag is made of)."""

    build: str  # the build directory `current` named when the request arrived
    text: str
    base_iri: str
    row_cap: int
    default_graphs: tuple[str, ...] = ()  # protocol dataset, else FROM, else the union
    named_graphs: tuple[str, ...] = ()
    union: bool = True
    results_format: Format | None = None  # negotiated for SELECT/ASK (None: 406)
    graph_format: Format | None = None  # negotiated for CONSTRUCT/DESCRIBE
    prefixes: dict[str, str] = field(default_factory=dict)  # for Turtle/TriG output
    writable: bool = False
    # an analyst page's RDF: the page (its URL) whose answer, when the row cap cuts it,
    # says so in its own graph too (results.cut_note); /sparql's answers are left as the
    # query made them
    cut_note_on: str = ""


@dataclass(frozen=True)
class Answer:
    body: bytes
    content_type: str
    rows: int | None = None
    truncated: bool = False


def store_for(build: str, writable: bool = False) -> ox.Store:
    """This process's handle on a build; a new build replaces the old handle."""
    store = _OPEN.get(build)
    if store is None:
        path = f"{build}/{OXIGRAPH_DIR}"
        store = ox.Store(path) if writable else ox.Store.read_only(path)
        _OPEN.clear()  # one build at a time is served
        _OPEN[build] = store
    return store


def select_rows(build: str, text: str) -> list[dict[str, Any]]:
    """An analyst page's SELECT (server/analyst/graph.py) over the union default graph, its
    rows as plain values: run here, like every query, so a page's query has the same time
    limit and cannot hold the server."""
    solutions = store_for(build).query(text, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions), "a page query is a SELECT"
    names = [v.value for v in solutions.variables]
    return [{n: _plain(s[n]) for n in names} for s in solutions]


def _plain(term: Any) -> Any:
    if term is None:
        return ""
    if isinstance(term, ox.Literal):
        if term.datatype.value.rsplit("#", 1)[-1] == "integer":
            return int(term.value)
        return term.value
    return term.value


def run_query(job: Job) -> Answer:
    store = store_for(job.build, job.writable)
    try:
        result = store.query(job.text, base_iri=job.base_iri, **_dataset(job))
        if isinstance(result, ox.QueryBoolean):
            fmt = _needed(job.results_format, "a boolean")
            return Answer(results.boolean(bool(result), fmt), fmt.content_type, 1)
        if isinstance(result, ox.QuerySolutions):
            fmt = _needed(job.results_format, "a table of solutions")
            return _solutions(store, job, result, fmt)
        fmt = _needed(job.graph_format, "a graph")
        taken = results.Taken.take(result, job.row_cap)
        if taken.truncated and job.cut_note_on:
            taken.items.append(results.cut_note(job.cut_note_on, job.row_cap))
        body = results.graph(taken.items, fmt, job.prefixes)
        return Answer(body, fmt.content_type, len(taken.items), taken.truncated)
    except SyntaxError as err:
        raise BadRequest(f"malformed query: {err}") from None
    except ValueError as err:
        raise BadRequest(f"query refused by the engine: {err}") from None
    except (OSError, RuntimeError) as err:
        raise EndpointError(f"query failed: {err}") from None


def _solutions(store: ox.Store, job: Job, result: ox.QuerySolutions, fmt: Format) -> Answer:
    """pyoxigraph's own serializer (no Python per row) while the output is small enough
    that it cannot hold more rows than the cap (every row takes a few bytes at least);
    past that, the query is run again and its rows counted, capped and flagged here."""
    sink = _Budget(job.row_cap * _MIN_ROW_BYTES[fmt.name])
    try:
        result.serialize(cast(IO[bytes], sink), format=_RESULTS_FORMATS[fmt.name])
        return Answer(b"".join(sink.parts), fmt.content_type)
    except _Over:
        pass
    rerun = store.query(job.text, base_iri=job.base_iri, **_dataset(job))
    assert isinstance(rerun, ox.QuerySolutions)
    result = rerun
    names = [v.value for v in result.variables]
    taken = results.Taken.take(result, job.row_cap)
    body = results.solutions(names, taken, fmt, job.row_cap)
    return Answer(body, fmt.content_type, len(taken.items), taken.truncated)


# the fewest bytes a row takes in each results format: `{}` in JSON, `<result/>` in
# XML, a line end in CSV and TSV; n rows take at least n times as many
_MIN_ROW_BYTES = {"json": 2, "xml": 9, "csv": 2, "tsv": 1}
_RESULTS_FORMATS = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
                    "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}


class _Over(Exception):
    """The serialized answer passed its budget."""


class _Budget:
    """A binary sink that refuses to grow past `limit` bytes."""

    def __init__(self, limit: int) -> None:
        self.limit, self.size = limit, 0
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.size > self.limit:
            raise _Over
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass


def run_update(build: str, text: str, base_iri: str) -> Answer:
    try:
        store_for(build, writable=True).update(text, base_iri=base_iri)
    except SyntaxError as err:
        raise BadRequest(f"malformed update: {err}") from None
    except (OSError, ValueError, RuntimeError) as err:
        raise EndpointError(f"update failed: {err}") from None
    return Answer(b"", "text/plain; charset=utf-8")


def dump(build: str, writable: bool, graph: str | None, union: bool, fmt: Format) -> Answer:
    """A Graph Store read: one named graph, the union default graph, or every quad."""
    store = store_for(build, writable)
    if graph is not None:
        quads = store.quads_for_pattern(None, None, None, ox.NamedNode(graph))
        items: Any = quads if fmt.name in ("nquads", "trig") else (q.triple for q in quads)
    elif union:
        items = dict.fromkeys(q.triple for q in store.quads_for_pattern(None, None, None, None))
    else:
        items = store.quads_for_pattern(None, None, None, None)
    return Answer(results.graph(items, fmt), fmt.content_type)


def _dataset(job: Job) -> dict[str, Any]:
    if job.default_graphs or job.named_graphs:
        return {"default_graph": [ox.NamedNode(g) for g in job.default_graphs],
                "named_graphs": [ox.NamedNode(g) for g in job.named_graphs]}
    return {"use_default_graph_as_union": True} if job.union else {}


def _needed(fmt: Format | None, kind: str) -> Format:
    if fmt is None:
        raise NotAcceptable(f"this query's result is {kind}, and no format for it matches "
                            "the request's Accept or format=")
    return fmt
