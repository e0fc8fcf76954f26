"""Figures of learned attention, from plain arrays (no streamlit, no model): BertViz's head view, model
view and neuron view, drawn with plotly so they work offline and export as images.

Every function takes token lists and numpy weights shaped (L, H, Tq, Tk) (or one layer's (H, Tq, Tk)),
so any model's attention can be shown: the translator's, a tiny GPT's.
"""

import numpy as np
import plotly.graph_objects as go

from ui import chart_style

# One colour per head (ColorBrewer Dark2: distinct for most colour-blind students, dark enough on white).
HEAD_COLOURS = ("#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666")
# A head view draws a line only for weights ≥ the first bound; heavier lines are wider and more opaque.
BUCKETS = ((0.05, 1.0, 0.25), (0.15, 2.0, 0.4), (0.35, 4.0, 0.6), (0.65, 6.0, 0.85))  # (from, width, opacity)


def _title(text: str) -> dict:
    return dict(text=text, font=dict(size=14), yref="container", y=1, yanchor="top", pad=dict(t=8))


def head_colour(h: int) -> str:
    return HEAD_COLOURS[h % len(HEAD_COLOURS)]


def head_view(
    queries: list[str],
    keys: list[str],
    weights,
    heads: list[int],
    head_names: list[str],
    focus: int | None = None,
    title: str = "",
) -> go.Figure:
    """Tokens on the left (queries) and right (keys), a line from query i to key j for each head in `heads`
    whose weight (H, Tq, Tk)[h, i, j] is ≥ 0.05, wider and darker as it grows, in the head's colour.
    `focus`: only query `focus`'s lines. The token markers carry their index as customdata (a click picks
    a query)."""
    w = np.asarray(weights, dtype=np.float64)  # (H, Tq, Tk)
    Tq, Tk = w.shape[1:]
    y_q, y_k = -np.arange(Tq, dtype=float), -np.arange(Tk, dtype=float) * (max(Tq - 1, 1) / max(Tk - 1, 1))
    rows = range(Tq) if focus is None else [focus]
    data = []
    for h in heads:
        for b, (lo, width, opacity) in enumerate(BUCKETS):
            hi = BUCKETS[b + 1][0] if b + 1 < len(BUCKETS) else 1.01
            xs, ys = [], []
            for i in rows:
                for j in np.nonzero((w[h, i] >= lo) & (w[h, i] < hi))[0]:
                    xs += [0.0, 1.0, None]
                    ys += [y_q[i], y_k[j], None]
            data.append(
                dict(
                    type="scatter",
                    x=xs,
                    y=ys,
                    mode="lines",
                    line=dict(color=head_colour(h), width=width),
                    opacity=opacity,
                    hoverinfo="skip",
                    legendgroup=f"h{h}",
                    name=head_names[h],
                    showlegend=b == 0,
                )
            )
    dim = "#999999"
    for x, ys, tokens, side, hl in (
        (0.0, y_q, queries, "middle left", focus),
        (1.0, y_k, keys, "middle right", None),
    ):
        colours = ["#111111" if hl is None or i == hl else dim for i in range(len(tokens))]
        data.append(
            dict(
                type="scatter",
                x=[x] * len(tokens),
                y=list(ys),
                mode="markers+text",
                text=list(tokens),
                textposition=side,
                textfont=dict(size=15, color=colours),
                marker=dict(size=14, color="rgba(0,0,0,0)"),
                customdata=list(range(len(tokens))),
                hovertemplate="%{text}<extra></extra>",
                showlegend=False,
            )
        )
    height = 60 + 30 * max(Tq, Tk)
    return go.Figure(
        dict(
            data=data,
            layout=dict(
                template={},
                title=_title(title),
                height=height + 70,
                margin=dict(l=10, r=10, t=40, b=40),  # the heads' legend below the lines
                xaxis=dict(visible=False, range=[-0.45, 1.45], fixedrange=True),
                yaxis=dict(visible=False, fixedrange=True, range=[-(max(Tq, Tk) - 0.5), 0.6]),
                legend=dict(orientation="h", y=0, yanchor="top", x=0.5, xanchor="center"),
                plot_bgcolor="white",
                dragmode=False,
                clickmode="event+select",
            ),
        )
    )


