"""Readable on a projector: every page in both languages, in presentation mode, on a 1366×768 screen.
Saves tests/screenshots/projector_<page>_<lang>.png (viewed before an issue about readability is resolved)
and checks what a teacher needs without scrolling. Run with `pytest -m browser -k projector`."""

import pytest
import test_browser
from conftest import streamlit_server
from test_browser import SHOTS, TITLES, _navigate, _no_exception, _open, _settle

from core import i18n
from core.lecture import PAGES

pytestmark = pytest.mark.browser

VIEWPORT = {"width": 1366, "height": 768}
browser = test_browser.browser  # the same Chromium fixture


@pytest.fixture(scope="module")
def server():
    with streamlit_server() as (port, _):
        yield f"http://127.0.0.1:{port}"


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport=VIEWPORT, device_scale_factor=1)
    page = context.new_page()
    yield page
    context.close()


def _h1_px(page) -> float:
    return page.evaluate("parseFloat(getComputedStyle(document.querySelector('h1')).fontSize)")


def _presentation_on(page, lang: str) -> None:
    """Switch presentation mode on once the page has loaded, and wait until its larger text is there (a
    click during the first run of a fresh server can be lost: then click again)."""
    page.locator("h1").first.wait_for(timeout=120_000)
    _settle(page)
    label = page.locator("[data-testid='stSidebar']").get_by_text(
        i18n.text("sidebar.presentation", lang), exact=True
    )
    for _ in range(3):
        label.click()
        try:
            page.wait_for_function(
                "parseFloat(getComputedStyle(document.querySelector('h1')).fontSize) >= 48", timeout=10_000
            )
            break
        except Exception:
            _settle(page)
    assert _h1_px(page) >= 48, "presentation mode did not switch on"
    _settle(page)


def _in_viewport(page, locator) -> bool:
    box = locator.bounding_box()
    return (
        box is not None
        and box["x"] >= 0
        and box["y"] >= 0
        and box["x"] + box["width"] <= VIEWPORT["width"]
        and box["y"] + box["height"] <= VIEWPORT["height"]
    )


def _whole_page(page, path) -> None:
    """A screenshot of the whole page at 1366 px wide: Streamlit scrolls inside its own container, so the
    window is made as tall as the content for the shot (at most 9,000 px), then set back."""
    height = page.evaluate(
        "document.querySelector(\"[data-testid='stMainBlockContainer']\").getBoundingClientRect().height"
    )
    page.set_viewport_size({"width": VIEWPORT["width"], "height": min(int(height) + 200, 9000)})
    page.wait_for_timeout(1500)  # charts redraw at the new size
    page.screenshot(path=str(path))
    page.set_viewport_size(VIEWPORT)
    page.wait_for_timeout(500)


def _loaded(page) -> None:
    """Wait until nothing on the page is still computing (a fresh server trains its default model while the
    first page shows placeholders)."""
    busy = "[data-testid='stSpinner'], [data-testid='stSkeleton'], [data-testid='stStatusWidget']"
    page.wait_for_function(f'document.querySelectorAll("{busy}").length === 0', timeout=120_000)
    _settle(page)


def test_projector_screenshots_of_every_page(page, server):
    SHOTS.mkdir(exist_ok=True)
    # the default model first (trained without a spinner on a fresh server): the Attention page needs it
    _open(page, server, "attention")
    page.get_by_role("button", name=i18n.text("attention.next", "zh")).wait_for(timeout=120_000)
    _open(page, server, PAGES[0])
    _loaded(page)
    _presentation_on(page, "zh")
    for lang in ("zh", "en"):
        if lang == "en":
            page.locator("[data-testid='stSidebar']").get_by_text("English", exact=True).click()
            _settle(page)
        for name in PAGES:
            _navigate(page, name)
            _loaded(page)
            _no_exception(page, f"{name} ({lang})")
            assert TITLES[lang][name] in page.locator("h1").first.inner_text()
            _whole_page(page, SHOTS / f"projector_{name}_{lang}.png")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_projector_attention_step_controls_visible_on_load(page, server, lang):
    """A teacher on a 1366×768 screen sees the step-through's Next button and the current step's title
    without scrolling, in presentation mode."""
    _open(page, server, "attention")
    page.get_by_role("button", name=i18n.text("attention.next", "zh")).wait_for(timeout=120_000)
    if lang == "en":
        page.locator("[data-testid='stSidebar']").get_by_text("English", exact=True).click()
        _settle(page)
    _presentation_on(page, lang)
    nxt = page.get_by_role("button", name=i18n.text("attention.next", lang))
    page.screenshot(path=str(SHOTS / f"projector_attention_top_{lang}.png"))
    assert nxt.count() == 1
    assert _in_viewport(page, nxt), f"Next ▶ at {nxt.bounding_box()}"
    progress = page.get_by_text(
        i18n.text("attention.step_of", lang, i=1, n=8, name=i18n.text("attention.step_x", lang))
    )
    assert progress.count() == 1 and _in_viewport(page, progress.first), progress.first.bounding_box()
