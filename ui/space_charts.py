"""The Space page's plotly figures: pure functions of the vectors' coordinates and the labels to show."""

import numpy as np
import plotly.graph_objects as go

from core.i18n import STRINGS
from ui import chart_style
from ui import label_layout as layout

PALETTE = [
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#bcbd22",
    "#17becf",
    "#393b79",
    "#ad494a",
    "#637939",
]  # no greys: grey means "no category"
GREY = "#9aa0a6"  # words without a category
FORCE_COLOURS = ["#1f77b4", "#ff7f0e", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f"]  # not h/W/W′
LABEL_LIMIT = 400  # more text labels than this turn the plot into ink
FILM_LABELS = 15  # words named in the training film
NAME_FONT = 15  # the forces' and the analogy's names
PLANE_PX = 520  # the forces' and the analogy's square plot area
# The scatter's plot area on a 1366-px screen with the sidebar open, measured (width, height), the legend
# below it: labels placed apart at this size stay apart on any larger one.
PLOT_PX = (520, 520)


# The bundled corpora's categories, in the order of their i18n keys: each keeps one colour in both languages
# (sorting the translated names gave fruit cyan in Chinese and orange in English).
_BUNDLED = [names for key, names in STRINGS.items() if key.startswith("space.cat.")]


def category_colours(categories: dict[str, str], other: str) -> dict[str, str]:
    """category name -> colour: a bundled category its own colour whatever the language, other categories
    (an uploaded file's) the colours after them in name order; `other` (no category) is grey."""
    names = set(categories.values())
    colours = {}
    for i, translations in enumerate(_BUNDLED):
        for name in names & set(translations):
            colours[name] = PALETTE[i % len(PALETTE)]
    for j, name in enumerate(sorted(names - set(colours))):
        colours[name] = PALETTE[(len(_BUNDLED) + j) % len(PALETTE)]
    colours[other] = GREY
    return colours


def _axis_titles(dims: int, explained) -> dict:
    names = [ax if explained is None else f"{ax} ({explained[i]:.0%})" for i, ax in enumerate("xyz"[:dims])]
    return dict(zip(("xaxis", "yaxis", "zaxis")[:dims], [dict(title=dict(text=n)) for n in names]))


def _scatter_trace(coords, dims: int, **kwargs):
    if dims == 3:
        return go.Scatter3d(x=coords[:, 0], y=coords[:, 1], z=coords[:, 2], **kwargs)
    return go.Scatter(x=coords[:, 0], y=coords[:, 1], **kwargs)


def _screen(coords: np.ndarray, dims: int) -> np.ndarray:
    """Where plotly's default view puts each point, roughly, in pixels (y up): the 2-D plot area, or the
    3-D cube seen from plotly's default eye (1.25, 1.25, 1.25) without perspective."""
    if dims == 3:
        lo, hi = coords.min(0), coords.max(0)
        unit = (coords - (lo + hi) / 2) / np.where(hi > lo, (hi - lo) / 2, 1.0)  # (n, 3) in [-1, 1]
        flat = np.stack(
            [(unit[:, 1] - unit[:, 0]) / np.sqrt(2), (2 * unit[:, 2] - unit[:, 0] - unit[:, 1]) / np.sqrt(6)],
            1,
        )
        return layout.to_px(flat, ((-1.6, 1.6), (-1.6, 1.6)), (PLOT_PX[0], PLOT_PX[0]))
    return layout.to_px(coords, layout.data_ranges(coords), PLOT_PX)


def _labels(coords, ids: list[int], words: list[str], dims: int, required: int) -> list:
    """A textposition for each of `ids` (rows of coords) or None where its label would cover another."""
    if not ids:
        return []
    sides = layout.place(_screen(coords, dims)[ids], [words[i] for i in ids], required)
    return [None if s is None else s[0] for s in sides]


def scatter(
    words: list[str],
    categories: dict[str, str],
    rows: np.ndarray,
    coords: np.ndarray,
    dims: int,
    explained,
    labels: bool,
    highlight: dict[int, str],
    names: dict[str, str],
    focus: str | None = None,
) -> go.Figure:
    """Points coloured by category; highlighted rows (query, neighbours) drawn on top, others dimmed.
    Labels (if `labels`) name only the important words (label_layout.important_rows), each on a side where
    it covers no other label; every word shows on hover. `focus`: a category to zoom to (its words are
    labelled too). names: "other" (no category), "neighbour" and "query" (the highlights' legend entries)."""
    other = names["other"]
    cats = np.array([categories.get(words[i], other) for i in rows])
    colours = category_colours(categories, other)
    fig = go.Figure()
    for cat in sorted(set(cats), key=lambda c: (c == other, c)):
        mask = cats == cat
        fig.add_trace(
            _scatter_trace(
                coords[mask],
                dims,
                mode="markers",
                name=cat,
                text=[words[i] for i in rows[mask]],
                hovertemplate="%{text}<extra>" + cat + "</extra>",
                opacity=0.3 if highlight else 1.0,
                marker=dict(size=5 if dims == 3 else 9, color=colours.get(cat, GREY)),
            )
        )
    position = {int(r): j for j, r in enumerate(rows)}
    for role, colour, size in (("neighbour", "#ff7f0e", 7), ("query", "#d62728", 10)):
        ids = [i for i, r in highlight.items() if r == role and i in position]
        if ids:
            fig.add_trace(
                _scatter_trace(
                    coords[[position[i] for i in ids]],
                    dims,
                    mode="markers",
                    text=[words[i] for i in ids],
                    name=names[role],
                    hovertemplate="%{text}<extra>" + names[role] + "</extra>",
                    marker=dict(size=size if dims == 3 else size * 1.6, color=colour, symbol="diamond"),
                )
            )
    in_focus = [int(r) for r, c in zip(rows, cats) if focus is not None and c == focus]
    if labels:
        # Without a zoom, each category's two most frequent words come first: the clusters the intro
        # promises are named, not only "the", "of" and "a" (rows are ordered by frequency).
        named = in_focus[:40] or [
            int(r) for cat in dict.fromkeys(cats) if cat != other for r in rows[cats == cat][:2]
        ]
        # In 3-D the clusters overlap on screen: only the categories' words (no "the", "of", "a" among them)
        chosen = layout.important_rows(rows, highlight, named, layout.LABEL_TOP if dims == 2 else 0)
        required = sum(highlight.get(i) == "query" for i in chosen)
        sides = _labels(coords, [position[i] for i in chosen], [words[i] for i in rows], dims, required)
        for role, colour, size, marker in (
            (None, "#333333", 13, 5 if dims == 3 else 9),
            ("neighbour", "#c2410c", 14, 7 if dims == 3 else 11),
            ("query", "#d62728", 17, 10 if dims == 3 else 16),
        ):
            pick = [(i, s) for i, s in zip(chosen, sides) if s is not None and highlight.get(i) == role]
            if pick:
                fig.add_trace(
                    _scatter_trace(
                        coords[[position[i] for i, _ in pick]],
                        dims,
                        # an invisible marker the size of the point's: plotly keeps the text clear of it
                        mode="markers+text",
                        marker=dict(size=marker, color="rgba(0,0,0,0)"),
                        text=[words[i] for i, _ in pick],
                        textposition=[s for _, s in pick],
                        textfont=dict(size=size, color=colour),
                        **({} if dims == 3 else dict(cliponaxis=False)),  # a label may leave the axes
                        hoverinfo="skip",
                        showlegend=False,
                    )
                )
    # the legend below the plot: beside it, a projector's large legend left the plot half its width
    legend = dict(itemsizing="constant", orientation="h", yanchor="top", y=-0.1 if dims == 2 else 0, x=0)
    layout_ = dict(height=640, margin=dict(l=0, r=0, t=10, b=0), legend=legend)
    zoom = _zoom(coords[[position[i] for i in in_focus]]) if in_focus else None
    if dims == 3:
        scene = _axis_titles(3, explained)
        for axis in scene.values():  # a projection's numbers mean nothing: its words do
            axis["showticklabels"] = False
        if zoom:
            for axis, r in zip(("xaxis", "yaxis", "zaxis"), zoom):
                scene[axis]["range"] = r
        fig.update_layout(scene=dict(**scene, aspectmode="cube"), **layout_)
    else:
        axes = _axis_titles(2, explained)
        if zoom:
            for axis, r in zip(("xaxis", "yaxis"), zoom):
                axes[axis]["range"] = r
        fig.update_layout(**layout_, **axes)
    return fig


def _zoom(points: np.ndarray) -> list[list[float]]:
    """Axis ranges around `points` (n, dims) with a third of their span to spare on each side."""
    lo, hi = points.min(0), points.max(0)
    spare = np.maximum((hi - lo) / 3, 1e-3 + 0.05 * np.abs(hi))
    return [[float(a), float(b)] for a, b in zip(lo - spare, hi + spare)]


def bars(
    names: list[str],
    values,
    colours: list[str],
    texts: list[str],
    height: int,
    title: str = "",
    axis_title: str = "",
) -> go.Figure:
    """Horizontal bars, the first name at the top (the cloze's words, or its categories)."""
    fig = go.Figure(
        go.Bar(
            x=list(values)[::-1],
            y=names[::-1],
            orientation="h",
            marker_color=colours[::-1],
            text=texts[::-1],
            textposition="outside",
            cliponaxis=False,
        )
    )
    fig.update_layout(
        height=height,
        margin=dict(l=0, r=40, t=30 if title else 10, b=0),
        # room on the right for the longest value label (textposition outside): none is cut off
        xaxis=dict(
            title=dict(text=axis_title), tickformat=".0%", range=[0, max(values, default=0) * 1.35 or 1]
        ),
    )
    if title:
        fig.update_layout(title=dict(text=title))
    return fig


def _arrow(fig: go.Figure, start, end, colour: str, width: int = 2, dash: bool = False):
    start, end = np.asarray(start, dtype=float), np.asarray(end, dtype=float)
    # a dashed arrow: the annotation draws only the head (its own shaft is solid and would hide the dashes)
    tail = start + 0.93 * (end - start) if dash else start
    fig.add_annotation(
        x=end[0],
        y=end[1],
        ax=tail[0],
        ay=tail[1],
        xref="x",
        yref="y",
        axref="x",
        ayref="y",
        showarrow=True,
        arrowhead=3,
        arrowsize=1.2,
        arrowwidth=width,
        arrowcolor=colour,
    )
    if dash:  # annotations cannot be dashed: draw a dashed line under the arrow head
        fig.add_trace(
            go.Scatter(
                x=[start[0], end[0]],
                y=[start[1], end[1]],
                mode="lines",
                showlegend=False,
                hoverinfo="skip",
                line=dict(color=colour, width=width, dash="dash"),
            )
        )


def _frame_points(points: np.ndarray, fig: go.Figure) -> float:
    """Equal axis scales (directions matter) and room for every arrow; returns the half-width shown."""
    span = float(np.abs(points).max() * 1.15 + 1e-9)
    fig.update_xaxes(range=[-span, span], zeroline=True)
    fig.update_yaxes(range=[-span, span], zeroline=True, scaleanchor="x", scaleratio=1)
    fig.update_layout(height=PLANE_PX, margin=dict(l=0, r=0, t=20, b=0), showlegend=False)
    return span


def _name_points(fig: go.Figure, names: list[tuple[np.ndarray, str, str]], span: float) -> None:
    """Each (point, text, colour) named beside its point, on a side where it covers no other name (every
    name is placed: these are the figure's few essential labels)."""
    points = np.array([p for p, _, _ in names], dtype=np.float64)  # (n, 2)
    ranges = ((-span, span), (-span, span))
    px = layout.to_px(points, ranges, (PLANE_PX, PLANE_PX))  # equal scales: a square plot area
    texts = [n for _, n, _ in names]
    # placed for the projector's larger font (ui.plot scales NAME_FONT by 1.4): no overlap on either
    big = NAME_FONT * chart_style.PROJECTOR_SCALE
    for (p, text, colour), side in zip(names, layout.place(px, texts, len(names), big, rings=3)):
        dx, dy = layout.offset_px(side, text, big)
        font = dict(color=colour, size=NAME_FONT)
        if side[1] == 1:  # beside its point
            fig.add_annotation(x=p[0], y=p[1], text=text, showarrow=False, xshift=dx, yshift=dy, font=font)
        else:  # pushed out of a crowd: a thin line leads back to its point
            fig.add_annotation(
                x=p[0],
                y=p[1],
                text=text,
                ax=dx,
                ay=-dy,
                arrowhead=0,
                arrowwidth=1,
                arrowcolor=colour,
                font=font,
            )


def forces(arrows, context_words: list[str], centre_word: str) -> go.Figure:
    """core.space.ForceArrows: the context vectors head to tail, h, and W[centre] (and W′[centre])."""
    fig = go.Figure()
    names = []
    for j, word in enumerate(context_words):
        colour = FORCE_COLOURS[j % len(FORCE_COLOURS)]
        _arrow(fig, arrows.chain[j], arrows.chain[j + 1], colour)
        names.append((arrows.chain[j + 1], word, colour))
    _arrow(fig, np.zeros(2), arrows.resultant, "#111111", width=4)
    _arrow(fig, np.zeros(2), arrows.centre, "#d62728", width=3, dash=True)
    names += [(arrows.resultant, "h", "#111111"), (arrows.centre, f"W[{centre_word}]", "#d62728")]
    points = [arrows.chain, arrows.resultant[None], arrows.centre[None]]
    if arrows.output is not None:
        _arrow(fig, np.zeros(2), arrows.output, "#9467bd", width=3, dash=True)
        names.append((arrows.output, f"W′[{centre_word}]", "#9467bd"))
        points.append(arrows.output[None])
    _name_points(fig, names, _frame_points(np.vstack(points), fig))
    return fig


def analogy(
    words: list[str],
    background: np.ndarray,
    shown: np.ndarray,
    named: dict[int, np.ndarray],
    path: np.ndarray,
    ids: list[int],
    answer: int,
) -> go.Figure:
    """a − b + c in the plane: every shown word in pale grey (named on hover), a, b, c and the answer
    named beside their points without covering each other, the path as arrows. background: (n, 2) of the
    rows `shown`; named: id -> (2,); path: (3, 2)."""
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=background[:, 0],
            y=background[:, 1],
            mode="markers",
            hoverinfo="text",
            text=[words[i] for i in shown],
            marker=dict(color="#d0d4da", size=6),
        )
    )
    colours = {ids[0]: "#1f77b4", ids[1]: "#7f7f7f", ids[2]: "#2ca02c", answer: "#d62728"}
    for i, colour in colours.items():
        p = named[i]
        fig.add_trace(
            go.Scatter(
                x=[p[0]],
                y=[p[1]],
                mode="markers",
                text=[words[i]],
                hoverinfo="text",
                marker=dict(size=12, color=colour),
            )
        )
    _arrow(fig, path[0], path[1], "#7f7f7f", width=3)
    _arrow(fig, path[1], path[2], "#2ca02c", width=3)
    span = _frame_points(np.vstack([path, background]), fig)
    names = [(named[i], words[i], colour) for i, colour in colours.items()]
    names += [(path[1], "− " + words[ids[1]], "#7f7f7f"), (path[2], "+ " + words[ids[2]], "#2ca02c")]
    _name_points(fig, names, span)
    return fig


