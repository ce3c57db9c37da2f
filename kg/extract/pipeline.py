"""One document in, every finding out: claims, events, quantities and their dates.

The extractors are pure functions of the text, its entity mentions, the reference
entities and the cue words; this module only runs them in order and ties the results
together (quantities hang under the claim that states them). `load_cues` is the one
place that reads a file.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from kg.extract.claims import find_claims
from kg.extract.dates import find_date_phrases
from kg.extract.events import find_events
from kg.extract.findings import ClaimFinding, DatePhrase, DocumentExtraction, QuantityFinding
from kg.extract.mentions import Mention
from kg.extract.quantities import find_quantities
from kg.reference import Entity
from kg.text.dates import PartialDate

CUES_FILE = Path(__file__).parent / "cues.toml"


def load_cues(path: Path = CUES_FILE) -> dict[str, Any]:
    """The cue words of cues.toml as a plain dict."""
    with open(path, "rb") as f:
        return tomllib.load(f)


def outside_names(phrases: list[DatePhrase], mentions: Sequence[Mention]) -> list[DatePhrase]:
    """Drop dates that are part of a name ("September 11 attacks", "9/11").

    A bare year inside a name ("the 2011-2012 protests") still dates what it names.
    """
    return [
        p for p in phrases
        if p.date.precision == "year"
        or not any(m.start <= p.span[0] and p.span[1] <= m.end for m in mentions)
    ]


def _with_quantities(
    claims: list[ClaimFinding], quantities: list[QuantityFinding]
) -> list[ClaimFinding]:
    """Each quantity under every claim whose span contains it."""
    return [
        replace(c, quantities=tuple(
            q for q in quantities if c.span[0] <= q.span[0] and q.span[1] <= c.span[1]
        ))
        for c in claims
    ]


def extract_document(
    text: str,
    doc_date: PartialDate,
    doc_language: str,
    mentions: Sequence[Mention],
    entities: Sequence[Entity],
    cues: Mapping[str, Any],
) -> DocumentExtraction:
    """Claims (with their quantities), events and quantities of one document."""
    dates = outside_names(find_date_phrases(text, doc_date, cues), mentions)
    events = find_events(text, mentions, entities, dates)
    quantities = find_quantities(text, mentions, cues)
    claims = find_claims(text, mentions, entities, cues, doc_language)
    return DocumentExtraction(
        claims=tuple(_with_quantities(claims, quantities)),
        events=tuple(events),
        quantities=tuple(quantities),
    )
