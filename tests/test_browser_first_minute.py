"""The first minute of class, in real browsers against fresh servers whose numba cache folder is empty (as
after installing: UMAP's code is compiled by ui.warm_up's child process while the first students arrive).

- The Space page paints; choices made at once (UMAP, the default, and 2-D) survive UMAP becoming ready:
  PCA is drawn meanwhile with a note, which goes away by itself when UMAP is drawn; the address carries
  UMAP throughout.
- A follower follows the presenter within 2 s while the warm-up still runs.
- With the Streamlit internal that ui.wake needs hidden (as a Streamlit release that renamed it would),
  followers poll, and follow within 3 s.
Timings are measured in bench/first_paint.py; these tests check behaviour. Run alone: `pytest -m browser`."""

import os
import sys
from pathlib import Path
from unittest import mock

import pytest
from conftest import ROOT, streamlit_server
from test_browser import _no_exception, _settle, browser  # noqa: F401  (fixture)
from test_browser_classroom import KEY, contexts, nav_link, on_attention_step, start, wait_for

from core import i18n

pytestmark = pytest.mark.browser

FOLLOW_WARMING_S = 2.0  # a follower's bound while the warm-up runs (issue 25)
FOLLOW_FALLBACK_S = 3.0  # and where followers poll instead of being woken
FIRST_VISIT_S = 120  # a session's first visit to a page imports and builds what it needs: not under test


def zh(key, **params):
    return i18n.text(key, "zh", **params)


def _cold(tmp_path, **env):
    """Empty caches: numba's (UMAP and the training kernel compile) and the trained default models'."""
    numba, models = tmp_path / "numba", tmp_path / "models"
    numba.mkdir()
    models.mkdir()
    env = {"NUMBA_CACHE_DIR": str(numba), "LATENT_LAB_CACHE": str(models), **env}
    patch = mock.patch.dict(os.environ, env)
    os.environ.pop("LATENT_LAB_REDIS_URL", None)
    return patch


def _warming_up(server_pid: int) -> bool:
    """True while the server's warm-up child (python -m core.projection) runs."""
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            ppid = next(line for line in status.read_text().splitlines() if line.startswith("PPid:"))
            if int(ppid.split()[1]) == server_pid:
                cmdline = (status.parent / "cmdline").read_bytes()
                if b"core.projection" in cmdline:
                    return True
        except (OSError, StopIteration):
            continue
    return False


def _radio_checked(page, key: str, label: str) -> bool:
    option = page.locator(f".st-key-{key} label", has_text=label).first
    return option.locator("input").is_checked()


def _note(page):
    return page.get_by_text(zh("space.umap_warming"))


def test_space_choices_made_at_once_survive_umap_becoming_ready(browser, tmp_path):  # noqa: F811
    with _cold(tmp_path), streamlit_server() as (port, proc):
        context = browser.new_context(viewport={"width": 1366, "height": 768})
        page = context.new_page()
        try:
            page.goto(f"http://127.0.0.1:{port}/space")
            page.locator("h1", has_text=zh("space.title")).wait_for(timeout=60_000)  # the first paint
            page.locator(".st-key-space_dims").wait_for(timeout=120_000)
            assert _warming_up(proc.pid), "UMAP was ready before the page: nothing under test"
            _note(page).wait_for(timeout=10_000)  # PCA meanwhile, and why
            assert _radio_checked(page, "space_method", "UMAP")
            page.locator(".st-key-space_dims label", has_text="2-D").click()  # a choice made at once
            page.wait_for_function("location.search.includes('space_dims=2')", timeout=30_000)
            assert "space_method=umap" in page.url
            wait_for("the note goes away by itself", lambda: _note(page).count() == 0, 300)
            _settle(page)
            assert _radio_checked(page, "space_method", "UMAP") and _radio_checked(page, "space_dims", "2-D")
            assert "space_method=umap" in page.url and "space_dims=2" in page.url
            # UMAP drawn: its axes have no share of variance in their titles (PCA's do: "x (41%)")
            x_title = page.locator(".st-key-space_scatter .xtitle").first.text_content(timeout=10_000)
            assert "%" not in x_title, x_title
            _no_exception(page, "space")
        finally:
            context.close()


def _follow_steps(presenter, student, steps: range, bound: float, during=None) -> list[float]:
    """The presenter steps the Attention page forward; seconds until the student shows each step."""
    lags = []
    for step in steps:
        presenter.get_by_role("button", name=zh("attention.next")).click()
        wait_for(f"presenter on {step}", lambda n=step: on_attention_step(presenter, "zh", n), 30)
        if during is not None:
            assert during(), "the warm-up had ended: nothing under test"
        lags.append(wait_for(f"follow to {step}", lambda n=step: on_attention_step(student, "zh", n), bound))
    return lags


def test_a_follower_follows_within_2_s_while_the_server_warms_up(browser, tmp_path):  # noqa: F811
    with _cold(tmp_path, LATENT_LAB_TEACHER_KEY=KEY), streamlit_server() as (port, proc):
        server = f"http://127.0.0.1:{port}"
        with contexts(browser, 2) as (presenter, student):
            start(presenter, [student], server)
            nav_link(presenter, "attention").click()
            _settle(presenter)
            wait_for("follow to Attention", lambda: on_attention_step(student, "zh", 1), FIRST_VISIT_S)
            lags = _follow_steps(
                presenter, student, range(2, 5), FOLLOW_WARMING_S, lambda: _warming_up(proc.pid)
            )
            print("follow lags while warming up:", [f"{x:.2f}" for x in lags])
            _no_exception(student, "student")


def test_followers_poll_when_the_wake_s_internal_is_missing(browser, tmp_path):  # noqa: F811
    launcher = [sys.executable, str(ROOT / "tests" / "streamlit_without_wake.py")]
    with mock.patch.dict(os.environ, {"LATENT_LAB_TEACHER_KEY": KEY}):
        os.environ.pop("LATENT_LAB_REDIS_URL", None)
        with streamlit_server(launcher) as (port, _):
            with contexts(browser, 2) as (presenter, student):
                start(presenter, [student], f"http://127.0.0.1:{port}")
                nav_link(presenter, "attention").click()
                _settle(presenter)
                wait_for("follow to Attention", lambda: on_attention_step(student, "zh", 1), FIRST_VISIT_S)
                lags = _follow_steps(presenter, student, range(2, 5), FOLLOW_FALLBACK_S)
                print("follow lags, polling:", [f"{x:.2f}" for x in lags])
                _no_exception(student, "student")
