"""The Space page's panels: the search box, the scatter plot, and one function per section (cloze,
forces, analogy, odd-one-out, the training film, W vs W′, export)."""

import numpy as np
import pandas as pd
import streamlit as st

import ui
from core import facts
from core import space as core_space
from core.errors import LabError
from core.fingerprint import fingerprint
from ui import links
from ui import space_charts as charts
from ui import space_data as data
from ui.space_data import Space, View

BLANK_KINDS = ("colour", "taste", "texture", "size")  # the kinds of word that fit "this is a __ apple"


def words_table(sp: Space, ids, values, value_key: str, t) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("space.col_word"): [sp.words[i] for i in ids],
            t("space.col_category"): [sp.categories.get(sp.words[i], "") for i in ids],
            t(value_key): np.round(np.asarray(values, dtype=float), 4),
        }
    )


def _query_follows_language(sp: Space) -> None:
    """A search typed for vectors in one language (红) is kept for that language when the page's vectors
    change language; the new language gets back what was typed for it (else an empty box), so the switch
    never turns a good search into "not in the vocabulary". A query found in both is left as it is."""
    typed_for = st.session_state.get("_space_find_lang")
    query = st.session_state.get("space_find", "")
    kept = st.session_state.setdefault("_space_find_kept", {})
    if typed_for and typed_for != sp.lang and query.strip():
        kept[typed_for] = query
        try:
            core_space.find(sp.words, query)
        except LabError:
            st.session_state["space_find"] = kept.get(sp.lang, "")
    st.session_state["_space_find_lang"] = sp.lang


def find_panel(v: View, index: core_space.Index, t) -> tuple[dict[int, str], tuple | None]:
    """The search box: ({row: "query" | "neighbour"}, (title, table) of the neighbours or None)."""
    sp = v.sp
    _query_follows_language(sp)
    links.anchor("find")
    f1, f2 = st.columns([3, 1])
    query = f1.text_input(
        t("space.find"), key="space_find", placeholder=sp.example("find"), help=t("space.find_help")
    )
    k = int(f2.number_input(t("space.k"), 1, 100, 10, key="space_k"))
    if not query.strip():
        return {}, None
    try:
        matches = core_space.find(sp.words, query)
        ids, values = index.neighbours(matches[0], k)
        if len(matches) > 1:
            shown = "、".join(sp.words[i] for i in matches[:30])
            st.caption(t("space.matches", n=len(matches), words=shown))
        value_key = "space.col_cosine" if v.metric == "cosine" else "space.col_distance"
        title = t("space.neighbours_of", word=sp.words[matches[0]], k=len(ids), d=v.vectors.shape[1])
        highlight = {int(i): "neighbour" for i in ids} | {int(i): "query" for i in matches}
        return highlight, (title, words_table(sp, ids, values, value_key, t))
    except LabError as err:
        ui.show_error(err)
        return {}, None


def plot_panel(v: View, highlight: dict[int, str], neighbours, t):
    """The scatter plot with the neighbours beside it; returns (rows, coords) drawn (coords None on error)."""
    isolated = st.session_state.get("space_isolated")
    if isolated and (isolated[0] != v.vkey or max(isolated[1]) >= len(v.sp.words)):
        isolated = None
    # files list frequent words first
    rows = np.asarray(isolated[1]) if isolated else np.arange(min(v.n_points, len(v.sp.words)))
    plot_col, side_col = st.columns([3, 1.2])
    with side_col:
        # the corpus's own category names as the choice (they survive a language switch), shown translated
        shown = {c: ui.category_name(c) for c in sorted(set(v.sp.labels.values()))}
        shown[""] = t("space.zoom_all")
        if st.session_state.get("space_zoom", "") not in shown:  # a link's category of another corpus
            del st.session_state["space_zoom"]
        zoom = (
            st.selectbox(
                t("space.zoom"),
                ["", *sorted((c for c in shown if c), key=shown.get)],
                format_func=shown.__getitem__,
                key="space_zoom",
                help=t("space.zoom_help"),
            )
            if len(shown) > 1
            else ""
        )
        focus = shown[zoom] if zoom in shown and zoom else None  # the name the scatter's legend uses
        if neighbours is not None:
            st.markdown(f"**{neighbours[0]}**")
            ui.table(neighbours[1], key="space_neighbours")
            st.button(
                t("space.isolate"),
                key="space_isolate",
                on_click=st.session_state.__setitem__,
                args=("space_isolated", (v.vkey, sorted(highlight))),
            )
        if isolated:
            st.caption(t("space.isolated", n=len(rows)))
            st.button(
                t("space.show_all"),
                key="space_show_all",
                on_click=st.session_state.pop,
                args=("space_isolated", None),
            )
    with plot_col:
        try:
            rows_key = "top" + str(len(rows)) if not isolated else fingerprint(rows)
            with st.spinner(t("space.projecting", method=v.method.upper())):
                coords, explained = data.projection(f"{v.vkey}:{rows_key}", v.method, v.dims, v.vectors[rows])
            names = {
                "other": t("space.uncategorised"),
                **{role: t(f"space.highlight_{role}") for role in ("neighbour", "query")},
            }
            view = ("scatter", v.vkey, rows_key, v.method, v.dims, v.labels, sorted(highlight.items()), focus)
            figure = data.shared(
                (*view, ui.lang()),
                lambda: charts.scatter(
                    v.sp.words,
                    v.sp.categories,
                    rows,
                    coords,
                    v.dims,
                    explained,
                    v.labels,
                    highlight,
                    names,
                    focus,
                ),
            )
            ui.plot(figure, key="space_scatter")
            if explained is not None:
                st.caption(
                    t(
                        "space.explained",
                        axes=" · ".join(f"{e:.1%}" for e in explained),
                        total=f"{explained.sum():.1%}",
                    )
                )
            st.caption(t("space.shown", shown=f"{len(rows):,}", total=f"{len(v.sp.words):,}"))
            return rows, coords
        except LabError as err:
            ui.show_error(err)
            return rows, None


