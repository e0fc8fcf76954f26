"""Latent space (C6–C8): the session's vectors (or uploaded ones) in 3-D/2-D, neighbours, analogies,
odd-one-out, the cloze "这是一个__苹果", context vectors adding up like forces, the training film,
W vs W′, and export. A view: every number comes from core.space / core.projection."""

import hashlib
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from core import space as core_space
from core.errors import LabError
from core.projection import film, linear_map, project
import ui

MAX_POINTS = 5000  # drawn at most (the N most frequent); neighbours always search every row
LABEL_LIMIT = 400  # more text labels than this turn the plot into ink
PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#bcbd22", "#17becf",
           "#393b79", "#ad494a", "#637939"]  # no greys: grey means "no category"
FORCE_COLOURS = ["#1f77b4", "#ff7f0e", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f"]  # not h/W/W′
EXAMPLES = {  # the lecture's running example, in the model's language
    "zh": dict(cloze="这是一个__苹果", find="红", analogy=("大", "小", "甜"), odd="红 绿 黄 苹果",
               forces="奶奶在市场买了三个红苹果"),
    "en": dict(cloze="this is a __ apple", find="red", analogy=("big", "small", "sweet"),
               odd="red green yellow apple", forces="grandma bought three red apples at the market"),
}


@dataclass
class Space:
    """The vectors this page shows: a trained model's W and W′, or an uploaded file's W only."""
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
        if self.tokenizer in ("jieba", "chars"):
            return "zh"
        if self.tokenizer == "words":
            return "en"
        return "zh" if any("\u4e00" <= ch <= "\u9fff" for w in self.words[:50] for ch in w) else "en"

    def example(self, name: str):
        """The lecture's example if its words are in this vocabulary, else one built from the first words."""
        value = EXAMPLES[self.lang][name]
        needed = [value] if name == "find" else list(value) if name == "analogy" else \
            value.split() if name == "odd" else []
        if all(w in self.index for w in needed) and (name != "forces" or self.W_prime is not None):
            return value
        first = self.words[:4]
        return {"find": first[0], "analogy": tuple((first * 3)[:3]), "odd": " ".join(first),
                "forces": " ".join(first), "cloze": value}[name]


def _fingerprint(*arrays) -> str:
    h = hashlib.blake2b(digest_size=16)
    for a in arrays:
        if a is not None:
            h.update(np.ascontiguousarray(a).data)
    return h.hexdigest()


def model_space(model) -> Space:
    W = model.W.detach().numpy()  # (V, d)
    W_prime = model.W_prime.detach().numpy()  # (V, d)
    cfg = model.config
    return Space(_fingerprint(W, W_prime), model.corpus_name, model.words, W, W_prime, ui.categories(model),
                 model.tokenizer, cfg.window, cfg.cbow_mean, not cfg.softmax, model.snapshots, model.index)


def upload_space(upload, meta) -> Space:
    """Vectors from the uploaded file(s); parsed once per file, kept in the session."""
    from core.vectors import load_bytes

    key = (upload.file_id, meta.file_id if meta else None)
    cached = st.session_state.get("space_upload_loaded")
    if cached and cached[0] == key:
        return cached[1]
    data = upload.getvalue()
    meta_bytes = meta.getvalue() if meta else None
    vectors = load_bytes(data, upload.name, metadata=meta_bytes)
    categories = core_space.read_categories(meta_bytes) if meta_bytes else {}
    loaded = Space(_fingerprint(vectors.vectors), upload.name, vectors.words, vectors.vectors, None, categories,
                   tokenizer="auto")
    st.session_state["space_upload_loaded"] = (key, loaded)
    return loaded


# ---- cached computations (keyed by the fingerprint; the arrays themselves are not hashed) -------------
@st.cache_data(show_spinner=False, max_entries=32)
def _projection(key: str, method: str, dims: int, _vectors) -> tuple[np.ndarray, np.ndarray | None]:
    if method == "pca":
        from core.projection import pca

        return pca(_vectors, dims)
    return project(_vectors, method, dims, seed=0), None


@st.cache_resource(show_spinner=False, max_entries=4)
def _search_index(key: str, metric: str, _vectors) -> core_space.Index:
    return core_space.Index(_vectors, metric)


@st.cache_data(show_spinner=False, max_entries=8)
def _linear(key: str, dims: int, _vectors) -> np.ndarray:
    return linear_map(_vectors, dims)


@st.cache_data(show_spinner=False, max_entries=4)
def _film(key: str, n: int, dims: int, _snapshots) -> list[np.ndarray]:
    return film(_snapshots, np.arange(n), dims)


# ---- drawing -------------------------------------------------------------------------------------------
def _category_colours(categories: dict[str, str]) -> dict[str, str]:
    names = sorted(set(categories.values()))
    colours = {c: PALETTE[i % len(PALETTE)] for i, c in enumerate(names)}
    colours[ui.t("space.uncategorised")] = "#9aa0a6"
    return colours


def _axis_titles(dims: int, explained) -> dict:
    names = [f"{ax}" if explained is None else f"{ax} ({explained[i]:.0%})" for i, ax in enumerate("xyz"[:dims])]
    return dict(zip(("xaxis", "yaxis", "zaxis")[:dims], [dict(title=dict(text=n)) for n in names]))


def _scatter_trace(coords, dims: int, **kwargs):
    if dims == 3:
        return go.Scatter3d(x=coords[:, 0], y=coords[:, 1], z=coords[:, 2], **kwargs)
    return go.Scatter(x=coords[:, 0], y=coords[:, 1], **kwargs)


def scatter(sp: Space, rows: np.ndarray, coords: np.ndarray, dims: int, explained, labels: bool,
            highlight: dict[int, str]) -> go.Figure:
    """Points coloured by category; highlighted rows (query, neighbours) drawn on top, others dimmed."""
    other = ui.t("space.uncategorised")
    cats = np.array([sp.categories.get(sp.words[i], other) for i in rows])
    colours = _category_colours(sp.categories)
    text_mode = "markers+text" if labels and len(rows) <= LABEL_LIMIT else "markers"
    fig = go.Figure()
    for cat in sorted(set(cats), key=lambda c: (c == other, c)):
        mask = cats == cat
        words = [sp.words[i] for i in rows[mask]]
        fig.add_trace(_scatter_trace(
            coords[mask], dims, mode=text_mode, name=cat, text=words, hovertemplate="%{text}<extra>" + cat + "</extra>",
            textposition="top center", opacity=0.3 if highlight else 1.0,
            marker=dict(size=5 if dims == 3 else 9, color=colours.get(cat, "#9aa0a6"))))
    position = {int(r): j for j, r in enumerate(rows)}
    for role, colour, size in (("neighbour", "#ff7f0e", 7), ("query", "#d62728", 10)):
        ids = [i for i, r in highlight.items() if r == role and i in position]
        if ids:
            fig.add_trace(_scatter_trace(
                coords[[position[i] for i in ids]], dims, mode="markers+text", text=[sp.words[i] for i in ids],
                name=ui.t(f"space.highlight_{role}"), textposition="top center",
                textfont=dict(size=16 if role == "query" else 13, color=colour),
                marker=dict(size=size if dims == 3 else size * 1.6, color=colour, symbol="diamond")))
    layout = dict(height=640, margin=dict(l=0, r=0, t=10, b=0), legend=dict(itemsizing="constant"))
    if dims == 3:
        fig.update_layout(scene=dict(**_axis_titles(3, explained), aspectmode="cube"), **layout)
    else:
        fig.update_layout(**layout, **_axis_titles(2, explained))
    return fig


def _arrow(fig: go.Figure, start, end, colour: str, text: str = "", width: int = 2, dash: bool = False):
    fig.add_annotation(x=end[0], y=end[1], ax=start[0], ay=start[1], xref="x", yref="y", axref="x", ayref="y",
                       showarrow=True, arrowhead=3, arrowsize=1.2, arrowwidth=width, arrowcolor=colour)
    if dash:  # annotations cannot be dashed: draw a dashed line under the arrow head
        fig.add_trace(go.Scatter(x=[start[0], end[0]], y=[start[1], end[1]], mode="lines", showlegend=False,
                                 hoverinfo="skip", line=dict(color=colour, width=width, dash="dash")))
    if text:
        fig.add_annotation(x=end[0], y=end[1], text=text, showarrow=False, yshift=14,
                           font=dict(color=colour, size=15))


def _frame_points(points: np.ndarray, fig: go.Figure) -> None:
    """Equal axis scales (directions matter) and room for every arrow."""
    span = np.abs(points).max() * 1.15 + 1e-9
    fig.update_xaxes(range=[-span, span], zeroline=True)
    fig.update_yaxes(range=[-span, span], zeroline=True, scaleanchor="x", scaleratio=1)
    fig.update_layout(height=520, margin=dict(l=0, r=0, t=20, b=0), showlegend=False)


# ---- the page ------------------------------------------------------------------------------------------
ui.header("space")

model = ui.get_model()
sources = {"model": ui.t("space.source_model", name=ui.md_escape(model.corpus_name)), "upload": ui.t("space.source_upload")}
source = st.radio(ui.t("space.source"), list(sources), key="space_source", horizontal=True, format_func=sources.get)
sp = model_space(model)
if source == "upload":
    c1, c2 = st.columns(2)
    upload = c1.file_uploader(ui.t("space.upload", limit_mb=ui.UPLOAD_MB), key="space_upload")
    meta = c2.file_uploader(ui.t("space.upload_meta"), type=["tsv", "txt"], key="space_meta")
    if upload is None:
        st.caption(ui.t("space.upload_hint"))
        previous = st.session_state.get("space_upload_loaded")
        sp = previous[1] if previous else sp
    else:
        try:
            sp = upload_space(upload, meta)
            st.caption(ui.t("space.loaded", name=ui.md_escape(sp.name), n=f"{len(sp.words):,}", d=sp.W.shape[1]))
        except LabError as err:
            ui.show_error(err)
            previous = st.session_state.get("space_upload_loaded")
            sp = previous[1] if previous else sp
            st.caption(ui.t("space.kept_model"))

# view controls
c1, c2, c3, c4, c5 = st.columns([1.3, 0.8, 1.6, 1.2, 1.4])
method = c1.radio(ui.t("space.method"), ["pca", "umap", "tsne"], key="space_method", horizontal=True,
                  format_func={"pca": "PCA", "umap": "UMAP", "tsne": "t-SNE"}.get)
dims = c2.radio(ui.t("space.dims"), [3, 2], key="space_dims", horizontal=True, format_func=lambda d: f"{d}-D")
matrix = c3.radio(ui.t("space.matrix"), ["W", "W_prime"], key="space_matrix", horizontal=True,
                  disabled=sp.W_prime is None, format_func={m: ui.t(f"space.matrix_{m}") for m in ("W", "W_prime")}.get)
if sp.W_prime is None:
    matrix = "W"
metric = c4.radio(ui.t("space.metric"), ["cosine", "euclidean"], key="space_metric",
                  format_func={m: ui.t(f"space.metric_{m}") for m in ("cosine", "euclidean")}.get)
n_total = len(sp.words)
n_points = int(c5.number_input(ui.t("space.points"), 1, MAX_POINTS, 2000, step=100, key="space_points"))
labels = c5.toggle(ui.t("space.labels"), value=True, key="space_labels")

vectors = sp.W if matrix == "W" else sp.W_prime  # (V, d)
vkey = f"{sp.key}:{matrix}"
index = _search_index(vkey, metric, vectors)

# find
f1, f2 = st.columns([3, 1])
query = f1.text_input(ui.t("space.find"), key="space_find", placeholder=sp.example("find"),
                      help=ui.t("space.find_help"))
k = int(f2.number_input(ui.t("space.k"), 1, 100, 10, key="space_k"))
highlight: dict[int, str] = {}
neighbour_table = None
if query.strip():
    try:
        matches = core_space.find(sp.words, query)
        ids, values = index.neighbours(matches[0], k)
        highlight = {int(i): "neighbour" for i in ids} | {int(i): "query" for i in matches}
        if len(matches) > 1:
            st.caption(ui.t("space.matches", n=len(matches), words="、".join(sp.words[i] for i in matches[:30])))
        value_col = ui.t("space.col_cosine" if metric == "cosine" else "space.col_distance")
        neighbour_table = pd.DataFrame({
            ui.t("space.col_word"): [sp.words[i] for i in ids],
            ui.t("space.col_category"): [sp.categories.get(sp.words[i], "") for i in ids],
            value_col: np.round(values, 4)})
        neighbour_title = ui.t("space.neighbours_of", word=sp.words[matches[0]], k=len(ids), d=vectors.shape[1])
    except LabError as err:
        ui.show_error(err)

isolated = st.session_state.get("space_isolated")
if isolated and (isolated[0] != vkey or max(isolated[1]) >= n_total):
    isolated = None
rows = np.asarray(isolated[1]) if isolated else np.arange(min(n_points, n_total))  # files list frequent words first

plot_col, side_col = st.columns([3, 1.2])
with side_col:
    if neighbour_table is not None:
        st.markdown(f"**{neighbour_title}**")
        st.dataframe(neighbour_table, hide_index=True, width="stretch", key="space_neighbours")
        st.button(ui.t("space.isolate"), key="space_isolate", on_click=st.session_state.__setitem__,
                  args=("space_isolated", (vkey, sorted(highlight))))
    if isolated:
        st.caption(ui.t("space.isolated", n=len(rows)))
        st.button(ui.t("space.show_all"), key="space_show_all", on_click=st.session_state.pop,
                  args=("space_isolated", None))
with plot_col:
    try:
        rows_key = "top" + str(len(rows)) if not isolated else _fingerprint(rows)
        with st.spinner(ui.t("space.projecting", method=method.upper())):
            coords, explained = _projection(f"{vkey}:{rows_key}", method, dims, vectors[rows])
        ui.plot(scatter(sp, rows, coords, dims, explained, labels, highlight), key="space_scatter")
        if explained is not None:
            st.caption(ui.t("space.explained", axes=" · ".join(f"{e:.1%}" for e in explained),
                            total=f"{explained.sum():.1%}"))
        st.caption(ui.t("space.shown", shown=f"{len(rows):,}", total=f"{n_total:,}"))
    except LabError as err:
        ui.show_error(err)
        coords = None

# One panel at a time (not st.tabs): hidden tabs would still run and each draw a plotly chart, and the
# browser pays for every chart before the page settles.
SECTIONS = ("cloze", "forces", "analogy", "odd", "film", "wwp", "export")
section = st.radio(ui.t("space.section"), SECTIONS, key="space_section", horizontal=True,
                   label_visibility="collapsed", format_func={name: ui.t(f"space.tab_{name}") for name in SECTIONS}.get)
st.divider()


def _words_table(ids, values, value_key: str) -> pd.DataFrame:
    return pd.DataFrame({ui.t("space.col_word"): [sp.words[i] for i in ids],
                         ui.t("space.col_category"): [sp.categories.get(sp.words[i], "") for i in ids],
                         ui.t(value_key): np.round(np.asarray(values, dtype=float), 4)})


if section == "cloze":  # the cloze (C7)
    st.caption(ui.t("space.cloze_help"))
    if sp.W_prime is None:
        st.info(ui.t("space.no_W_prime"))
    else:
        c1, c2 = st.columns([3, 1])
        sentence = c1.text_input(ui.t("space.cloze_sentence"), value=sp.example("cloze"),
                                 key=f"space_cloze_{sp.lang}")
        top_k = int(c2.number_input(ui.t("space.cloze_topk"), 3, 50, 12, key="space_cloze_k"))
        try:
            result = core_space.cloze(sentence, sp.index, sp.W, sp.W_prime, sp.tokenizer, sp.window, sp.cbow_mean)
            st.caption(ui.t("space.cloze_context", words=" · ".join(sp.words[i] for i in result.context)))
            if result.unknown:
                st.caption(ui.t("space.cloze_unknown", words=" · ".join(result.unknown)))
            top = result.top(top_k)
            colours = _category_colours(sp.categories)
            other = ui.t("space.uncategorised")
            cats = [sp.categories.get(sp.words[i], other) for i in top]
            fig = go.Figure(go.Bar(x=result.probs[top][::-1], y=[sp.words[i] for i in top][::-1], orientation="h",
                                   marker_color=[colours.get(c, "#9aa0a6") for c in cats][::-1],
                                   text=[f"{p:.1%}  {c}" for p, c in zip(result.probs[top], cats)][::-1],
                                   textposition="outside", cliponaxis=False))
            fig.update_layout(height=40 + 28 * len(top), margin=dict(l=0, r=40, t=10, b=0),
                              xaxis=dict(title=dict(text=ui.t("space.col_probability")), tickformat=".0%"))
            ui.plot(fig, key="space_cloze_bars")
            if sp.categories:
                totals = pd.Series(result.probs, index=[sp.categories.get(w, other) for w in sp.words])
                totals = totals.groupby(level=0).sum().sort_values()
                fig = go.Figure(go.Bar(x=totals.values, y=totals.index, orientation="h",
                                       marker_color=[colours.get(c, "#9aa0a6") for c in totals.index],
                                       text=[f"{p:.1%}" for p in totals.values], textposition="outside",
                                       cliponaxis=False))
                fig.update_layout(height=40 + 26 * len(totals), margin=dict(l=0, r=40, t=30, b=0),
                                  title=dict(text=ui.t("space.cloze_by_category")),
                                  xaxis=dict(tickformat=".0%"))
                ui.plot(fig, key="space_cloze_categories")
            if sp.negative_sampling:
                st.caption(ui.t("space.cloze_ns_note"))
        except LabError as err:
            ui.show_error(err)

if section == "forces":  # forces (C6)
    st.caption(ui.t("space.forces_help"))
    from core.corpus import tokenize

    c1, c2 = st.columns([3, 1])
    sentence = c1.text_input(ui.t("space.forces_sentence"), value=sp.example("forces"),
                             key=f"space_forces_{sp.lang}")
    radius = int(c2.number_input(ui.t("space.forces_window"), 1, 10, min(2, sp.window), key="space_forces_window"))
    try:
        tokens = tokenize(sentence, sp.tokenizer) if sentence.strip() else []
        known = [tok for tok in tokens if tok in sp.index]
        if len(tokens) > len(known):
            st.caption(ui.t("space.forces_dropped", words=" · ".join(tok for tok in tokens if tok not in sp.index)))
        if not known:
            raise LabError("selection_empty", "no known word in the sentence")
        default_pos = len(known) // 2
        for i, tok in enumerate(known):  # prefer a labelled word (red, sweet…) as the centre
            if sp.labels.get(tok) in ("colour", "taste"):
                default_pos = i
        position = st.radio(ui.t("space.forces_centre"), range(len(known)), index=default_pos, horizontal=True,
                            format_func=lambda j: known[j], key=f"space_forces_centre_{len(known)}")
        ids = [sp.index[tok] for tok in known]
        f = core_space.forces(ids, position, sp.W, sp.W_prime, window=radius)
        basis = _linear(f"{sp.key}:W", 2, sp.W)  # (d, 2) one fixed plane for every window
        comps = f.context_vectors @ basis  # (C, 2)
        chain = np.vstack([np.zeros(2), np.cumsum(comps, axis=0)])  # head to tail
        h = f.resultant @ basis
        length = np.linalg.norm(f.resultant)
        centre = f.centre_vector / max(np.linalg.norm(f.centre_vector), 1e-12) * length @ basis
        fig = go.Figure()
        for j, cid in enumerate(f.context):
            _arrow(fig, chain[j], chain[j + 1], FORCE_COLOURS[j % len(FORCE_COLOURS)], sp.words[cid])
        _arrow(fig, np.zeros(2), h, "#111111", "h", width=4)
        _arrow(fig, np.zeros(2), centre, "#d62728", f"W[{sp.words[f.centre]}]", width=3, dash=True)
        points = [chain, h[None], centre[None]]
        if sp.W_prime is not None and np.linalg.norm(sp.W_prime[f.centre]) > 0:
            out = sp.W_prime[f.centre] / np.linalg.norm(sp.W_prime[f.centre]) * length @ basis
            _arrow(fig, np.zeros(2), out, "#9467bd", f"W′[{sp.words[f.centre]}]", width=3, dash=True)
            points.append(out[None])
        _frame_points(np.vstack(points), fig)
        c1, c2 = st.columns([3, 1])
        with c1:
            ui.plot(fig, key="space_forces_plot")
        c2.metric(ui.t("space.forces_cos"), f"{f.cosine:.3f}")
        if f.cosine_output is not None:
            c2.metric(ui.t("space.forces_cos_out"), f"{f.cosine_output:.3f}", help=ui.t("space.forces_cos_help"))
        c2.caption(ui.t("space.forces_resultant"))
        c2.caption(ui.t("space.forces_centre_vec", word=sp.words[f.centre]))
    except LabError as err:
        ui.show_error(err)

if section == "analogy":  # analogies
    st.caption(ui.t("space.analogy_help"))
    a_default, b_default, c_default = sp.example("analogy")
    c1, c2, c3 = st.columns(3)
    a = c1.text_input(ui.t("space.analogy_a"), value=a_default, key=f"space_an_a_{sp.lang}")
    b = c2.text_input(ui.t("space.analogy_b"), value=b_default, key=f"space_an_b_{sp.lang}")
    c = c3.text_input(ui.t("space.analogy_c"), value=c_default, key=f"space_an_c_{sp.lang}")
    try:
        ids = [core_space.lookup(w, sp.index) for w in (a, b, c)]
        result = core_space.analogy(index, *ids, k=5)
        st.markdown("**" + ui.t("space.analogy_result", a=sp.words[ids[0]], b=sp.words[ids[1]], c=sp.words[ids[2]],
                                answer=sp.words[result.ids[0]]) + "**")
        c1, c2 = st.columns([2, 1])
        c2.dataframe(_words_table(result.ids, result.cosines, "space.col_cosine"), hide_index=True,
                     key="space_analogy_table")
        unit = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        basis = _linear(f"{vkey}:unit", 2, unit)  # (d, 2)
        path = result.path @ basis  # (3, 2): a, a − b, a − b + c
        fig = go.Figure()
        shown = np.arange(min(len(unit), 2000))
        background = unit[shown] @ basis
        fig.add_trace(go.Scatter(x=background[:, 0], y=background[:, 1], mode="markers", hoverinfo="text",
                                 text=[sp.words[i] for i in shown], marker=dict(color="#d0d4da", size=6)))
        named = {ids[0]: "#1f77b4", ids[1]: "#7f7f7f", ids[2]: "#2ca02c", int(result.ids[0]): "#d62728"}
        for i, colour in named.items():
            p = unit[i] @ basis
            fig.add_trace(go.Scatter(x=[p[0]], y=[p[1]], mode="markers+text", text=[sp.words[i]],
                                     textposition="top center", textfont=dict(size=16, color=colour),
                                     marker=dict(size=12, color=colour)))
        _arrow(fig, path[0], path[1], "#7f7f7f", "− " + sp.words[ids[1]], width=3)
        _arrow(fig, path[1], path[2], "#2ca02c", "+ " + sp.words[ids[2]], width=3)
        _frame_points(np.vstack([path, background]), fig)
        with c1:
            st.caption(ui.t("space.analogy_plot"))
            ui.plot(fig, key="space_analogy_plot")
    except LabError as err:
        ui.show_error(err)

if section == "odd":  # odd one out
    st.caption(ui.t("space.odd_help"))
    text = st.text_input(ui.t("space.odd_words"), value=sp.example("odd"), key=f"space_odd_{sp.lang}")
    try:
        words = [w for w in text.replace(",", " ").replace("，", " ").replace("、", " ").split() if w]
        ids = [core_space.lookup(w, sp.index) for w in words]
        odd, fits = core_space.odd_one_out(vectors, ids)
        st.markdown("**" + ui.t("space.odd_result", word=sp.words[odd]) + "**")
        st.dataframe(_words_table(ids, fits, "space.col_fit"), hide_index=True, key="space_odd_table")
    except LabError as err:
        ui.show_error(err)

if section == "film":  # the training film
    st.caption(ui.t("space.film_help"))
    if len(sp.snapshots) < 2:
        st.info(ui.t("space.film_none"))
    else:
        n = int(min(len(sp.snapshots[-1][1]), n_points, 1000))
        try:
            frames = _film(f"{sp.key}:film:{len(sp.snapshots)}", n, dims, sp.snapshots)
        except LabError as err:  # e.g. fewer words than the film's axes need
            ui.show_error(err)
            st.stop()
        other = ui.t("space.uncategorised")
        cats = [sp.categories.get(w, other) for w in sp.words[:n]]
        colours = _category_colours(sp.categories)
        mode = "markers+text" if labels and n <= LABEL_LIMIT else "markers"
        # One trace with per-point colours: 30 frames × one trace keep plotly's validation cheap
        # (one trace per category made this tab cost a second on every rerun).
        first = _scatter_trace(frames[0], dims, mode=mode, text=sp.words[:n], textposition="top center",
                               customdata=cats, hovertemplate="%{text} · %{customdata}<extra></extra>",
                               marker=dict(size=5 if dims == 3 else 9, color=[colours.get(c) for c in cats]))
        steps = [str(done) for done, _ in sp.snapshots]
        fig = go.Figure(data=[first], frames=[
            go.Frame(data=[_scatter_trace(fr, dims)], name=s) for fr, s in zip(frames, steps)])
        span = float(np.abs(np.vstack(frames)).max()) * 1.05
        axes = {name: dict(range=[-span, span], autorange=False) for name in ("xaxis", "yaxis", "zaxis")[:dims]}
        redraw = dims == 3
        fig.update_layout(
            height=620, margin=dict(l=0, r=0, t=10, b=0),
            updatemenus=[dict(type="buttons", x=0, y=0, xanchor="left", yanchor="top", direction="left", buttons=[
                dict(label=ui.t("space.film_play"), method="animate",
                     args=[None, dict(frame=dict(duration=300, redraw=redraw), fromcurrent=True,
                                      transition=dict(duration=0))]),
                dict(label=ui.t("space.film_pause"), method="animate",
                     args=[[None], dict(mode="immediate", frame=dict(duration=0, redraw=redraw))])])],
            sliders=[dict(x=0.2, len=0.8, y=0, yanchor="top", currentvalue=dict(prefix=ui.t("space.film_frame") + ": "),
                          steps=[dict(label=s, method="animate",
                                      args=[[s], dict(mode="immediate", frame=dict(duration=0, redraw=redraw))])
                                 for s in steps])])
        if dims == 3:
            fig.update_layout(scene=dict(**axes, aspectmode="cube"))
        else:
            fig.update_layout(**axes)
        ui.plot(fig, key="space_film")

if section == "wwp":  # W vs W'
    st.caption(ui.t("space.wwp_help"))
    if sp.W_prime is None:
        st.info(ui.t("space.no_W_prime"))
    else:
        sims = core_space.input_output_similarity(sp.W, sp.W_prime)
        fig = go.Figure(go.Histogram(x=sims, nbinsx=40, marker_color="#636efa"))
        fig.update_layout(height=260, margin=dict(l=0, r=0, t=30, b=0), title=dict(text=ui.t("space.wwp_hist")),
                          xaxis=dict(title=dict(text="cos(W[i], W′[i])")))
        ui.plot(fig, key="space_wwp_hist")
        order = np.argsort(-sims, kind="stable")
        c1, c2 = st.columns(2)
        c1.markdown(f"**{ui.t('space.wwp_most')}**")
        c1.dataframe(_words_table(order[:10], sims[order[:10]], "space.col_wwp"), hide_index=True, key="space_wwp_most")
        c2.markdown(f"**{ui.t('space.wwp_least')}**")
        c2.dataframe(_words_table(order[::-1][:10], sims[order[::-1][:10]], "space.col_wwp"), hide_index=True,
                     key="space_wwp_least")

if section == "export":  # export
    from core import vectors as core_vectors

    c1, c2, c3, c4 = st.columns(4)
    if coords is not None:
        def coords_csv() -> bytes:
            frame = pd.DataFrame(coords, columns=list("xyz"[:dims]))
            frame.insert(0, "category", [sp.categories.get(sp.words[i], "") for i in rows])
            frame.insert(0, "word", [sp.words[i] for i in rows])
            return frame.to_csv(index=False).encode("utf-8-sig")  # BOM: Excel opens Chinese correctly

        c1.download_button(ui.t("space.export_coords"), coords_csv, file_name=f"{sp.name}_{method}_{dims}d.csv",
                           mime="text/csv", key="space_export_coords", on_click="ignore")
    exported = core_vectors.Vectors(list(sp.words), vectors)
    c2.download_button(ui.t("space.export_w2v"), lambda: core_vectors.to_word2vec_bytes(exported),
                       file_name=f"{sp.name}_{matrix}.vec", key="space_export_w2v", on_click="ignore")
    c3.download_button(ui.t("space.export_tsv"), lambda: core_vectors.to_projector_tsv_bytes(exported)[0],
                       file_name=f"{sp.name}_{matrix}_vectors.tsv", key="space_export_tsv", on_click="ignore")
    c4.download_button(ui.t("space.export_meta"), lambda: core_vectors.to_projector_tsv_bytes(exported)[1],
                       file_name=f"{sp.name}_{matrix}_metadata.tsv", key="space_export_meta", on_click="ignore")
