"""Every error a client of the endpoint can meet, one class each, with its HTTP status.

    EndpointError                 (the message says what to do instead)
     ├── BadRequest          400  malformed request or query (the parser's message)
     │    └── Refused        400  LOAD, SERVICE off the allow-list, too deep a nesting
     ├── Forbidden           403  an update without the server's update token
     ├── NotFound            404  a graph the store does not hold (Graph Store Protocol)
     ├── MethodNotAllowed    405  e.g. PUT on the query endpoint
     ├── NotAcceptable       406  no result format matches Accept
     ├── TooLarge            413  request body over the body cap
     ├── UriTooLong          414  GET request target over the length cap: use POST
     ├── UnsupportedMedia    415  a POST body that is neither a form nor SPARQL
     └── Unavailable         503  no built store, or the query ran past its time limit
          └── QueryTimeout   503

Errors are answered as text/plain: every SPARQL client shows such a body to its user.
"""

from __future__ import annotations


class EndpointError(Exception):
    status = 500
    headers: dict[str, str] = {}  # noqa: RUF012 - class-level default, never mutated

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BadRequest(EndpointError):
    status = 400


class Refused(BadRequest):
    """The query is well-formed but asks for something this server never does."""


class Forbidden(EndpointError):
    status = 403


class NotFound(EndpointError):
    status = 404


class MethodNotAllowed(EndpointError):
    status = 405

    def __init__(self, message: str, allowed: str) -> None:
        super().__init__(message)
        self.headers = {"Allow": allowed}


class NotAcceptable(EndpointError):
    status = 406


class TooLarge(EndpointError):
    status = 413


class UriTooLong(EndpointError):
    status = 414


class UnsupportedMedia(EndpointError):
    status = 415


class Unavailable(EndpointError):
    status = 503


class QueryTimeout(Unavailable):
    pass


TEXT = "text/plain; charset=utf-8"  # what `mimetype="text/plain"` gives in werkzeug


def error_text(err: EndpointError) -> bytes:
    """The body an endpoint error is answered with, on the Flask and the direct path."""
    return (err.message + "\n").encode()


def crash_text(err: Exception) -> bytes:
    """The body of a 500 for an unexpected exception, on the Flask and the direct path."""
    return f"internal error: {err}\n".encode()
