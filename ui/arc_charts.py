"""The Arc page's plotly figures, built from plain lists: loss curves and next-word bars."""

import numpy as np
import plotly.graph_objects as go

COLOURS = {"lookup": "#969696", "embedding": "#6baed6", "transformer": "#08306b"}
HIGHLIGHT = "#e6550d"  # the word that really came next / the word drawn


def _label(word: str) -> str:
    """A word as plotly shows it literally: its labels are HTML, where <s> would strike the rest through."""
    return word.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _figure(data, title: str, height: int, **layout) -> go.Figure:
    return go.Figure(
        dict(
            data=data,
            layout=dict(
                template={},
                title=dict(text=title, font=dict(size=14)),
                height=height,
                margin=dict(l=10, r=10, t=40, b=10),
                **layout,
            ),
        )
    )


def losses(curves: dict[str, list[float]], names: dict[str, str], labels: tuple[str, str, str]) -> go.Figure:
    """Training loss of the embedding network (per epoch) and the GPT (per 25 steps), against the run's
    share done: both learn by descending the same cross-entropy."""
    title, x, y = labels
    data = [
        dict(
            type="scatter",
            x=np.linspace(0, 1, len(v) + 1)[1:].tolist(),
            y=v,
            mode="lines+markers",
            name=names[m],
            line=dict(color=COLOURS[m]),
        )
        for m, v in curves.items()
        if v
    ]
    return _figure(
        data,
        title,
        300,
        xaxis=dict(title=x, tickformat=".0%", range=[0, 1.02]),
        yaxis=dict(title=y, rangemode="tozero"),
        legend=dict(orientation="h", y=-0.25),
    )


def next_words(rows: list[tuple[str, float]], truth: str | None, title: str, model: str) -> go.Figure:
    """One model's most probable next words, the true one in orange. rows: (word, P), most probable first."""
    words = [_label(w) for w, _ in rows][::-1]
    probs = [p for _, p in rows][::-1]
    colours = [HIGHLIGHT if w == truth else COLOURS[model] for w, _ in rows][::-1]
    data = [
        dict(
            type="bar",
            orientation="h",
            x=probs,
            y=words,
            marker=dict(color=colours),
            text=[f"{p:.1%}" for p in probs],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{x:.3f}<extra></extra>",
        )
    ]
    return _figure(
        data,
        title,
        60 + 26 * len(rows),
        xaxis=dict(range=[0, 1.15], tickformat=".0%", showgrid=False),
        yaxis=dict(type="category", automargin=True),
        showlegend=False,
    )


def candidates(rows: list[tuple[str, float, float]], chosen: str, labels: tuple[str, str, str]) -> go.Figure:
    """The GPT's top candidates at one step: P at temperature 1 beside P after temperature and top-k; the
    word drawn in orange."""
    title, raw, shaped = labels
    words = [_label(w) for w, _, _ in rows]
    return _figure(
        [
            dict(type="bar", x=words, y=[r for _, r, _ in rows], name=raw, marker=dict(color="#9ecae1")),
            dict(
                type="bar",
                x=words,
                y=[s for _, _, s in rows],
                name=shaped,
                marker=dict(color=[HIGHLIGHT if w == chosen else "#08306b" for w, _, _ in rows]),
            ),
        ],
        title,
        320,
        barmode="group",
        xaxis=dict(type="category"),
        yaxis=dict(range=[0, 1], tickformat=".0%"),
        legend=dict(orientation="h", y=-0.2),
    )
