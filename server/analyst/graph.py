"""Running the pages' SPARQL on the live store, and checking what a URL may put in it.

The queries are data: queries/*.rq (each with a comment on why its shape), the filters,
sort keys and groups they are made from queries/*.toml, with $name placeholders.
Queries run on pyoxigraph (no rdflib on the request path) over the union default graph,
in the executor processes that run /sparql's queries (server/executor.py), with the same
time limit. Values from a URL enter a query only after a strict check (an IRI of ours or of
Wikidata, a date, a word from a fixed list), so no parameter can change a query's shape.
"""

from __future__ import annotations

import json
import re
import time
import tomllib
from collections.abc import Callable, Mapping
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from flask import abort, current_app, g

from server import engine
from server.formats import Format

ID = "https://w3id.org/rskg/id/"
WIKIDATA = "http://www.wikidata.org/entity/"
EVENT_TYPE = "https://w3id.org/rskg/event-type/"
_PREFIX_FILE = Path(__file__).resolve().parent.parent / "static" / "prefixes.json"
PREFIXES: dict[str, str] = {**json.loads(_PREFIX_FILE.read_text()), "rskgt": EVENT_TYPE}
PROLOGUE = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
_LOCAL = r"[A-Za-z0-9_.\-]+(?:/[A-Za-z0-9_.\-]+)*"
OUR_IRI = re.compile(rf"(?:{re.escape(ID)}|{re.escape(EVENT_TYPE)}){_LOCAL}")
LOCAL = re.compile(_LOCAL)
_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")

Row = dict[str, Any]


class BadParameter(ValueError):
    """A URL parameter the page cannot use: answered with 400 and this message."""


class Moved(Exception):
    """An IRI in the URL that the graph replaced with another (replaced_by): answered with
    a permanent redirect to this page at the new IRI (`path`), or with the parameter
    that named it changed (`changes`)."""

    def __init__(self, path: str | None = None, **changes: str) -> None:
        super().__init__(path, changes)
        self.path, self.changes = path, changes


QUERIES = Path(__file__).resolve().parent / "queries"
_PLACEHOLDER = re.compile(r"\$[a-z_]+")


@cache
def text(name: str) -> str:
    """A page's query, from queries/{name}.rq: the queries are data, with a comment each
    on why its shape (the engine's plans on a large corpus)."""
    return (QUERIES / f"{name}.rq").read_text(encoding="utf-8")


@cache
def table(name: str) -> dict[str, Any]:
    """Data the queries are made from (sort keys, filters, groups): queries/{name}.toml."""
    return tomllib.loads((QUERIES / f"{name}.toml").read_text(encoding="utf-8"))


def bind(query: str, values: dict[str, str]) -> str:
    """The query with each $name replaced by its (already checked) SPARQL term, in one
    pass: a value is never read for placeholders, one name is never part of another, and
    comment lines (which name the placeholders) are left as they are."""
    return "".join(line if line.lstrip().startswith("#")
                   else _PLACEHOLDER.sub(lambda m: values.get(m[0], m[0]), line)
                   for line in query.splitlines(keepends=True))


def query(name: str, **values: str) -> str:
    """queries/{name}.rq with $name placeholders filled in (bind)."""
    return bind(text(name), {f"${k}": v for k, v in values.items()})


def select(query: str) -> list[Row]:
    """The rows of a SELECT, each a dict of plain values ('' for unbound), computed in an
    executor process within the server's time limit counted from the request's arrival
    (a page that runs several queries gets one limit in all): a 503 past it."""
    live = current_app.extensions["rskg.dataset"].live()
    started = g.setdefault("rskg_page_started", time.monotonic())
    executor = current_app.extensions["rskg.executor"]
    rows: list[Row] = executor.run(engine.select_rows, str(live.build), PROLOGUE + query,
                                   started=started)
    return rows


def rdf(text: str, fmt: Format, page: str) -> engine.Answer:
    """A page's data as RDF: a CONSTRUCT or DESCRIBE, serialized in `fmt` by the executor
    that runs it (the same path, limits and row cap as /sparql's); cut by the row cap,
    its graph says so about `page` (results.cut_note)."""
    settings = current_app.extensions["rskg.settings"]
    job = engine.Job(build=str(current_app.extensions["rskg.dataset"].live().build),
                     text=PROLOGUE + text, base_iri=ID, row_cap=settings.row_cap,
                     graph_format=fmt, prefixes=PREFIXES, cut_note_on=page)
    started = g.setdefault("rskg_page_started", time.monotonic())
    answer: engine.Answer = current_app.extensions["rskg.executor"].run(
        engine.run_query, job, started=started)
    return answer


def describe(iris: list[str] | set[str]) -> str:
    """The DESCRIBE of a page's resources (each one's own statements)."""
    return query("describe", iris=" ".join(ref(i) for i in sorted(set(iris) - {""}))
                 or "<urn:x-rskg:nothing>")


_KEPT: dict[tuple[str, str], Any] = {}


def per_build(name: str, compute: Callable[[], Any]) -> Any:
    """A value that depends only on the served build (the filter menus' options), computed
    once per build and process; a new build replaces it."""
    build = current_app.extensions["rskg.dataset"].live().build_id
    key = (build, name)
    if key not in _KEPT:
        for old in [k for k in _KEPT if k[0] != build]:
            del _KEPT[old]
        _KEPT[key] = compute()
    return _KEPT[key]


def iri(value: str | None, name: str) -> str | None:
    """A parameter that must be one of the graph's IRIs (or empty)."""
    if not value:
        return None
    if not OUR_IRI.fullmatch(value):
        raise BadParameter(f"{name}: expected an IRI of this graph "
                           f"({ID}…), got {value[:200]!r}")
    return value


