"""What every page shares: the session's language and model, the page header, errors and charts.
Pages import this; it is the only place that knows the session_state keys pages share."""

import atexit
import copy
import functools
import logging
import re
import secrets
import subprocess
import sys
import threading
import weakref
from collections.abc import Callable
from pathlib import Path

import streamlit as st

from core import i18n
from core.errors import LabError

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"
# The default model every session starts with: the lecture's apple corpus in the UI's language, CBOW with
# an exact softmax (a small vocabulary, so the decoded distribution is the lecture's picture).
FONT = "Noto Sans CJK SC, Noto Sans SC, Microsoft YaHei, PingFang SC, sans-serif"
# No subsampling: on an 86-word vocabulary it would drop most occurrences of nearly every word.
# The one upload limit: Streamlit's server option (.streamlit/config.toml), which its uploader enforces.
UPLOAD_MB = int(st.get_option("server.maxUploadSize"))
log = logging.getLogger("latent_lab")
DEFAULT_SETTINGS = dict(
    arch="cbow", softmax=True, dim=32, window=5, epochs=20, min_count=1, sample=0.0, seed=1
)


_HEADER = "_header_drawn"  # the page whose header app.py drew in this run


def lang() -> str:
    return st.session_state.get("lang", "zh")


def t(key: str, **params) -> str:
    """The UI string `key` in the session's language."""
    return i18n.text(key, lang(), **params)


def presentation() -> bool:
    return st.session_state.get("presentation", False)


