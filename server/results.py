"""Query results to bytes, with the row cap applied and, when it bites, said so.

pyoxigraph serializes a whole result iterator at once, so it cannot stop at a cap nor
add a flag; the four SPARQL result formats are simple enough to write here from the
rows already taken. Graph results go through pyoxigraph's own RDF serializers.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from server.formats import RDF_FORMATS, Format

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
RDFS_COMMENT = "http://www.w3.org/2000/01/rdf-schema#comment"
Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
_JSON_BOOLEAN = {v: json.dumps({"head": {}, "boolean": v}).encode() for v in (True, False)}
# json.dumps with options builds a new encoder per call; this one is built once
_JSON_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


@dataclass
class Taken:
    """At most `cap` items of a result, and whether more were left behind."""

    items: list
    truncated: bool

    @classmethod
    def take(cls, iterable: Iterable, cap: int) -> Taken:
        items = list(itertools.islice(iterable, cap + 1))
        truncated = len(items) > cap
        return cls(items[:cap] if truncated else items, truncated)


def solutions(variables: Sequence[str], rows: Taken, fmt: Format, cap: int) -> bytes:
    writer = {"json": _json, "xml": _xml, "csv": _csv, "tsv": _tsv}[fmt.name]
    return writer(variables, rows, cap)


def boolean(value: bool, fmt: Format) -> bytes:
    if fmt.name == "json":
        return _JSON_BOOLEAN[bool(value)]
    if fmt.name == "xml":
        return (f'<?xml version="1.0"?>\n<sparql xmlns="{_SRX}"><head/>'
                f"<boolean>{str(value).lower()}</boolean></sparql>\n").encode()
    return f"{'_askResult' if fmt.name == 'csv' else '?_askResult'}\r\n{str(value).lower()}\r\n"\
        .encode()


def graph(triples: Iterable[ox.Triple | ox.Quad], fmt: Format,
          prefixes: dict[str, str] | None = None) -> bytes:
    """Triples (or quads) in an RDF format; triples become default-graph quads if needed."""
    rdf_format = RDF_FORMATS[fmt.name]
    items: Iterable = triples
    if rdf_format.supports_datasets:
        items = (t if isinstance(t, ox.Quad) else ox.Quad(t.subject, t.predicate, t.object)
                 for t in triples)
    out = ox.serialize(items, format=rdf_format,
                       prefixes=prefixes if fmt.name in {"turtle", "trig"} else None)
    return out or b""


def cut_note(page: str, cap: int) -> ox.Triple:
    """What an analyst page's RDF says in its own graph when the row cap cut it (the HTTP
    answer also carries X-Truncated: true and X-Row-Cap, as /sparql's do)."""
    return ox.Triple(ox.NamedNode(page), ox.NamedNode(RDFS_COMMENT), ox.Literal(
        f"Incomplete: the server's row cap cut this answer at {cap} statements; the "
        "resources this page shows have more. Complete: the downloads (/dataset.ttl, one "
        "document's graph at /store?graph=IRI).", language="en"))


# --- SPARQL 1.1 Query Results JSON ----------------------------------------------------

def _json_term(term: Term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": {"subject": _json_term(term.subject),
                                        "predicate": _json_term(term.predicate),
                                        "object": _json_term(term.object)}}


def _json(variables: Sequence[str], rows: Taken, cap: int) -> bytes:
    bindings = [
        {var: _json_term(value) for var, value in zip(variables, row, strict=True)
         if value is not None}
        for row in rows.items
    ]
    doc: dict = {"head": {"vars": list(variables)}, "results": {"bindings": bindings}}
    if rows.truncated:  # clients ignore unknown members; ours read these two
        doc["truncated"] = True
        doc["rowCap"] = cap
    return _JSON_ENCODER.encode(doc).encode()


# --- SPARQL Query Results XML ----------------------------------------------------------

_SRX = "http://www.w3.org/2005/sparql-results#"


def _xml_term(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            return (f"<literal datatype={quoteattr(term.datatype.value)}>"
                    f"{escape(term.value)}</literal>")
        return f"<literal>{escape(term.value)}</literal>"
    return (f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>"
            f"{_xml_term(term.predicate)}</predicate><object>{_xml_term(term.object)}"
            "</object></triple>")


def _xml(variables: Sequence[str], rows: Taken, cap: int) -> bytes:
    out = io.StringIO()
    out.write(f'<?xml version="1.0"?>\n<sparql xmlns="{_SRX}"><head>')
    out.writelines(f"<variable name={quoteattr(v)}/>" for v in variables)
    if rows.truncated:
        out.write(f'<link href="urn:rskg:truncated:row-cap:{cap}"/>')
    out.write("</head><results>")
    for row in rows.items:
        out.write("<result>")
        out.writelines(f"<binding name={quoteattr(var)}>{_xml_term(value)}</binding>"
                       for var, value in zip(variables, row, strict=True)
                       if value is not None)
        out.write("</result>")
    out.write("</results></sparql>\n")
    return out.getvalue().encode()


# --- SPARQL 1.1 CSV and TSV ------------------------------------------------------------

def _csv_term(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.NamedNode | ox.Literal):
        return term.value
    return str(term)


def _csv(variables: Sequence[str], rows: Taken, cap: int) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(variables)
    writer.writerows([_csv_term(v) for v in row] for row in rows.items)
    return out.getvalue().encode()


def _tsv(variables: Sequence[str], rows: Taken, cap: int) -> bytes:
    lines = ["\t".join(f"?{v}" for v in variables)]
    lines.extend("\t".join("" if v is None else str(v) for v in row) for row in rows.items)
    return ("\n".join(lines) + "\n").encode()
