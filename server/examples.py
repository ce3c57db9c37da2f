"""The query page's gallery: example queries read from `ontology/queries/*.rq`.

Each file opens with `# title: ...` and `# comment: ...` lines; the rest is the query.
The files are the project's competency questions, so the examples are the queries the
project already checks, and a new question appears on the page without touching code.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Example:
    name: str
    title: str
    comment: str
    query: str


def load_examples(folder: Path) -> list[Example]:
    if not folder.is_dir():
        return []
    return [_example(path) for path in sorted(folder.glob("*.rq"))]


def _example(path: Path) -> Example:
    text = path.read_text(encoding="utf-8")
    fields = {"title": path.stem.replace("-", " "), "comment": ""}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        key, sep, value = line.lstrip("# ").partition(":")
        if sep and key.strip().lower() in fields:
            fields[key.strip().lower()] = value.strip()
    return Example(path.stem, fields["title"], fields["comment"], text)
