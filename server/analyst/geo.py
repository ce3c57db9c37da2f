"""The map, /map: the places with coordinates (bases, cities, regions) on a base map
shipped with the project (Natural Earth land outlines, server/static/analyst/*.svg, made
once by scripts/make-basemap.mjs), with their operators, the events there and the claims
about each. No tile server and no network: it works offline.

Both maps are plate carrée SVG (x = longitude, y = -latitude): a world view, and a
detail view around the military bases, where Khmeimim and Tartus lie 60 km apart.
"""

from __future__ import annotations

import re

from flask import Blueprint, Response

from server.analyst import graph, web

_POINT = re.compile(r"POINT\s*\(\s*(-?[\d.]+)\s+(-?[\d.]+)\s*\)")


def routes(bp: Blueprint) -> None:
    @bp.get("/map")
    def map_page() -> Response | str:
        return _page()


def _page() -> Response | str:
    at = web.pager(200)
    places_q = web.Query("places with coordinates", graph.query(
        "map-places", limit=str(at.size + 1), offset=str(at.offset)))
    places, at = web.paged(graph.select(places_q.text), at)
    places = [p for p in places if _point(p)]
    queries = [places_q]
    if places:
        values = " ".join(graph.ref(p["place"]) for p in places)
        extra = {name: web.Query(title, graph.query(f"map-{name}", places=values))
                 for name, title in (("operators", "who operates them"),
                                     ("events", "events located there"),
                                     ("claims", "claims about each"))}
        queries += list(extra.values())
        found = {name: graph.select(q.text) for name, q in extra.items()}
        if found["events"]:
            labels_q = web.Query("the events' labels", graph.labelled(found["events"], "iri"))
            queries.append(labels_q)
            graph.add_labels(found["events"], graph.select(labels_q.text), "iri")
        for r in found["events"]:
            r["label"] = r.pop("iriLabel")
        found["events"].sort(key=lambda r: (r["label"], r["iri"]))
        for p in places:
            p["operators"] = [r for r in found["operators"] if r["place"] == p["place"]]
            p["events"] = [r for r in found["events"] if r["place"] == p["place"]]
            p["claims"] = next((r["claims"] for r in found["claims"]
                                if r["place"] == p["place"]), 0)
    data = {"places": places}
    return web.respond("map.html", "Map of bases and places", data, queries,
                       graph.describe({p["place"] for p in places}), pager=at,
                       views=[_view("World", (-180, -90, 360, 180), places),
                              _view("Around the bases", _around_bases(places), places)])


def _point(place: graph.Row) -> bool:
    match = _POINT.search(place["wkt"])
    if not match:
        return False
    place["lon"], place["lat"] = float(match[1]), float(match[2])
    place["anchor"] = place["place"].rsplit("/", 1)[-1]
    return True


def _around_bases(places: list[graph.Row]) -> tuple[float, float, float, float]:
    """A view box around the bases (all places when there is no base), 5° by 4° at least."""
    chosen = [p for p in places if p["isBase"] == "true"] or places
    if not chosen:
        return (30.0, -42.0, 14.0, 10.0)
    lons, lats = [p["lon"] for p in chosen], [-p["lat"] for p in chosen]
    width = max(max(lons) - min(lons) + 3, 5.0)
    height = max(max(lats) - min(lats) + 3, 4.0)
    cx, cy = (max(lons) + min(lons)) / 2, (max(lats) + min(lats)) / 2
    return (round(cx - width / 2, 3), round(cy - height / 2, 3), round(width, 3),
            round(height, 3))


def _view(title: str, box: tuple[float, float, float, float],
          places: list[graph.Row]) -> dict[str, object]:
    x, y, w, h = box
    shown = [p for p in places if x <= p["lon"] <= x + w and y <= -p["lat"] <= y + h]
    basemap = "land-110m.svg" if w > 60 else "land-50m-near-east.svg"
    return {"title": title, "box": f"{x} {y} {w} {h}", "places": shown, "r": w / 110,
            "font": w / 40, "labels": w <= 60, "basemap": basemap,
            "id": re.sub(r"\W+", "-", title.lower())}
