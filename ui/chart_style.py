"""One look for every chart: the colour convention for signs and weights, and the projector's larger text.
Pure functions of plain dicts and numbers (no streamlit), shared by every page's charts."""

import numpy as np

# Signs, everywhere (heatmaps, bars, arrows): negative red, zero white, positive blue (ColorBrewer RdBu,
# readable by most colour-blind students). A heatmap of signed numbers centres the scale on 0.
NEGATIVE, POSITIVE = "#b2182b", "#2166ac"
DIVERGING = [
    [0.0, "#67001f"],
    [0.1, "#b2182b"],
    [0.2, "#d6604d"],
    [0.3, "#f4a582"],
    [0.4, "#fddbc7"],
    [0.5, "#f7f7f7"],
    [0.6, "#d1e5f0"],
    [0.7, "#92c5de"],
    [0.8, "#4393c3"],
    [0.9, "#2166ac"],
    [1.0, "#053061"],
]
# Numbers that are ≥ 0 by construction (probabilities, attention weights, one-hot): white to the
# positive blue, so "more" looks like "more positive" on every page.
SEQUENTIAL = [[0.0, "#f7fbff"], [0.5, "#6baed6"], [1.0, "#08306b"]]

PROJECTOR_SCALE = 1.4  # text on a projector, relative to the screen
PROJECTOR_HEIGHT = 1.2  # figures grow a little so the larger text keeps its room
BASE_FONT = 13  # plotly's default (12), a little larger everywhere
PROJECTOR_FONT = round(BASE_FONT * PROJECTOR_SCALE)


def signed(z=None) -> dict:
    """Heatmap attributes for signed numbers: the diverging scale centred on 0 (symmetric around 0 when
    `z` is given, so the same colour means the same size of either sign)."""
    style = dict(colorscale=DIVERGING, zmid=0)
    if z is not None:
        finite = np.asarray(z, dtype=np.float64)
        finite = finite[np.isfinite(finite)]
        top = float(np.abs(finite).max()) if finite.size else 1.0
        style.update(zmin=-(top or 1.0), zmax=top or 1.0)
    return style


def weights(zmax: float | None = 1.0) -> dict:
    """Heatmap attributes for numbers ≥ 0 (probabilities, weights): 0 white; `zmax` None lets plotly pick
    the top."""
    style = dict(colorscale=SEQUENTIAL, zmin=0)
    if zmax is not None:
        style["zmax"] = zmax
    return style


def sign_colours(values) -> list[str]:
    """One colour per value: POSITIVE for ≥ 0, NEGATIVE below."""
    return [POSITIVE if v >= 0 else NEGATIVE for v in np.asarray(values, dtype=np.float64).ravel()]


_FONT_KEYS = ("font", "textfont", "tickfont", "insidetextfont", "outsidetextfont")


def _scale_fonts(node, factor: float) -> None:
    """Every explicit font size below `node` (a figure's dict) multiplied by `factor`, in place."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in _FONT_KEYS and isinstance(value, dict) and isinstance(value.get("size"), (int, float)):
                value["size"] = round(value["size"] * factor)
            _scale_fonts(value, factor)
    elif isinstance(node, (list, tuple)):
        for value in node:
            _scale_fonts(value, factor)


def for_projector(fig: dict) -> dict:
    """`fig` (a figure's dict, changed in place and returned) with every text larger: the base font,
    every explicit size (titles, annotations, labels in cells), taller figures. Axis ticks and titles,
    legends and colour bars get explicit sizes too: Streamlit's chart theme sets its own small ones,
    which the base font does not override."""
    layout = fig.setdefault("layout", {})
    _scale_fonts(fig, PROJECTOR_SCALE)
    layout.setdefault("font", {})["size"] = PROJECTOR_FONT
    if isinstance(layout.get("height"), (int, float)):
        layout["height"] = round(layout["height"] * PROJECTOR_HEIGHT)
    axes = [layout.setdefault(name, {}) for name in ("xaxis", "yaxis")]
    axes += [v for k, v in layout.items() if k[1:5] == "axis" and k[0] in "xy" and isinstance(v, dict)]
    for scene in (v for k, v in layout.items() if k.startswith("scene") and isinstance(v, dict)):
        axes += [scene.setdefault(name, {}) for name in ("xaxis", "yaxis", "zaxis")]
    for axis in axes:
        axis.setdefault("tickfont", {}).setdefault("size", PROJECTOR_FONT)
        title = axis.get("title")
        if isinstance(title, dict):
            title.setdefault("font", {}).setdefault("size", PROJECTOR_FONT)
    layout.setdefault("legend", {}).setdefault("font", {}).setdefault("size", PROJECTOR_FONT)
    title = layout.get("title")
    if isinstance(title, dict):
        title.setdefault("font", {}).setdefault("size", PROJECTOR_FONT + 2)
    for annotation in layout.get("annotations", []) or []:
        annotation.setdefault("font", {}).setdefault("size", PROJECTOR_FONT)
    for trace in fig.get("data", []):
        if trace.get("type") == "heatmap" and trace.get("texttemplate"):
            trace.setdefault("textfont", {}).setdefault("size", round(11 * PROJECTOR_SCALE))
        if trace.get("type") in ("heatmap", "histogram2d", "contour"):
            trace.setdefault("colorbar", {}).setdefault("tickfont", {}).setdefault("size", PROJECTOR_FONT)
        if trace.get("type") in ("bar", "scatter", "scatter3d") and (trace.get("text") is not None):
            trace.setdefault("textfont", {}).setdefault("size", PROJECTOR_FONT)
    for menu in layout.get("updatemenus", []) or []:
        menu.setdefault("font", {}).setdefault("size", PROJECTOR_FONT)
    for slider in layout.get("sliders", []) or []:
        slider.setdefault("font", {}).setdefault("size", PROJECTOR_FONT)
        slider.setdefault("currentvalue", {}).setdefault("font", {}).setdefault("size", PROJECTOR_FONT)
    return fig


TOP_LABELS_PX = 30  # column labels on an x axis drawn on top, at the projector's font
TOOLBAR_PX = 40  # Plotly's toolbar (on hover) and its height: a band above the plot where it covers nothing


def toolbar_room(fig: dict) -> dict:
    """`fig` (a figure's dict, changed in place and returned) with an empty band at its top for Plotly's
    toolbar: the top margin and the height grow by TOOLBAR_PX, and the title sits just above the plot area
    (or above its column labels, for an x axis drawn on top), not at the figure's top under the toolbar."""
    layout = fig.setdefault("layout", {})
    margin = layout.setdefault("margin", {})
    if isinstance(margin.get("t"), (int, float)):
        margin["t"] += TOOLBAR_PX
        if isinstance(layout.get("height"), (int, float)):
            layout["height"] += TOOLBAR_PX
    title = layout.get("title")
    if isinstance(title, dict) and title.get("text"):
        # above the plot area, and above the column labels of an x axis drawn on top
        on_top = any(
            isinstance(v, dict) and v.get("side") == "top" for k, v in layout.items() if k[:5] == "xaxis"
        )
        title.update(yref="paper", y=1, yanchor="bottom", pad=dict(b=8 + (TOP_LABELS_PX if on_top else 0)))
    return fig
