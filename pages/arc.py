"""The lecture's arc, measured (C1 → C2–C10 → C12–C15): a lookup table, the embedding network and a tiny GPT
trained on the same sentences, scored on the same held-out ones, then the GPT writing word by word."""

import ui
from ui import arc_generate, arc_panels

ui.header("arc")
arc, source = arc_panels.corpus_and_run()
if arc is not None:
    arc_panels.results(arc)
    arc_panels.compare(arc)
    arc_generate.section(arc, source)
