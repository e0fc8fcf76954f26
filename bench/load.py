"""Classroom load: N students on one Latent Lab server, spoken in Streamlit's own websocket protocol.

Each simulated session opens `ws://127.0.0.1:PORT/_stcore/stream`, sends `rerun_script` BackMsgs
(ClientState: page name or page_script_hash + WidgetStates) the way the browser does, and reads the
ForwardMsgs: widgets from deltas (so it can change them like a student), exception deltas, auto_rerun
(an `st.fragment(run_every=…)` the browser would poll) and script_finished (the end of a rerun).
Every session visits every page in the lecture's order and interacts about every `--interval` seconds:
a widget change where the page has one it may touch, else a plain rerun.

Reported: reruns, exceptions, rerun latency p50/p95/max (request sent -> script_finished), the
server's peak RSS and CPU (from /proc), thread count. Loopback only; every loop is bounded in time.

    /work/venv/bin/python bench/load.py                     # starts `streamlit run app.py`, 40 sessions, 120
s
    /work/venv/bin/python bench/load.py --sessions 5 --duration 30
    /work/venv/bin/python bench/load.py --attach 8501 --pid 1234   # an already-running server
    /work/venv/bin/python bench/load.py --sessions 39 --heavy big.txt  # + one student training on big.txt
    /work/venv/bin/python bench/load.py --class --warm     # 1 presenter + 40 followers: follow lag too
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import secrets
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import connect  # ships with streamlit's uvicorn server

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from core.lecture import PAGES  # noqa: E402

HOST = "127.0.0.1"  # loopback only, by design
FINAL = {
    ForwardMsg.FINISHED_SUCCESSFULLY,
    ForwardMsg.FINISHED_WITH_COMPILE_ERROR,
    ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
}
# Widgets a student changes by value; buttons are clicked (trigger). Never uploads/downloads/chat.
VALUE_WIDGETS = {
    "radio",
    "selectbox",
    "checkbox",
    "toggle",
    "number_input",
    "slider",
    "text_input",
    "multiselect",
    "segmented_control",
    "pills",
    "select_slider",
    "button_group",
}


# ---------------------------------------------------------------- the server and /proc


def start_server(port: int, log_path: Path, probe: Path | None = None) -> subprocess.Popen:
    launcher = ["-m", "streamlit"] if probe is None else [str(ROOT / "bench" / "probe_server.py"), str(probe)]
    cmd = [
        sys.executable,
        *launcher,
        "run",
        "app.py",
        "--server.port",
        str(port),
        "--server.address",
        HOST,
        "--server.headless",
        "true",
    ]
    log = open(log_path, "w")
    return subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def probe(path: Path, pid: int, timeout: float = 60) -> dict:
    """Ask bench/probe_server.py what the server still holds (see there)."""
    path.unlink(missing_ok=True)
    os.kill(pid, signal.SIGUSR1)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and path.stat().st_size:
            time.sleep(0.2)
            return json.loads(path.read_text())
        time.sleep(0.2)
    return {}


def wait_healthy(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"server on port {port} not healthy after {timeout} s")


def proc_tree(pid: int) -> list[int]:
    """pid and its descendants (workers behind a launcher script)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                ppid = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo += children.get(p, [])
    return out


def read_proc(pids: list[int]) -> tuple[int, float, int]:
    """(RSS bytes, CPU seconds user+system, threads) summed over pids."""
    rss = cpu = threads = 0
    tick = os.sysconf("SC_CLK_TCK")
    for p in pids:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            status = Path(f"/proc/{p}/status").read_text()
        except OSError:
            continue
        cpu += (int(fields[11]) + int(fields[12])) / tick
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                rss += int(line.split()[1]) * 1024
            elif line.startswith("Threads:"):
                threads += int(line.split()[1])
    return rss, cpu, threads


