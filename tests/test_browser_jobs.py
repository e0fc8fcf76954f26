"""A real browser on the pages whose work runs as background jobs (issue 13): two students train the
Transformer's translator (the second waits in line, with its place shown), and the Why page's identity trap.
Run alone with `pytest -m browser`; screenshots go to tests/screenshots/."""

import pytest
from test_browser import SHOTS, _no_exception, _open, _settle, browser, page, server  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser

_TEXT = "[data-testid='stMain']"


def _wait_text(tab, text: str, timeout: float = 180) -> None:
    tab.locator(_TEXT).get_by_text(text).first.wait_for(timeout=timeout * 1000)


def test_two_students_train_translators_one_waits_in_line(browser, server):  # noqa: F811
    tabs = []
    for _ in range(2):
        context = browser.new_context(viewport={"width": 1400, "height": 1800}, device_scale_factor=1)
        tabs.append(context.new_page())
    first, second = tabs
    try:
        for tab in tabs:
            _open(tab, server, "transformer")
        # Seed 0 is the shared translator, trained at start-up; these two seeds are not trained yet.
        for tab, seed in ((first, "2"), (second, "1")):
            box = tab.get_by_label("随机种子")
            box.fill(seed)
            box.press("Enter")
            _settle(tab)
        first.get_by_role("button", name="训练（≤ 60 秒）").click()
        _wait_text(first, "训练中：", 60)  # progress while it trains, page still live
        second.get_by_role("button", name="训练（≤ 60 秒）").click()
        _wait_text(second, "排队中：前面还有 1 个训练", 30)  # one translator at a time: a place in line
        SHOTS.mkdir(exist_ok=True)
        second.screenshot(path=str(SHOTS / "transformer_queued.png"), full_page=True)
        first.screenshot(path=str(SHOTS / "transformer_training.png"), full_page=True)
        _wait_text(first, "英文译文", 180)  # done: the translator translates
        _wait_text(second, "训练中：", 60)  # the second one's turn came
        _wait_text(second, "英文译文", 180)
        for tab in tabs:
            _settle(tab)
            _no_exception(tab, "transformer")
        first.screenshot(path=str(SHOTS / "transformer_trained.png"), full_page=True)
    finally:
        for tab in tabs:
            tab.context.close()


def test_identity_trap_trains_in_the_background(page, server):  # noqa: F811
    _open(page, server, "why")
    page.get_by_text("陷阱最多用 500 个词").first.wait_for(timeout=10_000)  # the bound, said on the page
    page.get_by_role("button", name="训练恒等陷阱").click()
    _wait_text(page, "还原正确率", 60)
    _settle(page)
    _no_exception(page, "why")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "why_trap.png"), full_page=True)
