"""A widget's identity never depends on what the server process is doing. Streamlit resets a widget whose
identity changes between two runs to its default: a default that depended on readiness (the Space page's
projection once opened on PCA until UMAP was compiled) reset a student's choice the moment the process
became ready. Every widget has a key (Streamlit then derives its identity from the key, plus a slider's
range or an uploader's types), and on every page the widgets drawn while the process warms up keep their
identities and values once it is ready, and have the defaults a session opened then gets."""

import ast

import pytest
from conftest import APP_TIMEOUT, ROOT
from streamlit.testing.v1 import AppTest

from core.lecture import PAGES

WIDGETS = {
    "button",
    "chat_input",
    "checkbox",
    "color_picker",
    "data_editor",
    "date_input",
    "download_button",
    "feedback",
    "file_uploader",
    "form_submit_button",
    "multiselect",
    "number_input",
    "pills",
    "radio",
    "segmented_control",
    "select_slider",
    "selectbox",
    "slider",
    "text_area",
    "text_input",
    "time_input",
    "toggle",
}


def _sources():
    return [ROOT / "app.py", *sorted((ROOT / "ui").glob("*.py")), *sorted((ROOT / "pages").glob("*.py"))]


def test_every_widget_has_a_key():
    """Without a key a widget's identity is all its arguments (label, options, default…): anything that
    varies with the process's state would reset it."""
    keyless = [
        f"{path.relative_to(ROOT)}:{node.lineno} {node.func.attr}"
        for path in _sources()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in WIDGETS
        and not any(k.arg == "key" for k in node.keywords)
    ]
    assert len(_sources()) > 20 and keyless == []


def _widgets(node, found: dict) -> dict:
    """{key: (identity, value)} of every keyed widget in the element tree below `node` (a chart's identity
    is its figure: it changes with the picture, by design)."""
    key = getattr(node, "key", None)
    if key and getattr(node, "type", None) in WIDGETS | {"button_group"}:
        try:
            value = node.value
        except Exception:  # a widget AppTest cannot read (an uploader)
            value = None
        found[key] = (node.id, repr(value))
    for child in getattr(node, "children", {}).values():
        _widgets(child, found)
    return found


_REAL = {}  # functions replaced while warming up, as they are


def _state(monkeypatch, ready: bool) -> None:
    """The process warming up (UMAP's numba code not loaded yet; the shared translator not built yet;
    followers not woken but polled) or ready."""
    import ui
    from ui import transformer_jobs, wake

    real = _REAL.setdefault("current", transformer_jobs.current)
    not_built = lambda seed: None if seed == 0 else real(seed)  # noqa: E731  (a session's own run stays)
    monkeypatch.setattr(transformer_jobs, "current", real if ready else not_built)
    monkeypatch.setattr(ui, "umap_ready", lambda: ready)
    monkeypatch.setattr(wake, "available", lambda: ready)
    monkeypatch.setattr(wake, "follow", lambda *args: None)  # AppTest has no server to wake sessions in


def _open(page: str):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=APP_TIMEOUT)
    at.run()
    at.session_state["class_follow"] = True  # the follow fragment is drawn too
    at.switch_page(f"pages/{page}.py").run()
    assert not at.exception
    return at


@pytest.mark.parametrize("page", ["tour", *PAGES])
def test_no_widget_changes_identity_or_default_when_the_process_becomes_ready(monkeypatch, page):
    _state(monkeypatch, ready=False)
    at = _open(page)
    warming = _widgets(at._tree, {})
    _state(monkeypatch, ready=True)
    at.run()
    assert not at.exception
    assert len(warming) >= 5, warming  # the page's widgets were found (and the sidebar's)
    ready = _widgets(at._tree, {})
    # every widget drawn while warming up keeps its identity and value (the translator's appear when it is)
    assert {key: ready.get(key) for key in warming} == warming
    assert _widgets(_open(page)._tree, {}) == ready  # a session opened once the process is ready
