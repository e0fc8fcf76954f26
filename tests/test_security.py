"""Security properties a classroom server relies on: XSRF on and telemetry off (in the file and in a live
server), nothing from a user is ever unpickled, an upload's file name never becomes a path, and the
app contacts no one while it runs."""

import ast
import os
import subprocess
import sys
import tomllib
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import streamlit_server
from streamlit.testing.v1 import AppTest

from core.lecture import PAGES as ALL

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted(
    [
        ROOT / "app.py",
        *(ROOT / "core").rglob("*.py"),
        *(ROOT / "pages").rglob("*.py"),
        *(ROOT / "ui").rglob("*.py"),
    ]
)


# ---------------------------------------------------------------- configuration


def test_config_keeps_xsrf_on_and_usage_stats_off():
    cfg = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert cfg["server"]["enableXsrfProtection"] is True
    assert cfg["server"].get("enableCORS", True) is True  # XSRF needs CORS protection on
    assert cfg["browser"]["gatherUsageStats"] is False


# The server as deployed, under an audit hook that logs every socket it opens to a non-loopback address
# and every name it looks up (from start-up on, not just while pages run).
_AUDIT_HOOK = """
import ipaddress, sys
log = open(sys.argv.pop(1), "a", buffering=1)

def remote(host):
    try:
        return not ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host not in (None, "", "localhost")

def hook(event, args):
    if event == "socket.connect" and isinstance(args[1], tuple) and remote(args[1][0]):
        log.write(f"connect {args[1]}\\n")
    elif event == "socket.getaddrinfo" and remote(args[0]):
        log.write(f"lookup {args[0]}\\n")

sys.addaudithook(hook)
"""
_AUDITED_SERVER = (
    _AUDIT_HOOK
    + """
from streamlit.web import cli
sys.argv[0] = "streamlit"
cli.main()
"""
)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`streamlit run app.py` on loopback, as deployed; yields (base url, port, network log path)."""
    log = tmp_path_factory.mktemp("audit") / "network.log"
    log.touch()
    with streamlit_server([sys.executable, "-c", _AUDITED_SERVER, str(log)]) as (port, _):
        yield f"http://127.0.0.1:{port}", port, log


def test_live_server_rejects_an_upload_without_xsrf_token(server):
    body = (
        b'--b\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n'
        b"Content-Type: text/plain\r\n\r\napple\r\n--b--\r\n"
    )
    req = urllib.request.Request(
        f"{server[0]}/_stcore/upload_file/some-session/some-file",
        data=body,
        method="PUT",
        headers={"Content-Type": "multipart/form-data; boundary=b"},
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(req, timeout=5)
    assert refused.value.code == 403


def test_streamlit_reads_the_config_as_intended():
    """The effective options, as streamlit itself resolves them from the project's config.toml."""
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "from streamlit import config; "
            "print(config.get_option('browser.gatherUsageStats'), "
            "config.get_option('server.enableXsrfProtection'))",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert out == ["False", "True"]


# ---------------------------------------------------------------- no unpickling


def _dotted(node) -> str:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    return ".".join(reversed(parts))


def unsafe_loads(source: str, filename: str = "<src>") -> list[str]:
    """Calls that can run code from a file: any pickle-family load, torch.load without
    weights_only=True, numpy.load with allow_pickle=True. Aliases (import numpy as np) are resolved."""
    tree = ast.parse(source, filename)
    alias = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                alias[a.asname or a.name] = a.name
        elif isinstance(node, ast.ImportFrom) and node.module:
            for a in node.names:
                alias[a.asname or a.name] = f"{node.module}.{a.name}"
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _dotted(node.func)
        head, _, rest = name.partition(".")
        full = ".".join(filter(None, [alias.get(head, head), rest]))
        kw = {k.arg: k.value for k in node.keywords}

        def const(key, kw=kw):
            return isinstance(kw.get(key), ast.Constant) and kw[key].value

        where = f"{filename}:{node.lineno} {full}"
        if full.split(".")[0] in {
            "pickle",
            "cPickle",
            "_pickle",
            "dill",
            "cloudpickle",
            "shelve",
            "marshal",
            "joblib",
        } and full.split(".")[-1] in {"load", "loads", "Unpickler", "open"}:
            found.append(where)
        elif full in {"pandas.read_pickle", "torch.serialization.load"}:
            found.append(where)
        elif full == "torch.load" and const("weights_only") is not True:
            found.append(where)
        elif full == "numpy.load" and const("allow_pickle") is not False and "allow_pickle" in kw:
            found.append(where)
    return found


def test_the_checker_finds_unsafe_loads():
    bad = (
        "import pickle, torch\nimport numpy as np\nfrom pickle import loads as L\n"
        "pickle.load(f)\ntorch.load(p)\ntorch.load(p, weights_only=False)\nnp.load(p, "
        "allow_pickle=True)\nL(b)\n"
    )
    ok = (
        "import torch\nimport numpy as np\ntorch.load(p, weights_only=True)\nnp.load(p)\n"
        "np.load(p, allow_pickle=False)\n"
    )
    assert len(unsafe_loads(bad)) == 5
    assert unsafe_loads(ok) == []


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_code_path_unpickles(path):
    assert unsafe_loads(path.read_text(), str(path.relative_to(ROOT))) == []


# ---------------------------------------------------------------- uploads stay in memory

_PATH_SINKS = {"open", "Path", "pathlib.Path", "os.path.join", "os.open", "shutil.copy", "shutil.move"}
_WRITES = {
    "write_bytes",
    "write_text",
    "save",
    "mkdir",
    "mkstemp",
    "mkdtemp",
    "NamedTemporaryFile",
    "TemporaryFile",
    "SpooledTemporaryFile",
}