def model_view(
    weights, queries: list[str], keys: list[str], row_names: list[str], col_names: list[str], selected=None
) -> go.Figure:
    """Every layer × head as a small map (L rows, H columns) on one 0…1 scale; `selected` (layer, head) is
    framed. Hovering a cell names its query, key and weight."""
    w = np.asarray(weights, dtype=np.float64)  # (L, H, Tq, Tk)
    L, H = w.shape[:2]
    gap_x, gap_y = 0.02, 0.06
    data, layout, notes, shapes = [], {}, [], []
    for layer in range(L):
        for h in range(H):
            n = layer * H + h
            name = f"{row_names[layer]} · {col_names[h]}"
            ax = "" if n == 0 else str(n + 1)
            x0 = h / H + gap_x / 2
            x1 = (h + 1) / H - gap_x / 2
            y1 = 1 - layer / L - gap_y
            y0 = 1 - (layer + 1) / L + gap_y / 4
            data.append(
                dict(
                    type="heatmap",
                    z=w[layer, h],
                    x=[f"{j}:{k}" for j, k in enumerate(keys)],
                    y=[f"{i}:{q}" for i, q in enumerate(queries)],
                    xaxis=f"x{ax}",
                    yaxis=f"y{ax}",
                    showscale=False,
                    hovertemplate=name + "<br>%{y} → %{x}: %{z:.2f}<extra></extra>",
                    **chart_style.weights(),
                )
            )
            layout[f"xaxis{ax}"] = dict(
                domain=[x0, x1], anchor=f"y{ax}", showticklabels=False, fixedrange=True
            )
            layout[f"yaxis{ax}"] = dict(
                domain=[y0, y1], anchor=f"x{ax}", showticklabels=False, autorange="reversed", fixedrange=True
            )
            notes.append(
                dict(
                    text=name,
                    x=(x0 + x1) / 2,
                    y=y1,
                    xref="paper",
                    yref="paper",
                    showarrow=False,
                    yanchor="bottom",
                    font=dict(size=12),
                )
            )
            if selected == (layer, h):
                shapes.append(
                    dict(
                        type="rect",
                        xref="paper",
                        yref="paper",
                        x0=x0,
                        x1=x1,
                        y0=y0,
                        y1=y1,
                        line=dict(color="#c1121f", width=3),
                    )
                )
    return go.Figure(
        dict(
            data=data,
            layout=dict(
                template={},
                height=170 * L + 20,
                margin=dict(l=10, r=10, t=20, b=10),
                annotations=notes,
                shapes=shapes,
                **layout,
            ),
        )
    )


