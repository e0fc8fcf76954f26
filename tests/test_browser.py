"""A real browser: Debian's Chromium (or, where there is none, the one `python -m playwright install chromium`
downloads; tests/run.sh installs one or the other), driven by Playwright, against `streamlit run app.py`.

Opens every page, trains the default model to the end, switches language, finds no exception on any
page, records that no request leaves this machine, and saves screenshots to tests/screenshots/.
Run alone with `pytest -m browser`. Mandatory: it fails (never skips) when Chromium is missing."""

import os
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest
from conftest import streamlit_server

from core.lecture import PAGES

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
SHOTS = ROOT / "tests" / "screenshots"
TITLES = {
    "zh": {
        "why": "为什么",
        "train": "训练 word2vec",
        "space": "潜空间",
        "attention": "注意力",
        "transformer": "Transformer",
        "arc": "讲座的主线",
    },
    "en": {
        "why": "Why",
        "train": "Train word2vec",
        "space": "Latent space",
        "attention": "Attention",
        "transformer": "Transformer",
        "arc": "The lecture's arc",
    },
}


@pytest.fixture(scope="module")
def server():
    with streamlit_server() as (port, _):
        yield f"http://127.0.0.1:{port}"


def chromium() -> str | None:
    """Debian's Chromium if installed, else None: Playwright then launches its own download."""
    return CHROMIUM if os.access(CHROMIUM, os.X_OK) else None


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import Error, sync_playwright

    path = chromium()
    with sync_playwright() as p:
        try:
            b = p.chromium.launch(
                executable_path=path,
                args=[
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                ],
            )
        except Error as e:
            which = path or f"{CHROMIUM} is missing, and Playwright's own"
            pytest.fail(
                f"Chromium did not start ({which}): {str(e).splitlines()[0]}; tests/run.sh installs it"
            )
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, device_scale_factor=1)
    page = context.new_page()
    page.outside_requests = []
    host = urlparse(server).hostname

    def record(request):
        url = urlparse(request.url)
        if url.scheme in ("http", "https", "ws", "wss") and url.hostname != host:
            page.outside_requests.append(request.url)

    page.on("request", record)
    yield page
    context.close()


def _settle(page, timeout: float = 90) -> None:
    """Wait until Streamlit has finished: no running indicator, and the page's elements stopped changing."""
    page.wait_for_selector("[data-testid='stApp']", timeout=30_000)
    elements = "[data-testid='stMain'] [data-testid='stElementContainer']"
    deadline, last, stable_since = time.time() + timeout, None, time.time()
    while time.time() < deadline:
        running = page.locator("[data-testid='stStatusWidget']").count() > 0
        count = page.locator(elements).count()
        if running or count != last:
            last, stable_since = count, time.time()
        elif time.time() - stable_since > 1.5:
            return
        page.wait_for_timeout(250)
    raise AssertionError(f"the app kept running for more than {timeout:.0f} s")


def _no_exception(page, where: str) -> None:
    errors = page.locator("[data-testid='stException']")
    assert errors.count() == 0, f"{where}: {errors.first.inner_text()[:2000]}"


def _open(page, server, name: str) -> None:
    page.goto(f"{server}/{'' if name == PAGES[0] else name}")  # the first page is the app's root
    _settle(page)


def _navigate(page, name: str) -> None:
    """Follow the sidebar link, as a student does: the session (and its language) stays."""
    link = page.locator(f"[data-testid='stSidebarNavLink'][href$='/{name}']")
    try:
        link.click(timeout=60_000)
    except Exception:
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"failed_navigate_{name}.png"))
        raise
    _settle(page)


def test_every_page_renders_in_both_languages(page, server):
    SHOTS.mkdir(exist_ok=True)
    _open(page, server, "why")
    for lang in ("zh", "en"):
        if lang == "en":
            page.locator("[data-testid='stSidebar']").get_by_text("English", exact=True).click()
            _settle(page)
        for name in PAGES:
            _navigate(page, name)
            _no_exception(page, f"{name} ({lang})")
            heading = page.locator("h1").first.inner_text()
            assert TITLES[lang][name] in heading, f"{name} ({lang}): heading {heading!r}"
            page.screenshot(path=str(SHOTS / f"{name}_{lang}.png"), full_page=True)
    assert page.outside_requests == [], f"requests left the machine: {page.outside_requests[:5]}"


def test_train_default_model_to_the_end_then_use_it(page, server):
    _open(page, server, "train")
    page.get_by_role("button", name="开始").click()
    page.get_by_text("训练完成").wait_for(timeout=120_000)
    _settle(page)
    _no_exception(page, "train after training")
    page.get_by_role("button", name="使用此模型").click()
    _settle(page)
    sidebar = page.locator("[data-testid='stSidebar']").inner_text()
    assert "apples_zh" in sidebar and "cbow" in sidebar, sidebar
    page.get_by_role("button", name="单步").click()
    _settle(page)
    _no_exception(page, "train step")
    assert page.get_by_text("一个训练样本").count() == 1
    page.screenshot(path=str(SHOTS / "train_after_run_zh.png"), full_page=True)
    # the model chosen on Train is the one the other pages use
    _navigate(page, "space")
    _no_exception(page, "space with the trained model")
    assert page.outside_requests == [], f"requests left the machine: {page.outside_requests[:5]}"


def test_a_link_to_the_first_page_opens_it_on_a_fresh_server(browser):
    """/why as a new server process's first request (Streamlit's old pages/ mode is still on then, and the
    first page is also the app's root): the page opens with the sidebar, without "Page not found"."""
    with streamlit_server() as (port, _):
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        try:
            page.goto(f"http://127.0.0.1:{port}/{PAGES[0]}")
            _settle(page)
            _no_exception(page, f"/{PAGES[0]}")
            assert page.get_by_text("Page not found").count() == 0
            assert page.locator("[role='dialog']").count() == 0
            assert TITLES["zh"][PAGES[0]] in page.locator("h1").first.inner_text()
            assert page.locator("[data-testid='stSidebarNavLink']").count() == len(PAGES) + 1  # + Lesson
            assert page.url.endswith(f"/{PAGES[0]}")
        finally:
            context.close()
