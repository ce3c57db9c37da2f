"""The plain records extraction hands to the RDF mapping (kg/rdf.py).

Every span is (start, end) in Unicode code points into the document text, end exclusive.
Entity and event ids are reference-data ids (kg/reference/entities.toml).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from kg.text.dates import PartialDate

Span = tuple[int, int]


@dataclass(frozen=True)
class QuantityFinding:
    """A number the text states, with its hedge and what it measures."""

    span: Span                    # the whole phrase: "as many as 6,000 fighters"
    value: int | Decimal          # 6000; decimals exact, never a float
    unit: str                     # "fighters", "years", "people", … (the counted noun)
    hedge: str                    # "exact" | "approximate" | "upper-bound" | "lower-bound"
    measures: str                 # what is counted, in the text's words
    about: tuple[str, ...] = ()   # entity ids the quantity concerns (e.g. "russia")


@dataclass(frozen=True)
class ClaimFinding:
    """A statement someone makes in the document.

    `claimant` is an entity id, or None for the document's own voice (its author).
    """

    span: Span                            # the exact text of the claim (schema:text)
    claimant: str | None
    kind: str                             # "direct-quote" | "paraphrase" | "document-voice"
    cue: Span | None = None               # the reporting cue: "writes", "according to"
    about: tuple[str, ...] = ()           # entity and event ids the claim concerns
    first_appeared_in: tuple[str, ...] = ()   # entity ids of where the claim first appeared
    venue_span: Span | None = None        # the text naming that venue ("an essay for Meduza …")
    quantities: tuple[QuantityFinding, ...] = ()


@dataclass(frozen=True)
class RoleFinding:
    """A role or affiliation the text gives a person: "a naval analyst at the … Institute"."""

    entity_id: str
    span: Span                    # the role phrase as written
    title: str                    # "naval analyst", "former defence attaché"
    affiliation: str | None = None  # entity id of the organization or state


@dataclass(frozen=True)
class DatePhrase:
    """A time expression resolved against the document's date."""

    span: Span                    # "Early Sunday morning", "at the end of September", "in 2015"
    date: PartialDate             # at the precision the phrase supports


@dataclass(frozen=True)
class EventFinding:
    """A mention of a real-world event (one resource per event, shared across documents)."""

    event_id: str                 # reference id (kg/reference/entities.toml, type Event)
    span: Span                    # the text that mentions it
    date_phrase: DatePhrase | None = None  # the date the text gives for it, if any
    actors: tuple[tuple[str, str], ...] = ()   # (entity id, role) the text names
    place: str | None = None      # entity id of where it happened, per the text


@dataclass(frozen=True)
class DocumentExtraction:
    """Everything found in one document beyond entity mentions."""

    claims: tuple[ClaimFinding, ...] = ()
    events: tuple[EventFinding, ...] = ()
    quantities: tuple[QuantityFinding, ...] = field(default=())
