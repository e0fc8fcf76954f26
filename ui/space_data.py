"""The Space page's vectors (the session's model or an uploaded file), the controls that choose them and
how to draw them, and what is computed from them: cached under the vectors' fingerprint (the arrays
themselves are passed unhashed, as `_` arguments)."""

from dataclasses import dataclass, field

import numpy as np
import streamlit as st

import ui
from core import space as core_space
from core.corpus import detect_tokenizer
from core.errors import LabError
from core.fingerprint import fingerprint
from core.projection import film, linear_map, project

METHODS = ["pca", "umap", "tsne"]
UMAP_POLL_S = 1.0  # while UMAP is being prepared, the page looks this often whether it is ready
MAX_POINTS = 5000  # drawn at most (the N most frequent); neighbours always search every row
EXAMPLES = {  # the lecture's running example, in the model's language
    "zh": dict(
        cloze="这是一个__苹果",
        find="红",
        analogy=("味道", "甜", "便宜"),  # taste − sweet + cheap: the parallel of the English one
        antonyms=("大", "小"),
        odd="红 绿 黄 苹果",
        forces="奶奶在市场买了三个红苹果",
    ),
    "en": dict(
        cloze="this is a __ apple",
        find="red",
        analogy=("flavour", "sweet", "pricey"),  # ≈ price on seeds 1–5, CBOW and skip-gram
        antonyms=("big", "small"),
        odd="red green yellow apple",
        forces="grandma bought three red apples at the market",
    ),
}


@dataclass
class Space:
    """The vectors the page shows: a trained model's W and W′, or an uploaded file's W only."""

    key: str  # fingerprint of the vectors: the cache key of everything computed from them
    name: str
    words: list[str]
    W: np.ndarray  # (V, d)
    W_prime: np.ndarray | None  # (V, d) or None for imported vectors
    labels: dict[str, str]  # word -> category, as the corpus or the metadata file names it
    tokenizer: str = "auto"
    window: int = 5
    cbow_mean: bool = False
    negative_sampling: bool = False
    snapshots: list = field(default_factory=list)
    index: dict[str, int] = field(default_factory=dict)
    arch: str | None = None  # "cbow" or "skipgram" for a trained model; None for imported vectors
    _translated: tuple = field(default=(None, {}), repr=False)

    def __post_init__(self):
        if not self.index:
            self.index = {}
            for i, w in enumerate(self.words):
                self.index.setdefault(w, i)

    @property
    def categories(self) -> dict[str, str]:
        """word -> category name in the session's language (translated once per language)."""
        if self._translated[0] != ui.lang():
            self._translated = (ui.lang(), {w: ui.category_name(c) for w, c in self.labels.items()})
        return self._translated[1]

    @property
    def lang(self) -> str:
        """The language of the examples offered for these vectors."""
        tokenizer = self.tokenizer
        if tokenizer == "auto":
            tokenizer = detect_tokenizer(" ".join(self.words[:50]))
        return "zh" if tokenizer in ("jieba", "chars") else "en"

    def example(self, name: str):
        """The lecture's example if its words are in this vocabulary, else one built from the first words."""
        value = EXAMPLES[self.lang][name]
        needed = (
            [value]
            if name == "find"
            else list(value)
            if name in ("analogy", "antonyms")
            else value.split()
            if name == "odd"
            else []
        )
        if all(w in self.index for w in needed) and (name != "forces" or self.W_prime is not None):
            return value
        first = self.words[:4]
        return {
            "find": first[0],
            "analogy": tuple((first * 3)[:3]),
            "antonyms": None,
            "odd": " ".join(first),
            "forces": " ".join(first),
            "cloze": value,
        }[name]


def model_space(model) -> Space:
    W = model.W.detach().numpy()  # (V, d)
    W_prime = model.W_prime.detach().numpy()  # (V, d)
    cfg = model.config
    return Space(
        fingerprint(W, W_prime),
        model.corpus_name,
        model.words,
        W,
        W_prime,
        ui.categories(model),
        model.tokenizer,
        cfg.window,
        cfg.cbow_mean,
        not cfg.softmax,
        model.snapshots,
        model.index,
        cfg.arch,
    )


def upload_space(upload, meta) -> Space:
    """Vectors from the uploaded file(s); parsed once per file, kept in the session."""
    from core.vectors import load_bytes

    key = (upload.file_id, meta.file_id if meta else None)
    cached = st.session_state.get("space_upload_loaded")
    if cached and cached[0] == key:
        return cached[1]
    meta_bytes = meta.getvalue() if meta else None
    vectors = load_bytes(upload.getvalue(), upload.name, metadata=meta_bytes)
    categories = core_space.read_categories(meta_bytes) if meta_bytes else {}
    loaded = Space(
        fingerprint(vectors.vectors),
        upload.name,
        vectors.words,
        vectors.vectors,
        None,
        categories,
        tokenizer="auto",
    )
    st.session_state["space_upload_loaded"] = (key, loaded)
    return loaded


def previous_upload(fallback: Space) -> Space:
    """The vectors uploaded last in this session, else `fallback`."""
    previous = st.session_state.get("space_upload_loaded")
    return previous[1] if previous else fallback


