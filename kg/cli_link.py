"""`kg link`: Wikidata link coverage, the cache refresh, QID suggestions, and a curator's
decisions on them (`--accept ENTITY QID`, `--reject ENTITY [QID]`: kg.wikidata.decide).

Registered on the `kg` group by kg/cli.py; kept in its own module so the Wikidata
options do not crowd the build commands. Messages go to stderr, results to stdout, so
`--format json` output can be piped.
"""

from __future__ import annotations

import os
import shutil
import sys
from contextlib import nullcontext
from datetime import UTC, datetime
from pathlib import Path

import click

from kg import config
from kg.cli_options import corpus_options
from kg.store import StoreError
from kg.wikidata import WIKIDATA_SPARQL, decide
from kg.wikidata.cache import CachedItem, cached_items, load_cache
from kg.wikidata.client import EndpointError, SparqlClient
from kg.wikidata.links import Resource, read_resources
from kg.wikidata.refresh import qids_to_refresh, refresh_cache
from kg.wikidata.render import (
    dumps,
    report_json,
    report_text,
    suggestions_json,
    suggestions_text,
)
from kg.wikidata.report import build_report
from kg.wikidata.suggest import Suggestion, suggest
from kg.wikidata.suggested import (
    Rejected,
    append_rejected,
    drop_suggested,
    from_suggestions,
    read_rejected,
    read_suggested,
    write_suggested,
)


def default_http_cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "rskg" / "wikidata-http"


def _fail(message: str) -> None:
    click.secho(f"error: {message}", fg="red", err=True)
    sys.exit(1)


def _client(endpoint: str, http_cache: Path | None) -> SparqlClient:
    def told_to_wait(seconds: float, why: str) -> None:
        click.echo(f"{endpoint}: {why}; waiting {seconds:.1f} s", err=True)

    return SparqlClient(endpoint, http_cache, on_wait=told_to_wait)


def _progress(length: int, label: str):  # click's ProgressBar type is private
    return click.progressbar(length=length, label=label, file=sys.stderr, show_pos=True)


def _refresh(resources: list[Resource], client: SparqlClient, cache: Path) -> None:
    qids = qids_to_refresh(resources)
    with _progress(len(qids), "Wikidata facts") as bar:
        result = refresh_cache(resources, client, cache, progress=bar.update)
    s = client.stats
    click.echo(f"cache {cache}: {len(result.records)} items taken from {client.endpoint} "
               f"({len(result.empty)} for which it returned nothing); {s.sent} requests "
               f"sent, {s.from_cache} answered from the HTTP cache, "
               f"{len(s.waits)} waits ({sum(s.waits):.1f} s)", err=True)


def _today() -> str:
    return datetime.now(UTC).date().isoformat()


def _suggest(paths: config.Paths, resources: list[Resource], cached: dict[str, CachedItem],
             client: SparqlClient | None) -> list[Suggestion]:
    """Candidates for every unlinked resource but those a curator rejected, also written
    to the corpus's suggestions file (for the next build and --accept)."""
    rejected = read_rejected(paths.own_file(config.REJECTED))
    open_ = [r for r in resources if not any(x.entity == r.iri and not x.qid for x in rejected)]
    names = {n for r in open_ if not r.qids for n in r.names}
    bar = _progress(len(names), "name look-ups") if client else nullcontext()
    with bar as b:
        found, note = suggest(open_, cached, client, b.update if b else None)
    kept = from_suggestions(found, rejected, _today())
    found = [Suggestion(s.resource, tuple(c for c in s.candidates if any(
        k.entity == s.resource.iri and k.qid == c.qid for k in kept))) for s in found]
    target = paths.own_file(config.SUGGESTED)
    write_suggested(target, kept)
    click.echo(f"suggestions: {note}; {len(kept)} candidates written to {target} "
               "(shown on /review after the next kg build)", err=True)
    return found


def _decide(paths: config.Paths, resources: list[Resource], cached: dict[str, CachedItem],
            accept: bool, arguments: tuple[str, ...], unsuggested: bool, note: str) -> None:
    """--accept ENTITY QID or --reject ENTITY [QID], into the corpus's reference data."""
    wanted = "ENTITY QID" if accept else "ENTITY [QID]"
    if not arguments or len(arguments) > 2 or (accept and len(arguments) != 2):
        _fail(f"--{'accept' if accept else 'reject'} takes {wanted}")
    suggested = paths.own_file(config.SUGGESTED)
    try:
        r = decide.resolve(resources, arguments[0])
        qid = decide.check_qid(arguments[1]) if len(arguments) == 2 else ""
        if accept:
            chosen = decide.candidate(r, qid, read_suggested(suggested), unsuggested)
            done = decide.accept(paths, r, qid, chosen, cached.get(qid), _today())
            drop_suggested(suggested, r.iri)
            click.echo(f"accepted: {done.summary}; written to "
                       f"{', '.join(str(f) for f in done.files)}. Run `kg build` to link it.")
            return
    except decide.DecisionError as err:
        _fail(str(err))
    target = paths.own_file(config.REJECTED)
    append_rejected(target, Rejected(r.iri, qid, _today(), note))
    dropped = drop_suggested(suggested, r.iri, qid)
    what = f"candidate {qid} of {r.short}" if qid else f"every candidate of {r.short}"
    click.echo(f"rejected: {what} (recorded in {target}; {dropped} suggestions withdrawn). "
               "Run `kg build` to update /review.")


