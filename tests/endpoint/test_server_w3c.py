"""The W3C SPARQL 1.1 Protocol manifest (tests/server/fixtures/w3c-protocol), driven
against the running server.

Query tests run against a read-only server over the protocol dataset. Update tests
(and the malformed-update tests, so that they fail for the reason they test rather
than for the missing token) run, in manifest order, against a server started with an
update token, which the driver presents.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
import rdflib
from server_http import Reply
from server_http import request as http_request
from serverkit import W3C, Server, w3c_quads

MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = rdflib.Namespace("http://www.w3.org/2011/http#")
CNT = rdflib.Namespace("http://www.w3.org/2011/content#")
HTS = rdflib.Namespace("http://www.w3.org/2011/http-statusCodes#")
TOKEN = "w3c-token"


@dataclass
class Step:
    method: str
    path: str
    body: str | None
    headers: dict[str, str]
    statuses: set[str]  # e.g. {"2", "3"}: the first digit of the allowed status codes
    expected_format: str | None
    expected_boolean: bool | None


@dataclass
class Case:
    name: str
    steps: list[Step] = field(default_factory=list)

    @property
    def is_update(self) -> bool:
        return "update" in self.name


def _items(graph: rdflib.Graph, head: rdflib.term.Node) -> list:
    return list(rdflib.collection.Collection(graph, head))


def load_manifest() -> list[Case]:
    graph = rdflib.Graph().parse(W3C / "w3c" / "protocol-manifest.ttl", format="turtle")
    manifest = next(graph.subjects(rdflib.RDF.type, MF.Manifest))
    cases = []
    for entry in _items(graph, graph.value(manifest, MF.entries)):
        case = Case(str(entry).rsplit("#", 1)[-1])
        action = graph.value(entry, MF.action)
        for req in _items(graph, graph.value(action, HT.requests)):
            case.steps.append(_step(graph, req))
        cases.append(case)
    return cases


def _step(graph: rdflib.Graph, req: rdflib.term.Node) -> Step:
    body_node = graph.value(req, HT.body)
    headers = {}
    header_list = graph.value(req, HT.headers)
    if header_list is not None:
        for header in _items(graph, header_list):
            headers[str(graph.value(header, HT.fieldName))] = str(
                graph.value(header, HT.fieldValue))
    resp = graph.value(req, HT.resp)
    statuses = {str(code).rsplit("StatusCode", 1)[-1][0]
                for code in graph.objects(resp, MF.expectedStatus)}
    boolean = graph.value(resp, MF.expectedBoolean)
    fmt = graph.value(resp, MF.expectedFormat)
    return Step(
        method=str(graph.value(req, HT.methodName)),
        path=str(graph.value(req, HT.absolutePath)),
        body=str(graph.value(body_node, CNT.chars)) if body_node is not None else None,
        headers=headers,
        statuses=statuses,
        expected_format=str(fmt) if fmt is not None else None,
        expected_boolean=boolean.toPython() if boolean is not None else None,
    )


CASES = load_manifest()


def check_format(reply: Reply, step: Step) -> None:
    ctype = reply.content_type
    if step.expected_format == "boolean":
        assert ctype in ("application/sparql-results+json", "application/sparql-results+xml")
        if step.expected_boolean is not None:
            assert parse_boolean(reply) is step.expected_boolean
    elif step.expected_format == "tabular":
        assert ctype in ("application/sparql-results+json", "application/sparql-results+xml",
                         "text/csv", "text/tab-separated-values")
    elif step.expected_format == "RDF":
        assert ctype in ("application/rdf+xml", "text/turtle", "application/n-triples")
        rdflib.Graph().parse(data=reply.body, format={
            "application/rdf+xml": "xml", "text/turtle": "turtle",
            "application/n-triples": "nt"}[ctype])


def parse_boolean(reply: Reply) -> bool:
    if reply.content_type.endswith("json"):
        return json.loads(reply.body)["boolean"]
    text = ET.fromstring(reply.body).find("{http://www.w3.org/2005/sparql-results#}boolean")
    return text is not None and text.text == "true"


@pytest.fixture(scope="module")
def query_server(start: Callable[..., Server]) -> Server:
    return start(w3c_quads())


@pytest.fixture(scope="module")
def update_server(start: Callable[..., Server]) -> Server:
    return start(w3c_quads(), KG_UPDATE_TOKEN=TOKEN)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_w3c_protocol(case: Case, request: pytest.FixtureRequest) -> None:
    server: Server = request.getfixturevalue(
        "update_server" if case.is_update else "query_server")
    for step in case.steps:
        headers = dict(step.headers)
        if case.is_update:
            headers["Authorization"] = f"Bearer {TOKEN}"
        path = step.path  # every path starts with /sparql/, which the server answers
        reply = http_request(step.method, server.base + path, step.body, headers)
        assert str(reply.status)[0] in step.statuses, (
            f"{case.name}: {step.method} {path} -> {reply.status} {reply.text[:300]}")
        if str(reply.status).startswith("2"):
            check_format(reply, step)
