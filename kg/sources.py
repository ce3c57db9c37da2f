"""Reading the source documents and what is known about them.

The texts are decoded from bytes without newline translation: every character offset in
the graph points into exactly these strings, so nothing may normalise them.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from dataclasses import asdict, dataclass
from pathlib import Path

METADATA = "sources.toml"
CHECKSUMS = "SHA256SUMS"


class SourceError(Exception):
    """A seed text or its metadata is missing, altered or inconsistent."""


@dataclass(frozen=True)
class SourceMeta:
    """One `[[source]]` table of seeds/sources.toml; see the comments at its top."""

    file: str
    headline: str
    publisher: str
    date_published: str
    language: str
    url: str = ""
    date_not_before: str = ""
    date_not_after: str = ""
    date_note: str = ""
    author: str = ""
    author_note: str = ""
    author_title: str = ""


@dataclass(frozen=True)
class Document:
    """A source text with its metadata; `doc_id` is the file stem, stable across builds."""

    doc_id: str
    text: str
    meta: SourceMeta
    sha256: str


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_metadata(seeds: Path) -> list[SourceMeta]:
    path = seeds / METADATA
    if not path.is_file():
        raise SourceError(f"{path} is missing: {seeds} is not a corpus folder (start one with "
                          f"`kg init {seeds}`, or name yours with --corpus / KG_CORPUS)")
    tables = tomllib.loads(path.read_text(encoding="utf-8")).get("source", [])
    try:
        return [SourceMeta(**table) for table in tables]
    except TypeError as err:
        raise SourceError(f"{path}: {err}") from err


def read_checksums(seeds: Path) -> dict[str, str]:
    """The manifest that guards the texts against any tool rewriting them."""
    path = seeds / CHECKSUMS
    if not path.is_file():
        raise SourceError(f"{path} is missing: run `kg add` or `sha256sum *.txt > {CHECKSUMS}`")
    sums = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            digest, name = line.split(maxsplit=1)
            sums[name.lstrip("*")] = digest
    return sums


def read_document(seeds: Path, meta: SourceMeta, expected_sha256: str | None,
                  text: bool = True) -> Document:
    path = seeds / meta.file
    if not path.is_file():
        raise SourceError(f"{path} is listed in {METADATA} but does not exist")
    data = path.read_bytes()
    digest = sha256_of(data)
    if expected_sha256 is None:
        raise SourceError(f"{path} has no line in {CHECKSUMS}")
    if digest != expected_sha256:
        raise SourceError(
            f"{path} does not match its checksum in {CHECKSUMS}: the text was altered "
            "(an editor or git may have rewritten line endings); restore it byte for byte"
        )
    decoded = data.decode("utf-8")
    return Document(doc_id=path.stem, text=decoded if text else "", meta=meta, sha256=digest)


def read_sources(seeds: Path, texts: bool = True) -> list[Document]:
    """Every document of seeds/, verified against the checksum manifest, in file order;
    with `texts=False`, checked but without their texts (a build reads each again when
    it is worked on, `with_text`, so the texts of a large corpus are never all in memory)."""
    metas = sorted(read_metadata(seeds), key=lambda m: m.file)
    sums = read_checksums(seeds)
    return [read_document(seeds, meta, sums.get(meta.file), texts) for meta in metas]


def with_text(seeds: Path, doc: Document) -> Document:
    """`doc` with its text, read again and checked against the checksum it was read with."""
    return doc if doc.text else read_document(seeds, doc.meta, doc.sha256)


def _toml_value(value: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(value, ensure_ascii=False)


def add_source(seeds: Path, text_file: Path, meta: SourceMeta) -> Document:
    """Copy a new text into seeds/ byte for byte, record its metadata and checksum.

    Nothing is overwritten: a file of the same name already in seeds/ is an error.
    """
    data = text_file.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise SourceError(f"{text_file} is not UTF-8 text: {err}") from err
    target = seeds / meta.file
    if target.exists():
        raise SourceError(f"{target} exists already: rename the new file")
    fields = {k: v for k, v in asdict(meta).items() if v}
    table = "\n[[source]]\n" + "".join(f"{k} = {_toml_value(v)}\n" for k, v in fields.items())
    digest = sha256_of(data)
    target.write_bytes(data)
    with (seeds / METADATA).open("a", encoding="utf-8") as f:
        f.write(table)
    with (seeds / CHECKSUMS).open("a", encoding="utf-8") as f:
        f.write(f"{digest}  {meta.file}\n")
    return Document(doc_id=target.stem, text=data.decode("utf-8"), meta=meta, sha256=digest)
