"""The lecture's encoder–decoder figure (C13) as a plotly figure whose blocks can be clicked.

Embeddings at the bottom, the encoder on the left, the decoder on the right. In training mode both
sides are inputs and the top is the loss; in inference mode the decoder reads its own output so far.
"""

import re

import numpy as np
import plotly.graph_objects as go

from ui import chart_style

# block id -> (x0, x1, y0, y1, colour)
EMBED, ATTN, FF, IO, OUT, LOSS = "#fde2e4", "#ffd6a5", "#cde7f0", "#eeeeee", "#d8f3dc", "#ffadad"
BLOCKS = {
    "src_in": (0.5, 4.5, 0.05, 1.25, IO),
    "src_emb": (0.5, 4.5, 1.5, 2.3, EMBED),
    "enc_self": (0.6, 4.4, 3.2, 4.1, ATTN),
    "enc_ff": (0.6, 4.4, 4.6, 5.5, FF),
    "tgt_in": (5.5, 9.5, 0.05, 1.25, IO),
    "tgt_emb": (5.5, 9.5, 1.5, 2.3, EMBED),
    "dec_self": (5.6, 9.4, 3.2, 4.0, ATTN),
    "dec_cross": (5.6, 9.4, 4.5, 5.3, ATTN),
    "dec_ff": (5.6, 9.4, 5.8, 6.6, FF),
    "out": (5.5, 9.5, 7.5, 8.2, OUT),
    "top": (5.5, 9.5, 8.6, 9.95, LOSS),
}
# Text sized for a projector (ui.plot scales it 1.4×) in a figure ~520 px wide (the page's left column at
# 1366 px): a block's lines stay inside it (tests/test_transformer_figure_text.py).
BLOCK_FONT, DETAIL_CHARS = 10, 20
ENC_FRAME, DEC_FRAME = (0.3, 4.7, 2.8, 5.9), (5.3, 9.7, 2.8, 7.0)
ARROWS = [
    ((2.5, 1.25), (2.5, 1.5)),
    ((2.5, 2.3), (2.5, 3.2)),
    ((2.5, 4.1), (2.5, 4.6)),
    ((7.5, 1.25), (7.5, 1.5)),
    ((7.5, 2.3), (7.5, 3.2)),
    ((7.5, 4.0), (7.5, 4.5)),
    ((7.5, 5.3), (7.5, 5.8)),
    ((7.5, 6.6), (7.5, 7.5)),
    ((7.5, 8.2), (7.5, 8.6)),
]


def figure(
    mode: str,
    labels: dict[str, str],
    details: dict[str, str],
    selected: str | None,
    frames: tuple[str, str],
    memory_label: str,
    loop_label: str,
) -> go.Figure:
    """labels: block id -> its name; details: block id -> the words it shows (tokens, the chosen word);
    frames: the encoder and decoder frame titles. Clicking a block selects its points' customdata."""
    fig = go.Figure()
    for (x0, x1, y0, y1), title, colour in ((ENC_FRAME, frames[0], "#888"), (DEC_FRAME, frames[1], "#888")):
        fig.add_shape(
            type="rect",
            x0=x0,
            x1=x1,
            y0=y0,
            y1=y1,
            line=dict(color=colour, dash="dot"),
            fillcolor="rgba(0,0,0,0)",
            layer="below",
        )
        fig.add_annotation(
            x=x0 + 0.1,
            y=y1 - 0.05,
            text=f"<i>{title}</i>",
            showarrow=False,
            xanchor="left",
            yanchor="top",
            font=dict(size=12, color="#555"),
        )
    xs, ys, ids = [], [], []
    for block, (x0, x1, y0, y1, colour) in BLOCKS.items():
        chosen = block == selected
        fig.add_shape(
            type="rect",
            x0=x0,
            x1=x1,
            y0=y0,
            y1=y1,
            fillcolor=colour,
            layer="below",
            line=dict(color="#c1121f" if chosen else "#555", width=4 if chosen else 1),
        )
        fig.add_annotation(
            x=(x0 + x1) / 2,
            y=(y0 + y1) / 2,
            text="<br>".join(block_lines(labels[block], details.get(block, ""))),
            showarrow=False,
            font=dict(size=BLOCK_FONT, color="#111"),
        )
        # A grid of invisible points makes the whole block clickable (plotly selects points, not shapes).
        for x in np.linspace(x0 + 0.2, x1 - 0.2, 6):
            for y in np.linspace(y0 + 0.15, y1 - 0.15, 3):
                xs.append(x), ys.append(y), ids.append(block)
    for (x0, y0), (x1, y1) in ARROWS:
        _arrow(fig, x0, y0, x1, y1)
    # The encoder's output becomes k and v of every cross-attention in the decoder.
    fig.add_shape(
        type="path", path="M 2.5 5.9 L 2.5 6.3 L 5.0 6.3 L 5.0 4.9", line=dict(color="#c1121f", width=2)
    )
    _arrow(fig, 5.0, 4.9, 5.8, 4.9, colour="#c1121f")
    fig.add_annotation(
        x=3.75,
        y=6.3,
        text=memory_label,
        showarrow=False,
        yanchor="bottom",
        font=dict(color="#c1121f", size=12),
    )
    if mode == "infer":  # the word just emitted goes back into the decoder's input
        fig.add_shape(
            type="path",
            path="M 9.5 9.3 L 9.9 9.3 L 9.9 0.6",
            line=dict(color="#2a9d8f", dash="dash", width=2),
        )
        _arrow(fig, 9.9, 0.6, 9.5, 0.6, colour="#2a9d8f")
        fig.add_annotation(
            x=9.95,
            y=5.0,
            text=loop_label,
            showarrow=False,
            textangle=-90,
            font=dict(color="#2a9d8f", size=12),
            xanchor="left",
        )
    fig.add_trace(
        go.Scatter(
            x=xs,
            y=ys,
            customdata=ids,
            mode="markers",
            marker=dict(size=22, opacity=0),
            hovertemplate="%{customdata}<extra></extra>",
            showlegend=False,
        )
    )
    fig.update_xaxes(visible=False, range=[0, 10.4], fixedrange=True)
    fig.update_yaxes(visible=False, range=[0, 10], fixedrange=True)
    fig.update_layout(
        height=600,
        margin=dict(l=0, r=0, t=10, b=0),
        plot_bgcolor="white",
        dragmode=False,
        clickmode="event+select",
    )
    return fig


