"""The corpus folder: starting one (`kg init`), and what `kg add` records in it.

    CORPUS/
      sources.toml            what is known about each document ([[source]] tables)
      SHA256SUMS              the documents' checksums (they are kept byte for byte)
      *.txt                   the documents
      reference/              the user's curated reference data, over the package's:
        entities.toml           entities and events to link to (kg add adds publishers)
        wikidata_links.tsv      verified Wikidata links
        wikidata_cache.ttl      facts fetched by `kg link --refresh`
        wikidata_suggestions.tsv, wikidata_rejected.tsv   `kg link --suggest`, `--reject`
      ontology/ extract/      optional: a file here replaces the packaged file of the
                              same name (shapes.ttl, cues.toml …)
      kg-store/               the builds, the live one, the kept per-document results

`kg init` writes the reference data as the package ships it, so the user owns (and may
edit) a copy from the start; a corpus without `reference/` uses the package's.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from kg import config
from kg.docbuild import DocResult
from kg.reference import Entity, load_entities
from kg.sources import CHECKSUMS, METADATA, Document, SourceError, read_metadata

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
    """What sources.toml records as a document's publisher: the reference id when the
    corpus's reference data knows the outlet (by id, label or name, in any case), else the
    name as an earlier document of the corpus spells it, or as given. Nothing is written
    to the reference data: the build makes a new outlet a media outlet of the graph,
    awaiting review (kg/extract/new_entities.py), and a change of reference data would
    redo every document. Returns (what is recorded, whether the outlet is new)."""
    known = find_publisher(load_entities(paths.entities_file), name)
    if known is not None:
        return known, False
    if not name.strip():
        raise SourceError("the publisher needs a name")
    earlier = ([m.publisher for m in read_metadata(paths.seeds)]
               if (paths.seeds / METADATA).is_file() else [])
    same = next((p for p in earlier if p.casefold() == name.strip().casefold()), None)
    return same or name.strip(), same is None


def check_document(paths: config.Paths, doc: Document) -> DocResult:
    """Extract, map and validate one document now, as the build will (`kg add`); the
    result is kept, so the next build reuses it."""
    from kg import results
    from kg.docbuild import process
    from kg.inputs import load_context, read_inputs

    result = process(doc, load_context(read_inputs(paths)))
    results.save(paths.store, result)
    return result
