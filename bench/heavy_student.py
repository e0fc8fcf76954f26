"""One student who uploads the largest allowed corpus on the Train page and trains on it, in a real browser
(Playwright + /usr/bin/chromium), while bench/load.py's other students use the server (`load.py --heavy
FILE`).

Reported: seconds from the upload to the corpus being ready (Start enabled), whether training started,
and the last progress line the student saw."""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from core import i18n  # noqa: E402

CHROMIUM = "/usr/bin/chromium"


def heavy_student(port: int, path: Path, deadline: float) -> dict:
    """Upload `path`, choose negative sampling (the exact softmax refuses large vocabularies), start, and
    watch until `deadline` (time.monotonic())."""
    from playwright.sync_api import sync_playwright

    out: dict = {"file_mb": round(path.stat().st_size / 2**20, 1)}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(f"http://127.0.0.1:{port}/train", timeout=120_000)
            page.get_by_text(i18n.text("train.corpus_upload", "zh"), exact=True).click()
            page.get_by_text(i18n.text("train.negative_sampling", "zh"), exact=True).click()
            t0 = time.monotonic()
            page.locator("input[type=file]").set_input_files(str(path))
            start = page.get_by_role("button", name=i18n.text("train.start", "zh"))
            while time.monotonic() < deadline and not start.is_enabled():
                time.sleep(0.5)
            out["ready_s"] = round(time.monotonic() - t0, 1) if start.is_enabled() else None
            errors = page.locator("[data-testid='stAlertContentError']").all_inner_texts()
            out["errors"] = errors
            if out["ready_s"] is not None:
                start.click()
                out["started"] = True
            while time.monotonic() < deadline:
                time.sleep(1)
            progress = page.locator("[data-testid='stProgress']").all_inner_texts()
            out["last_progress"] = progress[-1] if progress else None
        finally:
            browser.close()
    return out