class Sampler(threading.Thread):
    """Samples the server's RSS, CPU and threads every `period` seconds."""

    def __init__(self, pids: list[int], period: float = 0.5):
        super().__init__(daemon=True)
        self.root_pids, self.period = pids, period
        self.samples: list[tuple[float, int, float, int]] = []  # (t, rss, cpu seconds, threads)
        self._halt = threading.Event()

    def run(self):
        while not self._halt.is_set():
            pids = [q for p in self.root_pids for q in proc_tree(p)]
            self.samples.append((time.monotonic(), *read_proc(pids)))
            self._halt.wait(self.period)

    def stop(self):
        self._halt.set()
        self.join(5)

    def summary(self, window: float = 5.0) -> dict:
        if len(self.samples) < 2:
            return {}
        t0, _, c0, _ = self.samples[0]
        t1, _, c1, _ = self.samples[-1]
        peaks, j = [], 0  # CPU over sliding windows of `window` s, in % of one core
        for t, _, c, _ in self.samples:
            while self.samples[j][0] < t - window:
                j += 1
            if t - self.samples[j][0] >= window * 0.8:
                peaks.append((c - self.samples[j][2]) / (t - self.samples[j][0]))
        return {
            "rss_peak_mib": max(s[1] for s in self.samples) / 2**20,
            "cpu_seconds": c1 - c0,
            "rss_end_mib": self.samples[-1][1] / 2**20,
            "cpu_mean_pct": 100 * (c1 - c0) / (t1 - t0),
            "cpu_peak_5s_pct": 100 * max(peaks, default=0.0),
            "threads_peak": max(s[3] for s in self.samples),
            "threads_end": self.samples[-1][3],
        }


# ---------------------------------------------------------------- one simulated student


@dataclass
class Run:
    kind: str  # "nav", "widget", "click", "plain", "fragment"
    page: str
    seconds: float
    status: str


@dataclass
class Stats:
    runs: list[Run] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    timeouts: int = 0
    errors: list[str] = field(default_factory=list)  # protocol-level problems (disconnects, …)
    alerts: int = 0  # st.error boxes seen (expected ones, e.g. "nothing trained yet", are not failures)
    alert_texts: Counter = field(default_factory=Counter)  # page: first words