def _mentions_upload(node) -> bool:
    """An expression built from a file's name or from a variable holding an upload."""
    return any(
        isinstance(n, ast.Attribute) and n.attr == "name" or isinstance(n, ast.Name) and "upload" in n.id
        for n in ast.walk(node)
    )


def disk_uses(source: str, filename: str = "<src>") -> list[str]:
    """Calls in a page that write files, or that make a path from an upload or a file name."""
    found = []
    for n in ast.walk(ast.parse(source, filename)):
        if not isinstance(n, ast.Call):
            continue
        name = _dotted(n.func)
        if name.split(".")[-1] in _WRITES or name.startswith("tempfile."):
            found.append(f"{filename}:{n.lineno} {name}")
        elif name in _PATH_SINKS and any(_mentions_upload(a) for a in [*n.args, *n.keywords]):
            found.append(f"{filename}:{n.lineno} {name}")
    return found


def test_the_disk_checker_finds_uploads_made_into_paths():
    bad = (
        "f = st.file_uploader('x')\nopen(f.name)\nPath(CORPORA, upload)\nos.path.join(d, up.name)\n"
        "tempfile.NamedTemporaryFile()\np.write_bytes(b)\n"
    )
    assert len(disk_uses(bad)) == 5
    assert disk_uses("ROOT = Path(__file__).parent\ntext = read_text(upload.getvalue())\n") == []


@pytest.mark.parametrize(
    "path",
    sorted([*(ROOT / "pages").glob("*.py"), *(ROOT / "ui").glob("*.py")]) + [ROOT / "app.py"],
    ids=lambda p: p.name,
)
def test_pages_keep_uploads_in_memory(path):
    """Pages hand uploads to core as bytes (upload.getvalue()); no page writes a file or makes a path
    from an upload or its name."""
    assert disk_uses(path.read_text(), path.name) == []


def test_an_uploads_name_never_selects_a_file(tmp_path):
    """A crafted upload name ("../../x") must not select a file: the Train page names its model after
    the upload, and ui.categories() looks up corpora/<name>.categories.tsv."""
    import ui

    planted = tmp_path / "planted.categories.tsv"
    planted.write_text("apple\tfruit\n", encoding="utf-8")
    name = os.path.relpath(tmp_path / "planted", ui.CORPORA)
    assert (ui.CORPORA / f"{name}.categories.tsv").resolve() == planted.resolve()  # the name would reach it
    model = type("Model", (), {"corpus_name": name})()
    assert ui.categories(model) == {}


_OPENED: list[str] | None = None  # while a list, every path this process opens is appended


def _record_open(event, args):
    if event == "open" and _OPENED is not None:
        _OPENED.append(str(args[0]))


sys.addaudithook(_record_open)  # audit hooks cannot be removed; inert while _OPENED is None


def test_an_upload_is_never_opened_by_name():
    """Upload a corpus named like a path through the Train page: no file by that name is opened."""
    global _OPENED
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.switch_page("pages/train.py").run()
    at.radio(key="train_source").set_value("upload").run()
    name = "../../../../../../tmp/latent-lab-evil.txt"
    _OPENED = []
    try:
        open(__file__).close()  # the recorder works
        at.file_uploader(key="train_upload").set_value(
            (name, "红 苹果 很 甜\n".encode() * 50, "text/plain")
        ).run()
        opened = _OPENED
    finally:
        _OPENED = None
    assert not at.exception
    assert __file__ in opened
    assert [p for p in opened if "latent-lab-evil" in p] == []


# ---------------------------------------------------------------- no network at run time


@pytest.mark.slow
def test_the_server_contacts_no_one_while_a_student_visits_every_page(server):
    """A student (bench/load.py's protocol client) opens every page; the audited
    server's log of non-loopback connects and name lookups stays empty."""
    import asyncio
    from types import SimpleNamespace

    from bench.load import run_sessions

    _, port, log = server
    args = SimpleNamespace(
        sessions=1,
        ramp=0,
        duration=600,
        interval=0,
        actions_per_page=0,
        click_rate=0,
        timeout=300,
        pages=ALL,
        seed=0,
    )
    stats = asyncio.run(run_sessions(args, port))
    assert not stats.errors and not stats.timeouts, stats.errors
    assert len(stats.runs) == 1 + len(ALL)
    assert log.read_text() == ""


def test_the_network_audit_sees_a_connection(tmp_path):
    """The hook the server runs under notices a remote connect and a name lookup, and lets a loopback
    connect and a lookup of localhost through (both audited events, counted by a second hook)."""
    log = tmp_path / "network.log"
    probe = (
        _AUDIT_HOOK
        + """
import socket
seen = []
sys.addaudithook(lambda event, args: seen.append(event) if event.startswith("socket.") else None)
with socket.create_server(("127.0.0.1", 0)) as listener:
    socket.create_connection(listener.getsockname(), timeout=5).close()   # loopback: must not be logged
socket.getaddrinfo("localhost", 80)
print(seen.count("socket.connect"), seen.count("socket.getaddrinfo"))
s = socket.socket()
s.settimeout(0.01)
try:
    s.connect(("192.0.2.1", 9))   # TEST-NET-1: never answers
except OSError:
    pass
try:
    socket.getaddrinfo("example.invalid", 80)
except OSError:
    pass
"""
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, str(log)], check=True, timeout=30, capture_output=True, text=True
    ).stdout
    # one loopback connect and two loopback lookups (create_connection resolves "127.0.0.1" too) were audited
    assert out.split() == ["1", "2"]
    lines = log.read_text().splitlines()
    assert lines[0].startswith("connect ('192.0.2.1', 9)") and lines[1] == "lookup example.invalid"
    assert len(lines) == 2
