"""SHACL validation of the dataset, graph by graph, into a plain report object.

Why graph by graph: pySHACL given an rdflib Dataset validates the union of its graphs, so
a violation could not be traced to the graph (the document) it comes from, and a
document graph that is wrong on its own could pass because another graph fills the gap.
Each named graph is therefore validated alone, except the per-document graphs
(`https://w3id.org/rskg/graph/doc/…`), which are validated together with the reference
graph: their annotations point at reference entities (mention bodies, the publisher), and
class-based checks on those need the entities' types. What such a merged run finds about
the reference graph itself was already reported for the reference graph, so those
duplicates (same focus, path, message and shape) are dropped.

Why no inference: the build materializes every type the shapes look for (the contract's
type materialization), so validation sees exactly what a SPARQL user sees.

Why SPARQL runs on Oxigraph: pySHACL evaluates the core constraints through the rdflib
Graph API, which is fast on rdflib's in-memory store, but hands every SPARQL query (one
per focus node for a SPARQL constraint, one scan of the graph for a SPARQL target) to
`Graph.query`. rdflib parses the text anew each time (~20 ms) and evaluates a filter over
a whole graph at ~60 µs a triple, so a document graph with 2,000 text anchors took
minutes. The graph handed to pySHACL is therefore an in-memory rdflib graph whose `query`
runs on an Oxigraph copy of the same triples (well under a millisecond per query). The
same SPARQL, standard semantics; only the engine differs. For a document that graph is a
view of the document's own graph, with the reference part lent to it while pySHACL runs
(copying it cost a tenth of the validation); a dataset's graphs are copied.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import pyoxigraph as ox
from pyshacl import validate as pyshacl_validate
from rdflib import BNode, Dataset, Graph, Literal, URIRef, Variable
from rdflib.collection import Collection
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import RDF, SH, XSD
from rdflib.query import Result
from rdflib.term import Identifier, Node

from kg.vocab import DOC_GRAPH_PREFIX, GRAPH_REFERENCE

SEVERITIES: tuple[str, ...] = ("Violation", "Warning", "Info")
_XSD_STRING = str(XSD.string)
_LANG_STRING = str(RDF.langString)

GraphKey = tuple[str, str | None, str, str]


class ShapesError(RuntimeError):
    """The shapes could not be evaluated (e.g. a SPARQL constraint is malformed).

    This is a fault of ontology/shapes.ttl, not of the data: fix the shape named in the
    message.
    """


@dataclass(frozen=True)
class Violation:
    """One SHACL validation result, located in the named graph it was found in."""

    graph: str  # the named graph IRI the violation was found in
    focus: str  # focus node (IRI or "_:b…")
    path: str | None  # result path, if any
    message: str
    severity: str  # "Violation" | "Warning" | "Info"
    shape: str  # source shape IRI or bnode id
    value: str | None

    @property
    def key(self) -> GraphKey:
        """What makes two results the same finding, whichever graph they were found in."""
        return (self.focus, self.path, self.message, self.shape)

    def format(self) -> str:
        """A readable block: where, what, and the offending value."""
        lines = [f"[{self.severity}] in graph <{self.graph}>", f"  focus:   {self.focus}"]
        if self.path is not None:
            lines.append(f"  path:    {self.path}")
        lines.append(f"  message: {self.message}")
        if self.value is not None:
            lines.append(f"  value:   {self.value}")
        lines.append(f"  shape:   {self.shape}")
        return "\n".join(lines)


@dataclass(frozen=True)
class ValidationReport:
    """Every result of validating a dataset, graph by graph."""

    violations: tuple[Violation, ...]

    @property
    def conforms(self) -> bool:
        """True when no result has severity Violation (warnings and infos do not fail)."""
        return not any(v.severity == "Violation" for v in self.violations)

    def count(self, severity: str = "Violation") -> int:
        """How many results have this severity."""
        return sum(1 for v in self.violations if v.severity == severity)

    def format(self) -> str:
        """A summary line, then one block per result."""
        if not self.violations:
            return "The dataset conforms to the shapes: no violations."
        counts = ", ".join(f"{self.count(s)} {s.lower()}(s)" for s in SEVERITIES if self.count(s))
        graphs = len({v.graph for v in self.violations})
        head = f"{counts} in {graphs} graph(s):"
        return "\n\n".join([head, *(v.format() for v in self.violations)])


# ---------------------------------------------------------------- loading shapes

def load_shapes(path: Path) -> Graph:
    """Parse ontology/shapes.ttl (or another Turtle shapes file) into a graph made for
    pySHACL to read fast, with the same shapes (bench/README.md, run J):

    - in rdflib's SimpleMemory store: pySHACL looks up each shape's own triples tens of
      thousands of times a document, and the default Memory store also tracks, in every
      lookup, which named graphs a triple is in: a shapes graph has none;
    - each SPARQL query on one line (`_one_line`).
    """
    shapes = Graph(store="SimpleMemory").parse(path, format="turtle")
    for predicate in (SH.select, SH.ask):
        for s, o in list(shapes.subject_objects(predicate)):
            if isinstance(o, Literal):
                shapes.set((s, predicate, Literal(_one_line(str(o)), datatype=o.datatype)))
    return shapes


def _one_line(query: str) -> str:
    """The query with its lines joined, where that cannot change it.

    pySHACL checks a SPARQL constraint's text with regular expressions once per focus
    node, at a cost of lines x length: the text anchors' constraint runs once for each
    of a document's hundreds of selectors. A line break is whitespace in SPARQL except
    in a comment or a long string, and a short string cannot hold one; so a query with
    a '#' (a comment, or an IRI or a string holding one) or a long string is left as
    written."""
    if "#" in query or '"""' in query or "'''" in query:
        return query
    return " ".join(line.strip() for line in query.splitlines() if line.strip())