def catch_unknown_page(known: set[str], missing) -> None:
    """Before st.navigation: an address naming no page (/sapce) opens `missing` (an st.Page) instead of
    Streamlit's English-only "Page not found" dialog; the name asked for is kept in "_not_found"."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    manager = getattr(get_script_run_ctx(), "pages_manager", None)
    asked = getattr(manager, "intended_page_name", None)
    if manager is None or not asked or manager.intended_page_script_hash or asked.strip("/") in known:
        return
    st.session_state["_not_found"] = asked.strip("/")
    manager.set_script_intent(missing._script_hash, "")


def _use_app_navigation() -> None:
    """A folder named pages/ beside app.py puts Streamlit in its old multipage mode (PagesManager checks
    the folder's name; no option turns it off) until st.navigation has run in the process — and AppTest
    resets that before each of its runs. In that mode a link straight to a page runs the page's file
    without app.py: no sidebar, no language. Run app.py in its place, within this same run (a rerun would
    drop the click that started it): its st.navigation leaves the old mode and serves the requested page."""
    import runpy

    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        runpy.run_path(str(ROOT / "app.py"), run_name="__main__")
        st.stop()


def header(page: str) -> None:
    """Title and the two or three sentences tying the page to the lecture's claims. app.py draws them
    before the page's script runs (so they show before the page has imported torch & co.); the page's
    own call then draws nothing."""
    _use_app_navigation()
    if st.session_state.pop(_HEADER, None) == page:
        return
    st.title(t(f"{page}.title"))
    st.info(t(f"{page}.intro"), icon=":material/school:")


def header_first(page: str) -> None:
    """In app.py, just before the page runs: its header, which the page's ui.header then skips."""
    header(page)
    st.session_state[_HEADER] = page


def show_error(err: LabError) -> None:
    """One clear message, in the session's language; what the student typed or named is shown literally."""
    literal = {k: md_escape(v) if isinstance(v, str) else v for k, v in err.params.items()}
    st.error(i18n.error_text(err, lang(), literal), icon=":material/error:")


def plot(fig, key: str | None = None, **kwargs):
    """Draw a plotly figure in a CJK-capable font, with room above it for Plotly's toolbar and buttons that
    save it as PNG or SVG (ui.chart_export); presentation mode enlarges all of its text (titles, axis
    ticks, labels in cells, annotations) for a projector. `fig` itself is left as it was: it may be
    a figure cached for every session of the process."""
    import plotly.graph_objects as go

    from ui import chart_export
    from ui.chart_style import BASE_FONT, PROJECTOR_FONT, for_projector, toolbar_room

    # The styled copy is kept on the figure: a cached figure (40 followers redraw the same view at once)
    # is copied once per style, not once per run.
    copies = fig.__dict__.setdefault("_latent_lab_styled", {})
    style = presentation()
    if style not in copies:
        # A copy without re-validating every trace and shape (~3 ms instead of ~30 ms for the Transformer
        # figure): `fig` is already a valid figure.
        spec = toolbar_room(fig.to_dict())
        if style:
            spec = for_projector(spec)
        copy = go.Figure(spec, _validate=False)
        copy.update_layout(font=dict(family=FONT, size=PROJECTOR_FONT if style else BASE_FONT))
        copies[style] = copy
    shown = copies[style]
    return st.plotly_chart(shown, key=key, config=chart_export.config(key, shown), **kwargs)


def table(frame, key: str, **kwargs) -> None:
    """A table of a DataFrame. On a screen: st.dataframe (sortable; CSV download in its own toolbar). On
    a projector: an HTML table, whose text grows with the page's (the dataframe's canvas stays at ~13 px),
    and a CSV download button. `kwargs`: st.dataframe's (column_config…)."""
    if presentation():
        st.table(frame, hide_index=True)
        st.download_button(
            t("common.table_csv"),
            frame.to_csv(index=False).encode("utf-8-sig"),  # BOM: Excel opens Chinese correctly
            file_name=f"latent-lab_{key}.csv",
            mime="text/csv",
            key=f"{key}_csv",
            on_click="ignore",
            icon=":material/download:",
        )
    else:
        st.dataframe(frame, hide_index=True, key=key, **kwargs)


def vector_downloads(columns, exported, name: str, key: str) -> None:
    """The three files a set of word vectors downloads as, one button per column: word2vec text (gensim,
    fastText), and the Embedding Projector's vectors.tsv and metadata.tsv. `exported`: core.vectors.Vectors,
    serialised only when a button is pressed; `name`: the files' stem."""
    from core import vectors

    files = (
        ("space.export_w2v", f"{name}.vec", lambda: vectors.to_word2vec_bytes(exported)),
        ("space.export_tsv", f"{name}_vectors.tsv", lambda: vectors.to_projector_tsv_bytes(exported)[0]),
        ("space.export_meta", f"{name}_metadata.tsv", lambda: vectors.to_projector_tsv_bytes(exported)[1]),
    )
    for column, (label, file_name, data), suffix in zip(columns, files, ("w2v", "tsv", "meta")):
        column.download_button(t(label), data, file_name=file_name, on_click="ignore", key=f"{key}_{suffix}")


@st.cache_resource(show_spinner=False, max_entries=8)
def bundled_corpus(name: str, tokenizer: str, min_count: int, max_vocab: int | None = None):
    """corpora/<name>.txt read once per process and settings, shared read-only by every page and session."""
    from core.corpus import Corpus

    return Corpus.from_path(
        CORPORA / f"{name}.txt", tokenizer=tokenizer, min_count=min_count, max_vocab=max_vocab
    )


_memos: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_memos_lock = threading.Lock()
MEMO_ENTRIES = 16  # results kept per owner, the least recently used dropped first


def memo(owner, key: tuple, build: Callable):
    """build() once per (owner, key) while `owner` (e.g. a model) lives, shared read-only by every session
    holding it: the default model is the whole class's, and a class redraws the same view at once."""
    with _memos_lock:
        kept = _memos.setdefault(owner, {})
        if key in kept:
            kept[key] = kept.pop(key)  # most recently used last
            return kept[key]
    value = build()
    with _memos_lock:
        kept[key] = value
        while len(kept) > MEMO_ENTRIES:
            kept.pop(next(iter(kept)))
    return value


def default_model():
    """The apple model in the session's language (the English UI shows English words)."""
    return _default_model(lang())


@st.cache_resource(show_spinner=False)
def _default_model(language: str):
    """Trained once per install and language (core.trained_cache), shared read-only by every session of the
    process (pages must not modify it)."""
    from core.trained_cache import train_or_load
    from core.word2vec import Config, build

    cfg = Config(**DEFAULT_SETTINGS)
    corpus = bundled_corpus(f"apples_{language}", cfg.tokenizer, cfg.min_count)
    model = build(corpus, cfg)
    train_or_load(model, corpus)  # a server starting again loads it from the disk
    return model


@st.cache_resource(show_spinner=False)
def warm_up() -> threading.Thread:
    """Once per process, off the sessions' path, so that no student waits: a child process compiles UMAP's
    numba code into numba's on-disk cache (compiling holds the interpreter: in a thread here it stalled
    every session for ~20 s) on the other core; meanwhile a thread trains or loads the default models (the
    compiled loop releases the interpreter), then loads UMAP from that cache. (A lower priority for the
    child starved it for minutes whenever anything else kept the cores busy.)"""
    child = subprocess.Popen(
        [sys.executable, "-m", "core.projection"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    atexit.register(lambda: child.poll() is None and child.kill())  # a stopped server leaves nothing behind

    def work():
        for language in ("zh", "en"):
            _default_model(language)
        _, err = child.communicate()
        if child.returncode:  # e.g. no writable cache: then compiled here, as before
            log.warning("UMAP warm-up process failed (%s): %s", child.returncode, err.decode()[-500:])
        from core.projection import warm_umap

        warm_umap()

    thread = threading.Thread(target=work, name="latent-lab-warm-up", daemon=True)
    thread.start()
    return thread


def umap_ready() -> bool:
    """True once warm_up has compiled or loaded UMAP's numba code in this process."""
    return not warm_up().is_alive()


def get_model():
    """The session's model: the one the student chose on the Train page, else the default apple model."""
    return st.session_state.get("model") or default_model()


def set_model(model, link: str | None = None) -> None:
    """Make `model` the session's model. A copy: stepping or training further on the Train page must
    not change what the other pages show until the student chooses again. `link`: the model's
    core.links.model_param if a link can retrain it (a full run on a bundled corpus), else None."""
    st.session_state["model"] = copy.deepcopy(model)
    st.session_state["model_link"] = link


def session_alive() -> Callable[[], bool] | None:
    """A function telling whether this browser session is still connected (None outside a server),
    for background work that should end with the tab."""
    from streamlit.runtime import Runtime
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is None or not Runtime.exists():
        return None
    runtime, session_id = Runtime.instance(), ctx.session_id
    return lambda: runtime.is_active_session(session_id)


def keep_choices() -> None:
    """Run before the page's widgets. After a language switch, choice widgets (radio, selectbox…) would
    receive the label the browser showed, which matches none of the new labels, and fall back to their
    defaults; reading each choice now (still decoded with the old labels) and setting it keeps it."""
    if st.session_state.get("_lang_shown", lang()) != lang():
        for key in list(st.session_state.keys()):
            if key in ("lang", "_lang_shown"):
                continue
            value = st.session_state[key]
            if isinstance(value, str) or (isinstance(value, list) and all(isinstance(v, str) for v in value)):
                st.session_state[key] = value
    st.session_state["_lang_shown"] = lang()


def categories(model) -> dict[str, str]:
    """word -> category for the model's corpus, if corpora/ labels it (empty otherwise)."""
    path = CORPORA / f"{Path(getattr(model, 'corpus_name', '')).stem}.categories.tsv"
    return _categories(str(path)) if path.is_file() else {}


def category_name(category: str) -> str:
    """The bundled corpora's category names in the session's language; others as the file has them."""
    key = f"space.cat.{category}"
    return t(key) if key in i18n.STRINGS else category


@st.cache_data(show_spinner=False)
def _categories(path: str) -> dict[str, str]:
    from core.corpus import load_categories

    return load_categories(path)


def model_summary(model) -> str:
    """One line naming a model: corpus · architecture · output layer · V · d."""
    cfg = model.config
    head = "softmax" if cfg.softmax else f"neg {cfg.negative}"
    return f"**{md_escape(model.corpus_name)}** · {cfg.arch} · {head} · V={len(model.words)} · d={cfg.dim}"


def md_escape(text: str) -> str:
    """`text` shown literally inside Markdown: a file name like ![x](http://host/x).txt must not become an
    image that the browser fetches, nor $…$ a formula."""
    return re.sub(r"([\\`*_{}\[\]()<>#+\-.!|~$:])", r"\\\1", str(text))


def unexpected(err: BaseException) -> None:
    """The safety net: the traceback goes to the server's log under a short incident id; the student sees
    one translated line with that id (never the exception's text)."""
    incident = getattr(err, "incident", None)
    if incident is None:  # log each failure once, however often the page redraws it
        incident = secrets.token_hex(3)
        log.error("incident %s", incident, exc_info=err)
        try:
            err.incident = incident
        except AttributeError:
            pass
    st.error(t("common.unexpected", incident=incident), icon=":material/error:")


def show_failure(err: BaseException) -> None:
    """A background job's error: a LabError's own message, else the safety net's line (logged once)."""
    if isinstance(err, LabError):
        show_error(err)
    else:
        unexpected(err)


def guarded(page: Callable) -> Callable:
    """`page` run inside the safety net (Streamlit's stop and rerun are BaseExceptions and pass through).
    A page, and every fragment (whose reruns do not pass through app.py), runs this way."""

    @functools.wraps(page)
    def run(*args, **kwargs):
        try:
            return page(*args, **kwargs)
        except LabError as err:  # a known failure that a page forgot to catch: still its own message
            show_error(err)
        except Exception as err:
            unexpected(err)

    return run