class Session:
    def __init__(self, n: int, url: str, stats: Stats, rng: random.Random, args):
        self.n, self.url, self.stats, self.rng, self.args = n, url, stats, rng, args
        self.page_hash: dict[str, str] = {}  # url_pathname -> page_script_hash (from the navigation msg)
        self.page = ""
        self.widgets: dict[str, tuple[str, object]] = {}  # id -> (kind, element proto) seen in the last run
        self.values: dict[str, WidgetState] = {}  # what this "browser" has set, sent with every rerun
        self.fragments: dict[str, float] = {}  # fragment_id -> run_every seconds
        self.timer_started: dict[str, float] = {}  # fragment_id -> when its timer last started (monotonic)
        self.finished: asyncio.Future | None = None
        self.lock = asyncio.Lock()  # one rerun in flight, like the browser
        self.ws = None
        self.ran_hash = ""
        self.query = ""  # the address bar's query string: sent with every rerun, updated by the server

    # -- messages in
    def on_forward(self, msg: ForwardMsg) -> None:
        kind = msg.WhichOneof("type")
        if kind == "new_session":
            self.ran_hash = msg.new_session.page_script_hash
        elif kind == "page_info_changed":
            self.query = msg.page_info_changed.query_string
        elif kind == "navigation":
            for p in msg.navigation.app_pages:  # the app's root ("") forwards to the first page
                self.page_hash[p.url_pathname] = p.page_script_hash
        elif kind == "delta":
            self.on_delta(msg.delta)
        elif kind == "auto_rerun":
            self.fragments[msg.auto_rerun.fragment_id] = msg.auto_rerun.interval
            # the browser starts a new timer for each announcement (a run the server began itself too)
            self.timer_started[msg.auto_rerun.fragment_id] = time.monotonic()
        elif kind == "stop_auto_rerun":
            self.fragments.clear()
        elif kind == "page_not_found":
            self.stats.errors.append(f"s{self.n}: page not found {msg.page_not_found.page_name!r}")
        elif kind == "script_finished":
            if msg.script_finished in FINAL and self.finished is not None and not self.finished.done():
                self.finished.set_result(ForwardMsg.ScriptFinishedStatus.Name(msg.script_finished))

    def on_delta(self, delta) -> None:
        if delta.WhichOneof("type") != "new_element":
            return
        el = delta.new_element
        kind = el.WhichOneof("type")
        if kind == "exception":
            self.stats.exceptions.append(
                f"s{self.n} {self.page}: {el.exception.type}: {el.exception.message}"
            )
        elif kind == "alert" and el.alert.format == el.alert.ERROR:
            self.stats.alerts += 1
            self.stats.alert_texts[f"{self.page}: {el.alert.body[:70]}"] += 1
        elif kind in VALUE_WIDGETS or kind == "button":
            w = getattr(el, kind)
            if getattr(w, "id", "") and not getattr(w, "disabled", False):
                self.widgets[w.id] = (kind, w)

    async def reader(self):
        try:
            async for data in self.ws:
                msg = ForwardMsg()
                msg.ParseFromString(data)
                self.on_forward(msg)
        finally:  # the server closed the connection: wake a waiting rerun instead of letting it time out
            if self.finished is not None and not self.finished.done():
                self.finished.set_exception(ConnectionError("websocket closed by the server"))

    # -- messages out
    async def rerun(
        self,
        kind: str,
        page_hash: str = "",
        page_name: str = "",
        fragment_id: str = "",
        trigger: WidgetState | None = None,
    ) -> None:
        async with self.lock:
            if kind != "fragment":
                self.widgets = {}  # a full run redraws the page: only its widgets are candidates next time
                self.fragments = {}  # the browser drops fragment timers too; the run re-announces its own
            state = ClientState(
                page_script_hash=page_hash,
                page_name=page_name,
                fragment_id=fragment_id,
                is_auto_rerun=kind == "fragment",
                query_string=self.query,
            )
            state.widget_states.widgets.extend(self.values.values())
            if trigger is not None:  # a click is a one-shot trigger, not a kept value
                state.widget_states.widgets.append(trigger)
            self.finished = asyncio.get_running_loop().create_future()
            t0 = time.perf_counter()
            await self.ws.send(BackMsg(rerun_script=state).SerializeToString())
            try:
                status = await asyncio.wait_for(self.finished, self.args.timeout)
            except TimeoutError:
                self.stats.timeouts += 1
                status = "TIMEOUT"
            except ConnectionError:
                self.stats.runs.append(Run(kind, self.page, time.perf_counter() - t0, "CLOSED"))
                raise
            self.stats.runs.append(Run(kind, self.page, time.perf_counter() - t0, status))

    def fragment_page(self) -> str:
        return self.page_hash.get(self.page, "")

    async def visit(self, page: str) -> None:
        self.page = page
        h = self.page_hash.get(page, "")
        # Before the navigation is known, ask by url path (a browser opened at /train); then by hash (a
        # click).
        await self.rerun("nav", page_hash=h, page_name="" if h else page)
        if self.page_hash.get(page) and self.ran_hash != self.page_hash[page]:
            self.stats.errors.append(f"s{self.n}: asked for {page}, the server ran another page")

    async def interact(self) -> None:
        choices = [(i, kw) for i, kw in self.widgets.items() if self.allowed(i, kw)]
        if not choices or self.rng.random() < 0.15:
            return await self.rerun("plain", page_hash=self.page_hash.get(self.page, ""))
        wid, (kind, w) = self.rng.choice(choices)
        h = self.page_hash.get(self.page, "")
        if kind == "button":
            return await self.rerun("click", page_hash=h, trigger=WidgetState(id=wid, trigger_value=True))
        ws = self.new_value(wid, kind, w)
        if ws is None:
            return await self.rerun("plain", page_hash=h)
        self.values[wid] = ws
        await self.rerun("widget", page_hash=h)

    def allowed(self, wid: str, kw) -> bool:
        kind, w = kw
        label = getattr(w, "label", "")
        if kind == "button" and self.rng.random() > self.args.click_rate:
            return False
        # The language switch is exercised, but not on every step (students read in one language).
        if wid.endswith("-lang") and self.rng.random() > 0.2:
            return False
        return bool(label) or kind == "button"

    def new_value(self, wid: str, kind: str, w) -> WidgetState | None:
        r = self.rng
        if kind in ("radio", "selectbox") and len(w.options) > 1:
            return WidgetState(id=wid, string_value=r.choice(list(w.options)))
        if kind in ("checkbox", "toggle"):
            old = self.values.get(wid)
            return WidgetState(id=wid, bool_value=not (old.bool_value if old else w.default))
        if kind == "number_input":
            old = (
                self.values[wid].double_value
                if wid in self.values
                else (w.value if w.HasField("value") else w.default)
            )
            step = w.step or 1
            new = old + r.choice([-1, 1]) * step
            if w.has_min:
                new = max(new, w.min)
            if w.has_max:
                new = min(new, w.max)
            return WidgetState(id=wid, double_value=new)
        if kind == "slider" and len(w.options) > 1:  # st.select_slider: sends option labels
            picks = sorted(r.sample(range(len(w.options)), max(len(w.default), 1)))
            state = WidgetState(id=wid)
            state.string_array_value.data.extend(w.options[i] for i in picks)
            return state
        if kind == "slider" and len(w.default) >= 1:
            lo, hi, step = w.min, w.max, w.step or 1
            vals = [min(hi, max(lo, v + r.choice([-1, 1]) * step)) for v in w.default]
            state = WidgetState(id=wid)
            state.double_array_value.data.extend(vals)
            return state
        return None

    async def main(self, deadline: float) -> None:
        try:
            async with connect(
                self.url, subprotocols=["streamlit"], max_size=None, open_timeout=30, ping_interval=None
            ) as ws:
                self.ws = ws
                reader = asyncio.create_task(self.reader())
                poller = asyncio.create_task(self.poll_fragments(deadline))
                try:
                    self.page = PAGES[0]
                    await self.rerun("nav")  # a student opens the app's root url: the default (first) page
                    await self.script(deadline)
                finally:
                    poller.cancel()
                    reader.cancel()
        except Exception as err:  # a dropped connection is a finding, not a crash of the bench
            self.stats.errors.append(f"s{self.n}: {type(err).__name__}: {err}")

    async def script(self, deadline: float) -> None:
        """What this student does once the app is open: every page in turn, a few actions on each."""
        if self.args.actions_per_page == 0:  # warm-up: open every page once
            for page in self.args.pages:
                await self.visit(page)
            return
        i = 0
        while time.monotonic() < deadline:
            page = self.args.pages[i % len(self.args.pages)]
            await self.visit(page)
            for _ in range(self.args.actions_per_page):
                await asyncio.sleep(self.args.interval * self.rng.uniform(0.6, 1.4))
                if time.monotonic() >= deadline:
                    break
                await self.interact()
            i += 1

    async def poll_fragments(self, deadline: float) -> None:
        """What the browser does for st.fragment(run_every=…): rerun the fragment on its timer."""
        while time.monotonic() < deadline:
            await asyncio.sleep(0.25)
            for fid, every in list(self.fragments.items()):
                last = self.timer_started.get(fid, 0.0)
                if time.monotonic() - last >= every and not self.lock.locked():
                    self.timer_started[fid] = time.monotonic()
                    await self.rerun("fragment", page_hash=self.fragment_page(), fragment_id=fid)