# ---------------------------------------------------------------- SPARQL on Oxigraph

class _OxigraphCopy:
    """An Oxigraph store holding the dataset's quads, and the term mapping both ways."""

    def __init__(self, graphs: Mapping[str, Graph]) -> None:
        self.store = ox.Store()
        self._iris: dict[str, ox.NamedNode] = {}
        self._to_ox_bnode: dict[BNode, ox.BlankNode] = {}
        self._from_ox_bnode: dict[str, BNode] = {}
        for name, g in graphs.items():
            graph = self.graph_name(name)
            self.store.bulk_extend(
                ox.Quad(self.to_ox(s), self.to_ox(p), self.to_ox(o), graph) for s, p, o in g
            )

    def graph_name(self, name: str) -> ox.NamedNode | ox.DefaultGraph:
        if name == str(DATASET_DEFAULT_GRAPH_ID):
            return ox.DefaultGraph()
        return self._iri(name)

    def _iri(self, value: str) -> ox.NamedNode:
        node = self._iris.get(value)
        if node is None:
            node = self._iris[value] = ox.NamedNode(value)
        return node

    def to_ox(self, term: Node) -> Any:
        if isinstance(term, URIRef):
            return self._iri(str(term))
        if isinstance(term, BNode):
            node = self._to_ox_bnode.get(term)
            if node is None:  # a fresh id: rdflib ids need not be valid Oxigraph ids
                node = self._to_ox_bnode[term] = ox.BlankNode()
                self._from_ox_bnode[node.value] = term
            return node
        if isinstance(term, Literal):
            if term.language:
                return ox.Literal(str(term), language=term.language)
            if term.datatype is not None:
                return ox.Literal(str(term), datatype=self._iri(str(term.datatype)))
            return ox.Literal(str(term))
        raise TypeError(f"cannot map {term!r} to Oxigraph")

    def from_ox(self, term: Any) -> Node:
        if isinstance(term, ox.NamedNode):
            return URIRef(term.value)
        if isinstance(term, ox.BlankNode):
            return self._from_ox_bnode.get(term.value) or BNode(term.value)
        if isinstance(term, ox.Literal):
            datatype = term.datatype.value
            if term.language:
                return Literal(term.value, lang=term.language)
            if datatype == _XSD_STRING:
                return Literal(term.value)
            return Literal(term.value, datatype=URIRef(datatype))
        raise TypeError(f"unexpected Oxigraph term {term!r}")

    def query(
        self,
        text: str,
        default_graph: Sequence[ox.NamedNode | ox.DefaultGraph],
        prefixes: Mapping[str, Any] | None,
        bindings: Mapping[str, Node] | None,
    ) -> Result:
        answer = self.store.query(
            text,
            default_graph=list(default_graph),
            prefixes={k: str(v) for k, v in (prefixes or {}).items()},
            substitutions={ox.Variable(k): self.to_ox(v) for k, v in (bindings or {}).items()},
        )
        if isinstance(answer, ox.QueryBoolean):
            result = Result("ASK")
            result.askAnswer = bool(answer)
            return result
        if isinstance(answer, ox.QuerySolutions):
            result = Result("SELECT")
            variables = [Variable(v.value) for v in answer.variables]
            result.vars = variables
            result.bindings = [
                {var: cast(Identifier, self.from_ox(value))
                 for var, value in zip(variables, row, strict=True) if value is not None}
                for row in answer
            ]
            return result
        raise ShapesError("only SELECT and ASK queries are expected from the shapes")