def film(
    frames: list[np.ndarray],
    steps: list[str],
    words: list[str],
    cats: list[str],
    colours: dict[str, str],
    dims: int,
    labels: bool,
    names: dict[str, str],
) -> go.Figure:
    """The training film: one frame per snapshot, with play/pause and a slider.
    names: "play", "pause" and "frame" (the slider's prefix)."""
    mode = "markers+text" if labels and len(words) <= LABEL_LIMIT else "markers"
    # One trace with per-point colours: 30 frames × one trace keep plotly's validation cheap
    # (one trace per category made this tab cost a second on every rerun).
    # the words move from frame to frame, so no placement holds for the whole film: only the most frequent
    # few are named (words come most frequent first), every word on hover
    first = _scatter_trace(
        frames[0],
        dims,
        mode=mode,
        text=[w if i < FILM_LABELS else "" for i, w in enumerate(words)],
        textposition="top center",
        customdata=list(zip(words, cats)),
        hovertemplate="%{customdata[0]} · %{customdata[1]}<extra></extra>",
        marker=dict(size=5 if dims == 3 else 9, color=[colours.get(c) for c in cats]),
    )
    fig = go.Figure(
        data=[first],
        frames=[go.Frame(data=[_scatter_trace(fr, dims)], name=s) for fr, s in zip(frames, steps)],
    )
    span = float(np.abs(np.vstack(frames)).max()) * 1.05
    axes = {name: dict(range=[-span, span], autorange=False) for name in ("xaxis", "yaxis", "zaxis")[:dims]}
    redraw = dims == 3
    still = dict(mode="immediate", frame=dict(duration=0, redraw=redraw))
    fig.update_layout(
        height=620,
        margin=dict(l=0, r=0, t=10, b=70),
        updatemenus=[
            dict(
                type="buttons",
                x=0,
                y=-0.08,  # below the axis' tick labels
                xanchor="left",
                yanchor="top",
                direction="left",
                buttons=[
                    dict(
                        label=names["play"],
                        method="animate",
                        args=[
                            None,
                            dict(
                                frame=dict(duration=300, redraw=redraw),
                                fromcurrent=True,
                                transition=dict(duration=0),
                            ),
                        ],
                    ),
                    dict(label=names["pause"], method="animate", args=[[None], still]),
                ],
            )
        ],
        sliders=[
            dict(
                x=0.2,
                len=0.8,
                y=-0.08,
                yanchor="top",
                currentvalue=dict(prefix=names["frame"] + ": "),
                steps=[dict(label=s, method="animate", args=[[s], still]) for s in steps],
            )
        ],
    )
    if dims == 3:
        fig.update_layout(scene=dict(**axes, aspectmode="cube"))
    else:
        fig.update_layout(**axes)
    return fig


def similarity_histogram(sims: np.ndarray, title: str) -> go.Figure:
    """cos(W[i], W′[i]) over the vocabulary."""
    fig = go.Figure(go.Histogram(x=sims, nbinsx=40, marker_color="#636efa"))
    fig.update_layout(
        height=260,
        margin=dict(l=0, r=0, t=30, b=0),
        title=dict(text=title),
        xaxis=dict(title=dict(text="cos(W[i], W′[i])")),
    )
    return fig
