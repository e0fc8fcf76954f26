"""Issue 26 in a real browser: every lesson step's "open the view" lands on its panel — the panel's heading
inside the first 768 px of a 1366×768 screen in presentation mode, both languages (C2, C4, C10, C11 used to
open at the top of the Why page, 1–6 screens above; C7 with the cloze below the fold) — and a mistyped
address says so in the session's language. Run with `pytest -m browser -k lesson_views`."""

import pytest
import test_browser
from conftest import ROOT
from test_browser import _settle

from core import i18n, tour
from core.lecture import ANCHORS
from ui.tour_panels import view_params

pytestmark = pytest.mark.browser
browser, server = test_browser.browser, test_browser.server  # one Chromium and one app per module
SECTION = ("att_section", "attention.section_", "steps")
SPACE, ATTENTION = ("space_section", "space.tab_", "cloze"), ("att_section", "attention.section_", "steps")
STEPS = tour.load(ROOT / "lessons" / "tour.toml").steps


@pytest.fixture(scope="module")
def page(browser, server):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, device_scale_factor=1)
    yield context.new_page()
    context.close()


def _heading(page, step, lang: str, params: dict):
    """The locator of the panel the step's view is about."""
    at, t = ANCHORS.get((step.page, step.claim)), lambda key: i18n.text(key, lang)
    main = page.locator("[data-testid='stMain']")
    if at in ("onehot", "trap", "pinv", "linear"):
        return main.get_by_text(t(f"why.{at}.title"), exact=True)
    if at == "controls":
        return main.get_by_role("button", name=t("train.start"))
    if at == "find":
        return main.get_by_text(t("space.find"), exact=True)
    if at == "section":
        key, prefix, first = SPACE if step.page == "space" else ATTENTION
        return main.get_by_text(t(prefix + params.get(key, first)), exact=True)
    return main.locator("h1")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_step_opens_its_view_at_its_panel(page, server, lang):
    misses = []
    for n, step in enumerate(STEPS, 1):
        params = view_params(step, lang)
        query = "&".join(f"{k}={v}" for k, v in {"lang": lang, "presentation": "1", **params}.items())
        page.goto(f"{server}/{step.page}?{query}")
        _settle(page, timeout=180)
        page.wait_for_timeout(4500)  # the scroll repeats while charts above still grow
        box = _heading(page, step, lang, params).first.bounding_box()
        if box is None or not (0 <= box["y"] and box["y"] + box["height"] <= 768):
            page.screenshot(path=str(ROOT / "tests" / "screenshots" / f"lesson_view_{n}_{lang}.png"))
            misses.append((n, step.claim, step.page, box and round(box["y"])))
    assert not misses, misses


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_mistyped_address_says_so_in_the_sessions_language(page, server, lang):
    page.goto(f"{server}/sapce?lang={lang}")
    page.locator("h1").first.wait_for(timeout=120_000)
    _settle(page)
    assert page.locator("h1").first.inner_text() == i18n.text("common.not_found_title", lang)
    assert page.get_by_text("You have requested page").count() == 0  # Streamlit's English dialog
    main = page.locator("[data-testid='stMain']")
    assert main.get_by_text(i18n.text("nav.space", lang), exact=False).count() >= 1
