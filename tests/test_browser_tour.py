"""The Lesson page in a real browser (Chromium + Playwright, as tests/test_browser.py): walk the bundled
tour from C1 to C15 as a student does — answer each question, Check, open the view and find the right page,
come back through the navigation and press Next — then open links whose step is not a step."""

from urllib.parse import parse_qs, urlsplit

import pytest
import test_browser
from test_browser import SHOTS, TITLES, _no_exception, _settle

from core import i18n, tour
from ui.tour_panels import LESSONS

pytestmark = pytest.mark.browser

STEPS = tour.load(LESSONS / "tour.toml").steps
# test_browser's fixtures: its server (one per module), Chromium, and a page that records outside requests
server, browser, page = test_browser.server, test_browser.browser, test_browser.page


def _main(page):
    return page.locator("[data-testid='stMain']")


def _choose(page, step, lang: str) -> None:
    """Pick the step's right answer(s): radio labels, or pills when several are right."""
    for a in sorted(step.answer):
        choice = step.texts[lang].choices[a]
        if step.several:
            _main(page).locator("[data-testid='stButtonGroup']").get_by_role("button", name=choice).click()
        else:
            _main(page).locator("[data-testid='stRadio']").get_by_text(choice, exact=True).click()
        _settle(page)


def _step_in(url: str) -> tuple[str, list[str] | None]:
    """The address's path and its ?step= (the address also carries the lesson and the language)."""
    parts = urlsplit(url)
    return parts.path, parse_qs(parts.query, keep_blank_values=True).get("step")


def _back_to_the_lesson(page) -> None:
    page.locator("[data-testid='stSidebarNavLink'][href$='/tour']").click()
    _settle(page)


@pytest.mark.parametrize("lang", ["zh"])
def test_walk_the_tour_from_c1_to_c15(page, server, lang):
    t = lambda key, **kw: i18n.text(key, lang, **kw)  # noqa: E731
    page.goto(f"{server}/tour?step=1")
    _settle(page)
    for i, step in enumerate(STEPS):
        where = f"{step.claim} ({lang})"
        heading = _main(page).locator("h3").first.inner_text()
        assert heading.startswith(f"{step.claim} · "), f"{where}: {heading!r}"
        assert _step_in(page.url) == ("/tour", [str(i + 1)]), f"{where}: {page.url}"
        reveal = page.get_by_role("button", name=t("tour.reveal", page=t(f"nav.{step.page}")))
        assert reveal.is_disabled(), f"{where}: the view opens before the answer"
        _choose(page, step, lang)
        page.get_by_role("button", name=t("tour.check"), exact=True).click()
        _settle(page)
        assert _main(page).get_by_text(t("tour.right"), exact=True).count() == 1, where
        reveal.click()
        _settle(page)
        _no_exception(page, f"{where}: the view")
        assert page.url.split("?")[0].endswith(f"/{step.page}"), f"{where}: opened {page.url}"
        title = page.locator("h1").first.inner_text()
        assert TITLES[lang][step.page] in title, f"{where}: {title!r}"
        if step.claim == "C15":  # the view itself: S = Q·Kᵀ of the six-token sentence
            assert page.get_by_text("= 6×6").count() >= 1, "C15: no 6×6 score matrix"
        page.screenshot(path=str(SHOTS / f"tour_{step.claim}_{lang}.png"))
        _back_to_the_lesson(page)  # no ?step= in the link: the session remembers where it was
        if i < len(STEPS) - 1:
            page.get_by_role("button", name=t("tour.next"), exact=True).click()
            _settle(page)
    score = t("tour.score", answered=len(STEPS), n=len(STEPS), right=len(STEPS))
    assert _main(page).get_by_text(score).count() == 1
    assert page.outside_requests == [], f"requests left the machine: {page.outside_requests[:5]}"


@pytest.mark.parametrize("raw", ["0", "99", "x%3Cscript%3E", ""])
def test_a_link_whose_step_is_not_one_opens_step_one(page, server, raw):
    page.goto(f"{server}/tour?step={raw}")
    _settle(page)
    _no_exception(page, f"?step={raw}")
    assert _main(page).locator("h3").first.inner_text().startswith("C1 · ")
    assert _step_in(page.url) == ("/tour", ["1"]), page.url