def _cloze_figures(sp: Space, sentence: str, top_k: int, t):
    """(the cloze's result, its top-k bars, its probability by category or None)."""
    result = core_space.cloze(sentence, sp.index, sp.W, sp.W_prime, sp.tokenizer, sp.window, sp.cbow_mean)
    other = t("space.uncategorised")
    colours = charts.category_colours(sp.categories, other)
    top = result.top(top_k)
    cats = [sp.categories.get(sp.words[i], other) for i in top]
    bars = charts.bars(
        [sp.words[i] for i in top],
        result.probs[top],
        [colours.get(c, charts.GREY) for c in cats],
        [f"{p:.1%}  {c}" for p, c in zip(result.probs[top], cats)],
        40 + 28 * len(top),
        axis_title=t("space.col_probability"),
    )
    if not sp.categories:
        return result, bars, None
    totals = core_space.category_totals(result.probs, sp.words, sp.categories, other)[::-1]
    by_category = charts.bars(
        [c for c, _ in totals],
        [p for _, p in totals],
        [colours.get(c, charts.GREY) for c, _ in totals],
        [f"{p:.1%}" for _, p in totals],
        40 + 26 * len(totals),
        title=t("space.cloze_by_category"),
    )
    return result, bars, by_category


def cloze_panel(sp: Space, t) -> None:
    """C7: the distribution the model decodes for the blank, by word and by category."""
    st.caption(t("space.cloze_help"))
    if sp.W_prime is None:
        st.info(t("space.no_W_prime"))
        return
    c1, c2 = st.columns([3, 1])
    sentence = c1.text_input(
        t("space.cloze_sentence"), value=sp.example("cloze"), key=f"space_cloze_{sp.lang}"
    )
    top_k = int(c2.number_input(t("space.cloze_topk"), 3, 50, 12, key="space_cloze_k"))
    try:
        result, bars, by_category = data.shared(
            ("cloze", sp.key, sentence, top_k, ui.lang()), lambda: _cloze_figures(sp, sentence, top_k, t)
        )
    except LabError as err:
        ui.show_error(err)
        return
    st.caption(t("space.cloze_context", words=" · ".join(sp.words[i] for i in result.context)))
    if result.unknown:
        st.caption(t("space.cloze_unknown", words=" · ".join(result.unknown)))
    ui.plot(bars, key="space_cloze_bars")
    if by_category is not None:
        ui.plot(
            by_category,
            key="space_cloze_categories",
        )
    if sp.labels:
        share = facts.probability_share(result.probs, sp.words, sp.labels, BLANK_KINDS)
        st.markdown(
            t("space.cloze_fact_most" if share >= 0.5 else "space.cloze_fact_few", share=f"{share:.0%}")
        )
    if sp.arch == "skipgram":
        st.caption(t("space.cloze_skipgram"))
    if sp.negative_sampling:
        st.caption(t("space.cloze_ns_note"))


