"""The Why-embeddings page's plotly figures (pure functions of core results; no streamlit)."""

import numpy as np
import plotly.graph_objects as go

from core.pinv_cost import Costs
from ui import chart_style


def bars(pairs: list[tuple[str, float]], title: str, color: str = "#636efa") -> go.Figure:
    """Horizontal bars, best at the top: (word, value) pairs."""
    fig = go.Figure(
        go.Bar(
            x=[v for _, v in pairs][::-1],
            y=[w for w, _ in pairs][::-1],
            orientation="h",
            marker_color=color,
            text=[f"{v:.2f}" for _, v in pairs][::-1],
            textposition="auto",
        )
    )
    fig.update_layout(title=title, height=260, margin=dict(l=10, r=10, t=40, b=10))
    return fig


def one_hot_picture(
    one_hot: np.ndarray, W: np.ndarray, row: int, words: list[str], labels: tuple[str, str, str]
) -> go.Figure:
    """one-hot x (V) next to W (V×d) with the selected row framed, and x·W (d) below W: the same row."""
    from plotly.subplots import make_subplots

    fig = make_subplots(
        rows=2,
        cols=2,
        column_widths=[0.08, 0.92],
        row_heights=[0.88, 0.12],
        horizontal_spacing=0.02,
        vertical_spacing=0.08,
        shared_xaxes=True,
        subplot_titles=(labels[0], labels[1], "", labels[2]),
    )
    fig.add_trace(
        go.Heatmap(
            z=one_hot[:, None],
            y=words,
            **chart_style.weights(),
            showscale=False,
            xgap=0,
            hovertemplate="%{y}: %{z}<extra></extra>",
        ),
        1,
        1,
    )
    fig.add_trace(
        go.Heatmap(
            z=W,
            y=words,
            **chart_style.signed(W),
            showscale=False,
            hovertemplate="%{y}, dim %{x}: %{z:.3f}<extra></extra>",
        ),
        1,
        2,
    )
    fig.add_shape(
        type="rect",
        x0=-0.5,
        x1=W.shape[1] - 0.5,
        y0=row - 0.5,
        y1=row + 0.5,
        line=dict(color="#ef553b", width=3),
        row=1,
        col=2,
    )
    fig.add_annotation(
        x=W.shape[1] - 0.5,
        y=row,
        text=f"<b>{words[row]}</b>",
        showarrow=True,
        arrowhead=2,
        ax=30,
        ay=0,
        xanchor="left",
        font=dict(color="#ef553b"),
        row=1,
        col=2,
    )
    fig.add_trace(
        go.Heatmap(
            z=W[row][None, :],
            y=[words[row]],
            **chart_style.signed(W),
            showscale=False,
            hovertemplate="dim %{x}: %{z:.3f}<extra></extra>",
        ),
        2,
        2,
    )
    fig.update_xaxes(showticklabels=False, row=1, col=1)
    fig.update_yaxes(showticklabels=False, autorange="reversed", row=1, col=1)
    fig.update_yaxes(autorange="reversed", matches="y", row=1, col=2)
    fig.update_xaxes(title_text="d", row=2, col=2)
    fig.update_layout(height=560, margin=dict(l=10, r=60, t=40, b=10))
    return fig


def loss_curve(
    steps: list[int], losses: list[float], accuracy: list[float], labels: tuple[str, str, str]
) -> go.Figure:
    """The identity trap's loss (log scale) and argmax reconstruction accuracy against training steps."""
    from plotly.subplots import make_subplots

    fig = make_subplots(specs=[[{"secondary_y": True}]])
    fig.add_trace(
        go.Scatter(
            x=steps, y=losses, mode="lines+markers", name=labels[0], line=dict(color="#636efa", width=3)
        ),
        secondary_y=False,
    )
    fig.add_trace(
        go.Scatter(
            x=steps, y=accuracy, mode="lines", name=labels[1], line=dict(color="#00cc96", width=2, dash="dot")
        ),
        secondary_y=True,
    )
    fig.update_yaxes(type="log", title_text=labels[0], secondary_y=False)
    fig.update_yaxes(
        range=[0, 1.05],
        tickvals=[0, 0.25, 0.5, 0.75, 1],
        tickformat=".0%",
        showgrid=False,
        title_text=labels[1],
        secondary_y=True,
    )
    fig.update_xaxes(title_text=labels[2])
    fig.update_layout(height=320, margin=dict(l=10, r=10, t=30, b=10), legend=dict(orientation="h", y=1.15))
    return fig


