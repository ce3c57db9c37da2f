"""Counts the text states: "as many as 6,000 fighters", "around 4,000 Russian citizens".

A quantity is a number that counts something: not a year, not a day of a month ("Dec. 8"),
not part of a name ("World in 30 Minutes", "G20"). Numbers in words count too when a
counted noun follows ("three frigates", "two dozen advisers", "both bases"). Decimals stay
exact (`Decimal`, never a float). A conversion in parentheses ("3.7 miles (6 kilometres)")
carries the hedge of the figure it converts. Its hedge comes from the words right
before it ("as many as" → upper bound, "over" → lower bound, "around" → approximate) or
from an estimate that governs the clause ("It is estimated that …"). The counted noun
follows the number; an elliptical count ("another 6,000 come from …") counts what the
previous number of the sentence counted. Word lists: cues.toml [quantities].
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any

from kg.extract.collectives import UNNAMED
from kg.extract.findings import QuantityFinding
from kg.extract.mentions import Mention
from kg.text.sentences import Span, clauses, containing, sentences

_NUMBER = re.compile(
    r"(?<![\w.,/$€£\-–])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w%/]|[.,]\d|\s*[-–]\s*\d)"
)
_WORD = re.compile(r"\s*([^\W\d][\w’'\-]*)")
_HEDGES = ("upper_bound", "lower_bound", "approximate")


def _value(token: str) -> int | Decimal:
    plain = token.replace(",", "")
    return Decimal(plain) if "." in plain else int(plain)


def _exact(value: int | Decimal) -> int | Decimal:
    """An integral value as an int ("1.5 million" is 1500000), else the Decimal itself."""
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    return value


def _is_date(text: str, start: int, end: int, value: int | Decimal, months: list[str]) -> bool:
    """Years, and days next to a month name or its abbreviation ("28 September", "Dec. 8")."""
    if "," not in text[start:end] and 1800 <= value <= 2099 and value == int(value):
        return True
    after = text[end:end + 12].strip().lower()
    before = text[max(0, start - 12):start].strip().lower().rstrip(".")
    return any(after.startswith(m) or before.endswith(m) for m in months)


def _number_words(q: Mapping[str, Any]) -> str:
    """A number in words ("twenty-five", "two dozen"), as a pattern; "" without a list."""
    words = [*q.get("number_words", {}), *q.get("multiplier_words", {})]
    if not words:
        return ""
    word = "|".join(sorted(map(re.escape, words), key=len, reverse=True))
    return rf"(?:{word})(?:[\s\-\u2010\u2011]+(?:and\s+)?(?:{word}))*"


def _word_pattern(q: Mapping[str, Any]) -> re.Pattern[str] | None:
    """Counts in words: set words ("both") or number words with their multipliers."""
    number = _number_words(q)
    sets = sorted(q.get("set_words", {}), key=len, reverse=True)
    if not number:
        return None
    sets_alt = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sets)
    body = rf"{sets_alt}|{number}" if sets_alt else number
    return re.compile(rf"(?<![\w\-])((?:{body})(?:\s+and\s+a\s+half)?)(?![\w\-])",
                      re.IGNORECASE)  # "three and a half years"


def _word_value(phrase: str, q: Mapping[str, Any]) -> int | Decimal:
    """The value of "two dozen", "twenty-five", "three hundred", "both", "three and a
    half"."""
    half = re.search(r"\s+and\s+a\s+half$", phrase, re.I)
    if half:
        return _word_value(phrase[:half.start()], q) + Decimal("0.5")
    sets = {" ".join(k.lower().split()): int(v) for k, v in q.get("set_words", {}).items()}
    flat = " ".join(phrase.lower().split())
    if flat in sets:
        return sets[flat]
    units = {k.lower(): int(v) for k, v in q.get("number_words", {}).items()}
    mults = {k.lower(): int(v) for k, v in q.get("multiplier_words", {}).items()}
    total = 0
    for token in re.split(r"[\s\-\u2010\u2011]+", flat):
        if token in mults:
            total = max(total, 1) * mults[token]
        elif token in units:
            total += units[token]
    return total


Number = tuple[int, int, int | Decimal, bool]


_PERCENT = re.compile(r"\s*(?:percent|per\s+cent)(?!\w)", re.IGNORECASE)
_DIGITS = r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"