class _DataGraph(Graph):
    """The graph pySHACL validates: rdflib in memory, SPARQL delegated to Oxigraph; a
    view of `graph` (the same store and graph name), not a copy."""

    def __init__(self, graph: Graph, sparql: _OxigraphCopy, names: Sequence[str]) -> None:
        super().__init__(store=graph.store, identifier=graph.identifier,
                         bind_namespaces="none")
        self._sparql = sparql
        self._default_graph = [sparql.graph_name(n) for n in names]

    def query(  # type: ignore[override]
        self,
        query_object: Any,
        processor: Any = "sparql",
        result: Any = "sparql",
        initNs: Mapping[str, Any] | None = None,  # rdflib names them so
        initBindings: Mapping[str, Node] | None = None,
        use_store_provided: bool = True,
        **kwargs: Any,
    ) -> Result:
        if not isinstance(query_object, str):
            raise ShapesError("a prepared query reached the validator; expected SPARQL text")
        return self._sparql.query(query_object, self._default_graph, initNs, initBindings)


@contextmanager
def _lent(g: Graph, part: Graph) -> Iterator[None]:
    """`g` holds the triples of `part` too while the block runs, and only its own after."""
    added = [t for t in part if t not in g]
    g.addN((s, p, o, g) for s, p, o in added)
    try:
        yield
    finally:
        for t in added:
            g.remove(t)


# ---------------------------------------------------------------- validating

def _is_doc_graph(name: str) -> bool:
    return name.startswith(DOC_GRAPH_PREFIX)


def _named_graphs(dataset: Dataset) -> dict[str, Graph]:
    """The dataset's non-empty graphs by IRI, the default graph included if it holds triples."""
    found: dict[str, Graph] = {}
    for g in dataset.graphs():
        if len(g):
            found[str(g.identifier)] = g
    return found


# Wikidata's own statements, cached verbatim in Wikidata's vocabulary (which uses
# http://schema.org/): they are not our data and our shapes do not describe them.
UNVALIDATED_GRAPHS = frozenset({"https://w3id.org/rskg/graph/wikidata"})


def validate_dataset(dataset: Dataset, shapes: Graph) -> ValidationReport:
    """Validate every graph of `dataset` against `shapes`; see the module docstring.

    The reference graph is validated first, so that what a document run finds about
    reference resources can be recognised and dropped; results are ordered by graph,
    then by severity, focus node, path and message, so that two runs print the same report.
    """
    graphs = {name: g for name, g in _named_graphs(dataset).items()
              if name not in UNVALIDATED_GRAPHS}
    sparql = _OxigraphCopy(graphs)
    reference_name = str(GRAPH_REFERENCE)
    order = sorted(graphs, key=lambda name: (name != reference_name, name))
    reference_keys: frozenset[GraphKey] = frozenset()
    results: list[Violation] = []
    for name in order:
        found = _validate_in(name, graphs, sparql, shapes, reference_keys)
        if name == reference_name:
            reference_keys = frozenset(v.key for v in found)
        results.extend(found)
    return ValidationReport(tuple(results))


def validate_document(
    name: str, g: Graph, reference: Graph, shapes: Graph, reference_keys: frozenset[GraphKey]
) -> list[Violation]:
    """One document's graph, with the part of the reference graph it points into (see
    the module docstring); `reference_keys` are what validating the reference graph
    alone found.

    The part is every triple about the reference resources the document names and about
    those they name in turn (two steps: a base, its operator and geometry, a country),
    not the whole reference graph: checking every reference resource again for each
    document doubled the time of a short one. A result about a reference resource the
    document says nothing about (not a subject of its graph) concerns the reference
    data, which is validated on its own, so it is dropped here. `g` is read in place: it
    holds the part's triples too while pySHACL runs, and is given back as it was.
    """
    part = neighbourhood(reference, g, steps=2)
    graphs = {name: g, str(GRAPH_REFERENCE): part} if len(part) else {name: g}
    ours = {_term(s) for s in g.subjects(unique=True)}
    with _lent(g, part):  # the document's graph, with the part, is what pySHACL reads
        data = _DataGraph(g, _OxigraphCopy(graphs), list(graphs))
        found = _drop_reference_results(name, _validate_graph(name, data, shapes),
                                        reference_keys if len(part) else None)
    if all(v.focus in ours for v in found):
        return found
    theirs = {_term(n) for t in reference for n in (t[0], t[2]) if not isinstance(n, Literal)}
    return [v for v in found if v.focus in ours or v.focus not in theirs]


