"""Learned attention in a real browser: the Attention page on the translator's heads, and every attention
view of the Transformer page (head, model, neuron, replay, ablation), in both languages, at 1366×768, with
and without presentation mode. Saves tests/screenshots/learned_<page>_<view>_<lang>[_projector].png.
Run with `pytest -m browser -k learned`."""

import pytest
import test_browser
import test_browser_projector
from conftest import streamlit_server
from test_browser import SHOTS, _no_exception, _open, _settle

from core import i18n

pytestmark = pytest.mark.browser

VIEWS = ("head", "model", "neuron", "replay", "ablate")
browser = test_browser.browser  # the same Chromium fixture
page = test_browser_projector.page  # a 1366×768 window on this module's server


@pytest.fixture(scope="module")
def server(translator):  # the shared translator's checkpoint exists: the server loads it at once
    with streamlit_server() as (port, _):
        yield f"http://127.0.0.1:{port}"


def _setup(page, server, name: str, lang: str, projector: bool) -> None:
    _open(page, server, name)
    page.locator("h1").first.wait_for(timeout=120_000)
    sidebar = page.locator("[data-testid='stSidebar']")
    if lang == "en":
        sidebar.get_by_text("English", exact=True).click()
        _settle(page)
    if projector:
        sidebar.get_by_text(i18n.text("sidebar.presentation", lang), exact=True).click()
        page.wait_for_function(
            "parseFloat(getComputedStyle(document.querySelector('h1')).fontSize) >= 48", timeout=20_000
        )
        _settle(page)


def _shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


@pytest.mark.parametrize("projector", [False, True], ids=["screen", "projector"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_learned_attention_page_says_whose_weights(page, server, lang, projector):
    _setup(page, server, "attention", lang, projector)
    said = i18n.text("attention.which_learned", lang, layer=1, head=1, strongest="", uniform="")[:8]
    page.get_by_text(said.strip("*")).first.wait_for(timeout=60_000)
    _no_exception(page, f"attention ({lang})")
    suffix = "_projector" if projector else ""
    _shot(page, f"learned_attention_{lang}{suffix}")


@pytest.mark.parametrize("projector", [False, True], ids=["screen", "projector"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_learned_attention_view_renders(page, server, lang, projector):
    _setup(page, server, "transformer", lang, projector)
    heading = page.get_by_text(i18n.text("transformer.attention_all", lang), exact=True)
    heading.wait_for(timeout=60_000)
    for view in VIEWS:
        label = page.get_by_text(i18n.text(f"transformer.view_{view}", lang), exact=True)
        label.scroll_into_view_if_needed()
        label.click()
        _settle(page)
        _no_exception(page, f"transformer {view} ({lang})")
        unexpected = i18n.text("common.unexpected", lang, incident="")[:12]
        assert page.get_by_text(unexpected).count() == 0, (view, lang)  # the safety net's message
        if view == "ablate":
            page.get_by_text(i18n.text("transformer.ablate_literature", lang)).wait_for(timeout=60_000)
        charts = page.locator("[data-testid='stPlotlyChart']")
        assert charts.count() >= 3, (view, charts.count())
        label.evaluate("e => e.scrollIntoView({block: 'start'})")  # the view on screen, for the shot
        page.wait_for_timeout(800)
        suffix = "_projector" if projector else ""
        _shot(page, f"learned_transformer_{view}_{lang}{suffix}")
