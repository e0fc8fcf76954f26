"""`streamlit run` with a memory probe: on SIGUSR1 the server writes what it still holds to a JSON file.

    python bench/probe_server.py OUT.json run app.py --server.port 8599 ...   # same arguments as `streamlit`
    kill -USR1 <pid>; cat OUT.json

Written after a full garbage collection: live AppSessions, session states, TrainJobs (and how many still
have a thread), word2vec models and the bytes of their tensors, Python threads, RSS before and after
glibc's malloc_trim (the difference is freed memory the allocator had kept, not a leak).
bench/load.py --probe uses it to tell whether closed sessions are released.
"""

import ctypes
import gc
import json
import signal
import sys
import threading
from collections import Counter
from pathlib import Path


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def snapshot() -> dict:
    gc.collect()
    counts = Counter(type(o).__name__ for o in gc.get_objects())
    models = [o for o in gc.get_objects() if type(o).__name__ == "Word2Vec"]
    from core.jobs import BackgroundJob  # every kind: word2vec, upload reading, translator, identity trap

    jobs = [o for o in gc.get_objects() if isinstance(o, BackgroundJob)]
    model_bytes = 0
    for m in models:
        for t in (getattr(m, "W", None), getattr(m, "W_prime", None)):
            if t is not None:
                model_bytes += t.element_size() * t.nelement()
        model_bytes += sum(s.nbytes for _, s in getattr(m, "snapshots", []))
    out = {
        "rss_mib": rss_mib(),
        "app_sessions": counts["AppSession"],
        "session_states": counts["SessionState"],
        "jobs": dict(Counter(type(j).__name__ for j in jobs)),
        "jobs_alive": sum(j._thread.is_alive() for j in jobs),
        "word2vec_models": len(models),
        "word2vec_mib": model_bytes / 2**20,
        "python_threads": threading.active_count(),
    }
    ctypes.CDLL("libc.so.6").malloc_trim(0)
    out["rss_after_malloc_trim_mib"] = rss_mib()
    return out


def main() -> None:
    out_path = Path(sys.argv.pop(1))
    signal.signal(signal.SIGUSR1, lambda *_: out_path.write_text(json.dumps(snapshot())))
    from streamlit.web import cli

    sys.argv[0] = "streamlit"
    cli.main()


if __name__ == "__main__":
    main()
