"""The analyst pages in a real headless Chromium over the real seed graph: each loads with
no console error and no request off the machine, axe-core finds no serious or critical
violation, Tab reaches every link; the reader highlights exactly each annotation's
characters, a claims filter narrows the rows as the equivalent SPARQL does, the timeline
draws a year wider than a day, the map puts Khmeimim and Tartus at their coordinates.

Screenshots of every page go to artifacts/screenshots/ (ignored by git).
"""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import Select, WebDriverWait
from serverkit import Server
from test_pages_http import DOC, ID, PAGES, sparql_rows
from test_server_browser import WAIT, assert_clean, browser  # noqa: F401 - the fixture

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "artifacts" / "screenshots"
AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"


def load(driver: WebDriver, server: Server, path: str) -> WebDriver:
    driver.get("about:blank")
    driver.get_log("browser")
    driver.get_log("performance")
    driver.get(server.base + path)
    return driver


def follow(page: WebDriver, link: WebElement) -> None:
    """Click and wait for the next page to be there (a click only starts the navigation:
    rows read at once can be the old page's, or none)."""
    before = page.current_url
    link.click()
    WebDriverWait(page, WAIT).until(lambda d: d.current_url != before)
    WebDriverWait(page, WAIT).until(
        lambda d: d.execute_script("return document.readyState") == "complete")


def name_of(path: str) -> str:
    return re.sub(r"\W+", "-", path.split("?")[0].strip("/")) or "index"


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_clean_and_passes_axe(browser: WebDriver, seed_server: Server,  # noqa: F811
                                         path: str) -> None:
    page = load(browser, seed_server, path)
    assert page.find_element(By.TAG_NAME, "h1").text
    assert page.find_elements(By.CSS_SELECTOR, "main, header nav, footer")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.save_screenshot(str(SHOTS / f"{name_of(path)}.png"))
    assert_clean(page)
    assert serious_violations(page) == [], f"axe-core on {path}"


