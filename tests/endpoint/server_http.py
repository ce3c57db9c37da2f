"""Plain HTTP for the tests: one function that returns status, headers and body, never raises."""

from __future__ import annotations

import http.client
import urllib.parse
from dataclasses import dataclass


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip()


def request(method: str, url: str, body: bytes | str | None = None,
            headers: dict[str, str] | None = None, timeout: float = 30) -> Reply:
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    data = body.encode() if isinstance(body, str) else body
    try:
        try:
            conn.request(method, target, body=data, headers=headers or {})
            response = conn.getresponse()
        except (BrokenPipeError, ConnectionResetError):
            # the server answered early (a 413 before the whole body) and closed: read its
            # answer from the socket, as curl and browsers do
            if conn.sock is None:
                raise
            response = http.client.HTTPResponse(conn.sock, method=method)
            response.begin()
        payload = response.read()
        return Reply(response.status, {k.lower(): v for k, v in response.getheaders()},
                     payload)
    finally:
        conn.close()


def get(url: str, params: dict[str, str] | list[tuple[str, str]] | None = None,
        accept: str | None = None, **kw: object) -> Reply:
    if params:
        url += "?" + urllib.parse.urlencode(params)
    return request("GET", url, headers={"Accept": accept} if accept else {}, **kw)


def post_query(url: str, query: str, accept: str | None = None,
               content_type: str = "application/sparql-query", **kw: object) -> Reply:
    headers = {"Content-Type": content_type}
    if accept:
        headers["Accept"] = accept
    return request("POST", url, query, headers, **kw)


def post_form(url: str, fields: dict[str, str] | list[tuple[str, str]],
              accept: str | None = None, **kw: object) -> Reply:
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if accept:
        headers["Accept"] = accept
    return request("POST", url, urllib.parse.urlencode(fields), headers, **kw)
