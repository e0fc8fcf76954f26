"""Issue 5's speed target: any change on the Attention page recomputes and redraws in <= 50 ms of server
time for T <= 32, d <= 128.

"Server time" = the page script's own run (every st.* call, so every figure built and serialised into its
delta), measured inside the script thread; AppTest's bookkeeping around the run is left out. Two clocks:
the thread's CPU time (the work the server does; judged against the budget) and wall time (which also
counts waiting for the CPU — on this shared 2-core machine other people's processes inflate it; on an idle
machine the two agree). The page runs with a d=128 model (built, untrained: values don't change the cost)
and a 32-token sentence, and as a student first sees it (the default apple model, d=32). Medians of
several reruns, each after a real change (no cache hit), with the load average printed.

    /work/venv/bin/python bench/attention_speed.py [--repeat 9]
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from core import attention as att  # noqa: E402
from core.corpus import Corpus  # noqa: E402
from core.word2vec import Config, build  # noqa: E402

BUDGET_MS = 50.0


def page_script(root: str):
    """Runs pages/attention.py and records the script's own time in session state (AppTest script)."""
    import sys
    import time

    import streamlit as st

    sys.path.insert(0, root)
    code = compile(open(f"{root}/pages/attention.py", encoding="utf-8").read(), "pages/attention.py", "exec")
    start, cpu = time.perf_counter(), time.thread_time()
    try:
        exec(code, {"__name__": "__main__"})
    finally:
        st.session_state["bench_ms"] = (
            (time.perf_counter() - start) * 1000,
            (time.thread_time() - cpu) * 1000,
        )


def big_model():
    """A d=128 model over the English apple vocabulary, and a sentence of 32 of its words."""
    corpus = Corpus.from_path(ROOT / "corpora" / "apples_en.txt", tokenizer="words", min_count=1)
    model = build(corpus, Config(dim=128, min_count=1, tokenizer="words"))
    model.corpus_name = "apples_en"
    return model, " ".join(model.words[:32])


def timed(at, action, repeat) -> list[tuple[float, float]]:
    """(wall ms, CPU ms) of the script after `action(at, n)`, repeated; each n changes an input."""
    times = []
    for n in range(repeat):
        action(at, n)
        at.run()
        assert not at.exception, at.exception
        times.append(at.session_state["bench_ms"])
    return times


TEMPS = [0.1, 0.25, 0.5, 2.0, 4.0, 10.0]


def scenarios(at, repeat):
    """(name, times) for the changes a student makes."""

    def set_temp(at, n):
        return at.select_slider(key="att_temperature").set_value(TEMPS[n % len(TEMPS)])

    def set_seed(at, n):
        return at.number_input(key="att_seed").set_value(100 + n)

    out = []
    for step in range(8):  # Next through the stepper, a new temperature each
        at.session_state["att_step"] = step
        out.append((f"step {step + 1} of 8, temperature changed", timed(at, set_temp, repeat)))
    at.session_state["att_step"] = 6
    out.append(("softmax step, new weights (seed changed)", timed(at, set_seed, repeat)))
    out.append(
        (
            "softmax step, mask causal/none",
            timed(at, lambda at, n: at.radio(key="att_mask").set_value(["causal", "none"][n % 2]), repeat),
        )
    )
    for section in ("heads", "cbow", "perm"):
        at.radio(key="att_section").set_value(section).run()
        out.append((f"section {section}, new weights", timed(at, set_seed, repeat)))
    at.radio(key="att_section").set_value("steps").run()
    at.toggle(key="att_all").set_value(True).run()
    out.append(("all 8 steps at once, temperature changed", timed(at, set_temp, repeat)))
    at.toggle(key="att_all").set_value(False).run()
    return out


def compute_only(model, sentence, repeat):
    """The arithmetic alone (attention_steps + multi-head + both torch references), T=32, d=128."""
    ids = [model.index[w] for w in sentence.split()]
    x = model.W[ids].double().numpy()  # (32, 128)
    rng = np.random.default_rng(0)
    w = [rng.standard_normal((128, 128)) / np.sqrt(128) for _ in range(4)]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        with att.one_thread():
            s = att.attention_steps(x, *w[:3], causal=True, temperature=0.5)
            m = att.multi_head_steps(x, *w, 4, causal=True)
            trust = att.trust(s, m, x, *w, 4, temperature=0.5, causal=True)
        times.append((time.perf_counter() - start) * 1000)
    return times, trust


def report(name, times):
    cpu = statistics.median(c for _, c in times)
    wall = statistics.median(w for w, _ in times)
    flag = "ok" if cpu <= BUDGET_MS else "OVER"
    print(
        f"  {name:<46} CPU median {cpu:6.1f} ms (max {max(c for _, c in times):6.1f})   "
        f"wall median {wall:6.1f} ms   {flag}"
    )
    return cpu


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=9)
    args = ap.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")

    model, sentence = big_model()
    times, trust = compute_only(model, sentence, args.repeat)
    print(
        f"arithmetic only, T=32 d=128 (steps + 4 heads + SDPA + nn.MultiheadAttention): "
        f"median {statistics.median(times):.2f} ms; max|Δ| vs SDPA {trust.sdpa:.1e}, vs MHA {trust.mha:.1e}"
    )

    worst = 0.0
    for title, setup in (
        ("T=32, d=128 (the budget's limit)", dict(model=model, att_sentence=sentence)),
        ("default apple model, default sentence", {}),
    ):
        at = AppTest.from_function(page_script, args=(str(ROOT),), default_timeout=300)
        for key, value in setup.items():
            at.session_state[key] = value
        at.run()
        assert not at.exception, at.exception
        at.run()  # warm: imports, saturation curve, caches
        T = len([w for w in at.session_state["att_sentence"].split()]) if setup else "default"
        print(f"\n{title} (T={T}); page script time per change:")
        for name, ts in scenarios(at, args.repeat):
            worst = max(worst, report(name, ts))
    print(f"\nload average after: {os.getloadavg()[0]:.2f}")
    print(
        f"worst CPU median: {worst:.1f} ms (budget {BUDGET_MS:.0f} ms) -> "
        f"{'PASS' if worst <= BUDGET_MS else 'FAIL'}"
    )


if __name__ == "__main__":
    main()