def day(value: str | None, name: str, end: bool = False) -> str | None:
    """YYYY, YYYY-MM or YYYY-MM-DD as an xsd:date, the first (or, with end, last) day."""
    if not value:
        return None
    if not _DATE.fullmatch(value):
        raise BadParameter(f"{name}: expected YYYY, YYYY-MM or YYYY-MM-DD, got {value[:40]!r}")
    parts = [int(p) for p in value.split("-")]
    try:
        if len(parts) == 3:
            return date(*parts).isoformat()  # type: ignore[arg-type]
        month = parts[1] if len(parts) == 2 else (12 if end else 1)
        first = date(parts[0], month, 1)
        if not end:
            return first.isoformat()
        following = date(parts[0] + (month == 12), month % 12 + 1, 1)
        return date.fromordinal(following.toordinal() - 1).isoformat()
    except ValueError as err:
        raise BadParameter(f"{name}: {value!r} is not a date ({err})") from None


def known(value: str | None, name: str) -> str | None:
    """A parameter that must name something the graph holds (or be empty): else a
    redirect to the IRI that replaced it, or a 404."""
    found = iri(value, name)
    if found and not select(query("known", this=ref(found))):
        new = replaced_by(found)
        if new:
            raise Moved(**{name: new})
        abort(404, f"{name}: the graph holds nothing about <{found}>")
    return found


def replaced_by(old: str) -> str | None:
    """The IRI that replaced `old`, one the graph no longer holds (queries/replaced-by.rq)."""
    rows = select(query("replaced-by", this=ref(old)))
    return rows[0]["new"] if rows else None


def date_range(args: Mapping[str, str]) -> tuple[str | None, str | None]:
    """`from` and `to` as the first and the last day they name; from after to is a 400
    (nothing could match)."""
    first = day(args.get("from"), "from")
    last = day(args.get("to"), "to", end=True)
    if first and last and first > last:
        raise BadParameter(f"from ({args['from']}) is after to ({args['to']}): "
                           "no date lies between them")
    return first, last


def choice(value: str | None, name: str, allowed: tuple[str, ...]) -> str | None:
    if not value:
        return None
    if value not in allowed:
        raise BadParameter(f"{name}: expected one of {', '.join(allowed)}, got {value[:40]!r}")
    return value


def page_number(value: str | None) -> int:
    if not value:
        return 1
    if not value.isdigit() or not 1 <= int(value) <= 100_000:
        raise BadParameter(f"page: expected a number from 1, got {value[:20]!r}")
    return int(value)


def ref(value: str) -> str:
    """An IRI as a SPARQL term; only for values checked above or read from the store."""
    if any(c in value for c in '<>"{}|^`\\ \n'):
        raise BadParameter(f"not an IRI: {value[:200]!r}")
    return f"<{value}>"


def literal(value: str) -> str:
    """A string as a SPARQL literal (JSON string escapes are SPARQL's)."""
    return json.dumps(value, ensure_ascii=False)


def page_path(value: str) -> str:
    """Where the graph's own IRI is shown: the analyst page, else the generic one."""
    if value.startswith(ID + "entity/"):
        return "/entity/" + value[len(ID) + 7:]
    if value.startswith(ID + "event/"):
        return "/event/" + value[len(ID) + 6:]
    if value.startswith(ID + "doc/") and value.count("/") == ID.count("/") + 1:
        return "/doc/" + value[len(ID) + 4:]
    if value.startswith(ID):
        return "/id/" + value[len(ID):]
    if value.startswith(WIKIDATA):
        return "https://www.wikidata.org/wiki/" + value[len(WIKIDATA):]
    return value


def short(value: str) -> str:
    for prefix, ns in PREFIXES.items():
        if value.startswith(ns) and len(value) > len(ns) and prefix != "id":
            return f"{prefix}:{value[len(ns):]}"
    return value


def labels_query(iris: set[str]) -> str:
    """One lookup of the labels of given IRIs (an OPTIONAL label over the union graph would
    read every label of the corpus)."""
    return query("labels", iris=" ".join(ref(i) for i in sorted(iris - {""})) or "<x:none>")


def labelled(rows: list[Row], *columns: str) -> str:
    """The labels query for the IRIs in some columns of some rows."""
    return labels_query({r[c] for r in rows for c in columns if r.get(c)})


def add_labels(rows: list[Row], found: list[Row], *columns: str) -> None:
    """Put each IRI's label beside it, as `{column}Label`."""
    label = {r["iri"]: r["label"] for r in found}
    for r in rows:
        for c in columns:
            r[c + "Label"] = label.get(r.get(c, ""), "")


def by_iri(rows: list[Row], column: str) -> dict[str, dict[str, str]]:
    """(IRI, what, value) rows as {IRI: {what: value}}, the least value where there are
    several (one value, the same on every request)."""
    found: dict[str, dict[str, str]] = {}
    for r in rows:
        values = found.setdefault(r[column], {})
        values[r["what"]] = min(values.get(r["what"], r["value"]), r["value"])
    return found


def doc_pairs(docs: list[str]) -> str:
    """VALUES rows (?doc ?graph): each document with its own named graph, where patterns
    about it are looked up in that graph's index instead of the whole corpus's."""
    return " ".join(f"({ref(d)} {doc_graph(d)})" for d in docs)


def doc_graph(doc: str) -> str:
    """A document's own named graph, as a SPARQL term."""
    return ref(doc.replace("/id/doc/", "/graph/doc/", 1))
