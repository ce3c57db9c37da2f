"""Time expressions resolved against the document's date.

A news text dates events relative to its own publication: "Early Sunday morning" in an
article of Tuesday 2024-12-10 is Sunday 2024-12-08; "at the end of September" in a 2015
text is 2015-09. Each phrase gets the precision it supports and no more. Rules:
- a weekday is the most recent such day on or before the document date (only when the
  document's day is known), or the next one when the sentence speaks of the future
  before it ("will leave on Monday"; cues.toml future_markers);
- a month (or day and month) without a year is the most recent one not after the
  document date (the first not before it, in the future); when only the document's year
  is known, that year;
- "N days/years before/after" is counted from another date in the same sentence
  ("on 28 September, two days before …"; "Early Sunday morning …, 24 years after …");
- "last week"/"last year" and the like are offsets from the document date, at the
  coarsest calendar unit that still contains the whole period;
- a time of day opening a line ("14:32 GMT –", the entries of a live page) is the
  document's day.
Word lists come from cues.toml ([time], [quantities.number_words]).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from kg.extract.findings import DatePhrase
from kg.text.dates import PartialDate, parse_partial_date
from kg.text.sentences import paragraphs, sentences

_DEFAULT_TIME = {
    "months": [m.lower() for m in calendar.month_name[1:]],
    "month_abbreviations": [],
    "weekdays": [d.lower() for d in calendar.day_name],
    "modifiers": ["on", "in", "since", "early", "late", "at the end of"],
    "day_parts": ["morning", "evening"],
    "relative": {},
    "units": {"day": "days", "days": "days", "year": "years", "years": "years"},
}


def _alt(words: list[str]) -> str:
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


def _cap(words: list[str]) -> str:
    """Names of months and days are capitalised in English: match them only so ("May")."""
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(w[:1].upper() + w[1:]) for w in ordered)


class _Patterns:
    """The compiled regular expressions of one cue set."""

    def __init__(self, time: Mapping[str, Any], number_words: Mapping[str, int],
                 speech: list[str] | None = None) -> None:
        self.months = {m: i + 1 for i, m in enumerate(time["months"])}
        for abbr in time.get("month_abbreviations", []):
            full = next((m for m in self.months if m.startswith(abbr[:3])), None)
            if full:
                self.months[abbr] = self.months[full]
        self.weekdays = {d: i for i, d in enumerate(time["weekdays"])}
        self.relative = dict(time.get("relative", {}))
        self.units = dict(time.get("units", {}))
        self.number_words = {k.lower(): int(v) for k, v in number_words.items()}
        mon, day = _cap(list(self.months)), _cap(list(self.weekdays))
        mod = rf"(?:(?i:{_alt(time['modifiers'])})[\s\-]+)?"
        parts = _alt(time.get("day_parts", []))
        year = r"(?<![\d,.$/])(1[89]\d\d|20\d\d)(?![\d%/]|,\d)"
        self.full = re.compile(
            rf"{mod}(?:(\d{{1,2}})\s+({mon})|({mon})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?)"
            rf"(?:,?\s+(\d{{4}}))?(?![\d])"
        )
        self.month_year = re.compile(rf"{mod}({mon})\.?,?\s+(\d{{4}})(?!\d)")
        # "in May", and "the January referendum" (a month before a noun, after "the")
        self.month = re.compile(rf"({mod}|(?i:the)\s+(?=(?:{mon})\s+[a-z]))({mon})(?!\w)")
        self.weekday = re.compile(rf"{mod}({day})(?:\s+(?i:{parts}))?(?!\w)")
        self.year = re.compile(rf"{mod}{year}(?:\s*[-–]\s*(\d{{4}}|\d{{2}})(?!\d))?")
        rel = _alt(list(self.relative))
        self.rel = re.compile(rf"(?<!\w)(?i:{rel})(?!\w)") if self.relative else None
        num = rf"\d+|(?i:{_alt(list(self.number_words))})" if self.number_words else r"\d+"
        self.next_days = {k.lower(): int(v) for k, v in time.get("next_days", {}).items()}
        self.next_day = re.compile(rf"(?<!\w)(?i:{_alt(list(self.next_days))})(?!\w)"
                                   if self.next_days else r"(?!x)x")
        future = _alt(time.get("future_markers", [])) or r"(?!x)x"
        self.future = re.compile(rf"(?<!\w)(?i:{future})(?!\w)[^.!?\n]*$")
        said = _alt(speech or []) or r"(?!x)x"
        # "…, a source said Sunday": the day of the saying, which is past
        self.said = re.compile(rf"(?<!\w)(?i:{said})\s+(?:(?i:on)\s+)?$")
        self.offset = re.compile(
            rf"(?<![\w,])({num})\s+(?i:({_alt(list(self.units))}))\s+(?i:(before|after|earlier|later))(?!\w)"
        )


def _doc_reference(doc: PartialDate) -> date:
    """The document date to count back from: its last possible day when only the year is known."""
    return doc.latest if doc.precision == "year" else doc.earliest


def _month_year(doc: PartialDate, month: int, day: int | None = None,
                forward: bool = False) -> int:
    """The year of a month (or day) named without one: the most recent not after the
    document, or, in a sentence about the future ("will begin … on March 15"), the first
    not before it."""
    ref = _doc_reference(doc)
    if doc.precision == "year":
        return ref.year
    if forward:
        return ref.year + 1 if (month, day or 31) < (ref.month, ref.day) else ref.year
    if (month, day or 1) > (ref.month, ref.day if doc.precision == "day" else 31):
        return ref.year - 1
    return ref.year


def _ahead(text: str, start: int, p: _Patterns) -> bool:
    """Whether the sentence speaks of the future before the phrase ("will leave on Monday")."""
    if p.said.search(text, max(0, start - 20), start):
        return False  # "… will leave, a source said on Sunday": the saying is past
    return p.future.search(text, max(0, start - 80), start) is not None


def _pd(y: int, m: int | None = None, d: int | None = None) -> PartialDate | None:
    try:
        if m is None:
            return parse_partial_date(f"{y:04d}")
        if d is None:
            return parse_partial_date(f"{y:04d}-{m:02d}")
        return parse_partial_date(f"{y:04d}-{m:02d}-{d:02d}")
    except ValueError:
        return None


def _full_dates(text: str, doc: PartialDate, p: _Patterns) -> list[DatePhrase]:
    out = []
    for m in p.full.finditer(text):
        day = int(m.group(1) or m.group(4))
        month = p.months[(m.group(2) or m.group(3)).lower()]
        year = int(m.group(5)) if m.group(5) else _month_year(
            doc, month, day, _ahead(text, m.start(), p))
        pd = _pd(year, month, day)
        if pd and 1 <= day <= 31:
            out.append(DatePhrase(m.span(), pd))
    return out


def _month_phrases(text: str, doc: PartialDate, p: _Patterns) -> list[DatePhrase]:
    out = []
    for m in p.month_year.finditer(text):
        pd = _pd(int(m.group(2)), p.months[m.group(1).lower()])
        if pd:
            out.append(DatePhrase(m.span(), pd))
    for m in p.month.finditer(text):
        if not m.group(1).strip():  # a bare month name needs a preposition ("in May", "since June")
            continue
        month = p.months[m.group(2).lower()]
        pd = _pd(_month_year(doc, month, forward=_ahead(text, m.start(), p)), month)
        if pd:
            out.append(DatePhrase(m.span(), pd))
    return out


def _weekdays(text: str, doc: PartialDate, p: _Patterns) -> list[DatePhrase]:
    if doc.precision != "day":
        return []
    out = []
    for m in p.weekday.finditer(text):
        back = (doc.earliest.weekday() - p.weekdays[m.group(1).lower()]) % 7
        day = doc.earliest - timedelta(days=back)
        if _ahead(text, m.start(), p):  # "the ships will leave on Monday": the next Monday
            day = doc.earliest + timedelta(days=(-back) % 7 or 7)
        out.append(DatePhrase(m.span(), parse_partial_date(day.isoformat())))
    return out


_TIMESTAMP = re.compile(
    r"(?m)^\d{1,2}[:.]\d{2}(?:\s*(?:GMT|UTC|[A-Z]{3,4}))?(?=\s*[\u2013\u2014-])")


def _timestamps(text: str, doc: PartialDate) -> list[DatePhrase]:
    """"14:32 GMT –" opening an entry of a live page: the day of the page."""
    if doc.precision != "day":
        return []
    return [DatePhrase(m.span(), doc) for m in _TIMESTAMP.finditer(text)]


def _years(text: str, p: _Patterns) -> list[DatePhrase]:
    return [DatePhrase(m.span(), parse_partial_date(m.group(1))) for m in p.year.finditer(text)]


def _last_season(ref: date, first: int, last: int) -> tuple[date, date]:
    """The last season (months first..last, a winter across the new year) that had ended
    by the reference day."""
    end_year = ref.year if ref.month > last else ref.year - 1
    start_year = end_year - 1 if first > last else end_year
    return (date(start_year, first, 1),
            date(end_year, last, calendar.monthrange(end_year, last)[1]))


def _shift(ref: date, spec: Mapping[str, Any]) -> tuple[date, date]:
    """The first and last day of the period `spec` away from the reference day."""
    if "season" in spec:
        return _last_season(ref, *spec["season"])
    if "days" in spec:
        d = ref + timedelta(days=spec["days"])
        return d, d
    if "weeks" in spec:
        monday = ref - timedelta(days=ref.weekday()) + timedelta(weeks=spec["weeks"])
        return monday, monday + timedelta(days=6)
    if "months" in spec:
        total = ref.year * 12 + ref.month - 1 + spec["months"]
        y, m = divmod(total, 12)
        return date(y, m + 1, 1), date(y, m + 1, calendar.monthrange(y, m + 1)[1])
    y = ref.year + spec.get("years", 0)
    return date(y, 1, 1), date(y, 12, 31)


def _enclosing(first: date, last: date) -> PartialDate:
    """The most precise calendar date that contains the whole period."""
    if first == last:
        return parse_partial_date(first.isoformat())
    if (first.year, first.month) == (last.year, last.month):
        return parse_partial_date(f"{first.year:04d}-{first.month:02d}")
    if first.year == last.year:
        return parse_partial_date(f"{first.year:04d}")
    return parse_partial_date(f"{last.year:04d}")


def _relatives(text: str, doc: PartialDate, p: _Patterns) -> list[DatePhrase]:
    if p.rel is None:
        return []
    out = []
    for m in p.rel.finditer(text):
        spec = p.relative[re.sub(r"\s+", " ", m.group(0).lower())]
        if spec.get("precision") in ("day", "week") and doc.precision != "day":
            continue
        if spec.get("precision") == "month" and doc.precision == "year":
            continue
        first, last = _shift(_doc_reference(doc), spec)
        out.append(DatePhrase(m.span(), _enclosing(first, last)))
    return out


def _count(p: _Patterns, token: str) -> int:
    return int(token) if token.isdigit() else p.number_words[token.lower()]


def _offset_date(anchor: PartialDate, n: int, unit: str, forward: bool) -> PartialDate | None:
    """The date n units from the anchor, at the precision both support."""
    sign = 1 if forward else -1
    if unit in ("days", "weeks") and anchor.precision == "day":
        d = anchor.earliest + timedelta(days=sign * n * (7 if unit == "weeks" else 1))
        return parse_partial_date(d.isoformat())
    if unit == "months" and anchor.precision in ("day", "month"):
        first, _ = _shift(anchor.earliest, {"months": sign * n})
        return _pd(first.year, first.month)
    if unit in ("years", "decades"):
        return _pd(anchor.earliest.year + sign * n * (10 if unit == "decades" else 1))
    return None


def _offsets(text: str, found: list[DatePhrase], p: _Patterns) -> list[DatePhrase]:
    """Times counted from an earlier date of the text.

    "two days before Y" / "24 years after Y" date Y from the sentence's earlier date (Y is
    later / earlier than it); "two days later" / "a day earlier", a sentence that opens with
    "Two days after X," and "the next day", "the same day" date their own clause from the
    last date before them, in this sentence or an earlier one of the paragraph.
    """
    out = []
    paras = paragraphs(text)
    for s in sentences(text):
        in_sentence = [f for f in found if s.start <= f.span[0] and f.span[1] <= s.end]
        para = paras[s.paragraph] if s.paragraph < len(paras) else (s.start, s.end)
        in_paragraph = [f for f in found if para[0] <= f.span[0] and f.span[1] <= s.end]
        for m in p.offset.finditer(text, s.start, s.end):
            adverb = m.group(3).lower() in ("later", "earlier")
            opening = not text[s.start:m.start()].strip(" \"“‘'")  # "Two days after X, Y …"
            anchors = in_paragraph if adverb or opening else in_sentence
            prior = [a for a in anchors if a.span[1] <= m.start()]
            if not prior:
                continue
            unit = p.units[m.group(2).lower()]
            forward = m.group(3).lower() in (("after", "later") if opening else ("before", "later"))
            pd = _offset_date(prior[-1].date, _count(p, m.group(1)), unit, forward)
            if pd:
                out.append(DatePhrase(m.span(), pd))
        for m in p.next_day.finditer(text, s.start, s.end):
            prior = [a for a in in_paragraph if a.span[1] <= m.start()]
            days = p.next_days[re.sub(r"\s+", " ", m.group(0).lower())]
            if prior and days == 0:
                out.append(DatePhrase(m.span(), prior[-1].date))  # "the same day" as "In March"
            elif prior and prior[-1].date.precision == "day":
                pd = _offset_date(prior[-1].date, abs(days), "days", days >= 0)
                if pd:
                    out.append(DatePhrase(m.span(), pd))
    return out


def _without_overlaps(phrases: list[DatePhrase]) -> list[DatePhrase]:
    """Longest phrase first; a phrase inside a longer one is dropped."""
    taken: list[DatePhrase] = []
    for ph in sorted(phrases, key=lambda x: (x.span[0] - x.span[1], x.span[0])):
        if not any(ph.span[0] < t.span[1] and t.span[0] < ph.span[1] for t in taken):
            taken.append(ph)
    return sorted(taken, key=lambda x: x.span)


def find_date_phrases(
    text: str, doc_date: PartialDate, cues: Mapping[str, Any] | None = None
) -> list[DatePhrase]:
    """Every time expression of the text with its resolved date, in text order.

    `cues` is the parsed cues.toml (its [time] and [quantities.number_words] tables);
    without it, English month and weekday names only.
    """
    time = (cues or {}).get("time", _DEFAULT_TIME)
    words = {**(cues or {}).get("quantities", {}).get("number_words", {}),
             **time.get("article_numbers", {})}
    p = _Patterns(time, words, (cues or {}).get("reported_events", {}).get("speech_only", []))
    found = _without_overlaps(
        _full_dates(text, doc_date, p) + _month_phrases(text, doc_date, p)
        + _weekdays(text, doc_date, p) + _years(text, p) + _relatives(text, doc_date, p)
        + _timestamps(text, doc_date)
    )
    return _without_overlaps(found + _offsets(text, found, p))

