"""UI strings of the learned-attention views (ui/attention_views.py): key -> (中文, English)."""

STRINGS: dict[str, tuple[str, str]] = {
    "views.layer": ("层", "Layer"),
    "views.layer_n": ("第 {n} 层", "layer {n}"),
    "views.head": ("头", "Head"),
    "views.heads": ("显示哪些头", "Heads shown"),
    "views.head_n": ("头 {n}", "head {n}"),
    "views.focus": (
        "只看一个词的连线（也可以点左边的词）",
        "Only one token's lines (or click a token on the left)",
    ),
    "views.focus_all": ("全部词", "every token"),
    "views.no_heads": ("没有选中任何头：在上面选一个。", "No head is picked: pick one above."),
    "views.head_view_title": (
        "第 {layer} 层：左边的词（查询）读右边的哪些词（键）",
        "Layer {layer}: which tokens on the right (keys) each token on the left (query) reads",
    ),
    "views.head_view_caption": (
        "只画权重 ≥ 0.05 的连线，越粗越深权重越大，每个头一种颜色。每个词在选中的头里读得最多的：{facts}。",
        "Lines only for weights ≥ 0.05; wider and darker is heavier; one colour per head. What each token "
        "reads most in the heads shown: {facts}.",
    ),
    "views.model_view_title": ("第 {layer} 层 · 头 {head}", "Layer {layer} · head {head}"),
    "views.model_view_caption": (
        "每一行是一个查询词的注意力，加起来为 1。这个头每行最大的权重平均是 {sharp}"
        "（全都一样大时是 {uniform}）：越接近 1，这个头越是“只看一个词”。",
        "Each row is one query token's attention and sums to 1. This head's largest weight per row is "
        "{sharp} on average (all equal would be {uniform}): the closer to 1, the more the head reads a "
        "single token.",
    ),
    "views.query": ("查询词", "Query token"),
    "views.neuron_title": (
        "“{w}” 的查询，第 {layer} 层 · 头 {head}：逐维计算",
        "The query of “{w}”, layer {layer} · head {head}, dimension by dimension",
    ),
    "views.n_k": ("k_j（每个键）", "k_j (each key)"),
    "views.n_qk": ("q({w}) ⊙ k_j：逐维相乘", "q({w}) ⊙ k_j: products per dimension"),
    "views.n_score": ("q·k_j/√d_k", "q·k_j/√d_k"),
    "views.n_softmax": ("softmax：a_j", "softmax: a_j"),
    "views.n_v": ("v_j", "v_j"),
    "views.n_av": ("a_j·v_j", "a_j·v_j"),
    "views.n_q": ("q({w})", "q({w})"),
    "views.n_z": ("z({w}) = Σ a_j·v_j", "z({w}) = Σ a_j·v_j"),
    "views.neuron_caption": (
        "q⊙k_j 每一行相加就是 q·k_j，再除以 √d_k = {sqrt}（d_k = {d_k}）；softmax 把这一列变成加起来为 1 "
        "的权重 a_j。“{w}” 读得最多的是 {best}：q·k/√d_k = {score}，权重 {weight}。最后每个 v_j 乘以 a_j "
        "再相加，得到输出行 z——BertViz 的神经元视图到 softmax 就停了。",
        "Each row of q⊙k_j adds up to q·k_j, then divided by √d_k = {sqrt} (d_k = {d_k}); the softmax turns "
        "that column into weights a_j that sum to 1. “{w}” reads {best} most: q·k/√d_k = {score}, weight "
        "{weight}. Finally each v_j is multiplied by a_j and the rows added: the output row z — where "
        "BertViz's neuron view stops at the softmax.",
    ),
    "views.col_word": ("英文词", "English word"),
    "views.col_reads": ("读得最多的中文词", "Chinese word it reads most"),
    "views.col_weight": ("权重", "weight"),
    "views.col_second": ("其次", "next"),
}
