"""The timeline, /timeline: events on a time axis, each drawn as the interval its date
bounds allow, so the precision is visible: an event known to the day is a point, one
known to the year a year-long bar (striped where only the beginning is uncertain),
one with an end a bar to its latest end. Filtered by type, actor and source, and grouped
by any of them (`group=`): the page's events (100 a page, in date order) drawn in one
lane per group on the same axis, an event with two actors in both (the groups are data:
queries/timeline-groups.toml).
"""

from __future__ import annotations

import tomllib
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from flask import Blueprint, Response, request

from server.analyst import graph, web
from server.analyst.claims import SOURCES, facet_lists
from server.analyst.graph import ref

EVENTS = """SELECT ?event (MIN(?eb) AS ?begin) (MAX(?lb) AS ?latestBegin)
       (MAX(?le) AS ?latestEnd) WHERE {{
  {{ SELECT DISTINCT ?event WHERE {{
    {{ SELECT ?event WHERE {{ ?event a rskg:Event }} }} {filters}}} }}
  ?event sem:hasEarliestBeginTimeStamp ?eb ; sem:hasLatestBeginTimeStamp ?lb .
  OPTIONAL {{ ?event sem:hasLatestEndTimeStamp ?le }}
}} GROUP BY ?event {window}ORDER BY ?begin ?event LIMIT {limit} OFFSET {offset}"""

DETAILS = """SELECT ?event (SAMPLE(?l) AS ?label) (SAMPLE(?s) AS ?start) (SAMPLE(?e) AS ?end)
       (SAMPLE(?tl) AS ?type) WHERE {{ VALUES ?event {{ {events} }}
  OPTIONAL {{ ?event rdfs:label ?l }} OPTIONAL {{ ?event schema:startDate ?s }}
  OPTIONAL {{ ?event schema:endDate ?e }} OPTIONAL {{ ?event sem:eventType/skos:prefLabel ?tl }}
}} GROUP BY ?event"""

UNDATED = """SELECT ?event WHERE {{
  {{ SELECT DISTINCT ?event WHERE {{
    {{ SELECT ?event WHERE {{ ?event a rskg:Event }} }} {filters}}} }}
  FILTER NOT EXISTS {{ ?event sem:hasEarliestBeginTimeStamp ?b }} }} LIMIT 100"""

TYPES = """SELECT ?iri (COUNT(?event) AS ?events) WHERE { ?event sem:eventType ?iri }
  GROUP BY ?iri"""

ACTORS = """SELECT ?iri (COUNT(DISTINCT ?event) AS ?events) WHERE { ?event sem:hasActor ?iri }
  GROUP BY ?iri ORDER BY DESC(?events) LIMIT 300"""


QUERIES = Path(__file__).resolve().parent / "queries"


@cache
def groupings() -> dict[str, dict[str, str]]:
    return tomllib.loads((QUERIES / "timeline-groups.toml").read_text(encoding="utf-8"))


def routes(bp: Blueprint) -> None:
    @bp.get("/timeline")
    def timeline() -> Response | str:
        return _page()


def _filters() -> tuple[str, dict[str, str | None]]:
    chosen = {"type": graph.iri(request.args.get("type"), "type"),
              "actor": graph.iri(request.args.get("actor"), "actor"),
              "source": graph.iri(request.args.get("source"), "source")}
    text = ""
    if chosen["type"]:
        text += f"{{ SELECT ?event WHERE {{ ?event sem:eventType {ref(chosen['type'])} }} }}\n  "
    if chosen["actor"]:
        text += f"{{ SELECT ?event WHERE {{ ?event sem:hasActor {ref(chosen['actor'])} }} }}\n  "
    if chosen["source"]:  # from the outlet's documents (0.1 s), not every mention (1 s)
        text += ("{ SELECT DISTINCT ?event WHERE { ?doc schema:publisher "
                 f"{ref(chosen['source'])} ; schema:mentions ?event }} }}\n  ")
    return text, chosen


def _window() -> tuple[str, str | None, str | None]:
    """HAVING for the events that overlap the from/to window, if one is asked for."""
    first = graph.day(request.args.get("from"), "from")
    last = graph.day(request.args.get("to"), "to", end=True)
    tests = []
    if first:
        tests.append(f'COALESCE(MAX(?le), MAX(?lb)) >= "{first}"^^xsd:date')
    if last:
        tests.append(f'MIN(?eb) <= "{last}"^^xsd:date')
    return (f"HAVING({' && '.join(tests)}) " if tests else ""), first, last