def forces_panel(sp: Space, t) -> None:
    """C6: a window's context vectors add up head to tail; their sum h against the centre word's vectors."""
    from core.corpus import tokenize

    st.caption(t("space.forces_help"))
    c1, c2 = st.columns([3, 1])
    sentence = c1.text_input(
        t("space.forces_sentence"), value=sp.example("forces"), key=f"space_forces_{sp.lang}"
    )
    radius = int(
        c2.number_input(t("space.forces_window"), 1, 10, min(2, sp.window), key="space_forces_window")
    )
    try:
        tokens = tokenize(sentence, sp.tokenizer) if sentence.strip() else []
        known = [tok for tok in tokens if tok in sp.index]
        if len(tokens) > len(known):
            dropped = " · ".join(tok for tok in tokens if tok not in sp.index)
            st.caption(t("space.forces_dropped", words=dropped))
        if not known:
            raise LabError("selection_empty", "no known word in the sentence")
        default_pos = len(known) // 2
        for i, tok in enumerate(known):  # prefer a labelled word (red, sweet…) as the centre
            if sp.labels.get(tok) in ("colour", "taste"):
                default_pos = i
        position = st.radio(
            t("space.forces_centre"),
            range(len(known)),
            index=default_pos,
            horizontal=True,
            format_func=lambda j: known[j],
            key=f"space_forces_centre_{len(known)}",
        )
        f = core_space.forces([sp.index[tok] for tok in known], position, sp.W, sp.W_prime, window=radius)
        # the plane through h and W′[centre] shows their true angle; without W′, W's principal plane
        basis = (
            facts.pull_plane(f.resultant, sp.W_prime[f.centre])
            if sp.W_prime is not None
            else data.plane(f"{sp.key}:W", sp.W)
        )
        arrows = core_space.force_arrows(f, basis, sp.W_prime)
        c1, c2 = st.columns([3, 1])
        with c1:
            ui.plot(
                charts.forces(arrows, [sp.words[i] for i in f.context], sp.words[f.centre]),
                key="space_forces_plot",
            )
        c2.metric(t("space.forces_cos"), f"{f.cosine:.3f}")
        if f.cosine_output is not None:
            c2.metric(t("space.forces_cos_out"), f"{f.cosine_output:.3f}", help=t("space.forces_cos_help"))
        c2.caption(t("space.forces_resultant"))
        c2.caption(t("space.forces_centre_vec", word=sp.words[f.centre]))
        if f.cosine_output is not None:
            st.markdown(forces_verdict(f, sp.words[f.centre], sp.arch, t))
    except LabError as err:
        ui.show_error(err)


def forces_verdict(f: core_space.Forces, word: str, arch: str | None, t) -> str:
    """What this window shows (core.facts.forces_pull), in words: never "usually"."""
    pull = facts.forces_pull(f)
    numbers = dict(word=word, out=f"{pull.cos_output:.2f}", inp=f"{pull.cos_input:.2f}")
    if not pull.output_closer and pull.strength in ("clear", "moderate"):  # those verdicts say W′ is nearer
        lines = [t("space.forces_input_closer", **numbers)]
    else:
        lines = [t(f"space.forces_verdict_{pull.strength}", **numbers)]
    if arch == "skipgram":
        lines.append(t("space.forces_skipgram"))
    return " ".join(lines)


def analogy_panel(v: View, index: core_space.Index, t) -> None:
    """a − b + c, each answer beside the baseline "nearest neighbour of c alone" (Linzen 2016), and what
    this model shows: a relation, or only c's neighbourhood."""
    sp = v.sp
    st.caption(t("space.analogy_help"))
    antonyms = sp.example("antonyms")
    if antonyms:
        x, y = (sp.index[w] for w in antonyms)
        u = core_space.unit(v.vectors[[x, y]])  # (2, d)
        st.caption(t("space.analogy_antonyms", a=antonyms[0], b=antonyms[1], cos=f"{float(u[0] @ u[1]):.2f}"))
    defaults = sp.example("analogy")
    columns = st.columns(3)
    typed = [
        c.text_input(t(label), value=d, key=f"space_an_{n}_{sp.lang}")
        for c, n, label, d in zip(
            columns, "abc", ("space.analogy_a", "space.analogy_b", "space.analogy_c"), defaults
        )
    ]
    try:
        ids = [core_space.lookup(w, sp.index) for w in typed]
        result, check, figure = data.shared(("analogy", v.vkey, *ids), lambda: _analogy_figure(v, index, ids))
        a, b, c = (sp.words[i] for i in ids)
        answer = sp.words[result.ids[0]]
        st.markdown("**" + t("space.analogy_result", a=a, b=b, c=c, answer=answer) + "**")
        verdict = "space.analogy_only_neighbour" if check.only_neighbour else "space.analogy_moved"
        nearest = sp.words[check.baseline[0]] if len(check.baseline) else "—"
        st.markdown(t(verdict, a=a, b=b, c=c, answer=answer, nearest=nearest, cos=f"{check.cos_ab:.2f}"))
        c1, c2 = st.columns([2, 1])
        table = words_table(sp, result.ids, result.cosines, "space.col_cosine", t)
        n = min(len(table), len(check.baseline))
        table = table.iloc[:n]
        table[t("space.col_baseline", c=c)] = [sp.words[i] for i in check.baseline[:n]]
        table[t("space.col_baseline_cos")] = np.round(check.baseline_cosines[:n].astype(float), 4)
        with c2:
            ui.table(table, key="space_analogy_table")
        with c1:
            st.caption(t("space.analogy_plot"))
            ui.plot(figure, key="space_analogy_plot")
    except LabError as err:
        ui.show_error(err)