def _measures(text: str, s: Span, q: Mapping[str, Any]) -> list[tuple[Number, str]]:
    """Sums of money and percentages: "$6 billion" (USD), "0.6%" (percent); the currency
    signs are cues.toml [quantities.currencies]."""
    currencies = {k: str(v) for k, v in q.get("currencies", {}).items()}
    signs = "|".join(map(re.escape, sorted(currencies, key=len, reverse=True))) or "(?!x)x"
    measure = re.compile(rf"(?<![\w.])({signs})?\s?{_DIGITS}(%)?(?=(?:bn|mn)\b|(?![\w/]|[.,]\d))")
    found: list[tuple[Number, str]] = []
    units = "|".join(map(re.escape, q.get("adjective_units", []))) or "(?!x)x"
    number = "|".join(p for p in (r"\d+", _number_words(q)) if p)
    adjective = re.compile(rf"(?<![\w\-])({number})[\-\u2010\u2011]({units})"
                           rf"(?:-long|-old)?(?![\w\-])", re.I)  # "a 49-year-long lease"
    for m in adjective.finditer(text, *s):  # "a five-day visit", "a 25-year lease"
        value = int(m.group(1)) if m.group(1).isdigit() else _word_value(m.group(1), q)
        found.append(((m.start(), m.end(), value, False), m.group(2).lower() + "s"))
    for m in measure.finditer(text, *s):
        unit = currencies.get(m.group(1) or "", "") if m.group(1) else (
            "percent" if m.group(3) else "")
        if unit:
            start = m.start(1) if m.group(1) else m.start(2)
            found.append(((start, m.end(), _value(m.group(2)), False), unit))
    return found


def _numbers(text: str, s: Span, q: Mapping[str, Any]) -> Iterator[Number]:
    """(start, end, value, in words) of every number of the sentence, in text order."""
    found = [(m.start(1), m.end(1), _value(m.group(1)), False)
             for m in _NUMBER.finditer(text, *s)]
    words = _word_pattern(q)
    if words is not None:
        found += [(m.start(1), m.end(1), _word_value(m.group(1), q), True)
                  for m in words.finditer(text, *s)]
    yield from sorted(found, key=lambda n: n[0])


def _conversion_of(text: str, start: int, previous: QuantityFinding | None) -> bool:
    """True when the number opens a parenthesis right after the previous quantity."""
    gap = text[previous.span[1]:start] if previous is not None else "x"
    return re.fullmatch(r"\s*\(\s*", gap) is not None


def _hedge(text: str, start: int, q: Mapping[str, Any]) -> tuple[str, int]:
    """The hedge kind and where its phrase starts (start itself when the count is bare)."""
    before = text[max(0, start - 40):start]
    best = ("exact", start)
    for kind in _HEDGES:
        for phrase in q.get(kind, []):
            pat = r"(?<!\w)" + re.escape(phrase).replace(r"\ ", r"\s+") + r"\s+$"
            m = re.search(pat, before, re.IGNORECASE)
            if m and start - len(before) + m.start() < best[1]:
                best = (kind.replace("_", "-"), start - len(before) + m.start())
    return best


def _governed_estimate(text: str, sentence: Span, start: int, q: Mapping[str, Any]) -> bool:
    before = text[sentence[0]:start].lower()
    words = q.get("approximate_clause", [])
    return any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", before) for w in words)


def _counted_noun(text: str, end: int, q: Mapping[str, Any],
                  single: bool = False) -> tuple[str, str, int]:
    """(unit, what it measures, end of phrase) of the counted noun, or ("", "", end); a
    count of one (single) may take a singular noun."""
    short = re.match(rf"\s+({'|'.join(map(re.escape, q.get('short_units', []))) or '(?!x)x'})"
                     rf"(?![\w/])", text[end:end + 10], re.I)
    if short:  # "300 km": the unit, not a noun further on
        return short.group(1), short.group(1), end + short.end()
    stops = {w.lower() for w in q.get("stop_words", [])}
    plurals = {w.lower() for w in q.get("plural_nouns", [])}
    strength = {w.lower() for w in q.get("strength_words", [])}
    modifiers = {w.lower() for w in q.get("count_modifiers", [])}
    words: list[re.Match[str]] = []
    pos = end
    for _ in range(int(q.get("noun_modifiers_max", 2)) + 2):
        m = _WORD.match(text, pos)
        than = m is not None and re.match(r"\s+than\b", text[m.end():m.end() + 6])
        if m and m.group(1).lower() in modifiers and not than:
            pos = m.end()  # "six more fighter jets"
            continue
        if not m or m.group(1).lower() in stops:
            break
        words.append(m)
        pos = m.end()
    if words and words[0].group(1).lower() in strength and len(words) > 1:
        return words[1].group(1), words[1].group(1), words[1].end()
    for i, m in enumerate(words):
        w = m.group(1)
        if w.lower() in plurals or (w.endswith("s") and len(w) > 2):
            phrase = text[words[0].start(1):m.end()]
            return w, phrase, m.end()
        if not (w[:1].isupper() or i < int(q.get("noun_modifiers_max", 2))):
            break
    if single:
        return _singular(text, words, q) or ("", "", end)
    return "", "", end


def _singular(text: str, words: Sequence[re.Match[str]],
              q: Mapping[str, Any]) -> tuple[str, str, int] | None:
    """"one Russian frigate", "one supply ship": the last of at most two lower-case words
    after the capitalised ones, before a word of singular_stops."""
    stops = {w.lower() for w in q.get("singular_stops", [])}
    first = next((i for i, m in enumerate(words) if not m.group(1)[:1].isupper()), len(words))
    run: list[re.Match[str]] = []
    for m in words[first:first + 2]:
        if m.group(1)[:1].isupper() or m.group(1).lower() in stops or m.group(1).endswith("ly"):
            break
        run.append(m)
    if not run:
        return None
    return run[-1].group(1), text[words[0].start(1):run[-1].end()], run[-1].end()


