"""Every page in both languages, in presentation mode, on a 1366×768 projector: the screenshots a person
looks at before saying the app is readable in a lecture hall.

    .venv/bin/python bench/screenshots.py [--out bench/screenshots] [--pages why,space]

Starts `streamlit run app.py` on a free port, opens each page (the lesson and the numbered pages) through
its address with ?lang=…&presentation=1 — which also checks that presentation mode travels in the address —
waits until nothing is computing, and writes two PNGs per page and language: <page>_<lang>_top.png (the
first screen, what a class sees on arrival) and <page>_<lang>_full.png (the whole page, at most 9,000 px).
Prints one line per page: the h1's font size (presentation mode's is ≥ 48 px) and the files written."""

import argparse
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.lecture import PAGES  # noqa: E402

VIEWPORT = {"width": 1366, "height": 768}
BUSY = "[data-testid='stSpinner'], [data-testid='stSkeleton'], [data-testid='stStatusWidget']"
RUNNING = "[data-testid='stApp'][data-test-script-state='running']"


def serve() -> tuple[subprocess.Popen, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{url}/_stcore/health", timeout=2)
            return proc, url
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise SystemExit("the app did not start within 60 s")


def settle(page) -> None:
    """Until the script has finished, nothing computes and the page's elements stopped changing for 3 s (at
    most 3 minutes; a fresh server trains its default model during the first page's run)."""
    page.wait_for_selector("h1", timeout=180_000)
    deadline, last, since = time.time() + 180, None, time.time()
    while time.time() < deadline:
        count = page.locator("[data-testid='stElementContainer']").count()
        busy = page.locator(BUSY).count() + page.locator(RUNNING).count()
        if busy or count != last:
            last, since = count, time.time()
        elif time.time() - since > 3:
            break
        page.wait_for_timeout(250)
    page.wait_for_timeout(1000)  # charts finish drawing


def shoot(page, out: Path, name: str) -> None:
    page.screenshot(path=str(out / f"{name}_top.png"))
    height = page.evaluate(
        "document.querySelector(\"[data-testid='stMainBlockContainer']\").getBoundingClientRect().height"
    )
    page.set_viewport_size({"width": VIEWPORT["width"], "height": min(int(height) + 200, 9000)})
    page.wait_for_timeout(1500)  # charts redraw at the new size
    page.screenshot(path=str(out / f"{name}_full.png"))
    page.set_viewport_size(VIEWPORT)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "screenshots")
    parser.add_argument("--pages", default=",".join(("tour", *PAGES)))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    proc, url = serve()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path="/usr/bin/chromium",
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            page = browser.new_context(viewport=VIEWPORT, device_scale_factor=1).new_page()
            for lang in ("zh", "en"):
                for name in args.pages.split(","):
                    page.goto(f"{url}/{name}?lang={lang}&presentation=1")
                    settle(page)
                    h1 = page.evaluate("getComputedStyle(document.querySelector('h1')).fontSize")
                    shoot(page, args.out, f"{name}_{lang}")
                    print(f"{name:12} {lang}  h1 {h1:>5}  {args.out / f'{name}_{lang}'}_{{top,full}}.png")
            browser.close()
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()


if __name__ == "__main__":
    main()