def product_heatmap(P: np.ndarray, words: list[str], title: str) -> go.Figure:
    """W′W (V×V): column i = the scores of every output word for input word i."""
    fig = go.Figure(
        go.Heatmap(
            z=P,
            x=words,
            y=words,
            **chart_style.signed(P),
            hovertemplate="in %{x} → out %{y}: %{z:.2f}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(title=title, height=480, margin=dict(l=10, r=10, t=40, b=10))
    return fig


def singular_values(sv: np.ndarray, d: int, title: str, label_d: str) -> go.Figure:
    """Singular values of W′W on a log axis; everything after the d-th is numerically zero."""
    floor = max(float(sv[0]) * 1e-17, 1e-300)  # log axis: draw exact zeros at the float64 floor
    colors = ["#636efa" if i < d else "#c8c8c8" for i in range(len(sv))]
    fig = go.Figure(
        go.Bar(
            x=np.arange(1, len(sv) + 1),
            y=np.maximum(sv, floor),
            marker_color=colors,
            hovertemplate="σ%{x} = %{y:.3g}<extra></extra>",
        )
    )
    fig.add_vline(x=d + 0.5, line=dict(color="#ef553b", dash="dash"), annotation_text=label_d)
    fig.update_yaxes(type="log", exponentformat="power")
    fig.update_layout(title=title, height=480, margin=dict(l=10, r=10, t=40, b=10), bargap=0.1)
    return fig


def costs(c: Costs, labels: dict[str, str]) -> go.Figure:
    """Seconds against V on log-log axes: measured (solid), extrapolated (dashed), references (dotted)."""
    measured = ~np.isnan(c.square)
    beyond = np.flatnonzero(measured)[-1]
    # (label key, V, seconds, mode, line): measured solid, extrapolated dashed, references dotted
    series = (
        ("square", c.sizes[measured], c.square[measured], "lines+markers", dict(color="#ef553b", width=3)),
        (
            "square_extrapolated",
            c.sizes[beyond:],
            c.square_extrapolated[beyond:],
            "lines+markers",
            dict(color="#ef553b", width=2, dash="dash"),
        ),
        ("pinv", c.sizes, c.pinv, "lines+markers", dict(color="#ab63fa", width=3)),
        ("step", c.sizes, c.step, "lines+markers", dict(color="#00cc96", width=3)),
        ("ref_cubic", c.sizes, c.ref_cubic, "lines", dict(color="gray", dash="dot")),
        ("ref_linear", c.sizes, c.ref_linear, "lines", dict(color="darkgray", dash="dot")),
    )
    fig = go.Figure(
        [
            go.Scatter(
                x=x,
                y=y,
                mode=mode,
                name=labels[key],
                line=line,
                marker_symbol="circle-open" if key == "square_extrapolated" else "circle",
            )
            for key, x, y, mode, line in series
        ]
    )
    fig.update_xaxes(type="log", title_text="V")
    fig.update_yaxes(type="log", title_text=labels["seconds"], exponentformat="power")
    fig.update_layout(height=440, margin=dict(l=10, r=10, t=30, b=10), legend=dict(orientation="h", y=-0.2))
    return fig


def epoch_losses(results: dict, title: str, label_epoch: str) -> go.Figure:
    """Loss per epoch of the linear network and its non-linear variants."""
    fig = go.Figure()
    for name, r in results.items():
        fig.add_trace(
            go.Scatter(x=list(range(1, len(r.losses) + 1)), y=r.losses, mode="lines+markers", name=name)
        )
    fig.update_xaxes(title_text=label_epoch, dtick=1)
    fig.update_layout(title=title, height=320, margin=dict(l=10, r=10, t=40, b=10))
    return fig
