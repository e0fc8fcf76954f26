"""Issue 26: the Transformer figure's block text stays inside its block on a projector (presentation mode,
1366×768: the figure is ~520 px wide and 720 px tall, its text 1.4× larger) in both languages and both modes;
the loss block's reference sentence used to run out of its box."""

import re

import pytest

from core import i18n
from ui import chart_style
from ui.label_layout import text_px
from ui.transformer_charts import BLOCK_FONT, BLOCKS, block_lines

WIDTH_PX, HEIGHT_PX = 520, 600 * chart_style.PROJECTOR_HEIGHT  # the figure's left column at 1366 px
FONT = BLOCK_FONT * chart_style.PROJECTOR_SCALE
DETAILS = {  # details as the page writes them (pages/transformer.py) for the translator's sentences
    "src_in": "这个 紫 苹果 很 甜",
    "tgt_in": "&lt;bos&gt; this purple apple is sweet",
    "top": "vs “this is a red apple &lt;eos&gt;”",
}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("mode", ["train", "infer"])
def test_every_block_text_fits_its_block_on_a_projector(lang, mode):
    for block, (x0, x1, y0, y1, _) in BLOCKS.items():
        key = f"transformer.b_{block}"
        label = i18n.text(key if key in i18n.STRINGS else f"{key}_{mode}", lang)
        lines = [
            re.sub(r"<[^>]+>", "", line).replace("&lt;", "<").replace("&gt;", ">")
            for line in block_lines(label, DETAILS.get(block, ""))
        ]
        widest = max(text_px(line, FONT) * 1.1 for line in lines)  # bold is ~10 % wider
        assert widest <= (x1 - x0) / 10.4 * WIDTH_PX, (block, lang, lines)
        assert len(lines) * FONT * 1.3 <= (y1 - y0) / 10 * HEIGHT_PX, (block, lang, lines)
