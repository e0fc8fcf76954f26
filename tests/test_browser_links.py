"""Lesson links in a real browser (issues 15 and 16): on every page a student changes several choices; the
address bar's URL, opened in a new browser context (a new session), shows the same view; the choices
survive visits to the other pages and a reload; a link with malformed parameters opens with a note.
Run alone with `pytest -m browser -k links`."""

import pytest
from test_browser import SHOTS, _no_exception, _settle, browser, server  # noqa: F401  (fixtures)

from core import i18n

pytestmark = pytest.mark.browser


def en(key: str, **params) -> str:
    return i18n.text(key, "en", **params)


def _fresh(browser):  # noqa: F811
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, device_scale_factor=1)
    return context.new_page()


def _go(tab, url: str) -> None:
    tab.goto(url)
    _settle(tab)
    _no_exception(tab, url)


def _nav(tab, title: str) -> None:
    """Follow the sidebar's link to a page, as a student does (the session stays)."""
    tab.locator("[data-testid='stSidebar']").get_by_role("link", name=title).click()
    _settle(tab)


def _open_settings(tab) -> None:
    """The Attention page's settings live in an expander: open it (once) to reach the seed."""
    details = tab.locator("[data-testid='stExpander'] details").filter(has_text=en("attention.settings"))
    if details.get_attribute("open") is None:
        details.locator("summary").click()
        tab.wait_for_timeout(500)


def _type(tab, label: str, text: str, role: str = "textbox") -> None:
    box = tab.locator("[data-testid='stMain']").get_by_role(role, name=label)
    box.fill(text)
    box.press("Enter")
    _settle(tab)


def _radio(tab, label: str) -> None:
    tab.locator("[data-testid='stMain']").get_by_text(label, exact=True).click()
    _settle(tab)


def _checked(tab, label: str) -> bool:
    return tab.locator("[data-testid='stMain']").get_by_role("radio", name=label, exact=True).is_checked()


def _value(tab, label: str, role: str = "textbox") -> str:
    return tab.locator("[data-testid='stMain']").get_by_role(role, name=label).input_value()


# Each page: what the student changes (after switching to English), and how to see it again.
def _change(tab, page: str) -> None:
    if page == "why":
        _type(tab, en("why.linear.context"), "green sweet apple")
    elif page == "train":
        _radio(tab, "skip-gram")
        _type(tab, en("train.epochs"), "50", "spinbutton")
    elif page == "space":
        _radio(tab, "PCA")
        _radio(tab, "2-D")
        _type(tab, en("space.find"), "green")
    elif page == "attention":
        _radio(tab, en("attention.init_random"))  # the mask and seed belong to random weights
        _radio(tab, en("attention.mask_causal"))
        _open_settings(tab)
        _type(tab, en("attention.seed"), "7", "spinbutton")
        for _ in range(2):
            tab.get_by_role("button", name=en("attention.next")).click()
            _settle(tab)
    else:
        tab.locator("[data-testid='stMain']").get_by_text(en("transformer.mode_infer"), exact=True).click()
        _settle(tab)


def _same(tab, page: str) -> None:
    if page == "why":
        assert _value(tab, en("why.linear.context")) == "green sweet apple"
    elif page == "train":
        assert _checked(tab, "skip-gram")
        assert _value(tab, en("train.epochs"), "spinbutton") == "50"
    elif page == "space":
        assert _checked(tab, "PCA") and _checked(tab, "2-D")
        assert _value(tab, en("space.find")) == "green"
    elif page == "attention":
        assert _checked(tab, en("attention.init_random"))
        assert _checked(tab, en("attention.mask_causal"))
        _open_settings(tab)
        assert _value(tab, en("attention.seed"), "spinbutton") == "7"
        assert tab.get_by_text("Step 3 of 8", exact=False).count() >= 1
    else:
        assert (
            tab.locator("[data-testid='stMain']")
            .get_by_role("switch", name=en("transformer.mode_infer"))
            .is_checked()
        )


PAGES_TO_LINK = ("why", "train", "space", "attention", "transformer")


