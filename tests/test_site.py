"""The browsable site as a reader uses it: Datasette on the exported SQLite file, driven by headless Chromium.

Slow tier. CI installs Chromium and its driver from Debian's packages (.ci/run); elsewhere the test is
skipped when they are missing, and fails when they are missing under CI.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT

from pipeline.exports import SQLITE_NAME, export

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
SCREENSHOT = ROOT / "build" / "screenshots" / "datasette-rafale-sources.png"


def _missing() -> str | None:
    if not (CHROMIUM and DRIVER):
        return "chromium and chromedriver are not installed (apt-get install chromium chromium-driver)"
    for module in ("selenium", "datasette"):
        try:
            __import__(module)
        except ImportError:
            return f"{module} is not installed (pip install -e '.[test]')"
    return None


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Datasette on a free loopback port, serving an export of the committed dist/; stopped afterwards."""
    reason = _missing()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    root = tmp_path_factory.mktemp("site")
    shutil.copytree(ROOT / "dist", root / "dist")
    export(root, parquet=False)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "datasette", "serve", str(root / "exports" / SQLITE_NAME),
         "--metadata", str(root / "exports" / "datasette-metadata.json"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):  # up to 20 s for the server to answer
            try:
                with urllib.request.urlopen(url + "/-/versions.json", timeout=2) as response:
                    json.load(response)
                break
            except OSError:
                if server.poll() is not None:
                    pytest.fail(f"datasette exited: {server.stdout.read().decode() if server.stdout else ''}")
                time.sleep(0.2)
        else:
            pytest.fail("datasette did not answer within 20 s")
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[object]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM or ""
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1400,1000",
                 f"--user-data-dir={tmp_path / 'profile'}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=DRIVER or ""), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


def test_a_reader_searches_for_rafale_opens_the_deal_and_sees_its_sources(site: str, browser) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.wait import WebDriverWait

    import south_asia_alignments as saa

    deals = saa.load("arms_deals")
    rafale = deals[deals["designation"].fillna("").str.contains("Rafale")]
    links = saa.load("arms_deal_sources")
    sourced = [i for i in rafale["id"] if (links["arms_deal_id"] == i).any()]
    deal = "2016-france-india-rafale" if "2016-france-india-rafale" in sourced else sourced[0]  # the 36 jets
    sources = saa.load("sources").set_index("id")
    titles = [sources.loc[s, "title"] for s in links.loc[links["arms_deal_id"] == deal, "source"]]

    browser.get(f"{site}/south-asia-alignments/arms_deals")
    assert "arms_deals" in browser.title
    box = browser.find_element(By.NAME, "_search")
    box.send_keys("Rafale")
    box.submit()
    # submit() returns before the next page has loaded: wait for it, or the checks below race it
    WebDriverWait(browser, 30).until(expected_conditions.url_contains("_search=Rafale"))
    WebDriverWait(browser, 30).until(
        expected_conditions.presence_of_element_located((By.CSS_SELECTOR, "table.rows-and-columns")))
    found = {a.text for a in browser.find_elements(By.CSS_SELECTOR, "table.rows-and-columns td.type-pk a")}
    assert set(rafale["id"]) == found  # every Rafale deal, and only those

    browser.find_element(By.LINK_TEXT, deal).click()
    WebDriverWait(browser, 30).until(expected_conditions.url_matches(f"/arms_deals/{deal}$"))
    # "Links from other tables": the deal's rows in arms_deal_sources
    browser.find_element(By.CSS_SELECTOR, f'a[href$="/arms_deal_sources?arms_deal_id={deal}"]').click()
    WebDriverWait(browser, 30).until(expected_conditions.url_contains(f"/arms_deal_sources?arms_deal_id={deal}"))
    page = browser.find_element(By.TAG_NAME, "body").text
    for title in titles:  # foreign keys to sources are labelled with each source's title
        assert title in page
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    assert browser.save_screenshot(str(SCREENSHOT))

    first = browser.find_element(By.PARTIAL_LINK_TEXT, titles[0])
    first.click()
    WebDriverWait(browser, 30).until(expected_conditions.url_contains("/sources/"))
    url = sources.loc[links.loc[links["arms_deal_id"] == deal, "source"].iloc[0], "url"]
    if isinstance(url, str):  # the source's page shows its URL as a link
        assert browser.find_elements(By.CSS_SELECTOR, f'a[href="{url}"]')
