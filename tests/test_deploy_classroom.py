"""The classroom through deploy/serve.sh: two workers behind nginx, the class shared through the private Redis
it starts. A presenter on one worker, students on the other: they follow across workers; their worker is
killed: they reconnect to the other one and follow again, the presenter notices nothing; Redis is stopped:
no exception anywhere, the presenter is told. Needs nginx and redis-server (tests/run.sh installs them);
run alone with `pytest -m deploy`."""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_browser import SHOTS, _no_exception, _settle, browser  # noqa: F401  (fixture)
from test_browser_classroom import KEY, contexts, nav_link, on_attention_step, sidebar, wait_for

from core import i18n

pytestmark = [pytest.mark.browser, pytest.mark.deploy]

ROOT = Path(__file__).resolve().parent.parent


def free_ports(n: int) -> int:
    """The first of n consecutive free loopback ports."""
    for _ in range(50):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            first = s.getsockname()[1]
        if first + n < 65535 and all(_free(first + i) for i in range(n)):
            return first
    raise RuntimeError("no free ports")


def _free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def connections(port: int) -> int:
    """Established TCP connections whose local end is loopback:`port` (a worker's websockets from nginx)."""
    hexport = f"{port:04X}"
    n = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if fields[1].endswith(":" + hexport) and fields[3] == "01":
                n += 1
    return n


@pytest.fixture(scope="module")
def deployed():
    for tool in ("nginx", "redis-server"):
        if not (shutil.which(tool) or os.access(f"/usr/sbin/{tool}", os.X_OK)):
            pytest.fail(f"{tool} is missing: tests/run.sh installs it (apt-get install {tool})")
    port, workers = free_ports(1), free_ports(2)
    env = {**os.environ, "LATENT_LAB_TEACHER_KEY": KEY, "LATENT_LAB_WORKER_PORT": str(workers)}
    env["PYTHON"] = sys.executable
    env.pop("LATENT_LAB_REDIS_URL", None)
    proc = subprocess.Popen(
        ["bash", str(ROOT / "deploy" / "serve.sh"), "2", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        run = None
        deadline = time.monotonic() + 180
        for line in proc.stdout:  # ends when serve.sh exits
            found = re.search(r"logs in (\S+?)\)", line)
            if found:
                run = Path(found.group(1))
                break
            assert time.monotonic() < deadline, "deploy/serve.sh did not start"
        assert run is not None and "class through Redis" in line, f"deploy/serve.sh: {line}"
        yield f"http://127.0.0.1:{port}", run, [workers, workers + 1]
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def worker_of(page, url, worker_ports) -> int:
    """Open `url` in `page`; returns the index of the worker that holds its websocket."""
    before = [connections(p) for p in worker_ports]
    page.goto(url)
    page.wait_for_selector("h1", timeout=60_000)
    _settle(page)
    after = [connections(p) for p in worker_ports]
    grew = [i for i in range(len(worker_ports)) if after[i] > before[i]]
    assert len(grew) == 1, f"connections before {before}, after {after}"
    return grew[0]


def test_follow_across_workers_a_worker_dies_redis_stops(browser, deployed):  # noqa: F811
    url, run, ports = deployed
    with contexts(browser, len(ports)) as warm:  # a worker's first run imports torch & co.: not under test
        for page, port in zip(warm, ports):
            page.goto(f"http://127.0.0.1:{port}/")
            page.wait_for_selector("h1", timeout=180_000)  # the page itself, not Streamlit's first frame
            _settle(page)
    with contexts(browser, 17) as (presenter, *candidates):
        home = worker_of(presenter, f"{url}/?teacher={KEY}", ports)
        wait_for("presenting", lambda: "teacher=" not in presenter.url, 30)
        # Students get a random worker (nginx's cookie): keep two on the presenter's other worker.
        students = []
        for page in candidates:
            if worker_of(page, f"{url}/?follow=1", ports) != home:
                students.append(page)
            if len(students) == 2:
                break
        assert len(students) == 2, "16 browsers and fewer than two on the other worker"

        nav_link(presenter, "attention").click()
        _settle(presenter)
        for s in students:  # across workers: through Redis
            wait_for("follow across workers", lambda s=s: on_attention_step(s, "zh", 1), 30)

        # The students' worker dies: they reconnect to the presenter's and follow again.
        other = 1 - home
        os.kill(int((run / f"worker-{other}.pid").read_text()), signal.SIGKILL)
        time.sleep(2)
        sidebar(presenter).get_by_text("English", exact=True).click()
        _settle(presenter)
        presenter.get_by_role("button", name=i18n.text("attention.next", "en")).click()
        wait_for("presenter on step 2", lambda: on_attention_step(presenter, "en", 2), 30)
        try:
            for s in students:
                wait_for("students reconnect and follow", lambda s=s: on_attention_step(s, "en", 2), 60)
        except AssertionError:
            SHOTS.mkdir(exist_ok=True)
            for i, s in enumerate(students):
                s.screenshot(path=str(SHOTS / f"deploy_reconnect_student{i}.png"))
            raise
        _no_exception(presenter, "presenter after a worker died")
        assert sidebar(presenter).get_by_text(i18n.text("classroom.stop_presenting", "en")).count() == 1

        # Redis stops: no exception anywhere; the presenter is told; on one worker, following goes on.
        os.kill(int((run / "redis.pid").read_text()), signal.SIGTERM)
        alone = sidebar(presenter).get_by_text(i18n.text("classroom.alone", "en"))
        presenter.get_by_role("button", name=i18n.text("attention.next", "en")).click()
        wait_for("the presenter is told Redis is away", lambda: alone.count() == 1, 15)
        for s in students:
            wait_for("follow on the same worker", lambda s=s: on_attention_step(s, "en", 3), 30)
        for p, where in ((presenter, "presenter"), *((s, f"student {i}") for i, s in enumerate(students))):
            _no_exception(p, f"{where} without Redis")
        logs = "".join(p.read_text(errors="replace") for p in run.glob("worker-*.log"))
        assert "Traceback" not in logs, logs[-3000:]
