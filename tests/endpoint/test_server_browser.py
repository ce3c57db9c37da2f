"""The query page at `/` in a real headless Chromium, over a real build of the seed graph.

The store is built by `kg build`'s own run_build from seeds/ and ontology/; the server is
the real one (`python -m server`, granian) on a loopback port. Chromium and chromedriver
are Debian's (`scripts/install-browser`); the test is skipped only when they are absent.
Chromium runs with every background service off and a host-resolver rule that sends any
name other than the loopback address nowhere, and the test also reads the browser's
network log, so a request to another host would be seen even if it could not succeed.
"""

from __future__ import annotations

import json
import re
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from serverkit import EXAMPLES, Server

ROOT = Path(__file__).resolve().parents[2]
PREFIXES = ROOT / "server" / "static" / "prefixes.json"
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
SCREENSHOTS = Path(tempfile.gettempdir()) / "rskg-browser"
LOOPBACK = {"127.0.0.1", "localhost", "[::1]", "::1"}
WAIT = 20  # seconds for the page or one example query

if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
    pytest.skip("Debian's chromium and chromium-driver are not installed "
                "(run scripts/install-browser)", allow_module_level=True)

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.remote.webdriver import WebDriver  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-extensions", "--window-size=1400,1000",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]


def example_files() -> list[Path]:
    return sorted(EXAMPLES.glob("*.rq"))


def header(path: Path, key: str) -> str:
    """The `# key: value` line of an example file, read here independently of the server."""
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(rf"#\s*{key}\s*:\s*(.*)", line)
        if match:
            return match.group(1).strip()
    raise AssertionError(f"{path.name} has no '# {key}:' line")


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDriver]:
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(WAIT)
    yield driver
    driver.quit()


@pytest.fixture
def page(browser: WebDriver, seed_server: Server) -> WebDriver:
    """`/` freshly loaded, YASGUI up, the logs of earlier tests drained."""
    browser.get("about:blank")
    browser.get_log("browser")
    browser.get_log("performance")
    browser.get(seed_server.base + "/")
    WebDriverWait(browser, WAIT).until(
        lambda d: d.execute_script("return !!(window.rskgYasgui && window.rskgYasgui.getTab()"
                                   " && window.rskgYasgui.getTab().getYasqe())"))
    return browser


def requests_made(driver: WebDriver) -> list[tuple[str, str]]:
    """(method, url) of every request the page sent since the log was last read."""
    sent = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            request = message["params"]["request"]
            sent.append((request["method"], request["url"]))
    return sent


def assert_clean(driver: WebDriver) -> list[tuple[str, str]]:
    """No error in the browser's console and no request off the loopback host."""
    errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == [], f"errors in the browser console: {errors}"
    sent = requests_made(driver)
    outside = [(m, url) for m, url in sent
               if urllib.parse.urlsplit(url).scheme in ("http", "https", "ws", "wss")
               and urllib.parse.urlsplit(url).hostname not in LOOPBACK]
    assert outside == [], f"the page reached beyond the loopback host: {outside}"
    return sent