def neighbourhood(reference: Graph, g: Graph, steps: int) -> Graph:
    """The triples of `reference` about resources `g` names, and so on `steps` deep."""
    part = Graph()
    frontier = {o for o in g.objects(unique=True) if not isinstance(o, Literal)}
    seen: set[Node] = set()
    for _ in range(steps):
        found: set[Node] = set()
        for node in frontier - seen:
            for triple in reference.triples((node, None, None)):
                part.add(triple)
                if not isinstance(triple[2], Literal):
                    found.add(triple[2])
        seen |= frontier
        frontier = found
    return part


def _validate_in(
    name: str, graphs: Mapping[str, Graph], sparql: _OxigraphCopy, shapes: Graph,
    reference_keys: frozenset[GraphKey],
) -> list[Violation]:
    """Graph `name` of `graphs` (a document's with the reference graph), duplicates of the
    reference graph's own results dropped."""
    reference_name = str(GRAPH_REFERENCE)
    with_reference = _is_doc_graph(name) and reference_name in graphs
    names = [name, reference_name] if with_reference else [name]
    data = _DataGraph(Graph(), sparql, names)
    for part in names:
        data += graphs[part]
    found = _validate_graph(name, data, shapes)
    return _drop_reference_results(name, found, reference_keys if with_reference else None)


def _drop_reference_results(
    name: str, found: Iterable[Violation], reference_keys: frozenset[GraphKey] | None
) -> list[Violation]:
    """Results in order, each once, without those validating the reference graph alone
    found (`reference_keys`), when graph `name` was validated with reference resources."""
    if reference_keys is not None and _is_doc_graph(name):
        found = [v for v in found if v.key not in reference_keys]
    return _unique(found)


def _unique(found: Iterable[Violation]) -> list[Violation]:
    seen: set[GraphKey] = set()
    kept: list[Violation] = []
    for v in sorted(found, key=_sort_key):
        if v.key not in seen:
            seen.add(v.key)
            kept.append(v)
    return kept


def _sort_key(v: Violation) -> tuple[int, str, str, str, str]:
    return (SEVERITIES.index(v.severity), v.focus, v.path or "", v.message, v.value or "")


def _validate_graph(name: str, data: Graph, shapes: Graph) -> list[Violation]:
    """Run pySHACL on one graph: no inference, SHACL-AF on (SPARQL targets), in place."""
    _conforms, report, text = pyshacl_validate(
        data,
        shacl_graph=shapes,
        inference="none",
        advanced=True,
        inplace=True,
        abort_on_first=False,
        allow_infos=True,
        allow_warnings=True,
    )
    if not isinstance(report, Graph):
        raise ShapesError(f"pySHACL could not validate graph <{name}>: {text}")
    return list(_results(name, report))


def _results(name: str, report: Graph) -> Iterator[Violation]:
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        value = report.value(result, SH.value)
        severity = report.value(result, SH.resultSeverity)
        shape = report.value(result, SH.sourceShape)
        messages = sorted(str(m) for m in report.objects(result, SH.resultMessage))
        yield Violation(
            graph=name,
            focus=_term(focus),
            path=None if path is None else _path(report, path),
            message="; ".join(messages) or "(no message)",
            severity=_severity(severity),
            shape=_term(shape),
            value=None if value is None else _term(value),
        )


def _severity(node: Node | None) -> str:
    local = str(node).rsplit("#", 1)[-1] if node is not None else "Violation"
    return local if local in SEVERITIES else "Violation"


def _term(node: Node | None) -> str:
    """IRIs as plain strings, blank nodes as "_:id", literals in N-Triples form."""
    if node is None:
        return ""
    if isinstance(node, BNode):
        return f"_:{node}"
    if isinstance(node, Literal):
        return node.n3()
    return str(node)


def _path(g: Graph, path: Node) -> str:
    """A SHACL path as SPARQL property-path text; a plain IRI stays a plain string."""
    if isinstance(path, URIRef):
        return str(path)
    return _path_expr(g, path)


def _path_expr(g: Graph, path: Node) -> str:
    if isinstance(path, URIRef):
        return f"<{path}>"
    if (path, RDF.first, None) in g:
        return "/".join(_path_expr(g, p) for p in Collection(g, path))
    for predicate, template in (
        (SH.inversePath, "^{}"),
        (SH.zeroOrMorePath, "({})*"),
        (SH.oneOrMorePath, "({})+"),
        (SH.zeroOrOnePath, "({})?"),
    ):
        inner = g.value(path, predicate)
        if inner is not None:
            return template.format(_path_expr(g, inner))
    alternatives = g.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(_path_expr(g, p) for p in Collection(g, alternatives)) + ")"
    return _term(path)
