"""The claims explorer sorted by claimant, source and kind, and the timeline grouped by
type, actor and source, in headless Chromium over the seed graph: a click on a column
heading sorts the rows in the order the plain one-query SPARQL gives (the page links it),
page after page; the timeline draws each group's events in a lane of their own; no
console error, no serious axe-core violation."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import Select
from server_http import get
from serverkit import Server
from test_pages_browser import follow, load, serious_violations
from test_pages_http import sparql_rows
from test_server_browser import assert_clean, browser  # noqa: F401 - the fixture

SAME_ORDER = "the same order in one query (slow on a large corpus)"


def rows_on_every_page(page: WebDriver) -> list[tuple[str, str]]:
    """(claim, key) of each row, following "Next page" to the end."""
    seen: list[tuple[str, str]] = []
    while True:
        seen += [(r.get_attribute("data-claim"), r.get_attribute("data-key"))
                 for r in page.find_elements(By.CSS_SELECTOR, "tr.claim-row")]
        assert_clean(page)
        following = page.find_elements(By.CSS_SELECTOR, "nav.pager a[rel=next]")
        if not following:
            return seen
        follow(page, following[0])


@pytest.mark.parametrize("column,descending", [("Claimant", False), ("Source", False),
                                               ("Kind", False), ("Claimant", True)])
def test_sorted_claims_follow_the_equivalent_sparql(browser: WebDriver,  # noqa: F811
                                                    seed_server: Server, column: str,
                                                    descending: bool) -> None:
    page = load(browser, seed_server, "/claims")
    heading = f"//th/a[starts-with(normalize-space(.), '{column}')]"
    follow(page, page.find_element(By.XPATH, heading))
    if descending:  # a second click on the sorted column turns the order round
        follow(page, page.find_element(By.XPATH, heading))
    sort = column.lower()
    assert f"sort={sort}" in page.current_url
    assert ("order=desc" in page.current_url) == descending
    heading = page.find_element(By.CSS_SELECTOR, "th[aria-sort]")
    assert heading.get_attribute("aria-sort") == ("descending" if descending else "ascending")
    assert serious_violations(page) == []
    said = int(page.find_element(By.ID, "claim-count").text.split()[0])
    shown = rows_on_every_page(page)
    body = json.loads(get(page.current_url.split("?")[0] + f"?sort={sort}&order="
                          f"{'desc' if descending else 'asc'}&format=json").text)
    query = next(q["sparql"] for q in body["queries"] if q["title"] == SAME_ORDER)
    expected = [(b["claim"]["value"], b["key"]["value"]) for b in sparql_rows(seed_server, query)]
    assert len(shown) > 50  # more than one page
    assert [k for _, k in shown] == [k for _, k in expected]  # the keys in the same order
    assert Counter(shown) == Counter(expected)  # and the same claims under each
    total = len(sparql_rows(seed_server, "SELECT ?c WHERE { ?c a <https://w3id.org/rskg/"
                                         "ontology#Claim> }"))
    assert len({c for c, _ in shown}) == total == said  # "N claims match": distinct claims


@pytest.mark.parametrize("group,pattern", [
    ("type", "?e <http://semanticweb.cs.vu.nl/2009/11/sem/eventType> ?g"),
    ("actor", "?e <http://semanticweb.cs.vu.nl/2009/11/sem/hasActor> ?g"),
    ("source", "?d <https://schema.org/mentions> ?e ; <https://schema.org/publisher> ?g")])
def test_timeline_draws_each_group_in_its_lane(browser: WebDriver,  # noqa: F811
                                               seed_server: Server, group: str,
                                               pattern: str) -> None:
    page = load(browser, seed_server, "/timeline")
    Select(page.find_element(By.NAME, "group")).select_by_value(group)
    follow(page, page.find_element(By.CSS_SELECTOR, "form.filters button"))
    assert f"group={group}" in page.current_url
    lanes = page.find_elements(By.CSS_SELECTOR, "section.tl-lane")
    drawn = {lane.get_attribute("data-group"): {
        m.get_attribute("data-event") for m in lane.find_elements(By.CSS_SELECTOR,
                                                                  "[data-event]")}
        for lane in lanes}
    dated = {b["e"]["value"] for b in sparql_rows(seed_server, """SELECT ?e WHERE {
        ?e a <https://w3id.org/rskg/ontology#Event> ;
           <http://semanticweb.cs.vu.nl/2009/11/sem/hasEarliestBeginTimeStamp> ?b }""")}
    expected: dict[str, set[str]] = {}
    for b in sparql_rows(seed_server, f"SELECT DISTINCT ?e ?g WHERE {{ {pattern} }}"):
        if b["e"]["value"] in dated:
            expected.setdefault(b["g"]["value"], set()).add(b["e"]["value"])
    grouped = {e for es in expected.values() for e in es}
    if dated - grouped:
        expected[""] = dated - grouped  # the lane of events in no group, last
    assert len(dated) <= 100  # one page: every dated event of the seeds is drawn
    assert drawn == expected
    assert [lane.get_attribute("data-group") for lane in lanes][-1:] == (
        [""] if "" in expected else [lanes[-1].get_attribute("data-group")])
    headings = [lane.find_element(By.TAG_NAME, "h2").text for lane in lanes]
    named = [h.rsplit(" (", 1)[0].lower() for h, lane in zip(headings, lanes, strict=True)
             if lane.get_attribute("data-group")]
    assert named == sorted(named)  # groups in the order of their names
    assert_clean(page)
    assert serious_violations(page) == []
