"""Where to write a chart's word labels so that they do not cover each other: which words get a label at
all (the important ones; the rest show on hover), and on which side of its point each label goes.
Pure functions of coordinates (no plotly, no streamlit)."""

import numpy as np

LABEL_TOP = 30  # the most frequent words named on a scatter; every other word shows on hover
LABEL_NEIGHBOURS = 15  # the nearest neighbours of a searched word named (a table beside lists them all)
FONT_PX = 18  # sized for the projector's font: what does not collide there does not collide on a screen
GAP_PX = 9  # between a point and its label: clear of the largest marker's radius (8 px)

# plotly textposition -> the label box's centre relative to its point, in units of (half width + gap,
# half height + gap); up is +y.
SIDES = {
    "top center": (0, 1),
    "bottom center": (0, -1),
    "middle right": (1, 0),
    "middle left": (-1, 0),
    "top right": (1, 1),
    "top left": (-1, 1),
    "bottom right": (1, -1),
    "bottom left": (-1, -1),
}


def text_px(text: str, font: float = FONT_PX) -> float:
    """The width of `text` in pixels, estimated: a CJK character is about one em, others about 0.6 em."""
    return sum(font if ord(ch) >= 0x2E80 else 0.6 * font for ch in text)


def important_rows(rows, highlight: dict[int, str], focus=(), top: int = LABEL_TOP) -> list[int]:
    """The word ids (among `rows`) that deserve a label, most important first: the searched word(s), their
    nearest neighbours (at most LABEL_NEIGHBOURS, in the order given), the `focus` words (a category zoomed
    to), then the `top` most frequent (word ids are ordered by frequency). Never more than
    len(query) + LABEL_NEIGHBOURS + len(focus) + top."""
    present = {int(r) for r in rows}
    query = [i for i, role in highlight.items() if role == "query" and i in present]
    neighbours = [i for i, role in highlight.items() if role == "neighbour" and i in present][
        :LABEL_NEIGHBOURS
    ]
    frequent = sorted(present)[:top]
    chosen = dict.fromkeys([*query, *neighbours, *(int(i) for i in focus if int(i) in present), *frequent])
    return list(chosen)


def place(points_px: np.ndarray, texts: list[str], required: int = 0, font: float = FONT_PX, rings: int = 1):
    """A (side, ring) for each label (side a key of SIDES; ring 1 beside the point, 2 and 3 further out),
    greedily in the given order (most important first), or None where every side would overlap a label
    already placed (that word then shows on hover only). The first `required` labels are always placed:
    on a free side of up to `rings` rings, else on their least crowded side. points_px: (n, 2), y up."""
    placed: list[tuple[float, float, float, float]] = []  # boxes (x0, y0, x1, y1)
    sides = []
    for n, (p, text) in enumerate(zip(np.asarray(points_px, dtype=np.float64), texts)):
        half_w, half_h = text_px(text, font) / 2, font * 0.65
        best, best_overlap, best_box = None, np.inf, None
        for ring in range(1, (rings if n < required else 1) + 1):
            for side, (sx, sy) in SIDES.items():
                cx = p[0] + sx * (half_w + GAP_PX) * (2 * ring - 1)
                cy = p[1] + sy * (half_h + GAP_PX) * (2 * ring - 1)
                box = (cx - half_w, cy - half_h, cx + half_w, cy + half_h)
                overlap = sum(_overlap(box, other) for other in placed)
                if overlap < best_overlap:
                    best, best_overlap, best_box = (side, ring), overlap, box
                if overlap == 0:
                    break
            if best_overlap == 0:
                break
        if best_overlap > 0 and n >= required:
            sides.append(None)
            continue
        placed.append(best_box)
        sides.append(best)
    return sides


def _overlap(a, b) -> float:
    """The area two boxes (x0, y0, x1, y1) share."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def to_px(points: np.ndarray, ranges, size_px: tuple[float, float]) -> np.ndarray:
    """Data coordinates (n, 2) -> pixels (n, 2) of a plot area `size_px` (width, height) showing `ranges`
    ((x0, x1), (y0, y1))."""
    points = np.asarray(points, dtype=np.float64)
    out = np.empty_like(points)
    for axis, ((lo, hi), size) in enumerate(zip(ranges, size_px)):
        out[:, axis] = (points[:, axis] - lo) / ((hi - lo) or 1.0) * size
    return out


def data_ranges(points: np.ndarray, pad: float = 0.05):
    """((x0, x1), (y0, y1)) around `points` (n, ≥2), as plotly's autorange roughly draws them."""
    points = np.asarray(points, dtype=np.float64)[:, :2]
    lo, hi = points.min(0), points.max(0)
    span = np.where(hi > lo, hi - lo, 1.0)
    return tuple((float(a - pad * s), float(b + pad * s)) for a, b, s in zip(lo, hi, span))


def offset_px(side: tuple[str, int], text: str, font: float = FONT_PX) -> tuple[float, float]:
    """(xshift, yshift) that puts an annotation's text centred where place() put it: (side, ring)."""
    (sx, sy), ring = SIDES[side[0]], side[1]
    return (
        sx * (text_px(text, font) / 2 + GAP_PX) * (2 * ring - 1),
        sy * (font * 0.65 + GAP_PX) * (2 * ring - 1),
    )
