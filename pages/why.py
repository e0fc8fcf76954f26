"""Why embeddings (C1–C4, C10, C11): a lookup table fails beyond its keys where an embedding answers;
one-hot @ W selects a row; the token → W → W′ → token identity trap trains to ~0 loss and learns nothing;
a closed-form pseudo-inverse against a gradient step, measured; the linear network with and without an
activation, measured."""

import ui
from ui import why_panels as why

ui.header("why")
t = ui.t
model = ui.get_model()
# The table needs the model's own corpus text; for an uploaded corpus fall back to the default model.
table_model = why.table_model_for(model)
zh = table_model.tokenizer == "jieba"

why.lookup_panel(model, table_model, t)
why.blend_panel(table_model, t)
why.onehot_panel(model, zh, t)
why.trap_panel(model, zh, t)
why.pinv_panel(t)
why.linear_panel(model, zh, t)
why.compare_panel(table_model, t)