def _analogy_figure(v: View, index: core_space.Index, ids: list[int]):
    """(the analogy a − b + c, its check against c's neighbours, its figure in one fixed plane of the unit
    vectors); no text to translate."""
    result = core_space.analogy(index, *ids, k=5)
    check = facts.analogy_check(index, *ids, int(result.ids[0]), k=5)
    unit = core_space.unit(v.vectors)  # (V, d)
    basis = data.plane(f"{v.vkey}:unit", unit)  # (d, 2)
    shown = np.arange(min(len(unit), 2000))
    answer = int(result.ids[0])
    named = {i: unit[i] @ basis for i in (*ids, answer)}
    figure = charts.analogy(v.sp.words, unit[shown] @ basis, shown, named, result.path @ basis, ids, answer)
    return result, check, figure


def odd_panel(v: View, t) -> None:
    sp = v.sp
    st.caption(t("space.odd_help"))
    text = st.text_input(t("space.odd_words"), value=sp.example("odd"), key=f"space_odd_{sp.lang}")
    try:
        ids = [core_space.lookup(w, sp.index) for w in core_space.split_words(text)]
        odd, fits = core_space.odd_one_out(v.vectors, ids)
        st.markdown("**" + t("space.odd_result", word=sp.words[odd]) + "**")
        ui.table(words_table(sp, ids, fits, "space.col_fit", t), key="space_odd_table")
    except LabError as err:
        ui.show_error(err)


def film_panel(v: View, t) -> None:
    sp = v.sp
    st.caption(t("space.film_help"))
    if len(sp.snapshots) < 2:
        st.info(t("space.film_none"))
        return
    n = int(min(len(sp.snapshots[-1][1]), v.n_points, 1000))
    try:
        frames = data.film_frames(f"{sp.key}:film:{len(sp.snapshots)}", n, v.dims, sp.snapshots)
    except LabError as err:  # e.g. fewer words than the film's axes need
        ui.show_error(err)
        return
    other = t("space.uncategorised")
    cats = [sp.categories.get(w, other) for w in sp.words[:n]]
    names = {"play": t("space.film_play"), "pause": t("space.film_pause"), "frame": t("space.film_frame")}
    colours = charts.category_colours(sp.categories, other)
    ui.plot(
        charts.film(
            frames,
            [str(done) for done, _ in sp.snapshots],
            sp.words[:n],
            cats,
            colours,
            v.dims,
            v.labels,
            names,
        ),
        key="space_film",
    )


def wwp_panel(sp: Space, t) -> None:
    st.caption(t("space.wwp_help"))
    if sp.W_prime is None:
        st.info(t("space.no_W_prime"))
        return
    sims = core_space.input_output_similarity(sp.W, sp.W_prime)
    fact = facts.self_similarity(sims)
    kind = "all" if fact.highest < 0 else "most" if fact.share_negative > 0.5 else "few"
    st.markdown(
        t(f"space.wwp_fact_{kind}", share=f"{fact.share_negative:.0%}", highest=f"{fact.highest:.2f}")
    )
    ui.plot(charts.similarity_histogram(sims, t("space.wwp_hist")), key="space_wwp_hist")
    order = np.argsort(-sims, kind="stable")
    for column, title, ids, key in zip(
        st.columns(2),
        ("space.wwp_most", "space.wwp_least"),
        (order[:10], order[::-1][:10]),
        ("space_wwp_most", "space_wwp_least"),
    ):
        with column:
            st.markdown(f"**{t(title)}**")
            ui.table(words_table(sp, ids, sims[ids], "space.col_wwp", t), key=key)


def export_panel(v: View, rows, coords, t) -> None:
    from core import vectors as core_vectors

    sp, name = v.sp, f"{v.sp.name}_{v.matrix}"
    c1, c2, c3, c4 = st.columns(4)
    if coords is not None:

        def coords_csv() -> bytes:
            frame = pd.DataFrame(coords, columns=list("xyz"[: v.dims]))
            frame.insert(0, "category", [sp.categories.get(sp.words[i], "") for i in rows])
            frame.insert(0, "word", [sp.words[i] for i in rows])
            return frame.to_csv(index=False).encode("utf-8-sig")  # BOM: Excel opens Chinese correctly

        c1.download_button(
            t("space.export_coords"),
            coords_csv,
            mime="text/csv",
            key="space_export_coords",
            file_name=f"{sp.name}_{v.method}_{v.dims}d.csv",
            on_click="ignore",
        )
    ui.vector_downloads((c2, c3, c4), core_vectors.Vectors(list(sp.words), v.vectors), name, "space_export")