def serious_violations(page: WebDriver) -> list[tuple[str, str, list]]:
    """What axe-core (vendored) finds serious or critical on the page as it stands."""
    page.execute_script(AXE.read_text(encoding="utf-8"))
    result = page.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations))"
        ".catch(e => done([{id: 'axe failed', impact: 'critical', help: String(e)}]));")
    return [(v["id"], v["help"], [n["target"] for n in v.get("nodes", [])][:3])
            for v in result if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("path", PAGES)
def test_tab_reaches_every_link(browser: WebDriver, seed_server: Server,  # noqa: F811
                                path: str) -> None:
    page = load(browser, seed_server, path)
    links = page.execute_script("""
        window.rskgSeen = new Set();
        const links = [...document.querySelectorAll('a[href]')];
        links.forEach((a, i) => a.dataset.kb = i);
        document.addEventListener('focusin', e => {
          if (e.target.dataset && e.target.dataset.kb) window.rskgSeen.add(e.target.dataset.kb);
        });
        return links.length;""")
    stops = page.execute_script(
        "return document.querySelectorAll('a[href], [tabindex=\"0\"], input, select, button')"
        ".length") * 2 + 10
    for _ in range(0, stops, 200):  # Tab, in batches: one round trip per 200 presses
        chain = ActionChains(page)
        for _ in range(200):
            chain.send_keys(Keys.TAB)
        chain.perform()
        if page.execute_script("return window.rskgSeen.size") == links:
            break
    missed = page.execute_script("""
        return [...document.querySelectorAll('a[href][data-kb]')]
          .filter(a => !window.rskgSeen.has(a.dataset.kb)).map(a => a.outerHTML.slice(0, 120));""")
    assert missed == [], f"{len(missed)} of {links} links on {path} never got the focus"


def test_reader_highlights_exactly_each_annotation(browser: WebDriver,  # noqa: F811
                                                   seed_server: Server) -> None:
    page = load(browser, seed_server, f"/doc/{DOC}")
    anchors = {b["a"]["value"]: (int(b["s"]["value"]), int(b["e"]["value"]), b["x"]["value"])
               for b in sparql_rows(seed_server, f"""
        PREFIX oa: <http://www.w3.org/ns/oa#>
        SELECT ?a ?s ?e ?x WHERE {{ GRAPH <https://w3id.org/rskg/graph/doc/{DOC}> {{
          ?a oa:motivatedBy ?m ; oa:hasTarget/oa:hasSelector ?p , ?q .
          ?p oa:start ?s ; oa:end ?e . ?q oa:exact ?x FILTER(?m != oa:tagging) }} }}""")}
    text = sparql_rows(seed_server, f"""SELECT ?t WHERE {{
        <{ID}doc/{DOC}> <https://schema.org/text> ?t }}""")[0]["t"]["value"]
    shown = page.execute_script("""
        const found = {};
        for (const row of document.querySelectorAll('tr[data-iri]')) {
          const id = row.id.slice(2);
          const segs = document.querySelectorAll(`#doc-text .seg[data-ann~="${id}"]`);
          found[row.dataset.iri] = {kind: row.dataset.kind,
            text: [...segs].map(s => s.textContent).join('')};
        }
        return found;""")
    annotated = {iri: v for iri, v in shown.items() if v["kind"] != "quantity"}
    assert set(annotated) == set(anchors), "the page shows every annotation and no other"
    for iri, (start, end, exact) in anchors.items():
        assert annotated[iri]["text"] == exact == text[start:end], iri
    quantities = {iri: v for iri, v in shown.items() if v["kind"] == "quantity"}
    assert quantities
    for iri, v in quantities.items():
        start, end = map(int, iri.rsplit("/", 1)[1].split("-"))
        assert v["text"] == text[start:end], iri
    whole = page.execute_script(
        "return [...document.getElementById('doc-text').childNodes]"
        ".filter(n => n.id !== 'popover').map(n => n.textContent).join('')")
    assert whole == text, "the reader shows the whole text, byte for byte"


def test_reader_focus_shows_what_and_links(browser: WebDriver,  # noqa: F811
                                           seed_server: Server) -> None:
    page = load(browser, seed_server, f"/doc/{DOC}?kind=mention")
    first, second = page.find_elements(By.CSS_SELECTOR, "#doc-text .seg[tabindex='0']")[:2]
    ActionChains(page).move_to_element(first).perform()  # hovering shows it
    pop = page.find_element(By.ID, "popover")
    assert pop.is_displayed()
    assert pop.find_elements(By.CSS_SELECTOR, "a[href^='/entity/']")
    page.execute_script("window.focus(); arguments[0].focus()", second)  # so does focusing
    pop = page.find_element(By.ID, "popover")
    assert pop.is_displayed()
    assert page.execute_script("return arguments[0].nextElementSibling.id", second) == "popover"
    ActionChains(page).send_keys(Keys.TAB).perform()  # and Tab walks into its links
    assert page.switch_to.active_element.get_attribute("href").count("/entity/") == 1
    assert_clean(page)


def test_reader_filters_by_kind_and_entity(browser: WebDriver,  # noqa: F811
                                           seed_server: Server) -> None:
    russia = ID + "entity/russia"
    page = load(browser, seed_server, f"/doc/{DOC}?kind=mention&entity={russia}")
    rows = page.find_elements(By.CSS_SELECTOR, "tr[data-iri]")
    expected = sparql_rows(seed_server, f"""PREFIX oa: <http://www.w3.org/ns/oa#>
        SELECT ?a WHERE {{ ?a a <https://w3id.org/rskg/ontology#Mention> ; oa:hasBody <{russia}> ;
        oa:hasTarget/oa:hasSource <{ID}doc/{DOC}> }}""")
    assert len(rows) == len(expected) > 0
    assert {r.get_attribute("data-kind") for r in rows} == {"mention"}
    assert page.find_elements(By.CSS_SELECTOR, "#doc-text .k-claim") == []


def test_claims_filter_narrows_as_sparql_does(browser: WebDriver,  # noqa: F811
                                              seed_server: Server) -> None:
    page = load(browser, seed_server, "/claims")
    before = len(page.find_elements(By.CSS_SELECTOR, "tr.claim-row"))
    select = Select(page.find_element(By.NAME, "claimant"))
    option = select.options[1]
    claimant = option.get_attribute("value")
    select.select_by_value(claimant)
    follow(page, page.find_element(By.CSS_SELECTOR, "form.filters button"))
    rows = page.find_elements(By.CSS_SELECTOR, "tr.claim-row")
    expected = {b["c"]["value"] for b in sparql_rows(seed_server, f"""
        SELECT ?c WHERE {{ ?c a <https://w3id.org/rskg/ontology#Claim> ;
        <https://schema.org/author> <{claimant}> }}""")}
    assert 0 < len(rows) < before
    assert {r.get_attribute("data-claim") for r in rows} == expected
    assert f"claimant={claimant}".replace(":", "%3A").replace("/", "%2F") in page.current_url
    link = rows[0].find_element(By.CSS_SELECTOR, "td:nth-child(3) a")
    said = " ".join(link.text.split())
    follow(page, link)  # opens the claim in its document
    focus = page.find_elements(By.CSS_SELECTOR, "#doc-text .focus")
    words = "".join(f.get_attribute("textContent") for f in focus)
    assert " ".join(words.split()) == said, "the claim's words are highlighted in the reader"
    assert_clean(page)


def test_timeline_draws_a_year_wider_than_a_day(browser: WebDriver,  # noqa: F811
                                                seed_server: Server) -> None:
    page = load(browser, seed_server, "/timeline?from=2010&to=2025")
    year = page.find_element(By.CSS_SELECTOR, f"[data-event='{ID}event/oil-price-collapse-2014']")
    day = page.find_element(By.CSS_SELECTOR, f"[data-event='{ID}event/su-24-shootdown']")
    assert "tl-bar" in year.get_attribute("class") and "tl-point" in day.get_attribute("class")
    assert year.rect["width"] > 3 * day.rect["width"]
    track = year.find_element(By.XPATH, "..").rect["width"]
    assert abs(year.rect["width"] - track * 365 / (16 * 365.25)) < 2  # one year of sixteen
    assert_clean(page)


def test_timeline_event_opens_its_words_in_one_click(browser: WebDriver,  # noqa: F811
                                                     seed_server: Server) -> None:
    """Each document that mentions an event is linked from the event's row; one click
    lands on the reader with the first words there that name the event highlighted
    (focused) and in view, and the event's other anchors in that document highlighted."""
    event = ID + "event/killing-of-muammar-gaddafi"
    docs = {b["d"]["value"] for b in sparql_rows(seed_server, f"""SELECT ?d WHERE {{
        ?d <https://schema.org/mentions> <{event}> }}""")}
    assert len(docs) == 2, "the seed graph: ECFR and Meduza mention it"
    row = f"//div[@class='tl-row'][.//*[@data-event='{event}']]//a[@class='tl-reading']"
    page = load(browser, seed_server, "/timeline?from=2010&to=2025")
    linked = [urllib.parse.urlsplit(a.get_attribute("href")).path.rsplit("/", 1)[1]
              for a in page.find_elements(By.XPATH, row)]
    assert sorted(ID + "doc/" + d for d in linked) == sorted(docs)
    for i, docid in enumerate(linked):
        anchors = sparql_rows(seed_server, f"""PREFIX oa: <http://www.w3.org/ns/oa#>
            SELECT ?a ?s ?x ?mention WHERE {{ GRAPH <https://w3id.org/rskg/graph/doc/{docid}> {{
              ?a oa:hasBody <{event}> ; oa:hasTarget/oa:hasSelector ?p , ?q .
              ?p oa:start ?s . ?q oa:exact ?x
              BIND(EXISTS {{ ?a a <https://w3id.org/rskg/ontology#Mention> }} AS ?mention) }} }}""")
        first = min(anchors, key=lambda b: (b["mention"]["value"] != "true",
                                            int(b["s"]["value"])))
        page = load(browser, seed_server, "/timeline?from=2010&to=2025")
        follow(page, page.find_elements(By.XPATH, row)[i])
        assert page.current_url.split("?")[0] == f"{seed_server.base}/doc/{docid}"
        focus = page.find_elements(By.CSS_SELECTOR, "#doc-text .focus")
        words = "".join(f.get_attribute("textContent") for f in focus)
        assert words == first["x"]["value"], "the event's first words there are focused"
        assert page.execute_script("""const r = arguments[0].getBoundingClientRect();
            return r.bottom > 0 && r.top < window.innerHeight;""", focus[0]), "and in view"
        shown = {r.get_attribute("data-iri") for r in page.find_elements(
            By.CSS_SELECTOR, "tr[data-kind='event']")}
        assert shown == {b["a"]["value"] for b in anchors}, "every anchor of the event there"
        assert_clean(page)


def test_map_puts_the_bases_at_their_coordinates(browser: WebDriver,  # noqa: F811
                                                 seed_server: Server) -> None:
    page = load(browser, seed_server, "/map")
    points = {}
    for name in ("khmeimim-air-base", "russian-naval-facility-tartus"):
        wkt = sparql_rows(seed_server, f"""SELECT ?w WHERE {{ <{ID}entity/{name}>
            <http://www.opengis.net/ont/geosparql#hasGeometry>/
            <http://www.opengis.net/ont/geosparql#asWKT> ?w }}""")[0]["w"]["value"]
        lon, lat = map(float, re.findall(r"-?[\d.]+", wkt))
        circle = page.find_element(By.CSS_SELECTOR,
                                   f"#map-around-the-bases circle[data-place='{ID}entity/{name}']")
        assert circle.is_displayed()
        # where the map's own projection puts (lon, lat) on the screen, and where the mark is
        expected = page.execute_script("""
            const svg = document.getElementById('map-around-the-bases');
            const p = svg.createSVGPoint(); p.x = arguments[0]; p.y = -arguments[1];
            const s = p.matrixTransform(svg.getScreenCTM());
            const r = arguments[2].getBoundingClientRect();
            return [s.x, s.y, r.left + r.width / 2, r.top + r.height / 2];""", lon, lat, circle)
        assert abs(expected[0] - expected[2]) < 1 and abs(expected[1] - expected[3]) < 1
        points[name] = expected[2:]
    khmeimim, tartus = points["khmeimim-air-base"], points["russian-naval-facility-tartus"]
    assert khmeimim[1] < tartus[1] - 20  # Khmeimim lies about 55 km north of Tartus
    assert khmeimim[0] > tartus[0]  # and a little east
    land = page.execute_script(
        "return document.querySelector('#map-around-the-bases use').getBBox().width")
    assert land > 0, "the land outline was drawn"
    assert_clean(page)


def test_editor_link_opens_the_query(browser: WebDriver, seed_server: Server) -> None:  # noqa: F811
    page = load(browser, seed_server, "/map")
    follow(page, page.find_element(By.PARTIAL_LINK_TEXT, "Open in the query editor"))
    text = page.execute_script(
        "return window.rskgYasgui && window.rskgYasgui.getTab().getYasqe().getValue()")
    assert "geo:asWKT" in text  # the query page itself is tested in test_server_browser.py