@click.command("link")
@corpus_options
@click.option("--refresh", is_flag=True,
              help="Take the facts about every linked and candidate QID from the endpoint "
                   "into the cache first.")
@click.option("--suggest", "do_suggest", is_flag=True,
              help="Propose QIDs for unlinked resources (from the cache, and the endpoint "
                   "if reachable). Writes nothing.")
@click.option("--endpoint", default=WIKIDATA_SPARQL, envvar="KG_WIKIDATA_ENDPOINT",
              show_default=True, show_envvar=True,
              help="Wikidata-compatible SPARQL endpoint; '' keeps --suggest offline.")
@click.option("--cache", type=click.Path(path_type=Path), default=None,
              help="The Wikidata cache (Turtle) that the build loads [default: "
                   "CORPUS/reference/wikidata_cache.ttl; read from the package's until "
                   "--refresh writes the corpus's own].")
@click.option("--http-cache", type=click.Path(path_type=Path), default=None,
              envvar="KG_WIKIDATA_HTTP_CACHE", show_envvar=True,
              help="Directory of the on-disk HTTP cache [default: $XDG_CACHE_HOME/rskg/"
                   "wikidata-http]; '' disables it.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True)
@click.option("--accept", is_flag=True,
              help="kg link --accept ENTITY QID: link the entity to the item in the corpus's "
                   "reference data (entities.toml, wikidata_links.tsv); the next kg build "
                   "asserts owl:sameAs.")
@click.option("--reject", is_flag=True,
              help="kg link --reject ENTITY [QID]: record that the candidate (without QID: "
                   "every candidate) is wrong, in reference/wikidata_rejected.tsv.")
@click.option("--unsuggested", is_flag=True,
              help="With --accept: take a QID that kg link --suggest did not propose.")
@click.option("--note", default="", help="With --reject: why (kept in the file).")
@click.argument("decision", nargs=-1)
def link(paths: config.Paths, refresh: bool, do_suggest: bool, endpoint: str,
         cache: Path | None, http_cache: Path | None, fmt: str, accept: bool, reject: bool,
         unsuggested: bool, note: str, decision: tuple[str, ...]) -> None:
    """Report Wikidata link coverage: linked, unlinked and suspicious resources; propose
    candidates (--suggest); record a curator's decision (--accept, --reject)."""
    if decision and not (accept or reject):
        _fail(f"unexpected argument {decision[0]!r} (ENTITY and QID go with --accept or "
              "--reject)")
    if accept and reject:
        _fail("--accept or --reject, not both")
    store = paths.store
    if cache is None:  # written into the corpus, never into the package
        cache = paths.own_file(config.WIKIDATA_CACHE) if refresh else paths.wikidata_cache_file
        if refresh and not cache.is_file():  # start from what the build reads now
            cache.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(paths.wikidata_cache_file, cache)
    try:
        resources = read_resources(store)
    except StoreError as err:
        _fail(str(err))
    if http_cache is None:
        http_cache = default_http_cache()
    http_dir = http_cache if str(http_cache) not in ("", ".") else None
    client = _client(endpoint, http_dir) if endpoint else None
    if refresh and client is None:
        _fail("--refresh needs an --endpoint")
    try:
        if refresh and client is not None:
            _refresh(resources, client, cache)
        cached = cached_items(load_cache(cache))
        if accept or reject:
            _decide(paths, resources, cached, accept, decision, unsuggested, note)
            return
        found = _suggest(paths, resources, cached, client) if do_suggest else None
    except EndpointError as err:
        _fail(f"{err}. The cache {cache} was not changed.")
    finally:
        if client:
            client.close()
    report = build_report(resources, cached)
    if fmt == "json":
        data = report_json(report, str(store), str(cache))
        if found is not None:
            data["suggestions"] = suggestions_json(found)
        click.echo(dumps(data))
        return
    click.echo(report_text(report, str(store), str(cache)))
    if found is not None:
        click.echo("\n" + suggestions_text(found))