def test_each_pages_link_opens_the_same_view_in_a_new_browser(browser, server):  # noqa: F811
    tab = _fresh(browser)
    _go(tab, f"{server}/why")
    tab.locator("[data-testid='stSidebar']").get_by_text("English", exact=True).click()
    _settle(tab)
    urls = {}
    for page in PAGES_TO_LINK:
        _nav(tab, en(f"nav.{page}"))
        _change(tab, page)
        _same(tab, page)
        urls[page] = tab.url
        assert "lang=en" in tab.url
    for page in PAGES_TO_LINK:  # back through every page in the same session: each kept its choices
        _nav(tab, en(f"nav.{page}"))
        _same(tab, page)
    # the link offered in the sidebar is the address bar's
    _nav(tab, en("nav.transformer"))
    tab.locator("[data-testid='stSidebar']").get_by_role("button", name=en("links.share")).click()
    shown = tab.locator("[data-testid='stPopoverBody'] code").inner_text().strip()
    assert shown == tab.url
    for page, url in urls.items():
        other = _fresh(browser)
        _go(other, url)
        assert other.locator("[data-testid='stMain'] h1").first.inner_text().strip() == en(f"{page}.title")
        _same(other, page)
        if page == "attention":
            SHOTS.mkdir(exist_ok=True)
            other.screenshot(path=str(SHOTS / "link_attention_en.png"))
        other.context.close()
    tab.context.close()


def test_choices_survive_other_pages_the_language_switch_and_a_reload(browser, server):  # noqa: F811
    tab = _fresh(browser)
    _go(tab, f"{server}/train")
    _radio(tab, "skip-gram")
    _nav(tab, i18n.text("nav.attention", "zh"))
    _radio(tab, i18n.text("attention.init_random", "zh"))  # the mask belongs to random weights
    _radio(tab, i18n.text("attention.mask_causal", "zh"))
    for name in ("space", "transformer", "train"):  # the sidebar's links, as a student moves
        _nav(tab, i18n.text(f"nav.{name}", "zh"))
    assert _checked(tab, "skip-gram")
    _nav(tab, i18n.text("nav.attention", "zh"))
    assert _checked(tab, i18n.text("attention.mask_causal", "zh"))
    tab.locator("[data-testid='stSidebar']").get_by_text("English", exact=True).click()
    _settle(tab)
    assert _checked(tab, en("attention.mask_causal"))  # the language switch keeps it too
    tab.reload()  # a new session: the address carries the language and this page's choices
    _settle(tab)
    assert tab.locator("[data-testid='stSidebar']").get_by_role("radio", name="English").is_checked()
    assert tab.locator("[data-testid='stMain'] h1").first.inner_text().strip() == en("attention.title")
    assert _checked(tab, en("attention.mask_causal"))
    tab.context.close()


def test_malformed_links_open_with_a_note(browser, server):  # noqa: F811
    tab = _fresh(browser)
    _go(
        tab,
        f"{server}/attention?lang=en&att_init=random&att_mask=sideways&att_step=99&att_seed=abc&x=%00&model=apples_en~z",
    )
    toast = tab.get_by_text("Ignored in this link", exact=False)
    toast.first.wait_for(timeout=10_000)
    text = toast.first.inner_text()
    for name in ("att_mask", "att_step", "att_seed", "model"):
        assert name in text
    assert _checked(tab, en("attention.mask_none"))
    assert "att_mask=none" in tab.url and "sideways" not in tab.url
    tab.context.close()


def test_a_link_to_a_lower_section_brings_it_into_view(browser, server):  # noqa: F811
    tab = _fresh(browser)
    tab.set_viewport_size({"width": 1366, "height": 768})
    _go(tab, f"{server}/space?lang=en&space_section=forces")
    tab.wait_for_timeout(2000)  # the smooth scroll
    radio = tab.locator("[data-testid='stMain']").get_by_role("radio", name=en("space.tab_forces"))
    assert radio.is_checked()
    box = radio.bounding_box()
    assert box is not None and 0 <= box["y"] < 768, box
    tab.context.close()