def block_lines(label: str, detail: str) -> list[str]:
    """A block's text: its name in bold, then its detail (the tokens, the reference sentence), each wrapped
    at DETAIL_CHARS (a Chinese character counts twice) between words, so that it stays inside the block on a
    projector."""
    return [f"<b>{line}</b>" for line in _wrap(label)] + _wrap(detail)


def _wrap(text: str) -> list[str]:
    def width(s: str) -> int:  # an entity (&lt;) is one character on screen
        return sum(2 if ord(c) >= 0x2E80 else 1 for c in re.sub(r"&\w+;", "&", s))

    lines, line = [], ""
    for word in text.split(" ") if text else []:
        if line and width(line) + 1 + width(word) > DETAIL_CHARS:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return lines + ([line] if line else [])


def _arrow(fig, x0, y0, x1, y1, colour="#555"):
    fig.add_annotation(
        x=x1,
        y=y1,
        ax=x0,
        ay=y0,
        xref="x",
        yref="y",
        axref="x",
        ayref="y",
        text="",
        showarrow=True,
        arrowhead=2,
        arrowsize=1.2,
        arrowwidth=1.5,
        arrowcolor=colour,
    )


def loss_curve(losses, labels: tuple[str, str, str]) -> go.Figure:
    """The translator's loss against training steps, log scale; losses: (step, loss, seconds) triples;
    labels: the title and the two axes' names."""
    steps, values, _ = zip(*losses) if losses else ((), (), ())
    fig = go.Figure(go.Scatter(x=steps, y=values, mode="lines+markers", line=dict(color="#c1121f")))
    fig.update_layout(
        title=labels[0],
        height=300,
        margin=dict(l=10, r=10, t=40, b=10),
        xaxis_title=labels[1],
        yaxis_title=labels[2],
        yaxis_type="log",
    )
    fig.update_yaxes(dtick=1, tickformat=".3~g")  # one label per power of ten
    return fig


def cross_attention(src: list[str], tgt: list[str], w) -> go.Figure:
    """The decoder's cross-attention weights (len(tgt), len(src)): which source token each output looked
    at."""
    fig = go.Figure(
        go.Heatmap(
            z=w,
            x=[f"{i}:{s}" for i, s in enumerate(src)],
            y=[f"{i}:{s}" for i, s in enumerate(tgt)],
            **chart_style.weights(),
            text=[[f"{v:.2f}" for v in row] for row in w],
            texttemplate="%{text}",
            hovertemplate="%{y} → %{x}: %{z:.2f}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(height=360, margin=dict(l=10, r=10, t=10, b=10))
    return fig
