"""The pieces that need no server: settings, the tokenizer, the guard, negotiation, updates."""

from __future__ import annotations

from pathlib import Path

import pytest
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from server.asgi import HEAD_BUFFER, granian_server
from server.errors import NotAcceptable, Refused, UriTooLong
from server.formats import GRAPHS, RESULTS, negotiate
from server.guard import check_get_length, inspect
from server.settings import WIKIDATA_SPARQL, Settings
from server.tokens import tokenize
from server.updates import with_using

ALLOW = (WIKIDATA_SPARQL,)


def test_settings_defaults() -> None:
    settings = Settings.from_env({})
    assert settings.query_timeout == 30
    assert settings.service_allow == (WIKIDATA_SPARQL,)
    assert settings.update_token is None and not settings.updates_enabled


def test_settings_env_then_overrides() -> None:
    env = {"KG_STORE": "/data/kg", "KG_PORT": "9000", "KG_QUERY_TIMEOUT": "2.5",
           "KG_SERVICE_ALLOW": "", "KG_UPDATE_TOKEN": "t", "KG_CORS_ORIGIN": ""}
    settings = Settings.from_env(env, port=9100, host=None)
    assert settings.store == Path("/data/kg")
    assert settings.port == 9100  # the flag wins over the variable
    assert settings.host == "127.0.0.1"  # None means "flag not given"
    assert settings.query_timeout == 2.5
    assert settings.service_allow == ()
    assert settings.updates_enabled and settings.cors_origin == ""


def test_settings_reject_nonsense() -> None:
    with pytest.raises(ValueError, match="query_timeout"):
        Settings.from_env({}, query_timeout=0)
    with pytest.raises(TypeError, match="unknown setting"):
        Settings.from_env({}, colour="red")


def test_granian_options() -> None:
    server = granian_server(Settings.from_env({}, port=8123, client_timeout=4))
    assert server.bind_port == 8123 and server.workers == 1
    assert server.http1_settings.header_read_timeout == 4000  # slow heads: 408 after 4 s
    assert server.http1_settings.max_buffer_size == HEAD_BUFFER  # bigger heads: 431


def test_tokenizer_skips_strings_comments_and_iris() -> None:
    text = 'SELECT * { ?s <http://x/SERVICE> "SERVICE {" } # SERVICE <x>\n'
    words = [t.text for t in tokenize(text) if t.kind == "name"]
    assert words == ["SELECT"]


def test_tokenizer_prefixed_name_does_not_eat_the_final_dot() -> None:
    tokens = [t.text for t in tokenize("?s ex:p ex:o.")]
    assert tokens == ["?s", "ex:p", "ex:o", "."]


@pytest.mark.parametrize("query", [
    "SELECT * { SERVICE <http://evil/> { ?s ?p ?o } }",
    "SELECT * { SERVICE SILENT <http://evil/> { } }",
    "SELECT * { SERVICE ?endpoint { } }",
    "PREFIX w: <https://query.wikidata.org/> SELECT * { SERVICE w:other { } }",
    "SELECT * { SERVICE <https://query.wikidata.org/sparq\\u006C2> { } }",
])
def test_service_off_the_list_is_refused(query: str) -> None:
    with pytest.raises(Refused, match="SERVICE"):
        inspect(query, ALLOW)


@pytest.mark.parametrize("query", [
    f"SELECT * {{ SERVICE <{WIKIDATA_SPARQL}> {{ ?s ?p ?o }} }}",
    "PREFIX w: <https://query.wikidata.org/> SELECT * { SERVICE SILENT w:sparql { } }",
    "SELECT * { SERVICE <https://query.wikidata.org/sparq\\u006C> { } }",
])
def test_service_on_the_list_passes(query: str) -> None:
    assert inspect(query, ALLOW).services == [WIKIDATA_SPARQL]


def test_empty_allow_list_disables_service() -> None:
    with pytest.raises(Refused, match="disabled"):
        inspect(f"SELECT * {{ SERVICE <{WIKIDATA_SPARQL}> {{ }} }}", ())


def test_load_is_refused_even_in_a_longer_update() -> None:
    with pytest.raises(Refused, match="LOAD"):
        inspect("CLEAR ALL ; load <http://example.org/x>", ALLOW, update=True)


def test_nesting_and_chains_are_refused() -> None:
    with pytest.raises(Refused, match="nests"):
        inspect("SELECT * " + "{" * 101 + "}" * 101, ALLOW)
    with pytest.raises(Refused, match="chains"):
        inspect("SELECT * { ?s <p>" + "/<p>" * 400 + " ?o }", ALLOW)
    assert inspect("SELECT * " + "{" * 50 + "}" * 50, ALLOW).form == "SELECT"