def neuron_view(
    query: str, keys: list[str], q, k, v, weights_row, labels: dict[str, str], title: str = ""
) -> go.Figure:
    """One query's attention, dimension by dimension (BertViz's neuron view, then ·V, which it leaves out):
    panels k_j, q ⊙ k_j, q·k_j/√d_k, softmax, v_j, a_j·v_j, one row per key; and along the bottom the query
    q and the output z = Σ_j a_j·v_j. q (d_k,), k (Tk, d_k), v (Tk, d_k), weights_row (Tk,).
    labels: the panels' names by part ("k", "qk", "score", "softmax", "v", "av", "q", "z")."""
    q, k, v = (np.asarray(a, dtype=np.float64) for a in (q, k, v))
    a = np.asarray(weights_row, dtype=np.float64)
    d_k = q.shape[0]
    score = (k @ q / np.sqrt(d_k))[:, None]  # (Tk, 1)
    av = a[:, None] * v  # (Tk, d_v)
    z = av.sum(0)
    panels = [
        ("k", k, "signed"),
        ("qk", q[None, :] * k, "signed"),
        ("score", score, "signed"),
        ("softmax", a[:, None], "weights"),
        ("v", v, "signed"),
        ("av", av, "signed"),
    ]
    widths = [m.shape[1] + 3 for _, m, _ in panels]  # + room for the gap
    total = sum(widths)
    rows = [f"{j}:{key}" for j, key in enumerate(keys)]
    data, layout, notes = [], {}, []
    start = 0.0
    for p, ((part, m, kind), wdt) in enumerate(zip(panels, widths)):
        ax = "" if p == 0 else str(p + 1)
        x0, x1 = start / total, (start + wdt - 2.5) / total
        start += wdt
        cell = "%{z:.2f}" if m.shape[1] <= 1 else None
        data.append(
            dict(
                type="heatmap",
                z=m,
                y=rows,
                x=[str(i + 1) for i in range(m.shape[1])],
                xaxis=f"x{ax}",
                yaxis=f"y{ax}",
                showscale=False,
                hovertemplate=f"{labels[part]}<br>%{{y}}, %{{x}}: %{{z:.3f}}<extra></extra>",
                **({"texttemplate": cell} if cell else {}),
                **(chart_style.weights() if kind == "weights" else chart_style.signed(m)),
            )
        )
        layout[f"xaxis{ax}"] = dict(domain=[x0, x1], anchor=f"y{ax}", showticklabels=False, fixedrange=True)
        layout[f"yaxis{ax}"] = dict(
            domain=[0.28, 0.92],
            anchor=f"x{ax}",
            autorange="reversed",
            showticklabels=p == 0,
            fixedrange=True,
            **({"matches": "y"} if p else {}),
        )
        notes.append(
            dict(
                text=labels[part],
                x=(x0 + x1) / 2,
                y=0.93,
                xref="paper",
                yref="paper",
                showarrow=False,
                yanchor="bottom",
                font=dict(size=12),
            )
        )
    # The query and the output row, on their own axis along the bottom.
    n = len(panels) + 1
    qz = np.vstack([q, z])  # (2, d_k): a Transformer's heads have d_v = d_k
    data.append(
        dict(
            type="heatmap",
            z=qz,
            y=[labels["q"], labels["z"]],
            xaxis=f"x{n}",
            yaxis=f"y{n}",
            showscale=False,
            hovertemplate="%{y}, %{x}: %{z:.3f}<extra></extra>",
            **chart_style.signed(qz),
        )
    )
    layout[f"xaxis{n}"] = dict(domain=[0.2, 0.8], anchor=f"y{n}", showticklabels=False, fixedrange=True)
    layout[f"yaxis{n}"] = dict(domain=[0.0, 0.18], anchor=f"x{n}", autorange="reversed", fixedrange=True)
    height = 200 + 26 * len(keys)
    return go.Figure(
        dict(
            data=data,
            layout=dict(
                template={},
                title=_title(title or query),
                height=height,
                margin=dict(l=10, r=10, t=40, b=10),
                annotations=notes,
                **layout,
            ),
        )
    )


def replay(maps, queries: list[str], keys: list[str], steps: list[int], step_name: str) -> go.Figure:
    """Cross-attention maps (n, Tq, Tk) at training steps `steps`, one animation frame per step, with
    plotly's own slider (played in the browser: no rerun per frame)."""
    maps = np.asarray(maps, dtype=np.float64)
    x = [f"{j}:{k}" for j, k in enumerate(keys)]
    y = [f"{i}:{q}" for i, q in enumerate(queries)]

    def heat(m):
        return dict(
            type="heatmap",
            z=m,
            x=x,
            y=y,
            texttemplate="%{z:.2f}",
            hovertemplate="%{y} → %{x}: %{z:.2f}<extra></extra>",
            **chart_style.weights(),
        )

    frames = [dict(name=str(s), data=[heat(m)]) for s, m in zip(steps, maps)]
    slider = dict(
        active=len(steps) - 1,
        currentvalue=dict(prefix=f"{step_name}: "),
        pad=dict(t=40),
        x=0.08,  # the play button sits to its left
        len=0.92,
        steps=[
            dict(
                label=str(s),
                method="animate",
                args=[
                    [str(s)],
                    dict(mode="immediate", frame=dict(duration=0, redraw=True), transition=dict(duration=0)),
                ],
            )
            for s in steps
        ],
    )
    play = dict(
        type="buttons",
        showactive=False,
        x=0,
        y=0,
        xanchor="left",
        yanchor="top",
        pad=dict(t=75),
        buttons=[
            dict(
                label="▶",
                method="animate",
                args=[None, dict(frame=dict(duration=600, redraw=True), fromcurrent=False)],
            )
        ],
    )
    return go.Figure(
        dict(
            data=[heat(maps[-1])],
            frames=frames,
            layout=dict(
                template={},
                height=140 + 32 * len(queries),
                margin=dict(l=10, r=10, t=10, b=90),
                yaxis=dict(autorange="reversed"),
                xaxis=dict(side="top"),
                sliders=[slider],
                updatemenus=[play],
            ),
        )
    )
