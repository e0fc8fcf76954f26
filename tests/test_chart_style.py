"""The shared chart look: one sign convention for every heatmap, and the projector's larger text."""

import numpy as np

from ui import attention_charts, chart_style, transformer_charts, why_charts


def test_signed_scale_is_centred_on_zero_and_symmetric():
    style = chart_style.signed(np.array([[-0.5, 2.0], [np.nan, -np.inf]]))
    assert style["zmid"] == 0 and style["zmin"] == -2.0 and style["zmax"] == 2.0
    scale = dict((pos, colour) for pos, colour in chart_style.DIVERGING)
    assert scale[0.5] == "#f7f7f7"  # zero is white
    assert scale[0.9] == chart_style.POSITIVE and scale[0.1] == chart_style.NEGATIVE
    assert chart_style.sign_colours([0.3, 0.0, -1e-9]) == [chart_style.POSITIVE] * 2 + [chart_style.NEGATIVE]


def test_every_pages_heatmaps_share_the_scales():
    z = np.array([[1.0, -1.0], [0.5, 0.0]])
    att = attention_charts.heatmaps(
        [(z, ["a", "b"], ["1", "2"], "s", "signed"), (abs(z), ["a", "b"], ["a", "b"], "A", "weights")]
    )
    why = why_charts.one_hot_picture(np.eye(2)[0], z, 0, ["a", "b"], ("x", "W", "xW"))
    product = why_charts.product_heatmap(z, ["a", "b"], "W'W")
    cross = transformer_charts.cross_attention(["a", "b"], ["c", "d"], abs(z))
    signed = [att.data[0], why.data[1], why.data[2], product.data[0]]
    weights = [att.data[1], why.data[0], cross.data[0]]
    for heat in signed:
        assert [list(c) for c in heat.colorscale] == chart_style.DIVERGING and heat.zmid == 0
    for heat in weights:
        assert [list(c) for c in heat.colorscale] == chart_style.SEQUENTIAL and heat.zmin == 0


def test_projector_enlarges_every_text():
    fig = attention_charts.heatmaps([(np.ones((3, 3)), list("abc"), list("abc"), "title", "weights")])
    before = fig.to_dict()
    after = chart_style.for_projector(fig.to_dict())
    assert after["layout"]["title"]["font"]["size"] > before["layout"]["title"]["font"]["size"]
    assert after["layout"]["font"]["size"] >= 18  # axis ticks follow the base font
    assert after["data"][0]["textfont"]["size"] >= 15  # the numbers in the cells
    assert after["layout"]["height"] > before["layout"]["height"]
    # explicit sizes for what Streamlit's chart theme would otherwise draw small
    assert after["layout"]["xaxis"]["tickfont"]["size"] == chart_style.PROJECTOR_FONT
    assert after["layout"]["yaxis"]["tickfont"]["size"] == chart_style.PROJECTOR_FONT
    assert after["layout"]["legend"]["font"]["size"] == chart_style.PROJECTOR_FONT


def test_heatmap_cells_carry_numbers_only_when_wide_enough():
    def texts(fig):
        return [bool(tr.texttemplate) for tr in fig.data if tr.type == "heatmap"]

    rows = [str(i) for i in range(11)]
    wide = attention_charts.heatmaps([(np.ones((11, 32)), rows, [str(i) for i in range(32)], "X", "signed")])
    square = attention_charts.heatmaps([(np.ones((11, 11)), rows, rows, "A", "weights")])
    pair = attention_charts.heatmaps([(np.ones((11, 11)), rows, rows, "A", "weights")] * 2)
    assert texts(wide) == [False]  # 32 columns of ~20 px: the numbers would run into each other
    assert texts(
        attention_charts.heatmaps(
            [(np.ones((13, 13)), rows + ["a", "b"], rows + ["a", "b"], "A", "weights")] * 2
        )
    ) == [False, False]
    assert texts(square) == [True] and texts(pair) == [True, True]
