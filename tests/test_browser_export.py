"""Slides (issue 26): every chart saves as PNG and as SVG in the browser, offline, at a projector's size, from
buttons that cover none of the chart; tables save as CSV. Run with `pytest -m browser -k export`."""

import pytest
import test_browser
from test_browser import _open, _settle

from core import i18n

pytestmark = pytest.mark.browser
browser, server = test_browser.browser, test_browser.server  # one Chromium and one app per module


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, accept_downloads=True)
    page = context.new_page()
    page.outside_requests = []
    page.on(
        "request",
        lambda r: (
            "127.0.0.1" in r.url
            or r.url.startswith(("data:", "blob:"))
            or page.outside_requests.append(r.url)
        ),
    )
    yield page
    context.close()


def _download(page, chart, button) -> bytes:
    chart.hover()
    with page.expect_download(timeout=30_000) as info:
        chart.locator(button).click()
    return open(info.value.path(), "rb").read()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_chart_saves_as_png_and_svg_at_slide_size(page, server, lang):
    _open(page, server, f"why?lang={lang}")
    chart = page.locator(".js-plotly-plot").first
    chart.wait_for(timeout=120_000)
    _settle(page)
    png = _download(page, chart, ".modebar-btn[data-title*='PNG']")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width = int.from_bytes(png[16:20], "big")
    assert width == 1366 * 2  # slide width, twice the pixels
    svg_button = chart.locator(".latent-lab-svg")
    assert svg_button.get_attribute("data-title") == i18n.text("common.export_svg", lang)
    svg = _download(page, chart, ".latent-lab-svg")
    assert svg.lstrip().startswith(b"<svg") and b'width="1366"' in svg[:400]
    assert page.outside_requests == []


@pytest.mark.parametrize("name", ["why", "space", "attention"])
def test_no_toolbar_covers_a_chart_title(page, server, name):
    """Plotly's toolbar (shown on hover) sits in a band above every title, label and legend (it covered
    the cloze's top bar label and the "Z = A·V" title)."""
    _open(page, server, f"{name}?lang=en&presentation=1")
    page.locator(".js-plotly-plot").first.wait_for(timeout=120_000)
    _settle(page)
    overlaps = page.evaluate(
        """() => [...document.querySelectorAll('.js-plotly-plot')].map(gd => {
          const bar = gd.querySelector('.modebar').getBoundingClientRect();
          const texts = '.gtitle, .annotation-text, .bartext, .xtick text, .ytick text, .legendtext';
          const hit = [...gd.querySelectorAll(texts)]
            .map(e => e.getBoundingClientRect())
            .filter(r => r.width > 0 && r.left < bar.right && r.right > bar.left
                     && r.top < bar.bottom && r.bottom > bar.top);
          return hit.length;
        })"""
    )
    assert overlaps and sum(overlaps) == 0, overlaps


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_tables_are_readable_on_a_projector_and_save_as_csv(page, server, lang):
    """Issue 26: st.dataframe draws on a canvas at ~13 px whatever the page's font; in presentation mode a
    table is now HTML at the projector's size, with a CSV button."""
    word = {"zh": "红", "en": "red"}[lang]
    _open(page, server, f"space?lang={lang}&presentation=1&space_find={word}")
    cell = page.locator("[data-testid='stMain'] [data-testid='stTable'] td").first
    cell.wait_for(timeout=120_000)
    assert page.evaluate("e => parseFloat(getComputedStyle(e).fontSize)", cell.element_handle()) >= 18
    button = page.get_by_role("button", name=i18n.text("common.table_csv", lang))
    with page.expect_download(timeout=30_000) as info:
        button.first.click()
    text = open(info.value.path(), encoding="utf-8-sig").read()
    assert text.splitlines()[0].split(",")[0] == i18n.text("space.col_word", lang)