def test_from_is_detected_but_not_in_a_string_or_a_name() -> None:
    assert inspect("SELECT * FROM <urn:g> { ?s ?p ?o }", ALLOW).has_from
    assert not inspect('SELECT ?from { ?from ex:from "FROM" }', ALLOW).has_from


def test_get_length() -> None:
    check_get_length(100, 100)
    with pytest.raises(UriTooLong, match="POST"):
        check_get_length(101, 100)


def _accept(header: str) -> MIMEAccept:
    return parse_accept_header(header, MIMEAccept)


def test_negotiation() -> None:
    assert negotiate(RESULTS, _accept(""), None).name == "json"
    assert negotiate(RESULTS, _accept("*/*"), None).name == "json"
    assert negotiate(RESULTS, _accept("text/csv;q=0.5, text/tab-separated-values"),
                     None).name == "tsv"
    assert negotiate(GRAPHS, _accept("application/json;q=0, */*"), None).name == "turtle"
    assert negotiate(GRAPHS, _accept("text/html"), "ttl").name == "turtle"
    # unknown format= names (SPARQLWrapper sends its own) are left to Accept
    assert negotiate(RESULTS, _accept("*/*"), "bogus-from-a-client").name == "json"
    with pytest.raises(NotAcceptable):
        negotiate(RESULTS, _accept("text/turtle"), None)
    with pytest.raises(NotAcceptable):
        negotiate(GRAPHS, _accept("*/*"), "csv")


def test_using_is_written_before_each_where() -> None:
    text = "INSERT { ?s a <urn:t> } WHERE { { SELECT ?s WHERE { ?s ?p ?o } } } ; " \
           "DELETE WHERE { ?s ?p ?o }"
    out = with_using(text, ("urn:g1",), ("urn:g2",))
    assert out.count("USING <urn:g1> USING NAMED <urn:g2> WHERE") == 1
    assert "DELETE WHERE" in out


def _corpus() -> list[str]:
    """Every query the project ships, the benchmark's, and ones written to trip a screen."""
    root = Path(__file__).resolve().parents[2]
    files = [*root.glob("ontology/queries/*.rq"), *root.glob("bench/queries/*/*.rq")]
    shipped = [f.read_text(encoding="utf-8").replace("$ENTITY", "urn:e") for f in files]
    tricky = [
        "ASK {}", "select * { ?s ?p ?o }", "PREFIX : <urn:x#> SELECT * { :a :b :c }",
        "# a comment\nPREFIX ex: <urn:ex/> BASE <urn:b/> DESCRIBE ex:x",
        "PREFIX ex:<urn:ex/>\nCONSTRUCT WHERE { ?s ex:p ?o }",
        'SELECT * { ?s ?p "from" }', "SELECT * { ?s <urn:service> ?o }",
        "SELECT (NOW() AS ?t) {}", "SELECT (STRUUID() AS ?t) {}", "SELECT * FROM <urn:g> {}",
        "SELECT * { SERVICE <urn:s> {} }", "PREFIX é: <urn:x> SELECT * {}",
        "PREFIX _x: <urn:x> SELECT * {}", "SELECT * " + "{" * 99 + "}" * 99,
        "SELECT * " + "{" * 101 + "}" * 101, "SELECT * { ?s <p>" + "/<p>" * 400 + " ?o }",
        "PREFIX p: <urn:a\\u0041> SELECT * {}", "SELECT * { << ?s ?p ?o >> ?q ?r }",
        "PREFIX ask: <urn:a> SELECT * { ask:x ask:y ask:z }", "SELECT?x{?x ?y ?z}",
        "ASK{}", "select:x", "DESCRIBE <urn:x>", "PREFIX a.b: <urn:ab> ASK { a.b:c ?p ?o }",
    ]
    return shipped + tricky


@pytest.mark.parametrize("query", _corpus())
def test_the_screen_reports_what_the_tokenizer_would(query: str) -> None:
    try:
        expected = inspect(query, ALLOW, screen=False)
    except Refused:
        expected = None
    try:
        screened = inspect(query, ALLOW)
    except Refused:
        screened = None
    assert screened == expected


def test_the_screen_takes_plain_queries_and_leaves_the_rest() -> None:
    from server.guard import _screen

    assert _screen("PREFIX ex: <urn:ex/> SELECT * { ?s ex:p ?o }") is not None
    for query in ("SELECT * FROM <urn:g> {}", "SELECT * { ?s <urn:Service> ?o }",
                  "SELECT * " + "{" * 101 + "}" * 101, "SELECT * { ?s ?p 'é' }"):
        assert _screen(query) is None, query


def test_the_screen_reads_past_comments_in_the_prologue() -> None:
    from server.guard import _screen

    query = "# filled in from the graph\nPREFIX ex: <urn:load/from/> SELECT * { ?s ex:p ?o }"
    assert _screen(query) == inspect(query, ALLOW, screen=False)
    assert _screen(query + " # from here") is None
