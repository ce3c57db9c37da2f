"""Reading a SPARQL 1.1 Protocol request: which operation, which text, which dataset.

Three ways to send a query (GET with `query=`, POST form-encoded, POST
`application/sparql-query`) and two to send an update (POST form-encoded with `update=`,
POST `application/sparql-update`); anything else is answered with the status the
protocol names. Nothing here runs a query.

`read` takes anything shaped like the part of a werkzeug `Request` it uses
(`RequestView`): Flask's request on the WSGI path, and `direct.RawRequest`, built from the
raw bytes, on the event-loop worker's fast path, so both read a request the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from werkzeug.datastructures import CombinedMultiDict, MultiDict

from server.errors import BadRequest, TooLarge, UnsupportedMedia
from server.guard import check_get_length
from server.settings import Settings

FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"


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


class RequestView(Protocol):
    """What `read` and `requested_format` look at in a request (a werkzeug `Request` has
    all of it), so the WSGI path and the worker's raw-bytes path share one reading."""

    @property
    def method(self) -> str: ...
    @property
    def full_path(self) -> str: ...
    @property
    def args(self) -> MultiDict: ...
    @property
    def form(self) -> MultiDict: ...
    @property
    def mimetype(self) -> str: ...
    @property
    def mimetype_params(self) -> Mapping[str, str]: ...
    @property
    def content_type(self) -> str | None: ...
    @property
    def content_length(self) -> int | None: ...
    def get_data(self, cache: bool = True) -> bytes: ...


def requested_format(request: RequestView) -> str | None:
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


def read(request: RequestView, settings: Settings) -> Operation | None:
    """The operation in `request`, or None for a bare GET (a service description)."""
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


def _merged(request: RequestView) -> CombinedMultiDict:
    """Dataset parameters may sit in the URL or in the form body: take both."""
    return CombinedMultiDict([request.args, request.form])


def _check_body_size(request: RequestView, cap: int) -> None:
    length = request.content_length
    if length is not None and length > cap:
        raise TooLarge(f"request body of {length} bytes is over this server's limit of "
                       f"{cap} bytes")


def _utf8_body(request: RequestView) -> str:
    charset = request.mimetype_params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise UnsupportedMedia(f"charset={charset} is not accepted: send the query as UTF-8")
    try:
        return request.get_data(cache=False).decode("utf-8")
    except UnicodeDecodeError as err:
        raise BadRequest(f"request body is not valid UTF-8: {err}") from None
