"""Dates at their honest precision, with the xsd:date bounds of what they can denote.

A year ("2015") can mean any day of that year; engines compare xsd:gYear and xsd:date
differently, so every date also carries its first and last possible day.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True)
class PartialDate:
    """An ISO date of precision "year", "month" or "day"."""

    lexical: str
    precision: str
    earliest: date
    latest: date

    @property
    def xsd_type(self) -> str:
        return {"year": "gYear", "month": "gYearMonth", "day": "date"}[self.precision]


def parse_partial_date(value: str) -> PartialDate:
    """Parse YYYY, YYYY-MM or YYYY-MM-DD; raise ValueError on anything else."""
    m = _ISO.match(value.strip())
    if not m:
        raise ValueError(f"not an ISO date of year, month or day precision: {value!r}")
    year = int(m.group(1))
    month, day = (int(g) if g else None for g in m.groups()[1:])
    if month is None:
        return PartialDate(value, "year", date(year, 1, 1), date(year, 12, 31))
    last = calendar.monthrange(year, month)[1]
    if day is None:
        return PartialDate(value, "month", date(year, month, 1), date(year, month, last))
    exact = date(year, month, day)
    return PartialDate(value, "day", exact, exact)


def parse_span(value: str) -> tuple[PartialDate, PartialDate | None]:
    """A date or an ISO interval "start/end" as (start, end or None)."""
    start, _, end = value.partition("/")
    return parse_partial_date(start), parse_partial_date(end) if end else None
