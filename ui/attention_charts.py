"""The Attention page's plotly figures: heatmaps of the step-through's matrices, built from plain dicts."""

import numpy as np
import plotly.graph_objects as go

from ui import chart_style

TEXT_CELLS = 400  # write the numbers into a heatmap's cells only when they stay readable:
TEXT_COLUMNS = 22  # at most this many columns across the figure (cells ≥ ~40 px wide on a 1366-px screen)


def figure(data, title, height, top=40, **layout):
    """A plotly figure built from plain dicts with an empty template: plotly's default template is
    deep-copied into every figure otherwise, which cost more than all of the page's arithmetic.
    `top`: the top margin, which holds the title (and the column labels of a single matrix)."""
    title = dict(text=title, font=dict(size=14), yref="container", y=1, yanchor="top", pad=dict(t=8))
    return go.Figure(
        dict(
            data=data,
            layout=dict(
                template={}, title=title, height=height + top, margin=dict(l=10, r=10, t=top, b=10), **layout
            ),
        )
    )


def _ticks(labels, most, angle=0):
    """Axis labels, thinned to at most `most` so they stay readable; `angle` −90 stands them upright where
    a panel is too narrow for words side by side (four heads in a row ran "mom bought" into "mombought")."""
    step = -(-len(labels) // most)
    return dict(
        tickvals=list(range(0, len(labels), step)),
        ticktext=list(labels[::step]),
        tickangle=angle,
        automargin=True,
    )


def heatmaps(panels, title=""):
    """Matrices side by side in one figure (one figure costs less than several): each panel is
    (z, row labels, column labels, title, kind). Row 0 on top; −∞ (masked) cells are empty and marked;
    kind "weights" uses a fixed 0…1 scale, "signed" a scale centred on 0."""
    data, layout, notes = [], {}, []
    n, gap = len(panels), 0.09 if len(panels) > 1 else 0  # room for the next panel's row labels
    for p, (z, rows, cols, name, kind) in enumerate(panels):
        z = np.asarray(z, dtype=np.float64)
        masked = np.isneginf(z)
        ax = "" if p == 0 else str(p + 1)
        heat = dict(
            type="heatmap",
            z=np.where(masked, np.nan, z),
            hoverongaps=False,
            xaxis=f"x{ax}",
            yaxis=f"y{ax}",
            hovertemplate="%{y}, %{x}: %{z:.4f}<extra></extra>",
            showscale=n == 1,
            colorbar=dict(thickness=10),
        )
        heat.update(chart_style.weights() if kind == "weights" else chart_style.signed(z[~masked]))
        data.append(heat)
        if z.size <= TEXT_CELLS and len(cols) * n <= TEXT_COLUMNS:
            heat["texttemplate"] = "%{z:.2f}"  # formatted by the browser: no string arrays to ship
            if masked.any():
                i, j = masked.nonzero()
                data.append(
                    dict(
                        type="scatter",
                        x=j,
                        y=i,
                        mode="text",
                        text=["−∞"] * len(i),
                        hoverinfo="skip",
                        showlegend=False,
                        xaxis=f"x{ax}",
                        yaxis=f"y{ax}",
                    )
                )
        domain = [p / n + (gap / 2 if p else 0), (p + 1) / n - (gap / 2 if p < n - 1 else 0)]
        layout[f"xaxis{ax}"] = dict(
            domain=domain,
            anchor=f"y{ax}",
            side="top" if n == 1 else "bottom",
            **_ticks(cols, 32 // n, angle=0 if n < 3 else -90),
        )
        layout[f"yaxis{ax}"] = dict(anchor=f"x{ax}", autorange="reversed", **_ticks(rows, 32))
        if n > 1:
            notes.append(
                dict(
                    text=name,
                    x=sum(domain) / 2,
                    y=1.0,
                    xref="paper",
                    yref="paper",
                    showarrow=False,
                    xanchor="center",
                    yanchor="bottom",
                    font=dict(size=13),
                )
            )
    height = 60 + 24 * min(max(len(p[1]) for p in panels), 24)
    return figure(
        data, panels[0][3] if n == 1 else title, height, top=80 if n == 1 else 40, annotations=notes, **layout
    )