def _scale(text: str, end: int, q: Mapping[str, Any]) -> tuple[int, int]:
    m = _WORD.match(text, end)
    scales = {k.lower(): int(v) for k, v in q.get("scales", {}).items()}
    if m and m.group(1).lower() in scales:
        return scales[m.group(1).lower()], m.end()
    return 1, end


def _ranges(text: str, numbers: Sequence[Number],
            q: Mapping[str, Any]) -> dict[int, tuple[int, int]]:
    """First number's end -> (second number's start, end) of "seven to ten", "7-10"."""
    joiners = "|".join(map(re.escape, q.get("range_joiners", []))) or "(?!x)x"
    starts = {n[0]: n for n in numbers}
    found: dict[int, tuple[int, int]] = {}
    for n in numbers:
        m = re.match(rf"\s*(?:{joiners})\s*", text[n[1]:n[1] + 6])
        second = starts.get(n[1] + m.end()) if m else None
        if second is not None:
            found[n[1]] = (second[0], second[1])
    return found


def _name_after(mentions: Sequence[Mention], end: int,
                text: str) -> tuple[str, str, int] | None:
    """"one An-124": a name right after the count is what it counts."""
    for m in mentions:
        if m.start > end and not text[end:m.start].strip():
            return text[m.start:m.end], text[m.start:m.end], m.end
    return None


def _inside(spans: Sequence[Span], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _about(mentions: Sequence[Mention], span: Span) -> tuple[str, ...]:
    ids = [m.entity_id for m in mentions if span[0] <= m.start and m.end <= span[1]]
    return tuple(dict.fromkeys(ids))


def find_quantities(
    text: str, mentions: Sequence[Mention], cues: Mapping[str, Any]
) -> list[QuantityFinding]:
    """Every counted quantity of the text, in text order."""
    q = cues.get("quantities", {})
    time = cues.get("time", {})
    months = [m.lower() for m in (*time.get("months", []), *time.get("month_abbreviations", []))]
    not_units = {w.lower() for w in q.get("not_units", [])}
    names = [(m.start, m.end) for m in mentions  # "Two former recruits said": they count
             if not m.entity_id.startswith(UNNAMED)]
    found: list[QuantityFinding] = []
    for s in sentences(text):
        previous_unit = ("", "")
        previous: QuantityFinding | None = None
        special = _measures(text, (s.start, s.end), q)
        measures = {n[1]: (n[0], unit) for n, unit in special}
        numbers = [*_numbers(text, (s.start, s.end), q), *[n for n, _ in special]]
        ranges = _ranges(text, numbers, q)
        range_ends = {second for second, _ in ranges.values()}
        for n_start, n_end, value, in_words in sorted(set(numbers), key=lambda n: n[0]):
            if any(a <= n_start and n_end <= b and (a, b) != (n_start, n_end)
                   for (a, b, *_), _unit in special):
                continue  # the "6" of "$6", the "25" of "25-year": the measure stands for it
            if _inside(names, n_start, n_end) or _is_date(text, n_start, n_end, value, months):
                continue
            if text[n_start - 1:n_start] == "[" and text[n_end:n_end + 1] == "]":
                continue  # a footnote marker: "said.[1]"
            upto = ranges.get(n_end)
            factor, end = _scale(text, upto[1] if upto else n_end, q)
            unit, what, end = _counted_noun(text, end, q, single=value == 1)
            if not unit and (named := _name_after(mentions, end, text)):
                unit, what, end = named  # "one An-124"
            measure = measures.get(n_end)
            if measure:  # "$6 billion", "0.6%": the unit is the measure's
                n_start, unit, what = measure[0], measure[1], text[measure[0]:end]
            elif percent := _PERCENT.match(text, n_end):  # "80 percent"
                unit, what, end = "percent", text[n_start:percent.end()], percent.end()
            if unit.lower() in not_units or (in_words and not unit):
                continue
            clause = containing(clauses(text, s.start, s.end), n_start) or (s.start, s.end)
            if not unit:  # elliptical: "another 6,000 come from …" counts the same thing
                unit, what = previous_unit[0], text[n_start:clause[1]].rstrip(".")
            previous_unit = (unit, what)
            hedge, start = _hedge(text, n_start, q)
            if hedge == "exact" and (upto or n_start in range_ends):  # "seven to ten"
                hedge = "lower-bound" if upto else "upper-bound"
            if upto:
                end = n_end  # the first number alone; the second one names the noun
            if hedge == "exact" and _governed_estimate(text, (s.start, s.end), n_start, q):
                hedge = "approximate"
            if hedge == "exact" and _conversion_of(text, start, previous):
                hedge = previous.hedge if previous else hedge
            about = _about(mentions, (min(clause[0], start), max(clause[1], end)))
            previous = QuantityFinding((start, end), _exact(value * factor), unit, hedge, what,
                                       about)
            found.append(previous)
    return found
