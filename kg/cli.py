"""The `kg` command: thin wrappers that parse flags, call one function and print.

Every flag can also come from a KG_* environment variable (click's `envvar`), so the
configuration is resolved here, once, and passed down as arguments. Every command works
on one corpus folder (`--corpus`, KG_CORPUS, default the current folder; see kg.config);
`--store` (KG_STORE) puts the store elsewhere than the corpus's `kg-store/`.

Exit codes: 0 done; 1 failed (nothing changed); 2 malformed query; 3 built or added, but
a document breaks a shape and is left out of the store (it is named, with the places).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg import __version__, config
from kg.build import BuildFailed, BuildResult, run_build
from kg.cli_link import link
from kg.cli_options import corpus_options
from kg.export import ExportError, export
from kg.reference import ReferenceError
from kg.sources import SourceError
from kg.store import StoreError

USER_ERRORS = (SourceError, ReferenceError, StoreError, ExportError)
DOCUMENTS_LEFT_OUT = 3


def _fail(message: str, code: int = 1) -> None:
    click.secho(f"error: {message}", fg="red", err=True)
    sys.exit(code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def main() -> None:
    """rskg: build, check, query and serve the Russia-in-Syria Knowledge Graph."""


def _print_summary(result: BuildResult) -> None:
    s = result.info.summary
    for doc_id, names in result.candidates.items():
        if names:
            click.echo(f"names left untyped in {doc_id} ({len(names)}): " + "; ".join(names))
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
        f"{s['triples']} triples, {s['milliseconds'] / 1000:.1f} s "
        f"({result.redone} documents extracted, the others' results reused)"
    )
    if result.skipped:
        click.echo("\n\n".join(result.skipped[k] for k in sorted(result.skipped)), err=True)
        click.secho(f"{len(result.skipped)} document(s) left out of the store, named above; "
                    "the others were built and are served.", fg="yellow", err=True)
        sys.exit(DOCUMENTS_LEFT_OUT)


ONTOLOGY_OPTION = click.option(
    "--ontology", type=click.Path(path_type=Path), envvar="KG_ONTOLOGY", default=None,
    show_envvar=True, help="A folder replacing the whole ontology (rskg.ttl, shapes.ttl …) "
    "[default: the package's, each file overridden by CORPUS/ontology/ when there].")


@main.command()
@corpus_options
@ONTOLOGY_OPTION
@click.option("--public-url", envvar="KG_PUBLIC_URL", default=config.DEFAULT_PUBLIC_URL,
              show_default=True, show_envvar=True,
              help="Where the graph will be served: the dataset description names its "
                   "SPARQL endpoint and downloads under it.")
@click.option("--workers", type=int, envvar="KG_BUILD_WORKERS", default=None,
              show_envvar=True, help="Processes for the per-document work [default: "
                                     "every core].")
@click.option("--scheduler", envvar="KG_SCHEDULER", default=None, show_envvar=True,
              metavar="tcp://HOST:PORT", help="Run the per-document work on this Dask "
                                               "cluster instead of the local cores.")
@click.option("--progress/--no-progress", default=None,
              help="A progress bar [default: on a terminal; log lines otherwise].")
def build(paths: config.Paths, ontology: Path | None, public_url: str, workers: int | None,
          scheduler: str | None, progress: bool | None) -> None:
    """Build the graph from the corpus, validate it, and swap it in atomically.

    Only documents whose text, metadata or shared inputs changed are extracted again."""
    paths = config.Paths(paths.store, paths.seeds, ontology, paths.corpus)
    try:
        result = run_build(paths, public_url=public_url, workers=workers,
                           scheduler=scheduler, progress=progress)
    except BuildFailed as err:
        click.echo(err.report.format(), err=True)
        _fail(f"{err}. The last good store in {paths.store} is still current.")
    except USER_ERRORS as err:
        _fail(str(err))
    else:
        _print_summary(result)


@main.command()
@corpus_options
@ONTOLOGY_OPTION
def validate(paths: config.Paths, ontology: Path | None) -> None:
    """Re-check the current store against the SHACL shapes."""
    from kg.check import check_store

    paths = config.Paths(paths.store, paths.seeds, ontology, paths.corpus)
    try:
        report = check_store(paths)
    except USER_ERRORS as err:
        _fail(str(err))
    if not report.conforms:
        click.echo(report.format(), err=True)
        _fail(f"{len(report.violations)} violation(s) in {paths.store}")
    click.echo(f"{paths.store}: conforms to {paths.shapes_file}")


@main.command()
@corpus_options
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "tsv"]),
              default="table", show_default=True)
@click.argument("sparql")
def query(paths: config.Paths, fmt: str, sparql: str) -> None:
    """Run a SPARQL query against the store (SPARQL may be '-' to read standard input)."""
    from kg.query import format_result, run_query

    text = sys.stdin.read() if sparql == "-" else sparql
    try:
        output = format_result(run_query(paths.store, text), fmt)
    except USER_ERRORS as err:
        _fail(str(err))
    except SyntaxError as err:
        _fail(f"malformed query: {err}", code=2)
    except (OSError, ValueError) as err:  # e.g. a SERVICE endpoint that cannot be reached
        _fail(f"the query failed: {err}")
    click.echo(output)


@main.command("export")
@corpus_options
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True)
@click.option("--format", "fmt", type=click.Choice(["trig", "nquads", "turtle", "ntriples",
                                                    "jsonld"]),
              help="Default: from the file's extension (.trig .nq .ttl .nt .jsonld).")
@click.option("--graph", default=None, metavar="IRI",
              help="Export only this named graph (e.g. one source document's).")
def export_command(paths: config.Paths, output: Path, fmt: str | None,
                   graph: str | None) -> None:
    """Write the dataset to a file (TriG/N-Quads/JSON-LD keep graphs; Turtle is the union).

    The same build always gives the same bytes."""
    try:
        used = export(paths.store, output, fmt, graph, paths.context_file)
    except USER_ERRORS as err:
        _fail(str(err))
    click.echo(f"wrote {output} ({used})")


@main.command()
@corpus_options
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
def serve(paths: config.Paths, **flags: object) -> None:
    """Serve the store over the SPARQL 1.1 Protocol (read-only) with a query page at /."""
    from server import serve as run_server
    from server.settings import Settings

    try:
        run_server(Settings.from_env(store=paths.store, examples_dir=paths.queries_dir,
                                     context_file=paths.context_file, **flags))
    except (StoreError, ValueError) as err:
        _fail(str(err))


@main.command()
@click.argument("text_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--headline", required=True)
@click.option("--publisher", required=True,
              help="The publisher: an entity of the reference data, by id (meduza, ecfr) or "
                   "name, or a new outlet's name as written (recorded in sources.toml; the "
                   "graph gives it as a media outlet awaiting review).")
@click.option("--date", "date_published", required=True,
              help="Publication date at its honest precision: YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--url", default="", help="Only where known; never guessed.")
@click.option("--language", default="en", show_default=True)
@click.option("--author", default="", help="The author's name, where the source names one.")
@corpus_options
def add(text_file: Path, paths: config.Paths, **fields: str) -> None:
    """Add a document to the corpus (copied byte for byte) and check it at once.

    Its extraction is validated as `kg build` will validate it, and what breaks a shape
    is reported (document, characters, rule); the result is kept for the next build."""
    from kg.corpus import check_document, record_publisher
    from kg.docbuild import format_problems
    from kg.sources import SourceMeta, add_source
    from kg.text.dates import parse_partial_date

    try:
        parse_partial_date(fields["date_published"])
        if (paths.seeds / text_file.name).exists():
            raise SourceError(f"{paths.seeds / text_file.name} exists already: rename the "
                              "new file")
        fields["publisher"], new = record_publisher(paths, fields["publisher"])
        if new:
            click.echo(f"new publisher {fields['publisher']!r}: recorded by name in "
                       f"{paths.seeds / 'sources.toml'}; the graph gives it as a media outlet "
                       f"awaiting review (curate it in {paths.own_file(config.ENTITIES)})")
        note = "" if fields["author"] else "None named in the metadata given to `kg add`."
        meta = SourceMeta(file=text_file.name, author_note=note, **fields)
        doc = add_source(paths.seeds, text_file, meta)
        result = check_document(paths, doc)
    except (*USER_ERRORS, ValueError) as err:
        _fail(str(err))
    if not result.ok:
        click.echo(format_problems(result, doc), err=True)
        click.secho(f"added {doc.doc_id} to {paths.seeds}, but `kg build` will leave it out "
                    "until the problems above are fixed", fg="yellow", err=True)
        sys.exit(DOCUMENTS_LEFT_OUT)
    click.echo(f"added {doc.doc_id} to {paths.seeds} and checked it: it conforms to the "
               "shapes; run `kg build` to include it")


@main.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--example", is_flag=True, help="With the two seed articles and their metadata.")
def init(folder: Path, example: bool) -> None:
    """Start a corpus folder: metadata, checksums and your own copy of the reference data."""
    from kg.corpus import init_corpus

    try:
        written = init_corpus(folder, example)
    except USER_ERRORS as err:
        _fail(str(err))
    click.echo(f"started a corpus in {folder} ({len(written)} files); next: "
               f"`kg add FILE --corpus {folder} …`, then `kg build --corpus {folder}`")


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
