"""Headless Chromium: Swagger UI, Redoc and the problem-type docs page as a person sees them.

Needs Debian's ``chromium`` and ``chromium-driver`` (``/usr/bin/chromedriver``) and ``selenium``.
The example project runs on a free port (18000-18999) with the sidecar's static files.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import pytest

from tests.example.server import example_server
from tests.services import unavailable

pytestmark = [pytest.mark.browser, pytest.mark.server]

CHROMEDRIVER = "/usr/bin/chromedriver"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,900",
)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    if not shutil.which("chromium") or not shutil.which(CHROMEDRIVER):
        unavailable("Chromium is not installed (apt-get install chromium chromium-driver)")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        unavailable("selenium is not installed (requirements-dev.txt)")
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or ""
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium')}")
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with example_server(tmp_path_factory.mktemp("server"), static=True) as (port, _key):
        yield f"http://127.0.0.1:{port}"


def wait_for(driver: Any, css: str, timeout: float = 30) -> Any:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(
        expected_conditions.presence_of_element_located((By.CSS_SELECTOR, css))
    )


def test_swagger_ui_renders_error_responses_and_their_examples(browser, base_url):
    from selenium.webdriver.common.by import By

    browser.get(f"{base_url}/schema/swagger/?version=1.1")
    wait_for(browser, "#operations-api-api_workers_retrieve")
    browser.find_element(
        By.CSS_SELECTOR, "#operations-api-api_workers_retrieve .opblock-summary-control"
    ).click()
    wait_for(browser, "#operations-api-api_workers_retrieve tr.response[data-code='404']")
    section = browser.find_element(By.ID, "operations-api-api_workers_retrieve")
    text = section.text
    for status in ("400", "401", "404", "406", "413", "500", "503"):
        assert section.find_elements(By.CSS_SELECTOR, f"tr.response[data-code='{status}']")
    assert "application/problem+json" in text
    assert "/problems/#not-found" in text  # the 404 example body
    assert "WWW-Authenticate" in text  # the 401's documented header
    # The Authorize dialog offers the API-key header.
    browser.find_element(By.CSS_SELECTOR, ".auth-wrapper .authorize").click()
    dialog = wait_for(browser, ".modal-ux")
    assert "X-Api-Key" in dialog.text


def test_redoc_renders_error_responses(browser, base_url):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(f"{base_url}/schema/redoc/?version=1.0")
    WebDriverWait(browser, 30).until(
        lambda d: "Invalid api version" in d.find_element(By.TAG_NAME, "body").text
    )
    text = browser.find_element(By.TAG_NAME, "body").text
    assert "Problem types" in text or "problem-type documentation" in text
    assert "Not found" in text and "Service temporarily unavailable" in text
    assert "application/problem+json" in text
    assert "Deprecated" in text or "deprecated" in text


def test_a_type_uri_anchor_lands_on_its_section(browser, base_url):
    browser.get(f"{base_url}/problems/#not-found")
    wait_for(browser, "section#not-found")
    target = browser.execute_script("return document.querySelector(':target').id")
    assert target == "not-found"
    top = browser.execute_script(
        "return document.getElementById('not-found').getBoundingClientRect().top"
    )
    assert browser.execute_script("return window.scrollY") > 0
    assert -5 <= top <= 60, f"the section starts {top}px from the top of the viewport"
    heading = browser.execute_script("return document.querySelector(':target h2').textContent")
    assert "Not found" in heading