# ---------------------------------------------------------------- a class: one presenter, N followers

FOLLOWED = re.compile(r"(?:视图|view) #(\d+)")  # ui/classroom.py's "following … view #N" caption


class Presenter(Session):
    """The teacher: opens /?teacher=KEY and walks through the lecture at its pace (every page in turn; on
    the Attention page the step-through's Next, elsewhere a widget or button), never the classroom's own
    controls. `acted` holds when each action's rerun finished (the view is published at a run's end)."""

    def __init__(self, *args):
        super().__init__(*args)
        self.query = f"teacher={self.args.teacher_key}"
        self.acted: list[tuple[float, str]] = []  # (time.monotonic(), page)
        self.published: dict[int, tuple[float, str]] = {}  # view version -> the action that made it

    def on_delta(self, delta) -> None:
        super().on_delta(delta)
        el = delta.new_element if delta.WhichOneof("type") == "new_element" else None
        body = el.alert.body if el is not None and el.WhichOneof("type") == "alert" else ""
        found = FOLLOWED.search(body)  # the panel's "you are presenting · view #N", redrawn every second
        if found and self.acted and int(found.group(1)) not in self.published:
            self.published[int(found.group(1))] = self.acted[-1]

    def allowed(self, wid: str, kw) -> bool:
        return "class_" not in wid and super().allowed(wid, kw)

    async def script(self, deadline: float) -> None:
        i = 0
        while time.monotonic() < deadline:
            await self.visit(self.args.pages[i % len(self.args.pages)])
            self.acted.append((time.monotonic(), self.page))
            for _ in range(self.args.actions_per_page):
                await asyncio.sleep(self.args.interval * self.rng.uniform(0.6, 1.4))
                if time.monotonic() >= deadline:
                    break
                step = [w for w in self.widgets if w.endswith("-att_next")]
                if step:
                    h = self.page_hash.get(self.page, "")
                    await self.rerun(
                        "click", page_hash=h, trigger=WidgetState(id=step[0], trigger_value=True)
                    )
                else:
                    await self.interact()
                self.acted.append((time.monotonic(), self.page))
            i += 1