def _page() -> Response | str:
    filters, chosen = _filters()
    window, first, last = _window()
    at = web.pager(100)
    events_q = web.Query("events with their date bounds", EVENTS.format(
        filters=filters, window=window, limit=at.size + 1, offset=at.offset))
    undated_q = web.Query("events with no date", UNDATED.format(filters=filters))
    rows, at = web.paged(graph.select(events_q.text), at)
    queries = [events_q, undated_q]
    if rows:
        details_q = web.Query("their labels, dates as written, types", DETAILS.format(
            events=" ".join(ref(r["event"]) for r in rows)))
        queries.append(details_q)
        details = {r["event"]: r for r in graph.select(details_q.text)}
        for r in rows:
            r.update({k: v for k, v in details.get(r["event"], {}).items() if k != "event"})
    scale = Scale.over(rows, first, last)
    for r in rows:
        r.update(scale.place(r))
    facets, facet_queries = facet_lists((("event types", TYPES), ("actors", ACTORS),
                                         ("sources", SOURCES)))
    queries += facet_queries
    undated = graph.select(undated_q.text)
    if undated:
        labels_q = web.Query("labels of the undated", graph.labelled(undated, "event"))
        queries.append(labels_q)
        graph.add_labels(undated, graph.select(labels_q.text), "event")
    group = graph.choice(request.args.get("group"), "group", tuple(groupings()))
    lanes = _lanes(rows, group, queries) if group else []
    data = {"events": rows, "undated": undated, "filters": chosen, "group": group,
            "lanes": lanes,
            "axis": {"from": scale.first.isoformat(), "to": scale.last.isoformat()}}
    return web.respond("timeline.html", "Timeline", data, queries, pager=at, facets=facets,
                       ticks=scale.ticks())


def _lanes(rows: list[graph.Row], group: str, queries: list[web.Query]) -> list[graph.Row]:
    """The page's events by group, the groups in the order of their labels, the events
    of no group last; each lane keeps the events' date order."""
    if not rows:
        return []
    spec = groupings()[group]
    events = " ".join(ref(r["event"]) for r in rows)
    text = (QUERIES / "timeline-groups.rq").read_text(encoding="utf-8")
    groups_q = web.Query(f"the events' {group}", graph.bind(
        text, {"$pattern": spec["pattern"], "$events": events}))
    found = graph.select(groups_q.text)
    labels_q = web.Query(f"labels of the {group} groups", graph.labelled(found, "group"))
    queries += [groups_q, labels_q]
    label = {r["iri"]: r["label"] for r in graph.select(labels_q.text)}
    of: dict[str, set[str]] = {}
    for r in found:
        of.setdefault(r["group"], set()).add(r["event"])
    lanes = [{"group": g, "label": label.get(g) or graph.short(g),
              "events": [r for r in rows if r["event"] in members]}
             for g, members in of.items()]
    lanes.sort(key=lambda lane: (str(lane["label"]).lower(), lane["group"]))
    grouped = {e for members in of.values() for e in members}
    rest = [r for r in rows if r["event"] not in grouped]
    if rest:
        lanes.append({"group": "", "label": spec["none"], "events": rest})
    return lanes


class Scale:
    """Days to percentages of the track, from the first event's year to the last's."""

    def __init__(self, first: date, last: date) -> None:
        self.first, self.last = first, last
        self.days = max((last - first).days, 1)

    @classmethod
    def over(cls, rows: list[graph.Row], first: str | None, last: str | None) -> Scale:
        """The window asked for, else whole years around the events shown."""
        begins = [date.fromisoformat(r["begin"]) for r in rows] or [date(2000, 1, 1)]
        ends = [date.fromisoformat(r["latestEnd"] or r["latestBegin"]) for r in rows]
        low = date.fromisoformat(first) if first else date(min(begins).year, 1, 1)
        high = (date.fromisoformat(last) if last
                else date(max(ends or [date(2024, 1, 1)]).year + 1, 1, 1))
        return cls(low, max(high, low))

    def x(self, day: date) -> float:
        return round(100 * (day - self.first).days / self.days, 4)

    def place(self, row: graph.Row) -> dict[str, object]:
        """Where the event's mark goes: a point for one day, else a bar over its bounds."""
        begin = date.fromisoformat(row["begin"])
        end = date.fromisoformat(row["latestEnd"] or row["latestBegin"])
        span = (end - begin).days + 1
        left = max(self.x(begin), 0.0)
        right = min(self.x(end + timedelta(days=1)), 100.0)
        return {"left": left, "width": round(max(right - left, 0.0), 4),
                "days": span, "point": span == 1,
                "uncertain": not row["latestEnd"] and span > 1}

    def ticks(self) -> list[tuple[int, float]]:
        years = range(self.first.year, self.last.year + 1)
        step = next(s for s in (1, 2, 5, 10, 20, 50, 100) if len(years) / s <= 12)
        return [(y, self.x(date(y, 1, 1))) for y in years if y % step == 0]
