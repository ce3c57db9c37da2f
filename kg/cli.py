"""The `kg` command: thin wrappers that parse flags, call one function and print.

Every flag can also come from a KG_* environment variable (click's `envvar`), so the
configuration is resolved here, once, and passed down as arguments.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg import __version__, config
from kg.build import BuildFailed, BuildResult, run_build
from kg.cli_link import link
from kg.export import ExportError, export
from kg.reference import ReferenceError
from kg.sources import SourceError
from kg.store import StoreError

STORE_OPTION = click.option(
    "--store", type=click.Path(path_type=Path), envvar="KG_STORE",
    default=config.DEFAULT_STORE, show_default=True, show_envvar=True,
    help="Store directory (several can live side by side).",
)
USER_ERRORS = (SourceError, ReferenceError, StoreError, ExportError)


def _fail(message: str, code: int = 1) -> None:
    click.secho(f"error: {message}", fg="red", err=True)
    sys.exit(code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def main() -> None:
    """rskg: build, check, query and serve the Russia-in-Syria Knowledge Graph."""


def _print_summary(result: BuildResult) -> None:
    s = result.info.summary
    for doc_id, found in result.candidates.items():
        if found:
            names = sorted({c.text for c in found})
            click.echo(f"names left untyped in {doc_id} ({len(found)}): " + "; ".join(names))
    click.echo(
        f"built {result.info.build_id}: {s['documents']} documents, "
        f"{s['entities']} entities ({s['entities_linked']} linked to Wikidata, "
        f"{s['entities_reference_only']} curated without a link, "
        f"{s['entities_extracted']} extracted from the texts and awaiting review), "
        f"{s['reference_events']} reference events, {s['events_reported']} events reported "
        f"in the texts, {s['mentions']} mentions, {s['unlinked_candidates']} names left untyped, "
        f"{s['claims_attributed'] + s['claims_own_voice']} claims "
        f"({s['claims_attributed']} attributed, {s['claims_own_voice']} in the document's voice), "
        f"{s['events']} events ({s['event_mentions']} mentions), {s['quantities']} quantities, "
        f"{s['triples']} triples, {s['milliseconds'] / 1000:.1f} s"
    )


@main.command()
@STORE_OPTION
@click.option("--seeds", type=click.Path(path_type=Path), envvar="KG_SEEDS",
              default=config.DEFAULT_SEEDS, show_default=True, show_envvar=True,
              help="Folder of source texts, sources.toml and SHA256SUMS.")
@click.option("--ontology", type=click.Path(path_type=Path), envvar="KG_ONTOLOGY",
              default=config.DEFAULT_ONTOLOGY, show_default=True, show_envvar=True,
              help="Folder holding rskg.ttl and shapes.ttl.")
@click.option("--public-url", envvar="KG_PUBLIC_URL", default=config.DEFAULT_PUBLIC_URL,
              show_default=True, show_envvar=True,
              help="Where the graph will be served: the dataset description names its "
                   "SPARQL endpoint and downloads under it.")
def build(store: Path, seeds: Path, ontology: Path, public_url: str) -> None:
    """Build the graph from the seeds, validate it, and swap it in atomically."""
    try:
        paths = config.Paths(store=store, seeds=seeds, ontology=ontology)
        result = run_build(paths, public_url=public_url)
    except BuildFailed as err:
        click.echo(err.report.format(), err=True)
        _fail(f"{err}. The last good store in {store} is still current.")
    except USER_ERRORS as err:
        _fail(str(err))
    else:
        _print_summary(result)


@main.command()
@STORE_OPTION
@click.option("--ontology", type=click.Path(path_type=Path), envvar="KG_ONTOLOGY",
              default=config.DEFAULT_ONTOLOGY, show_default=True, show_envvar=True)
def validate(store: Path, ontology: Path) -> None:
    """Re-check the current store against the SHACL shapes."""
    from kg.check import check_store

    try:
        report = check_store(config.Paths(store=store, ontology=ontology))
    except USER_ERRORS as err:
        _fail(str(err))
    if not report.conforms:
        click.echo(report.format(), err=True)
        _fail(f"{len(report.violations)} violation(s) in {store}")
    click.echo(f"{store}: conforms to {ontology / config.SHAPES_FILE}")


@main.command()
@STORE_OPTION
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "tsv"]),
              default="table", show_default=True)
@click.argument("sparql")
def query(store: Path, fmt: str, sparql: str) -> None:
    """Run a SPARQL query against the store (SPARQL may be '-' to read standard input)."""
    from kg.query import format_result, run_query

    text = sys.stdin.read() if sparql == "-" else sparql
    try:
        output = format_result(run_query(store, text), fmt)
    except USER_ERRORS as err:
        _fail(str(err))
    except SyntaxError as err:
        _fail(f"malformed query: {err}", code=2)
    except (OSError, ValueError) as err:  # e.g. a SERVICE endpoint that cannot be reached
        _fail(f"the query failed: {err}")
    click.echo(output)


@main.command("export")
@STORE_OPTION
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True)
@click.option("--format", "fmt", type=click.Choice(["trig", "nquads", "turtle", "ntriples",
                                                    "jsonld"]),
              help="Default: from the file's extension (.trig .nq .ttl .nt .jsonld).")
@click.option("--graph", default=None, metavar="IRI",
              help="Export only this named graph (e.g. one source document's).")
def export_command(store: Path, output: Path, fmt: str | None, graph: str | None) -> None:
    """Write the dataset to a file (TriG/N-Quads/JSON-LD keep graphs; Turtle is the union).

    The same build always gives the same bytes."""
    try:
        used = export(store, output, fmt, graph)
    except USER_ERRORS as err:
        _fail(str(err))
    click.echo(f"wrote {output} ({used})")


@main.command()
@click.option("--store", type=click.Path(path_type=Path), default=None,
              help="Store directory [env KG_STORE; default: kg-store]")
@click.option("--host", default=None, help="Interface to listen on [env KG_HOST; 127.0.0.1]")
@click.option("--port", type=int, default=None, help="Port [env KG_PORT; 8000]")
@click.option("--query-timeout", type=float, default=None,
              help="Seconds a query may run before a 503 [env KG_QUERY_TIMEOUT; 30]")
@click.option("--row-cap", type=int, default=None,
              help="Most result rows returned, signalled when hit [env KG_ROW_CAP; 100000]")
@click.option("--workers", type=int, default=None,
              help="Query executor processes: each runs one query at a time and a runaway "
                   "holds one until its time limit [env KG_WORKERS; 4 per CPU, 8 to 32]")
@click.option("--service-allow", default=None,
              help="SERVICE endpoints allowed, comma-separated; empty disables "
                   "[env KG_SERVICE_ALLOW; https://query.wikidata.org/sparql]")
@click.option("--update-token", default=None,
              help="Accept SPARQL updates bearing this token [env KG_UPDATE_TOKEN; none]")
@click.option("--cache-bytes", type=int, default=None,
              help="Cache of recent answers in the server process, in bytes; 0 disables "
                   "[env KG_CACHE_BYTES; 64 MiB]")
def serve(**flags: object) -> None:
    """Serve the store over the SPARQL 1.1 Protocol (read-only) with a query page at /."""
    from server import serve as run_server
    from server.settings import Settings

    try:
        run_server(Settings.from_env(**flags))
    except (StoreError, ValueError) as err:
        _fail(str(err))


@main.command()
@click.argument("text_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--headline", required=True)
@click.option("--publisher", required=True,
              help="The publisher: an id of the reference data (e.g. meduza, ecfr) or the "
                   "outlet's name as written (\"Harbour Review\"); a new outlet needs no "
                   "reference entry.")
@click.option("--date", "date_published", required=True,
              help="Publication date at its honest precision: YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--url", default="", help="Only where known; never guessed.")
@click.option("--language", default="en", show_default=True)
@click.option("--author", default="", help="The author's name, where the source names one.")
@click.option("--seeds", type=click.Path(path_type=Path), envvar="KG_SEEDS",
              default=config.DEFAULT_SEEDS, show_default=True, show_envvar=True)
def add(text_file: Path, seeds: Path, **fields: str) -> None:
    """Add a document to the seeds (copied byte for byte); `kg build` then includes it."""
    from kg.sources import SourceMeta, add_source
    from kg.text.dates import parse_partial_date

    try:
        parse_partial_date(fields["date_published"])
        if not fields["publisher"].strip():
            raise SourceError("--publisher is empty: give the outlet's name or reference id")
        note = "" if fields["author"] else "None named in the metadata given to `kg add`."
        meta = SourceMeta(file=text_file.name, author_note=note, **fields)
        doc = add_source(seeds, text_file, meta)
    except (*USER_ERRORS, ValueError) as err:
        _fail(str(err))
    click.echo(f"added {doc.doc_id} to {seeds}; run `kg build` to include it")


@main.command()
@click.argument("old", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("new", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--show", type=int, default=0, show_default=True,
              help="Also print up to this many added and removed quads per graph.")
def diff(old: Path, new: Path, show: int) -> None:
    """Report what changed between two exports: quads added and removed per graph."""
    from kg.diff import diff_files, format_diff

    try:
        changes = diff_files(old, new)
    except (ExportError, SyntaxError, ValueError) as err:
        _fail(str(err))
    click.echo(format_diff(changes, show))


main.add_command(link)