class Follower(Session):
    """A student who follows the teacher (/?follow=1) and does nothing else: the server moves them. `seen`
    holds when each new view reached them: the end of the run whose sidebar said "view #N"."""

    def __init__(self, *args):
        super().__init__(*args)
        self.query = "follow=1"
        self.seen: list[tuple[float, int]] = []
        self._shown: int | None = None

    def on_forward(self, msg: ForwardMsg) -> None:
        super().on_forward(msg)
        if msg.WhichOneof("type") == "script_finished" and self._shown is not None:
            if not self.seen or self._shown > self.seen[-1][1]:
                self.seen.append((time.monotonic(), self._shown))
            self._shown = None

    def on_delta(self, delta) -> None:
        super().on_delta(delta)
        el = delta.new_element if delta.WhichOneof("type") == "new_element" else None
        if el is not None and el.WhichOneof("type") == "markdown":
            found = FOLLOWED.search(el.markdown.body)
            if found:
                self._shown = int(found.group(1))

    def fragment_page(self) -> str:
        return self.ran_hash  # where the presenter took it, not where it opened

    async def script(self, deadline: float) -> None:
        await asyncio.sleep(max(0.0, deadline - time.monotonic()))


async def run_class(args, port: int) -> tuple[Stats, Presenter, list[Follower]]:
    stats = Stats()
    url = f"ws://{HOST}:{port}/_stcore/stream"
    deadline = time.monotonic() + args.duration
    presenter = Presenter(0, url, stats, random.Random(args.seed), args)
    followers = [
        Follower(i, url, stats, random.Random(args.seed * 1000 + i), args)
        for i in range(1, args.sessions + 1)
    ]

    async def staggered(s: Session):
        await asyncio.sleep(args.ramp * s.n / max(args.sessions, 1))
        await s.main(deadline)

    await asyncio.gather(presenter.main(deadline), *(staggered(f) for f in followers))
    return stats, presenter, followers


def follow_report(presenter: Presenter, followers: list[Follower]) -> dict:
    """Follow lag: from the end of the presenter's action to the end of the follower's run showing the view
    that action published (the presenter's panel names each new view within a second of the action; the
    first view a follower shows, when it joins, is not counted)."""
    lags, by_page = [], {}
    for f in followers:
        for t, version in f.seen[1:]:
            if version in presenter.published:
                acted, page = presenter.published[version]
                lags.append(t - acted)
                by_page.setdefault(page, []).append(lags[-1])
    last = max((v for f in followers for _, v in f.seen[-1:]), default=0)
    return {
        "presenter_actions": len(presenter.acted),
        "views_reached_followers": last,
        "follow_lag": {
            "n": len(lags),
            "p50_s": percentile(lags, 50),
            "p95_s": percentile(lags, 95),
            "max_s": max(lags, default=float("nan")),
        },
        "follow_lag_by_page": {
            page: {"n": len(xs), "p50_s": percentile(xs, 50), "p95_s": percentile(xs, 95)}
            for page, xs in by_page.items()
        },
        "followers_on_the_last_view": sum(bool(f.seen) and f.seen[-1][1] == last for f in followers),
        "followers": len(followers),
    }


# ---------------------------------------------------------------- every widget once


