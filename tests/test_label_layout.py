"""Readable scatter plots: only the important words are named, each where it covers no other label."""

import numpy as np
import pytest

from ui import chart_style
from ui import label_layout as layout
from ui import space_charts as charts

NAMES = {"other": "other", "neighbour": "neighbour", "query": "searched"}


def labelled(fig) -> list[str]:
    """Every word written on the figure as text (hover texts do not count)."""
    return [w for tr in fig.data if "text" in (tr.mode or "") for w in tr.text]


@pytest.mark.parametrize("dims", [2, 3])
def test_scatter_labels_are_bounded_and_include_the_highlighted_words(dims):
    rng = np.random.default_rng(0)
    words = [f"w{i}" for i in range(500)]
    rows = np.arange(500)
    coords = rng.normal(size=(500, dims)) * 0.1  # one dense cluster: everything would overlap
    highlight = {400: "query"} | {i: "neighbour" for i in (401, 7, 350)}
    fig = charts.scatter(words, {}, rows, coords, dims, None, True, highlight, NAMES)
    names = labelled(fig)
    assert len(names) == len(set(names)) <= 1 + layout.LABEL_NEIGHBOURS + layout.LABEL_TOP
    assert "w400" in names  # the searched word is always named
    assert {"w401", "w350"} & set(names)  # its neighbours take precedence over frequent words
    for tr in fig.data:  # every point still tells its word on hover
        if tr.mode == "markers":
            assert len(tr.text) == len(tr.x)
    assert sum(len(tr.x) for tr in fig.data if tr.mode == "markers") == 500 + len(highlight)


def test_scatter_without_labels_writes_no_text():
    coords = np.arange(20, dtype=float).reshape(10, 2)
    fig = charts.scatter([str(i) for i in range(10)], {}, np.arange(10), coords, 2, None, False, {}, NAMES)
    assert labelled(fig) == []


def test_placed_labels_never_overlap():
    rng = np.random.default_rng(1)
    points = rng.uniform(0, 300, size=(80, 2))  # px
    texts = [f"word{i}" for i in range(80)]
    sides = layout.place(points, texts)
    boxes = []
    for p, text, side in zip(points, texts, sides):
        if side is None:
            continue
        assert side[1] == 1  # optional labels stay beside their point
        dx, dy = layout.offset_px(side, text)
        hw, hh = layout.text_px(text) / 2, layout.FONT_PX * 0.65
        boxes.append((p[0] + dx - hw, p[1] + dy - hh, p[0] + dx + hw, p[1] + dy + hh))
    assert 5 < len(boxes) < 80  # some dropped to hover, many kept
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert layout._overlap(a, b) == 0


def test_a_required_label_is_placed_even_when_crowded():
    points = np.zeros((3, 2))
    sides = layout.place(points, ["苹果", "香蕉", "梨"], required=3)
    assert None not in sides and len({side for side, _ in sides}) == 3  # three sides of the same point


def test_zoom_to_a_cluster_sets_the_axes_around_it():
    words = ["红", "绿", "甜", "酸", "x"]
    coords = np.array([[0.0, 0.0], [0.1, 0.1], [5.0, 5.0], [5.2, 5.1], [-3.0, 2.0]])
    cats = {"红": "colour", "绿": "colour", "甜": "taste", "酸": "taste"}
    fig = charts.scatter(words, cats, np.arange(5), coords, 2, None, True, {}, NAMES, focus="taste")
    x0, x1 = fig.layout.xaxis.range
    assert x0 < 5.0 and x1 > 5.2 and x0 > 0.1  # the taste words, not the colours
    assert {"甜", "酸"} <= set(labelled(fig))


def _annotation_boxes(fig, span):
    """The pixel boxes of the figure's names (beside their point, or at the end of a leader line)."""
    boxes = []
    for a in fig.layout.annotations:
        if a.text:
            ((x, y),) = layout.to_px([[a.x, a.y]], ((-span, span), (-span, span)), (charts.PLANE_PX,) * 2)
            dx, dy = (a.xshift or 0, a.yshift or 0) if a.showarrow is False else (a.ax, -a.ay)
            font = charts.NAME_FONT * chart_style.PROJECTOR_SCALE  # the projector's size
            hw, hh = layout.text_px(a.text, font) / 2, font * 0.65
            boxes.append((x + dx - hw, y + dy - hh, x + dx + hw, y + dy + hh))
    return boxes


def test_forces_names_every_arrow_without_overlap():
    from types import SimpleNamespace

    chain = np.array([[0, 0], [0.01, 0.0], [0.02, 0.01], [0.03, 0.0], [0.04, 0.01]])  # tiny, crowded arrows
    arrows = SimpleNamespace(
        chain=chain, resultant=chain[-1], centre=np.array([0.041, 0.012]), output=np.array([-1.0, 1.0])
    )
    fig = charts.forces(arrows, ["这", "是", "个", "苹果"], "红")
    texts = [a.text for a in fig.layout.annotations if a.text]
    assert sorted(texts) == sorted(["这", "是", "个", "苹果", "h", "W[红]", "W′[红]"])
    boxes = _annotation_boxes(fig, fig.layout.xaxis.range[1])
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert layout._overlap(a, b) == 0


def test_the_film_names_only_the_most_frequent_words():
    words = [f"w{i}" for i in range(100)]
    frames = [np.random.default_rng(i).normal(size=(100, 2)) for i in range(3)]
    names = {"play": "▶", "pause": "‖", "frame": "f"}
    fig = charts.film(frames, ["0", "1", "2"], words, ["c"] * 100, {"c": "#000"}, 2, True, names)
    shown = [t for t in fig.data[0].text if t]
    assert shown == words[: charts.FILM_LABELS]
    assert [c[0] for c in fig.data[0].customdata] == words  # every word on hover


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_default_spaces_labels_name_the_colour_and_taste_clusters(apple_model, lang):
    """The intro promises colour and taste clusters at a glance: the 3-D view names their words, not
    only the most frequent function words."""
    from core.corpus import load_categories
    from core.projection import project
    from ui import CORPORA

    model = apple_model(lang)
    categories = load_categories(str(CORPORA / f"apples_{lang}.categories.tsv"))
    W = model.W.detach().numpy()
    coords = project(W, "pca", 3)
    fig = charts.scatter(
        model.words, categories, np.arange(len(model.words)), coords, 3, None, True, {}, NAMES
    )
    named = {categories.get(w) for w in labelled(fig)}
    # (clusters that sit close, as colour and taste do, may leave one label no free side)
    assert "colour" in named and len(named & {"colour", "taste", "size", "fruit", "texture"}) >= 3
