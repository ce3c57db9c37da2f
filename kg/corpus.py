"""The corpus folder: starting one (`kg init`), and what `kg add` records in it.

    CORPUS/
      sources.toml            what is known about each document ([[source]] tables)
      SHA256SUMS              the documents' checksums (they are kept byte for byte)
      *.txt                   the documents
      reference/              the user's curated reference data, over the package's:
        entities.toml           entities and events to link to (kg add adds publishers)
        wikidata_links.tsv      verified Wikidata links
        wikidata_cache.ttl      facts fetched by `kg link --refresh`
      ontology/ extract/      optional: a file here replaces the packaged file of the
                              same name (shapes.ttl, cues.toml …)
      kg-store/               the builds, the live one, the kept per-document results

`kg init` writes the reference data as the package ships it, so the user owns (and may
edit) a copy from the start; a corpus without `reference/` uses the package's.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from kg import config
from kg.docbuild import DocResult
from kg.reference import Entity, load_entities
from kg.sources import CHECKSUMS, METADATA, Document, SourceError

EXAMPLE = config.PACKAGE_DIR / "example"  # the repository's seeds/, shipped as the example
REFERENCE_FILES = (config.ENTITIES, config.WIKIDATA_LINKS)
METADATA_HEADER = """\
# What is known about each document of this corpus: one [[source]] table per text.
# Fields: file, headline, publisher (id of an entity of reference/entities.toml),
# date_published (YYYY, YYYY-MM or YYYY-MM-DD), language, and where known: url,
# author, author_title, author_note, date_note, date_not_before, date_not_after.
# Add documents with `kg add FILE --headline … --publisher … --date …`.
"""
GITIGNORE = "kg-store/\n"


def init_corpus(folder: Path, example: bool = False) -> list[Path]:
    """Start a corpus in `folder` (new or empty); return the files written."""
    if folder.exists() and any(folder.iterdir()):
        raise SourceError(f"{folder} is not empty: `kg init` starts a corpus in a new folder")
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for relative in REFERENCE_FILES:
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(config.packaged(relative), target)
        written.append(target)
    if example:
        for name in (METADATA, CHECKSUMS, *(p.name for p in sorted(EXAMPLE.glob("*.txt")))):
            shutil.copyfile(EXAMPLE / name, folder / name)
            written.append(folder / name)
    else:
        (folder / METADATA).write_text(METADATA_HEADER, encoding="utf-8")
        (folder / CHECKSUMS).write_text("", encoding="utf-8")
        written += [folder / METADATA, folder / CHECKSUMS]
    (folder / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
    return written


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "publisher"


def find_publisher(entities: tuple[Entity, ...], given: str) -> str | None:
    """The id of the entity `given` names: its id, or its label or a name (any case)."""
    if any(e.id == given for e in entities):
        return given
    wanted = given.casefold()
    for e in entities:
        if wanted in {n.casefold() for n in (e.label, *e.names, *e.aliases)}:
            return e.id
    return None


def record_publisher(paths: config.Paths, name: str) -> tuple[str, bool]:
    """The id of the publisher `name`; a new one is added to the corpus's reference data
    as a MediaOutlet with its name and nothing else (no URL, no QID: none is known).
    Returns (id, whether it was added)."""
    entities = load_entities(paths.entities_file)
    known = find_publisher(entities, name)
    if known is not None:
        return known, False
    if not name.strip():
        raise SourceError("the publisher needs a name")
    own = paths.own_file(config.ENTITIES)
    if not own.is_file():  # start the corpus's own copy from the package's
        own.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(paths.entities_file, own)
    ids = {e.id for e in entities}
    slug = base = _slug(name)
    counter = 2
    while slug in ids:
        slug, counter = f"{base}-{counter}", counter + 1
    label = name.strip().replace("\\", "\\\\").replace('"', '\\"')
    with own.open("a", encoding="utf-8") as f:
        f.write(f'\n[[entity]]  # added by `kg add` as the publisher of a document\n'
                f'id = "{slug}"\nlabel = "{label}"\ntype = "MediaOutlet"\n'
                f'names = ["{label}"]\n')
    load_entities(own)  # still well-formed
    return slug, True


def check_document(paths: config.Paths, doc: Document) -> DocResult:
    """Extract, map and validate one document now, as the build will (`kg add`); the
    result is kept, so the next build reuses it."""
    from kg import results
    from kg.docbuild import process
    from kg.inputs import load_context, read_inputs

    result = process(doc, load_context(read_inputs(paths)))
    results.save(paths.store, result)
    return result
