"""A real browser for the Mini App's tests: Debian's headless Chromium driven through chromedriver by Selenium,
with a fresh profile and nothing that reaches the network on its own."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

PHONE = {"width": 390, "height": 844, "pixelRatio": 2}  # a common phone screen, in CSS pixels
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--mute-audio",
    "--autoplay-policy=no-user-gesture-required",
    "--window-size=600,1000",
)


def _tool(*names: str) -> str:
    for name in names:
        if found := shutil.which(name):
            return found
    pytest.fail(f"`{names[0]}` is not installed: run scripts/setup.sh, or apt-get install -y chromium chromium-driver")


def chromium(profile: Path) -> webdriver.Chrome:
    """A fresh browser showing pages as a phone does (viewport, touch, pixel ratio)."""
    options = webdriver.ChromeOptions()
    options.binary_location = _tool("chromium", "chromium-browser")
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.add_experimental_option("mobileEmulation", {"deviceMetrics": PHONE})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=_tool("chromedriver")))
    driver.set_page_load_timeout(30)
    return driver


def until(driver: webdriver.Chrome, script: str, what: str, timeout: float = 30.0, *args: Any) -> Any:
    """Run ``script`` (a JS function body returning a value) until its result is truthy; fail naming ``what``."""
    check: Callable[[webdriver.Chrome], Any] = lambda d: d.execute_script(script, *args)  # noqa: E731
    try:
        return WebDriverWait(driver, timeout, poll_frequency=0.1).until(check)
    except Exception as exc:
        state = driver.execute_script("return [document.body.dataset, document.getElementById('status')?.textContent]")
        raise AssertionError(f"timed out waiting until {what}; page state: {state}") from exc
