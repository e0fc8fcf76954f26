"""A real browser on the Arc page: the three models train in the background with progress, the table, the
three answers and the writing GPT appear in Chinese, then in English. Screenshots go to tests/screenshots/."""

import pytest
from test_browser import SHOTS, _no_exception, _open, _settle, browser, page, server  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser

_MAIN = "[data-testid='stMain']"


def _wait_text(tab, text: str, timeout: float = 180) -> None:
    tab.locator(_MAIN).get_by_text(text).first.wait_for(timeout=timeout * 1000)


def test_train_the_three_then_read_and_write_in_both_languages(page, server):  # noqa: F811
    page.set_viewport_size({"width": 1366, "height": 768})
    _open(page, server, "arc")
    page.get_by_role("button", name="训练三个模型（≤ 45 秒）").click()
    _wait_text(page, "留出句子上的困惑度", 240)  # the table, after the background run
    _settle(page)
    _no_exception(page, "arc (zh)")
    for text in ("查找表没见过的上下文", "同一个留出句子，三个模型的答案", "小 GPT 怎样写：一次一个词"):
        assert page.locator(_MAIN).get_by_text(text).count() >= 1, text
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "arc_trained_zh.png"), full_page=True)
    page.locator("[data-testid='stSidebar']").get_by_text("English", exact=True).click()
    _settle(page)
    _no_exception(page, "arc (en)")
    _wait_text(page, "Perplexity on held-out sentences", 30)  # the same run, now in English
    _wait_text(page, "How the tiny GPT writes: one word at a time", 30)
    page.screenshot(path=str(SHOTS / "arc_trained_en.png"), full_page=True)
    assert page.outside_requests == [], page.outside_requests[:5]
