"""Reading a SPARQL 1.1 Protocol request: which operation, which text, which dataset.

Three ways to send a query (GET with `query=`, POST form-encoded, POST
`application/sparql-query`) and two to send an update (POST form-encoded with `update=`,
POST `application/sparql-update`); anything else is answered with the status the
protocol names. Nothing here runs a query.

Parameters are percent-decoded by werkzeug, which keeps a malformed escape (`%zz`) as
text and replaces bytes that are not UTF-8: so the raw query string and form body are
checked first, and either is a 400 that says where the encoding broke.
"""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass

from werkzeug.datastructures import CombinedMultiDict, MultiDict
from werkzeug.wrappers import Request

from server.errors import BadRequest, TooLarge, UnsupportedMedia
from server.guard import check_get_length
from server.settings import Settings

FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"
_BAD_ESCAPE = re.compile(rb"%(?![0-9A-Fa-f]{2})")
_HIGH_ESCAPE = re.compile(rb"%[89A-Fa-f][0-9A-Fa-f]")  # an escaped byte >= 0x80


@dataclass(frozen=True)
class Operation:
    """One query or update, with the dataset the protocol parameters name."""

    kind: str  # "query" | "update"
    text: str
    default_graphs: tuple[str, ...] = ()  # default-graph-uri / using-graph-uri
    named_graphs: tuple[str, ...] = ()  # named-graph-uri / using-named-graph-uri

    @property
    def protocol_dataset(self) -> bool:
        return bool(self.default_graphs or self.named_graphs)


def requested_format(request: Request) -> str | None:
    """`format=` (or `output=`, as Fuseki calls it) from the URL, or from a form body."""
    args = request.args
    requested = _first(args, "format") or _first(args, "output")
    if request.method == "POST" and request.mimetype == FORM:
        form = request.form
        requested = requested or _first(form, "format") or _first(form, "output")
    return requested


def _first(params: MultiDict, name: str) -> str | None:
    """`params.get(name)`, without the exception werkzeug's `get` builds and catches
    for a missing name (an HTTP error object, several microseconds each)."""
    values = params.getlist(name)
    return values[0] if values else None


def read(request: Request, settings: Settings) -> Operation | None:
    """The operation in `request`, or None for a bare GET (a service description)."""
    check_encoding(request.query_string, "the query string")
    if request.method in ("GET", "HEAD"):
        check_get_length(len(request.full_path), settings.get_cap)
        if "update" in request.args:
            raise BadRequest("updates must be sent with POST, not GET")
        if "query" not in request.args:
            return None
        return _query(request.args.getlist("query"), request.args)
    _check_body_size(request, settings.body_cap)
    mimetype = request.mimetype
    if mimetype == FORM:
        check_encoding(request.get_data(cache=True), "the form body")
        form = request.form
        params = _merged(request)
        if "query" in form and "update" in form:
            raise BadRequest("send either query= or update=, not both")
        if "update" in form:
            return _update(form.getlist("update"), params)
        if "query" in form:
            return _query(form.getlist("query"), params)
        raise BadRequest("a form-encoded POST needs a query= or an update= field")
    if mimetype in (QUERY, UPDATE):
        text = _utf8_body(request)
        if mimetype == QUERY:
            return _query([text], request.args)
        return _update([text], request.args)
    shown = request.content_type or "no Content-Type"
    raise UnsupportedMedia(
        f"{shown} is not a SPARQL request: POST with Content-Type {FORM}, {QUERY} or "
        f"{UPDATE}")


def check_encoding(raw: bytes, where: str) -> None:
    """400 unless `raw` is well-formed `application/x-www-form-urlencoded` UTF-8."""
    bad = _BAD_ESCAPE.search(raw)
    if bad is not None:
        shown = raw[bad.start():bad.start() + 3].decode("latin-1")
        raise BadRequest(f"malformed percent-encoding in {where}: {shown!r} at byte "
                         f"{bad.start()} (a % must be followed by two hex digits)")
    if raw.isascii() and _HIGH_ESCAPE.search(raw) is None:
        return  # only ASCII, escaped or not: UTF-8 already (and urllib's check is slow)
    try:
        urllib.parse.unquote_to_bytes(raw.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError as err:
        raise BadRequest(f"{where} is not percent-encoded UTF-8 text: {err}") from None


def _query(texts: list[str], params: MultiDict) -> Operation:
    if len(texts) != 1:
        raise BadRequest(f"exactly one query is allowed per request, got {len(texts)}")
    return Operation("query", texts[0], tuple(params.getlist("default-graph-uri")),
                     tuple(params.getlist("named-graph-uri")))


def _update(texts: list[str], params: MultiDict) -> Operation:
    if len(texts) != 1:
        raise BadRequest(f"exactly one update is allowed per request, got {len(texts)}")
    return Operation("update", texts[0], tuple(params.getlist("using-graph-uri")),
                     tuple(params.getlist("using-named-graph-uri")))


def _merged(request: Request) -> CombinedMultiDict:
    """Dataset parameters may sit in the URL or in the form body: take both."""
    return CombinedMultiDict([request.args, request.form])


def _check_body_size(request: Request, cap: int) -> None:
    length = request.content_length
    if length is not None and length > cap:
        raise TooLarge(f"request body of {length} bytes is over this server's limit of "
                       f"{cap} bytes")


def _utf8_body(request: Request) -> str:
    charset = request.mimetype_params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise UnsupportedMedia(f"charset={charset} is not accepted: send the query as UTF-8")
    try:
        return request.get_data(cache=False).decode("utf-8")
    except UnicodeDecodeError as err:
        raise BadRequest(f"request body is not valid UTF-8: {err}") from None
