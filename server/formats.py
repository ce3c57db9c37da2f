"""Result formats and content negotiation: Accept (with q-values) or a `format=` parameter.

Negotiation uses werkzeug's `MIMEAccept`, which Flask parses for every request, so
q-values, wildcards and `q=0` exclusions behave as in any WSGI application. The first
media type of each list is the default answer to `Accept: */*` or no Accept at all.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from server.errors import NotAcceptable


@dataclass(frozen=True)
class Format:
    """A media type we answer with, and the name the serializers know it by."""

    name: str  # json | xml | csv | tsv for results; an RdfFormat name for graphs
    media_type: str  # what the Content-Type says
    aliases: tuple[str, ...] = ()  # other media types that select it

    @property
    def content_type(self) -> str:
        textual = self.media_type.startswith("text/") or self.name in {"json", "xml"}
        return f"{self.media_type}; charset=utf-8" if textual else self.media_type


RESULTS = (
    Format("json", "application/sparql-results+json", ("application/json",)),
    Format("xml", "application/sparql-results+xml", ("application/xml", "text/xml")),
    Format("csv", "text/csv"),
    Format("tsv", "text/tab-separated-values"),
)
GRAPHS = (
    Format("turtle", "text/turtle", ("application/x-turtle",)),
    Format("ntriples", "application/n-triples", ("text/plain",)),
    Format("rdfxml", "application/rdf+xml"),
    Format("jsonld", "application/ld+json"),
    Format("nquads", "application/n-quads"),
    Format("trig", "application/trig"),
)
DATASETS = (GRAPHS[5], GRAPHS[4])  # a whole dataset needs graph names

RDF_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "jsonld": ox.RdfFormat.JSON_LD,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
}

# short names a browser user types in `format=` (or `output=`, as Fuseki calls it)
_SHORT = {
    "json": "json", "srj": "json", "xml": "xml", "srx": "xml", "csv": "csv", "tsv": "tsv",
    "turtle": "turtle", "ttl": "turtle", "nt": "ntriples", "ntriples": "ntriples",
    "n-triples": "ntriples", "rdfxml": "rdfxml", "rdf": "rdfxml", "rdf/xml": "rdfxml",
    "owl": "rdfxml", "jsonld": "jsonld", "json-ld": "jsonld", "nq": "nquads",
    "nquads": "nquads", "n-quads": "nquads", "trig": "trig", "n3": "turtle",
}
_GRAPH_FOR_RESULT_NAME = {"json": "jsonld", "xml": "rdfxml"}


# Parsing an Accept header and matching it cost ~50 µs a request, and clients send the
# same few headers again and again: both are kept per process, for a bounded number of
# distinct headers (werkzeug's `MIMEAccept` is immutable and `best_match` is a pure
# function of it and the offer, so the answers are the same, only not recomputed).
_MEMO_LIMIT = 512
_PARSED: dict[str | None, MIMEAccept] = {}
_MATCHED: dict[tuple, Format | None] = {}
_OFFERED = {id(c): (c, tuple(m for f in c for m in (f.media_type, *f.aliases)))
            for c in (RESULTS, GRAPHS, DATASETS)}


def parse_accept(header: str | None) -> MIMEAccept:
    """`parse_accept_header(header, MIMEAccept)`, less media-type parameters (`charset=`):
    werkzeug matches them against the offer, which has none, so `application/sparql-
    results+json; charset=utf-8` would match nothing; every format we send is UTF-8."""
    accept = _PARSED.get(header)
    if accept is None:
        parsed = parse_accept_header(header, MIMEAccept)
        accept = MIMEAccept([(value.split(";", 1)[0].strip(), q) for value, q in parsed])
        if len(_PARSED) < _MEMO_LIMIT:
            _PARSED[header] = accept
    return accept


def negotiate(choices: tuple[Format, ...], accept: MIMEAccept, requested: str | None) -> Format:
    """The format to answer with, or 406 naming what this kind of result can be."""
    if requested and _known(requested):
        chosen = _by_name(choices, requested)
        if chosen is None:
            raise NotAcceptable(f"format={requested!r} is not available here; use one of "
                                f"{_listing(choices)}")
        return chosen
    if not accept:
        return choices[0]
    known = _OFFERED.get(id(choices))
    if known is not None and known[0] is choices:  # one of ours: remembered
        key = (id(choices), tuple(accept))
        try:
            chosen = _MATCHED[key]
        except KeyError:
            chosen = _best(choices, accept, known[1])
            if len(_MATCHED) < _MEMO_LIMIT:
                _MATCHED[key] = chosen
    else:
        chosen = _best(choices, accept,
                       tuple(m for f in choices for m in (f.media_type, *f.aliases)))
    if chosen is None:
        raise NotAcceptable(f"no format matches Accept: {accept}; this result can be "
                            f"{_listing(choices)}")
    return chosen


def _best(choices: tuple[Format, ...], accept: MIMEAccept,
          offered: tuple[str, ...]) -> Format | None:
    best = accept.best_match(offered)
    if best is None:
        return None
    return next(f for f in choices if best in (f.media_type, *f.aliases))


def _known(requested: str) -> bool:
    """Clients such as SPARQLWrapper send format= whatever they like: names we do not
    know are left to Accept; names we know but cannot give for this result are 406."""
    key = requested.strip().lower()
    return key in _SHORT or any(key in (f.media_type, *f.aliases) for f in RESULTS + GRAPHS)


def _by_name(choices: tuple[Format, ...], requested: str) -> Format | None:
    key = requested.strip().lower()
    name = _SHORT.get(key)
    for f in choices:
        if key in (f.media_type, *f.aliases) or f.name == name:
            return f
    # `format=json` on a CONSTRUCT means JSON-LD; `format=xml` means RDF/XML
    alias = _GRAPH_FOR_RESULT_NAME.get(name or "")
    return next((f for f in choices if f.name == alias), None)


def _listing(choices: tuple[Format, ...]) -> str:
    return ", ".join(f.media_type for f in choices)
