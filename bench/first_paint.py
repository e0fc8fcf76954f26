"""The first minute of class: seconds from `streamlit run app.py` to the first page drawn, to every page's
widgets drawn, and to UMAP drawn on the Space page — cold (an empty NUMBA_CACHE_DIR and model cache: nothing
compiled or trained yet, as after a fresh install) and warm (the same folders again, filled by the cold run).

    python bench/first_paint.py [--runs 3]

Targets (issue 25): first paint ≤ 3 s warm, ≤ 5 s cold; every page usable ≤ 5 s; UMAP usable ≤ 30 s cold.
At launch one browser tab opens the root and one tab each page, all at once (a class arriving); a tab
counts as painted when its page's title shows, usable when its page's last-drawn widget shows. Chromium is
started before the clock starts. Times are medians over --runs launches, with every run printed; the load
average is printed beside them (the machine is shared)."""

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.async_api import TimeoutError as PlaywrightTimeout

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core import i18n  # noqa: E402
from core.lecture import PAGES  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
WAIT_S = 300  # a tab that shows nothing this long counts as nan
# A widget each page draws after the model or data it needs: the page is usable once it shows.
USABLE = {
    "why": "why_onehot_word",
    "train": "train_arch",
    "space": "space_section",
    "attention": "att_section",
    "transformer": "tf_block",
    "tour": "tour_check",
    "arc": "arc_stop",
}


def launch(cache: str, port: int) -> subprocess.Popen:
    """The server, with numba's cache and the trained models' cache (core.trained_cache) in `cache`."""
    env = {**os.environ, "NUMBA_CACHE_DIR": f"{cache}/numba", "LATENT_LAB_CACHE": f"{cache}/models"}
    return subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_health(port: int, t0: float) -> float:
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1)
            return time.monotonic() - t0
        except OSError:
            time.sleep(0.05)


async def tab(browser, url: str, page_name: str, t0: float, out: dict, umap: bool = False) -> None:
    context = await browser.new_context(viewport={"width": 1366, "height": 768})
    page = await context.new_page()
    while True:  # the server may not listen yet
        try:
            await page.goto(url, timeout=60_000)
            break
        except Exception:
            await asyncio.sleep(0.05)
    title = i18n.text(f"{page_name}.title", "zh")
    try:
        await page.locator("h1", has_text=title).first.wait_for(timeout=WAIT_S * 1000)
        out["paint"] = time.monotonic() - t0
        await page.locator(f".st-key-{USABLE[page_name]}").first.wait_for(timeout=WAIT_S * 1000)
        out["usable"] = time.monotonic() - t0
        if umap:  # UMAP is the default projection: drawn once the note that it is being prepared has gone
            await page.locator(".st-key-space_scatter").first.wait_for(timeout=WAIT_S * 1000)
            note = page.get_by_text(i18n.text("space.umap_warming", "zh"))
            while await note.count():
                await asyncio.sleep(0.1)
            out["umap"] = time.monotonic() - t0
    except PlaywrightTimeout:  # reported as nan: a bad cell is reported too
        for k in ("paint", "usable", "umap"):
            out.setdefault(k, float("nan"))
    await context.close()


async def one_launch(browser, cache: str, pages: list[str]) -> dict:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    t0 = time.monotonic()
    proc = launch(cache, port)
    try:
        results = {name: {} for name in ("root", *pages)}
        jobs = [tab(browser, f"{base}/", PAGES[0], t0, results["root"])]
        jobs += [
            tab(browser, f"{base}/{name}", name, t0, results[name], umap=name == "space") for name in pages
        ]
        up = asyncio.get_running_loop().run_in_executor(None, wait_health, port, t0)
        await asyncio.gather(*jobs)
        results["server"] = {"up": await up}
        return results
    finally:
        proc.terminate()
        proc.wait(15)


def load() -> str:
    return open("/proc/loadavg").read().split()[0]


async def main() -> None:
    from playwright.async_api import async_playwright

    p = argparse.ArgumentParser()
    p.add_argument("--runs", type=int, default=3)
    p.add_argument(
        "--pages",
        nargs="*",
        default=["tour", *PAGES],
        help="pages opened in tabs of their own beside the root",
    )
    a = p.parse_args()
    runs: dict[str, list[dict]] = {"cold": [], "warm": []}
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(
            executable_path=CHROMIUM if os.access(CHROMIUM, os.X_OK) else None,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        for i in range(a.runs):
            with tempfile.TemporaryDirectory(prefix="numba-cache-") as cache:
                for kind in ("cold", "warm"):
                    before = load()
                    r = await one_launch(browser, cache, a.pages)
                    runs[kind].append(r)
                    print(
                        f"run {i + 1} {kind}: load {before}; server up {r['server']['up']:.1f} s; "
                        f"first paint {r['root']['paint']:.1f} s; usable: "
                        + ", ".join(f"{k} {v['usable']:.1f}" for k, v in r.items() if "usable" in v)
                        + (f"; UMAP drawn {r['space']['umap']:.1f} s" if "space" in r else ""),
                        flush=True,
                    )
        await browser.close()
    for kind, rs in runs.items():
        paint = statistics.median(r["root"]["paint"] for r in rs)
        usable = statistics.median(max(v["usable"] for v in r.values() if "usable" in v) for r in rs)
        umap = statistics.median(r["space"]["umap"] for r in rs) if "space" in a.pages else float("nan")
        print(
            f"{kind} medians over {len(rs)}: first paint {paint:.1f} s, slowest page usable {usable:.1f} s, "
            f"UMAP drawn {umap:.1f} s (load now {load()})"
        )


if __name__ == "__main__":
    asyncio.run(main())