def rows_from_server(server: Server, query: str) -> int:
    request = urllib.request.Request(
        server.sparql, data=query.encode("utf-8"), method="POST",
        headers={"Content-Type": "application/sparql-query",
                 "Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=WAIT) as response:
        return len(json.load(response)["results"]["bindings"])


def screenshot(driver: WebDriver, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(SCREENSHOTS / f"{name}.png"))


def test_yasgui_loads_with_no_error_and_no_outside_request(page: WebDriver,
                                                           seed_server: Server) -> None:
    assert page.find_element(By.CSS_SELECTOR, ".yasgui .yasqe .CodeMirror").is_displayed()
    assert page.find_element(By.CSS_SELECTOR, ".yasgui .yasr").is_displayed()
    screenshot(page, "index")
    sent = assert_clean(page)
    urls = {url for _, url in sent}
    assert seed_server.base + "/" in urls
    assert any(url.endswith("/static/yasgui/yasgui.min.js") for url in urls)
    assert any(url.endswith("/static/yasgui/yasgui.min.css") for url in urls)


def test_queries_are_sent_by_post_to_this_endpoint(page: WebDriver, seed_server: Server) -> None:
    config = page.execute_script("return window.rskgYasgui.getTab().getRequestConfig()")
    assert config["method"] == "POST"
    assert config["endpoint"] == seed_server.sparql
    page.execute_script("window.rskgYasgui.getTab().getYasqe().query()")
    wait_for_results(page)
    sparql = [m for m, url in assert_clean(page) if url.startswith(seed_server.sparql)]
    assert sparql, "running the editor's query sent no request to /sparql"
    assert set(sparql) == {"POST"}


def test_prefixes_are_preloaded_in_the_editor(page: WebDriver) -> None:
    text = page.execute_script("return window.rskgYasgui.getTab().getYasqe().getValue()")
    prefixes = json.loads(PREFIXES.read_text())
    for name, iri in prefixes.items():
        assert f"PREFIX {name}: <{iri}>" in text, f"prefix {name}: missing from the editor"
    declared = page.execute_script(
        "return window.rskgYasgui.getTab().getYasqe().getPrefixesFromQuery()")
    assert declared == prefixes
    assert_clean(page)


def test_gallery_lists_every_example_with_title_and_comment(page: WebDriver) -> None:
    buttons = page.find_elements(By.CSS_SELECTOR, "#gallery button")
    files = example_files()
    assert files, f"no example queries in {EXAMPLES}"
    assert len(buttons) == len(files)
    for button, path in zip(buttons, files, strict=True):
        title = button.find_element(By.TAG_NAME, "strong").text
        comment = button.find_element(By.TAG_NAME, "span").text
        assert title == header(path, "title"), path.name
        assert comment == header(path, "comment"), path.name
        assert button.is_displayed()
    assert_clean(page)


def wait_for_results(driver: WebDriver) -> dict:
    """Wait until the active tab's results are drawn; return what YASR holds."""
    script = """
        const tab = window.rskgYasgui.getTab();
        const yasr = tab.getYasr(), results = yasr && yasr.results;
        if (!results || tab.getYasqe().req) return null;
        const error = results.getError();
        const bindings = results.getBindings();
        return {name: tab.getName(), query: tab.getQuery(),
                error: error ? JSON.stringify(error) : null,
                rows: bindings ? bindings.length : null};
    """
    return WebDriverWait(driver, WAIT).until(lambda d: d.execute_script(script))


@pytest.mark.parametrize("path", example_files(), ids=lambda p: p.stem)
def test_each_example_runs_from_the_page(page: WebDriver, seed_server: Server,
                                         path: Path) -> None:
    if "SERVICE" in path.read_text(encoding="utf-8"):
        # The test server allows no SERVICE (no traffic leaves the machine): the page must
        # show the refusal. Federation itself is tested in tests/test_wikidata*.py.
        page.find_elements(By.CSS_SELECTOR, "#gallery button")[example_files().index(path)].click()
        shown = wait_for_results(page)
        assert shown["error"] is not None and "SERVICE" in shown["error"], shown
        return
    expected = rows_from_server(seed_server, path.read_text(encoding="utf-8"))
    index = example_files().index(path)
    started = time.monotonic()
    page.find_elements(By.CSS_SELECTOR, "#gallery button")[index].click()
    shown = wait_for_results(page)
    assert shown["error"] is None, f"{path.name}: the page shows an error: {shown['error']}"
    assert shown["name"] == header(path, "title")
    assert shown["query"] == path.read_text(encoding="utf-8")
    assert shown["rows"] == expected
    chip = page.find_element(By.CSS_SELECTOR, ".tabPanel.active .yasr_response_chip").text
    assert chip.startswith(f"{expected} result"), chip
    assert page.find_elements(By.CSS_SELECTOR, ".tabPanel.active .yasr .errorResult") == []
    cells = page.find_elements(By.CSS_SELECTOR,
                               ".tabPanel.active .yasr_results table.dataTable tbody tr td")
    if expected:
        rows = page.find_elements(By.CSS_SELECTOR,
                                  ".tabPanel.active .yasr_results table.dataTable tbody tr")
        assert len(rows) == min(expected, 50)  # YASR's default page size
        assert cells and cells[0].is_displayed()
    screenshot(page, f"example-{path.stem}")
    sent = assert_clean(page)
    assert ("POST", seed_server.sparql) in sent
    assert time.monotonic() - started < WAIT


def test_an_example_clicked_again_reruns_in_its_own_tab(page: WebDriver) -> None:
    count = "return window.rskgYasgui.persistentConfig.getTabs().length"
    before = page.execute_script(count)
    buttons = page.find_elements(By.CSS_SELECTOR, "#gallery button")
    for button in (buttons[0], buttons[-1], buttons[0]):
        button.click()
        wait_for_results(page)
    assert page.execute_script(count) == before + min(2, len(buttons))
    assert page.execute_script("return window.rskgYasgui.getTab().getName()") == header(
        example_files()[0], "title")
    assert_clean(page)
