"""The timeline, /timeline: events on a time axis, each drawn as the interval its date
bounds allow, so the precision is visible: an event known to the day is a point, one
known to the year a year-long bar (striped where only the beginning is uncertain),
one with an end a bar to its latest end. Filtered by type, actor and source, and grouped
by any of them (`group=`): the page's events (100 a page, in date order) drawn in one
lane per group on the same axis, an event with two actors in both (the groups are data:
queries/timeline-groups.toml). Each event leads to its words in one click: the reader of
each of a few documents that mention it, at the first words there that name it.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from flask import Blueprint, Response, request

from server.analyst import graph, reader, web
from server.analyst.claims import facet_lists
from server.analyst.graph import ref

READINGS = 3  # documents linked per event; its page lists every one
_OFFSETS = re.compile(r"/doc/[^/]+/(mention|date)/(\d+)-\d+")


def routes(bp: Blueprint) -> None:
    @bp.get("/timeline")
    def timeline() -> Response | str:
        return _page()


def _filters() -> tuple[str, dict[str, str | None]]:
    """The filters' subqueries (data: queries/timeline-filters.toml), and the values."""
    spec = graph.table("timeline-filters")
    chosen = {name: graph.known(request.args.get(name), name) for name in spec}
    text = "".join(graph.bind(f["pattern"], {"$value": ref(value)}) + "\n    "
                   for name, f in spec.items() if (value := chosen[name]))
    return text, chosen


def _window() -> tuple[str, str | None, str | None]:
    """A FILTER for the events that overlap the from/to window, if one is asked for."""
    first, last = graph.date_range(request.args)
    tests = []
    if first:
        tests.append(f'COALESCE(?latestEnd, ?latestBegin) >= "{first}"^^xsd:date')
    if last:
        tests.append(f'?begin <= "{last}"^^xsd:date')
    return (f"FILTER({' && '.join(tests)})" if tests else ""), first, last


def _page() -> Response | str:
    chosen_text, chosen = _filters()
    window, first, last = _window()
    at = web.pager(100)
    events_q = web.Query("events with their date bounds", graph.query(
        "timeline-events", filters=chosen_text, window=window, limit=str(at.size + 1),
        offset=str(at.offset)))
    undated_q = web.Query("events with no date", graph.query("timeline-undated",
                                                             filters=chosen_text))
    rows, at = web.paged(graph.select(events_q.text), at)
    queries = [events_q, undated_q]
    if rows:
        details_q = web.Query("their labels, dates as written, types", graph.query(
            "timeline-details", events=" ".join(ref(r["event"]) for r in rows)))
        queries.append(details_q)
        details = graph.by_iri(graph.select(details_q.text), "event")
        for r in rows:
            r.update({k: details.get(r["event"], {}).get(k, "")
                      for k in ("label", "start", "end", "type")})
        _add_readings(rows, queries)
    scale = Scale.over(rows, first, last)
    for r in rows:
        r.update(scale.place(r))
    facets, facet_queries = facet_lists(("event types", "facet-event-types"),
                                        ("actors", "facet-actors"), ("sources", "facet-sources"))
    queries += facet_queries
    undated = graph.select(undated_q.text)
    if undated:
        labels_q = web.Query("labels of the undated", graph.labelled(undated, "event"))
        queries.append(labels_q)
        graph.add_labels(undated, graph.select(labels_q.text), "event")
    group = graph.choice(request.args.get("group"), "group", tuple(graph.table("timeline-groups")))
    lanes = _lanes(rows, group, queries) if group else []
    data = {"events": rows, "undated": undated, "filters": chosen, "group": group,
            "lanes": lanes,
            "axis": {"from": scale.first.isoformat(), "to": scale.last.isoformat()}}
    return web.respond("timeline.html", "Timeline", data, queries,
                       graph.describe({r["event"] for r in rows + undated}), pager=at,
                       facets=facets, ticks=scale.ticks())


def _add_readings(rows: list[graph.Row], queries: list[web.Query]) -> None:
    """Each event's way to its words in one click: for a few of the documents that
    mention it (READINGS), the reader at the first place it is named there (a mention
    before a date phrase), highlighted; `more` when other documents mention it too (its
    page lists them)."""
    docs_q = web.Query("documents that mention them", graph.query(
        "timeline-documents", events=" ".join(ref(r["event"]) for r in rows),
        limit=str(READINGS + 1)))
    queries.append(docs_q)
    found: dict[str, list[str]] = {}
    for pair in graph.select(docs_q.text):
        found.setdefault(pair["event"], []).append(pair["doc"])
    shown = {e: sorted(docs)[:READINGS] for e, docs in found.items()}
    first = _first_anchors([(e, d) for e, docs in shown.items() for d in docs], queries)
    for r in rows:
        r["readings"] = [{"href": reader.link(anchor["ann"], entity=r["event"]),
                          "headline": anchor.get("headline", ""),
                          "published": anchor.get("published", ""),
                          "publisher": anchor.get("publisherLabel", "")}
                         for d in shown.get(r["event"], [])
                         if (anchor := first.get((r["event"], d)))]
        r["more"] = len(found.get(r["event"], [])) > READINGS


def _first_anchors(pairs: list[tuple[str, str]], queries: list[web.Query]
                   ) -> dict[tuple[str, str], graph.Row]:
    """(event, document) -> the first annotation there whose body is the event (a
    mention before a date phrase), with the document's headline, date and publisher."""
    if not pairs:
        return {}
    anchors_q = web.Query("where each of those names its event", graph.query(
        "timeline-anchors",
        triples=" ".join(f"({ref(e)} {ref(d)} {graph.doc_graph(d)})" for e, d in pairs)))
    docs_q = web.Query("those documents", graph.query(
        "compare-columns", docs=" ".join(ref(d) for d in sorted({d for _, d in pairs}))))
    docs = {r["doc"]: r for r in graph.select(docs_q.text)}
    labels_q = web.Query("their publishers", graph.labelled(list(docs.values()), "publisher"))
    queries += [anchors_q, docs_q, labels_q]
    graph.add_labels(list(docs.values()), graph.select(labels_q.text), "publisher")
    first: dict[tuple[str, str], graph.Row] = {}
    for a in sorted(graph.select(anchors_q.text), key=_reading_order):
        first.setdefault((a["event"], a["doc"]), {**docs.get(a["doc"], {}), "ann": a["ann"]})
    return first


def _reading_order(anchor: graph.Row) -> tuple[int, int, str]:
    """Mentions before date phrases, then by where they start (from the IRI)."""
    found = _OFFSETS.search(anchor["ann"])
    if not found:
        return (2, 0, anchor["ann"])
    return (found[1] != "mention", int(found[2]), anchor["ann"])


def _lanes(rows: list[graph.Row], group: str, queries: list[web.Query]) -> list[graph.Row]:
    """The page's events by group, the groups in the order of their labels, the events
    of no group last; each lane keeps the events' date order."""
    if not rows:
        return []
    spec = graph.table("timeline-groups")[group]
    events = " ".join(ref(r["event"]) for r in rows)
    groups_q = web.Query(f"the events' {group}", graph.bind(
        graph.query("timeline-groups", pattern=spec["pattern"]), {"$events": events}))
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