@st.cache_resource(show_spinner=False, max_entries=64)
def shared(key: tuple, _build):
    """_build() once per process for `key`, shared by every session showing the same view: when a class
    follows the teacher, 40 sessions redraw the same view at once. Read-only (ui.plot draws a copy)."""
    return _build()


@st.cache_data(show_spinner=False, max_entries=32)
def projection(key: str, method: str, dims: int, _vectors) -> tuple[np.ndarray, np.ndarray | None]:
    """(coordinates (n, dims), explained variance ratios for PCA else None)."""
    if method == "pca":
        from core.projection import pca

        return pca(_vectors, dims)
    return project(_vectors, method, dims, seed=0), None


@st.cache_resource(show_spinner=False, max_entries=4)
def search_index(key: str, metric: str, _vectors) -> core_space.Index:
    return core_space.Index(_vectors, metric)


@st.cache_data(show_spinner=False, max_entries=8)
def plane(key: str, _vectors) -> np.ndarray:
    """(d, 2): one fixed plane for the vectors, so every window or analogy is drawn in the same axes."""
    return linear_map(_vectors, 2)


@st.cache_data(show_spinner=False, max_entries=4)
def film_frames(key: str, n: int, dims: int, _snapshots) -> list[np.ndarray]:
    return film(_snapshots, np.arange(n), dims)


# ---- the controls: which vectors, which matrix, how to draw them ------------------------------------
@dataclass
class View:
    """What the controls chose, and what the panels below the plot share."""

    sp: Space
    matrix: str  # "W" or "W_prime"
    vectors: np.ndarray  # (V, d) the chosen matrix
    vkey: str  # the chosen matrix's cache key
    method: str  # the projection drawn (PCA while a chosen UMAP is being prepared)
    dims: int
    metric: str
    n_points: int
    labels: bool


def choose_space(model, t) -> Space:
    """The session's model, or the vectors the student uploads (the last good upload stays on error)."""
    sources = {
        "model": t("space.source_model", name=ui.md_escape(model.corpus_name)),
        "upload": t("space.source_upload"),
    }
    source = st.radio(
        t("space.source"), list(sources), key="space_source", horizontal=True, format_func=sources.get
    )
    sp = model_space(model)
    if source != "upload":
        return sp
    c1, c2 = st.columns(2)
    upload = c1.file_uploader(t("space.upload", limit_mb=ui.UPLOAD_MB), key="space_upload")
    meta = c2.file_uploader(t("space.upload_meta"), type=["tsv", "txt"], key="space_meta")
    if upload is None:
        st.caption(t("space.upload_hint"))
        return previous_upload(sp)
    try:
        sp = upload_space(upload, meta)
        st.caption(t("space.loaded", name=ui.md_escape(sp.name), n=f"{len(sp.words):,}", d=sp.W.shape[1]))
        return sp
    except LabError as err:
        ui.show_error(err)
        st.caption(t("space.kept_model"))
        return previous_upload(sp)


def controls(sp: Space, t) -> View:
    c1, c2, c3, c4, c5 = st.columns([1.3, 0.8, 1.6, 1.2, 1.4])
    # UMAP is the latent space the lecture draws, and the default whatever the process is doing: a choice
    # never depends on readiness (a default that did would reset a student's choice when UMAP got ready).
    method = c1.radio(
        t("space.method"),
        METHODS,
        index=METHODS.index("umap"),
        key="space_method",
        horizontal=True,
        format_func={"pca": "PCA", "umap": "UMAP", "tsne": "t-SNE"}.get,
    )
    drawn = method
    if method == "umap" and not ui.umap_ready():
        # Until its numba code is compiled or loaded (ui.warm_up) a UMAP would hold the server for ~20 s:
        # PCA is drawn meanwhile, the choice and the address keep UMAP, and the page redraws by itself.
        drawn = "pca"
        with c1:
            _umap_wait()
    dims = c2.radio(
        t("space.dims"), [3, 2], key="space_dims", horizontal=True, format_func=lambda d: f"{d}-D"
    )
    matrix = c3.radio(
        t("space.matrix"),
        ["W", "W_prime"],
        key="space_matrix",
        horizontal=True,
        disabled=sp.W_prime is None,
        format_func={m: t(f"space.matrix_{m}") for m in ("W", "W_prime")}.get,
    )
    if sp.W_prime is None:
        matrix = "W"
    metric = c4.radio(
        t("space.metric"),
        ["cosine", "euclidean"],
        key="space_metric",
        format_func={m: t(f"space.metric_{m}") for m in ("cosine", "euclidean")}.get,
    )
    n_points = int(c5.number_input(t("space.points"), 1, MAX_POINTS, 2000, step=100, key="space_points"))
    labels = c5.toggle(t("space.labels"), value=True, key="space_labels")
    vectors = sp.W if matrix == "W" else sp.W_prime  # (V, d)
    return View(sp, matrix, vectors, f"{sp.key}:{matrix}", drawn, dims, metric, n_points, labels)


@st.fragment(run_every=UMAP_POLL_S)
@ui.guarded
def _umap_wait() -> None:
    """The note that UMAP is being prepared, until it is: then the whole page is drawn again, with UMAP."""
    if ui.umap_ready():
        st.rerun(scope="app")
    st.caption(ui.t("space.umap_warming"))