async def sweep(args, port: int, pids: list[int]) -> tuple[list[str], list[tuple[float, float, str]]]:
    """One session changes every widget of every page once (buttons clicked too, except those named in
    --skip), each in a fresh rerun, and names the widget behind each exception it sees. Also returns
    (server CPU seconds, wall seconds, what) per rerun: what each page and each widget costs the server."""
    costs = []

    def cpu():
        return read_proc([q for p in pids for q in proc_tree(p)])[1]

    stats = Stats()
    found = []
    s = Session(0, f"ws://{HOST}:{port}/_stcore/stream", stats, random.Random(args.seed), args)
    async with connect(s.url, subprotocols=["streamlit"], max_size=None, ping_interval=None) as ws:
        s.ws = ws
        reader = asyncio.create_task(s.reader())
        await s.rerun("nav")
        for page in args.pages:
            await s.visit(page)
            c0, t0 = cpu(), time.perf_counter()
            await s.visit(page)
            costs.append((cpu() - c0, time.perf_counter() - t0, f"{page}: plain rerun"))
            seen = set()
            for _ in range(60):  # bounded: pages have far fewer widgets
                todo = [
                    (i, kw)
                    for i, kw in s.widgets.items()
                    if i not in seen and not any(i.endswith("-" + k) for k in args.skip)
                ]
                if not todo:
                    break
                wid, (kind, w) = todo[0]
                seen.add(wid)
                before = len(stats.exceptions)
                h = s.page_hash.get(page, "")
                c0, t0 = cpu(), time.perf_counter()
                if kind == "button":
                    await s.rerun("click", page_hash=h, trigger=WidgetState(id=wid, trigger_value=True))
                elif (ws_ := s.new_value(wid, kind, w)) is not None:
                    s.values[wid] = ws_
                    await s.rerun("widget", page_hash=h)
                time.sleep(0.3)  # work a rerun left running (a thread) shows up in the CPU too
                costs.append(
                    (cpu() - c0, time.perf_counter() - t0, f"{page}: {kind} {wid.rsplit('-', 1)[-1]}")
                )
                for e in stats.exceptions[before:]:
                    found.append(f"{page}: {kind} {wid.rsplit('-', 1)[-1]!r} -> {e.split(': ', 1)[1]}")
            s.values.clear()
            await s.visit(page)  # back to defaults before the next page
        reader.cancel()
    return found + stats.errors + [f"timeout x{stats.timeouts}"] * bool(stats.timeouts), costs


# ---------------------------------------------------------------- the run


def percentile(xs: list[float], q: float) -> float:
    if not xs:
        return float("nan")
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(q / 100 * (len(xs) - 1))))]


def latency(runs: list[Run]) -> dict:
    s = [r.seconds for r in runs if r.status not in ("TIMEOUT", "CLOSED")]
    return {
        "n": len(runs),
        "p50_s": percentile(s, 50),
        "p95_s": percentile(s, 95),
        "max_s": max(s, default=float("nan")),
        "mean_s": statistics.fmean(s) if s else float("nan"),
    }


async def run_sessions(args, port: int) -> Stats:
    stats = Stats()
    url = f"ws://{HOST}:{port}/_stcore/stream"
    deadline = time.monotonic() + args.duration
    sessions = [
        Session(i, url, stats, random.Random(args.seed * 1000 + i), args) for i in range(args.sessions)
    ]

    async def staggered(s: Session):
        await asyncio.sleep(args.ramp * s.n / max(args.sessions, 1))  # students arrive over `ramp` s
        await s.main(deadline)

    await asyncio.gather(*(staggered(s) for s in sessions))
    return stats


