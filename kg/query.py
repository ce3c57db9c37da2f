"""Querying a built store from Python and the shell, through rdflib + oxrdflib.

Oxigraph evaluates the query natively (oxrdflib hands it over whole), with the default
graph as the union of the named graphs, as the SPARQL endpoint does; prefixes of the
project's namespaces are predeclared so shell queries stay short.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import cast

from oxrdflib import OxigraphStore
from rdflib import Dataset
from rdflib.query import Result, ResultRow
from rdflib.term import Node

from kg import store, vocab


def open_dataset(store_dir: Path) -> Dataset:
    """The current build as a read-only rdflib Dataset whose default graph is the union."""
    build = store.require_current_build(store_dir)
    ds = Dataset(store=OxigraphStore(store=store.open_read_only(build)), default_union=True)
    for prefix, iri in vocab.PREFIXES.items():
        ds.bind(prefix, iri, replace=True)
    return ds


def run_query(store_dir: Path, sparql: str) -> Result:
    return open_dataset(store_dir).query(sparql, initNs=vocab.PREFIXES)


def _short(node: Node | None) -> str:
    if node is None:
        return ""
    text = str(node)
    for prefix, iri in vocab.PREFIXES.items():
        if text.startswith(iri) and len(text) > len(iri):
            return f"{prefix}:{text[len(iri):]}"
    return text


def _rows(result: Result) -> list[ResultRow]:
    """The rows of a SELECT result (rdflib types iteration over every kind of result)."""
    return [cast(ResultRow, row) for row in result]


def format_table(result: Result, max_width: int = 60) -> str:
    """A plain-text table of a SELECT result, IRIs shortened with the project's prefixes."""
    names = [str(v) for v in result.vars or []]
    rows = [[_short(row[i]).replace("\n", " ")[:max_width] for i in range(len(names))]
            for row in _rows(result)]
    widths = [max([len(n), *(len(r[i]) for r in rows)]) for i, n in enumerate(names)]
    line = "  ".join(n.ljust(w) for n, w in zip(names, widths, strict=True))
    out = [line, "  ".join("-" * w for w in widths)]
    out += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)


def format_tsv(result: Result) -> str:
    """SPARQL 1.1 TSV: `?name` headers, terms in N-Triples form (rdflib writes no TSV)."""
    names = [str(v) for v in result.vars or []]
    lines = ["\t".join(f"?{n}" for n in names)]
    for row in _rows(result):
        lines.append("\t".join("" if row[i] is None else row[i].n3() for i in range(len(names))))
    return "\n".join(lines)


def format_result(result: Result, fmt: str) -> str:
    """SELECT/ASK as table, json, csv or tsv; CONSTRUCT/DESCRIBE as Turtle."""
    if result.type == "ASK":
        return "true" if result.askAnswer else "false"
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        graph = result.graph
        assert graph is not None
        for prefix, iri in vocab.PREFIXES.items():
            graph.bind(prefix, iri, replace=True)
        return graph.serialize(format="turtle")
    if fmt == "table":
        return format_table(result)
    if fmt == "tsv":
        return format_tsv(result)
    buf = io.BytesIO()
    result.serialize(buf, format=fmt)
    return buf.getvalue().decode("utf-8")