def report(args, stats: Stats, proc: dict, wall: float) -> dict:
    user = [r for r in stats.runs if r.kind != "fragment"]
    out = {
        "sessions": args.sessions,
        "duration_s": round(wall, 1),
        "interval_s": args.interval,
        "reruns": len(user),
        "fragment_reruns": len(stats.runs) - len(user),
        "exceptions": len(stats.exceptions),
        "timeouts": stats.timeouts,
        "protocol_errors": len(stats.errors),
        "error_alerts": stats.alerts,
        "error_alerts_most_common": stats.alert_texts.most_common(8),
        "latency": latency(user),
        "latency_fragment": latency([r for r in stats.runs if r.kind == "fragment"]),
        "latency_by_page": {
            p: latency([r for r in user if r.page == p]) for p in args.pages if any(r.page == p for r in user)
        },
        "latency_by_kind": {
            k: latency([r for r in user if r.kind == k]) for k in sorted({r.kind for r in user})
        },
        "server": proc,
        "first_exceptions": sorted(set(stats.exceptions))[:10],
        "first_errors": stats.errors[:10],
        "timeouts_at": dict(Counter(f"{r.page} {r.kind}" for r in stats.runs if r.status == "TIMEOUT")),
    }
    targets = {
        "no_exception": not stats.exceptions and not stats.timeouts and not stats.errors,
        "p95_le_3s": out["latency"]["p95_s"] <= 3.0,
        "rss_le_4GiB": proc.get("rss_peak_mib", 0) <= 4096,
    }
    out["targets_met"] = targets
    if proc.get("cpu_seconds") and stats.runs:
        proc["cpu_seconds_per_rerun"] = proc["cpu_seconds"] / len(stats.runs)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sessions", type=int, default=40)
    ap.add_argument("--duration", type=float, default=120, help="seconds of load (bounded)")
    ap.add_argument("--interval", type=float, default=5, help="seconds between a student's actions")
    ap.add_argument("--actions-per-page", type=int, default=3)
    ap.add_argument("--click-rate", type=float, default=0.5, help="chance a button is a candidate")
    ap.add_argument("--ramp", type=float, default=10, help="students arrive over this many seconds")
    ap.add_argument("--timeout", type=float, default=60, help="a rerun slower than this counts as a timeout")
    ap.add_argument("--pages", default=",".join(PAGES))
    ap.add_argument("--port", type=int, default=8599)
    ap.add_argument("--attach", type=int, metavar="PORT", help="use a server already listening on PORT")
    ap.add_argument("--pid", type=int, action="append", help="server pid(s) to sample when attaching")
    ap.add_argument(
        "--warm",
        type=int,
        nargs="?",
        const=1,
        default=0,
        metavar="N",
        help="N sessions (default 1; one per worker behind nginx) open every page before the clock",
    )
    ap.add_argument(
        "--settle",
        type=float,
        default=0,
        help="after the load, wait this long (150 > Streamlit's 120 s session TTL) and report RSS",
    )
    ap.add_argument(
        "--sweep",
        action="store_true",
        help="instead of load: change every widget of every page once and name the ones that raise",
    )
    ap.add_argument("--skip", default="", help="with --sweep: widget keys not to touch, comma-separated")
    ap.add_argument(
        "--probe",
        action="store_true",
        help="start the server under bench/probe_server.py and report what it holds before the "
        "load, after it, and after --settle (sessions, jobs, models, RSS)",
    )
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", type=Path, help="also write the figures here")
    ap.add_argument(
        "--heavy",
        type=Path,
        metavar="FILE",
        help="one more student, in Chromium, uploads FILE on the Train page and trains on it "
        "(bench/heavy_student.py) while the others load the server",
    )
    ap.add_argument(
        "--class",
        dest="lecture",
        action="store_true",
        help="a class instead: one presenter (/?teacher=KEY) and --sessions followers (/?follow=1); reports "
        "the follow lag too (defaults then: 40 followers, the presenter acts every --interval 8 s)",
    )
    ap.add_argument(
        "--teacher-key",
        default=os.environ.get("LATENT_LAB_TEACHER_KEY") or secrets.token_hex(8),
        help="with --class: the server's LATENT_LAB_TEACHER_KEY (set for the server this bench starts)",
    )
    args = ap.parse_args(argv)
    if args.lecture and "--interval" not in (argv or sys.argv):
        args.interval = 8.0  # a lecture's pace: the teacher does something every few seconds
    if args.lecture and args.attach is None:  # the server started below: presenter key, one process
        os.environ["LATENT_LAB_TEACHER_KEY"] = args.teacher_key
        os.environ.pop("LATENT_LAB_REDIS_URL", None)
    args.pages = args.pages.split(",")
    args.skip = [k for k in args.skip.split(",") if k]

    server = None
    port = args.attach or args.port
    if args.attach is None:
        log = Path(os.environ.get("TMPDIR", "/tmp")) / f"latent-lab-load-{port}.log"
        args.probe_file = (
            Path(os.environ.get("TMPDIR", "/tmp")) / f"latent-lab-probe-{port}.json" if args.probe else None
        )
        server = start_server(port, log, args.probe_file)
        print(f"server pid {server.pid}, log {log}", file=sys.stderr)
    try:
        wait_healthy(port)
        pids = args.pid or ([server.pid] if server else [])
        if args.warm:  # the first open trains the default model once per process (cached)
            warm = argparse.Namespace(
                **{**vars(args), "sessions": args.warm, "actions_per_page": 0, "ramp": 0, "duration": 600}
            )
            t = time.perf_counter()
            asyncio.run(run_sessions(warm, port))
            print(f"warm-up {time.perf_counter() - t:.1f} s", file=sys.stderr)
        if args.sweep:
            found, costs = asyncio.run(sweep(args, port, pids))
            print("server CPU s  wall s  rerun", file=sys.stderr)
            for c, w, what in sorted(costs, reverse=True):
                print(f"{c:10.2f}  {w:6.2f}  {what}", file=sys.stderr)
            print("\n".join(found) or "sweep: no exception", file=sys.stderr)
            return 1 if found else 0
        if args.probe and server is not None:
            baseline = probe(args.probe_file, server.pid)
        sampler = Sampler(pids)
        sampler.start()
        load_before = os.getloadavg()
        t0 = time.monotonic()
        heavy: dict = {}
        if args.heavy:
            from heavy_student import heavy_student

            worker = threading.Thread(
                target=lambda: heavy.update(heavy_student(port, args.heavy, t0 + args.duration))
            )
            worker.start()
        if args.lecture:
            stats, presenter, followers = asyncio.run(run_class(args, port))
        else:
            stats = asyncio.run(run_sessions(args, port))
        wall = time.monotonic() - t0
        if args.heavy:
            worker.join(120)
        time.sleep(1)
        sampler.stop()
        out = report(args, stats, sampler.summary(), wall)
        if args.lecture:
            out["class"] = follow_report(presenter, followers)
            out["targets_met"]["follow_lag_p95_le_2s"] = out["class"]["follow_lag"]["p95_s"] <= 2.0
        if args.heavy:
            out["heavy_student"] = heavy
        if args.probe and server is not None:
            out["server"]["held_before_load"] = baseline
        if args.probe and server is not None:
            out["server"]["held_after_load"] = probe(args.probe_file, server.pid)
        if args.settle:  # are closed sessions released? Streamlit keeps them ~120 s for a reconnect
            time.sleep(args.settle)
            nudge = argparse.Namespace(
                **{**vars(args), "sessions": 1, "actions_per_page": 0, "ramp": 0, "pages": args.pages[:1]}
            )
            asyncio.run(run_sessions(nudge, port))  # a disconnect expires stored sessions
            time.sleep(5)
            rss, _, threads = read_proc([q for p in pids for q in proc_tree(p)])
            out["server"].update(
                settle_s=args.settle, rss_after_settle_mib=rss / 2**20, threads_after_settle=threads
            )
            if args.probe and server is not None:
                out["server"]["held_after_settle"] = probe(args.probe_file, server.pid)
        # Other work on the machine skews latency; record how busy it was (1-min load average, 2 cores here).
        out["machine"] = {
            "cores": os.cpu_count(),
            "loadavg_before": load_before[0],
            "loadavg_after": os.getloadavg()[0],
        }
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
    text = json.dumps(out, indent=1, ensure_ascii=False)
    print(text)
    lat, srv = out["latency"], out["server"]
    print(
        f"{args.sessions} sessions, {out['reruns']} reruns (+{out['fragment_reruns']} fragment), "
        f"exceptions {out['exceptions']}, timeouts {out['timeouts']}, errors {out['protocol_errors']}; "
        f"latency p50 {lat['p50_s']:.2f} s p95 {lat['p95_s']:.2f} s max {lat['max_s']:.2f} s; "
        f"RSS peak {srv.get('rss_peak_mib', 0):.0f} MiB; CPU mean {srv.get('cpu_mean_pct', 0):.0f}% "
        f"peak {srv.get('cpu_peak_5s_pct', 0):.0f}% (of one core)",
        file=sys.stderr,
    )
    if args.json:
        args.json.write_text(text)
    return 0 if all(out["targets_met"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
