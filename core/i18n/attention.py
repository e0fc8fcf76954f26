"""UI strings of the attention page: key -> (中文, English). Strings given params are str.format-ted,
so their LaTeX braces are doubled."""

STRINGS: dict[str, tuple[str, str]] = {
    "attention.title": ("注意力：一个矩阵一个矩阵地算", "Attention, one matrix at a time"),
    "attention.intro": (
        "词典（W）只解释单个的词，把词组合成有意义的句子需要更多（C12）。注意力一次读入整句：T 个词向量组成 "
        "T 行的矩阵 X，输出又是 T 行（C14）。X 乘以 W_Q、W_K、W_V 得到 Q、K、V，再算 Q·Kᵀ（C15）"
        "——讲座在这里停下，本页把剩下的 ÷√d_k、掩码、softmax、·V 一步步算完，并且每一步都和 PyTorch 对照。",
        "A dictionary (W) explains single words; combining them into a meaningful sentence needs more (C12). "
        "Attention reads the whole sentence at once: T word vectors form a T-row matrix X, and the output is "
        "again T rows (C14). X times W_Q, W_K, W_V gives Q, K, V, then Q·Kᵀ (C15) — the lecture stops there; "
        "this page finishes ÷√d_k, mask, softmax and ·V step by step, each checked against PyTorch.",
    ),
    # input
    "attention.settings": (
        "设置：X 从哪来、权重 W_Q/W_K/W_V、温度、头数",
        "Settings: where X comes from, weights W_Q/W_K/W_V, temperature, heads",
    ),
    "attention.input": ("输入：句子 → X", "Input: a sentence → X"),
    "attention.sentence": (
        "句子（按当前模型语料的方式分词）",
        "Sentence (tokenised as the current model's corpus)",
    ),
    "attention.source": ("X 的每一行", "Each row of X"),
    "attention.source_model": ("模型的词向量", "the model's word vectors"),
    "attention.source_onehot": ("独热向量", "one-hot"),
    "attention.source_integers": ("手填的小整数", "small integers, by hand"),
    "attention.unknown": (
        "不在模型词表里、已略去：{words}",
        "Not in the model's vocabulary, left out: {words}",
    ),
    "attention.truncated": ("只取前 {n} 个词", "Only the first {n} tokens are used"),
    "attention.no_tokens": (
        "没有可用的词：换一个句子，或改用独热向量 / 手填整数。",
        "No usable tokens: try another sentence, or one-hot / integers.",
    ),
    "attention.d_in": ("d_in（X 的列数）", "d_in (columns of X)"),
    "attention.mask": ("掩码", "Mask"),
    "attention.mask_none": ("无", "none"),
    "attention.mask_causal": ("因果（不看后面的词）", "causal (no peeking ahead)"),
    "attention.mask_padding": ("填充（补齐的 <pad>）", "padding (<pad> tokens)"),
    "attention.n_pad": ("<pad> 的个数", "Number of <pad> tokens"),
    # weights
    "attention.weights": ("权重 W_Q、W_K、W_V", "Weights W_Q, W_K, W_V"),
    "attention.init": ("权重 W_Q、W_K、W_V 从哪来", "Where W_Q, W_K, W_V come from"),
    "attention.init_learned": ("训练好的翻译器（学到的）", "the trained translator (learned)"),
    "attention.init_random": ("随机（固定种子）", "random (seeded)"),
    "attention.init_identity": ("单位矩阵", "identity"),
    "attention.init_hand": ("手填", "by hand"),
    "attention.sentence_zh": ("句子（翻译器读的中文）", "Sentence (Chinese: the translator's input)"),
    "attention.layer": ("层", "Layer"),
    "attention.head_pick": ("头", "Head"),
    "attention.learned_training": (
        "翻译器正在后台训练（约半分钟）；训练好后这里会自动换成它学到的权重。",
        "The translator is training in the background (about half a minute); its learned weights replace "
        "these by themselves once it is ready.",
    ),
    "attention.learned_note": (
        "这是翻译器编码器的自注意力：X 是这一层的输入（层归一化之后），d_model = {d}；W_Q、W_K、W_V "
        "是它训练出来的"
        "矩阵（{d}×{d}，带偏置 b），分成 {h} 个头，每头 d_k = {d_k} 列。编码器不加掩码。",
        "This is the translator's encoder self-attention: X is the layer's input (after its LayerNorm), "
        "d_model = {d}; W_Q, W_K, W_V are its trained matrices ({d}×{d}, with biases b), split into {h} "
        "heads "
        "of d_k = {d_k} columns. The encoder uses no mask.",
    ),
    "attention.which_learned": (
        "**这里显示的是学到的权重**：训练好的中译英翻译器，编码器第 {layer} 层、头 "
        "{head}，在翻译训练中学会了这样分配注意力。"
        "权重大表示这个头在算当前词的输出时，从那个词的 v 里取得多。这句话里最强的：{strongest}"
        "（全都一样大时每个是 {uniform}）。",
        "**Shown here: learned weights** — the trained Chinese → English translator's encoder, layer "
        "{layer}, "
        "head {head}, which learned to spread its attention this way while learning to translate. A large "
        "weight means this head takes more of that token's value v into the current token's output. The "
        "strongest in this sentence: {strongest} (all equal would be {uniform} each).",
    ),
    "attention.which_learned_tau": (
        "注意：温度 τ = {tau} 改变了 softmax，这些已经不是翻译器实际用的权重（τ = 1 才是）。",
        "Note: the temperature τ = {tau} changes the softmax, so these are no longer the weights the "
        "translator uses (τ = 1 gives those).",
    ),
    "attention.which_random": (
        "**这里显示的是随机权重**：什么也没学过，所以下面的模式还没有任何意义——权重大只说明两个随机投影的点"
        "积大。"
        "选“训练好的翻译器”看一个真正学过的模型在读什么。",
        "**Shown here: random weights.** Nothing has been learned, so the pattern below means nothing yet — "
        "a "
        "large weight only says two random projections happen to have a large dot product. Choose “the "
        "trained translator” to see what a model that learned something reads.",
    ),
    "attention.which_identity": (
        "**这里显示的是单位矩阵**：Q = K = V = X，一个词关注的是向量和它自己相似的词——这是相似度，不是学到的"
        "相关性。",
        "**Shown here: identity weights.** Q = K = V = X, so a token attends to tokens whose vectors "
        "resemble "
        "its own — similarity, not learned relevance.",
    ),
    "attention.which_hand": (
        "**这里显示的是你手填的权重**：模式的意义就是你填的数字让它有的意义。",
        "**Shown here: weights typed by hand.** The pattern means whatever your numbers make it mean.",
    ),
    "attention.d_out_same": ("d_out = d_in", "d_out = d_in"),
    "attention.seed": ("随机种子", "Seed"),
    "attention.pytorch_layout": ("按 PyTorch 的存储方式显示", "Show PyTorch's layout"),
    "attention.hand_too_big": (
        "手填只适合 d_in、d_out ≤ {n} 的小矩阵：这里用随机值。",
        "Editing by hand is for d_in, d_out ≤ {n}: random values are used here.",
    ),
    "attention.show_weights": ("查看 W_Q、W_K、W_V", "Show W_Q, W_K, W_V"),
    "attention.lecture_note": (
        "讲座的写法：X 是 T×d_in，每个 W 是 d_in×d_out，Q = X·W_Q。",
        "The lecture's layout: X is T×d_in, each W is d_in×d_out, Q = X·W_Q.",
    ),
    "attention.layout_note": (
        "PyTorch 的写法：nn.Linear 和 nn.MultiheadAttention 按 (输出×输入) 存权重，即 in_proj_weight[:E] = "
        "W_Qᵀ，Q = F.linear(X, W_Qᵀ) = X·W_Q——数值完全相同，只是转置存放。",
        "PyTorch's layout: nn.Linear and nn.MultiheadAttention store weights as (out×in), so "
        "in_proj_weight[:E] = W_Qᵀ and Q = F.linear(X, W_Qᵀ) = X·W_Q — the same numbers, stored transposed.",
    ),
    "attention.random_note": (
        "随机权重取 N(0, 1/d_in) 再除以 X 的均方根 {rms}：相当于 X 先做了层归一化（Transformer "
        "的输入就是这样），q、k 的元素大小约为 1，softmax 既不平也不饱和。",
        "Random weights are N(0, 1/d_in) divided by X's root mean square {rms}: as if X were layer-normed "
        "(as a Transformer's input is), so q and k entries are of size ~1 and the softmax is neither flat "
        "nor saturated.",
    ),
    "attention.temperature": ("温度 τ（除以 √d_k·τ）", "Temperature τ (divide by √d_k·τ)"),
    "attention.heads": ("头数 h", "Heads h"),
    # trust badge
    "attention.trust": (
        "与 PyTorch 对照（float64，实时）：max|Δ| 对 scaled_dot_product_attention = {sdpa}；{mha}",
        "Checked live against PyTorch (float64): max|Δ| vs scaled_dot_product_attention = {sdpa}; {mha}",
    ),
    "attention.trust_mha": (
        "对 nn.MultiheadAttention（相同权重）= {delta}",
        "vs nn.MultiheadAttention (same weights) = {delta}",
    ),
    "attention.trust_mha_na": (
        "nn.MultiheadAttention 要求 d_out = d_in（当前 {d_out} ≠ {d_in}），打开“d_out = d_in”即可对照",
        "nn.MultiheadAttention needs d_out = d_in (here {d_out} ≠ {d_in}); switch on “d_out = d_in” to "
        "compare",
    ),
    "attention.section": ("看哪一部分", "Show"),
    "attention.section_steps": ("一步一步", "Step by step"),
    "attention.section_heads": ("多头", "Heads"),
    "attention.section_cbow": ("CBOW vs 注意力", "CBOW vs attention"),
    "attention.section_perm": ("打乱词序", "Shuffle the words"),
    # stepper
    "attention.all": ("全部一起显示", "All at once"),
    "attention.back": ("◀ 上一步", "◀ Back"),
    "attention.next": ("下一步 ▶", "Next ▶"),
    "attention.step_of": ("第 {i}/{n} 步：{name}", "Step {i} of {n}: {name}"),
    "attention.step_x": ("X：每个词一行", "X: one row per token"),
    "attention.step_qkv": ("Q = XW_Q，K = XW_K，V = XW_V", "Q = XW_Q, K = XW_K, V = XW_V"),
    "attention.step_kt": ("转置 K → Kᵀ", "Transpose K → Kᵀ"),
    "attention.step_scores": ("S = Q·Kᵀ", "S = Q·Kᵀ"),
    "attention.step_scale": ("除以 √d_k", "Divide by √d_k"),
    "attention.step_mask": ("掩码", "Mask"),
    "attention.step_softmax": ("逐行 softmax", "Softmax, row by row"),
    "attention.step_output": ("Z = A·V", "Z = A·V"),
    "attention.explain_x": (
        "整句一次送入：T = {T} 个词向量叠成 T×d_in = {T}×{d_in} 的矩阵 X，每行一个词（C14）。",
        "The whole sentence goes in at once: T = {T} {T:|word vector|word vectors} stacked into X, "
        "T×d_in = {T}×{d_in}, one "
        "row per token (C14).",
    ),
    "attention.explain_qkv": (
        "同一个 X 乘以三个不同的矩阵（C15）：查询 Q（我在找什么）、键 K（我能提供什么）、值 "
        "V（我实际交出什么）。d_out = {d_out} 决定输出维度，可以比 d_in = {d_in} "
        "大或小——升维降维都是常规操作。",
        "The same X times three different matrices (C15): queries Q (what am I looking for), keys K (what do "
        "I offer), values V (what I hand over). d_out = {d_out} sets the output dimension and may be larger "
        "or smaller than d_in = {d_in} — raising or lowering dimension is routine.",
    ),
    "attention.explain_kt": (
        "把 K 转置成 d_k×T，这样 Q（T×d_k）乘 Kᵀ 正好得到 T×T：每个词对每个词一个分数。讲座就停在这里。",
        "Transpose K into d_k×T so that Q (T×d_k) times Kᵀ gives T×T: one score for every pair of tokens. "
        "The lecture stops here.",
    ),
    "attention.explain_scores": (
        "S[i, j] = q_i·k_j：第 i 个词的查询和第 j 个词的键的点积（它意味着什么，见上面说明权重来源的那句话）"
        "。"
        "选一个格子，看它逐项展开。",
        "S[i, j] = q_i·k_j: the dot product of token i's query with token j's key (what that means depends "
        "on "
        "where the weights come from: see the sentence above). Pick a cell to see it expanded term by term.",
    ),
    "attention.explain_scale": (
        "除以 √d_k = {sqrt}（再除以温度 τ = {temp}）。d_k 个乘积相加，方差随 d_k 增长；不缩放时 softmax "
        "会饱和成独热，梯度几乎为零。",
        "Divide by √d_k = {sqrt} (and by the temperature τ = {temp}). A sum of d_k products has a variance "
        "that grows with d_k; unscaled, the softmax saturates into one-hot and its gradient all but "
        "vanishes.",
    ),
    "attention.explain_mask": (
        "不允许的位置设为 −∞，softmax 之后恰好为 0。因果掩码：第 i 个词只能看第 1…i 个词（生成时看不到未来）"
        "；填充掩码：补齐用的 <pad> 不能被任何词看到。",
        "Forbidden positions become −∞, which the softmax turns into exactly 0. Causal: token i sees tokens "
        "1…i only (a generator cannot see the future); padding: no token may look at the <pad> filler.",
    ),
    "attention.explain_softmax": (
        "每一行做 softmax：A[i, j] = exp(s_ij) / Σ_j exp(s_ij)。每行都是非负的、加起来等于 1 的权重——第 i "
        "个词把注意力怎么分给其他词。",
        "Softmax each row: A[i, j] = exp(s_ij) / Σ_j exp(s_ij). Every row is non-negative weights summing to "
        "1 — how token i shares its attention among the tokens.",
    ),
    "attention.explain_output": (
        "Z = A·V：输出的第 i 行是 V 各行的加权和，权重就是 A 的第 i 行。输出还是 T = {T} 行（C14），每行 "
        "d_out = {d_out} 维。",
        "Z = A·V: output row i is the weighted sum of V's rows, weighted by row i of A. The output again has "
        "T = {T} {T:|row|rows} (C14), each of d_out = {d_out} {d_out:|dimension|dimensions}.",
    ),
    "attention.cell_i": ("行 i（查询）", "Row i (query)"),
    "attention.cell_j": ("列 j（键）", "Column j (key)"),
    "attention.dot": (
        "S[{i}, {j}] = q({wi})·k({wj}) = {products} = **{total}**",
        "S[{i}, {j}] = q({wi})·k({wj}) = {products} = **{total}**",
    ),
    "attention.terms_title": (
        "q_{i}[m]·k_{j}[m]：每一维的乘积（相加即 S[{i}, {j}]）",
        "q_{i}[m]·k_{j}[m]: one product per dimension (their sum is S[{i}, {j}])",
    ),
    "attention.ablation": (
        "**消融：不除以 √d_k 会怎样？** 左图：q、k 的元素取自 N(0, 1)，T = 8 个键，每行最大权重的平均值随 "
        "d_k 变化。不缩放时它趋向 1（独热，饱和）；缩放后保持稳定。右图：当前输入不缩放时的权重。",
        "**Ablation: what if we skip ÷√d_k?** Left: q, k entries drawn from N(0, 1), T = 8 keys, the mean "
        "largest weight per row as d_k grows. Unscaled it tends to 1 (one-hot, saturated); scaled it stays "
        "put. Right: the current input's weights without scaling.",
    ),
    "attention.ablation_title": ("每行最大的 softmax 权重（平均）", "Largest softmax weight per row (mean)"),
    "attention.unscaled": ("不缩放 softmax(S)", "unscaled softmax(S)"),
    "attention.scaled": ("缩放 softmax(S/√d_k)", "scaled softmax(S/√d_k)"),
    "attention.max_weight": ("最大权重", "largest weight"),
    "attention.unscaled_now": (
        "当前输入不缩放：softmax(S)，d_k = {d_k}",
        "Current input unscaled: softmax(S), d_k = {d_k}",
    ),
    "attention.masked_title": (
        "掩码后（{mask}）：−∞ 的格子为空",
        "After the mask ({mask}): −∞ cells are empty",
    ),
    "attention.row_sums": ("每行之和：{sums}", "Row sums: {sums}"),
    "attention.row_i": ("展开输出的第 i 行", "Expand output row i"),
    "attention.weighted_sum": ("z({w}) = z_{i} = {terms}", "z({w}) = z_{i} = {terms}"),
    "attention.parts_title": (
        "A[{i}, j]·v_j 每一行，最后一行是它们的和 z_{i}",
        "A[{i}, j]·v_j one per row; the last row is their sum z_{i}",
    ),
    # heads
    "attention.heads_explain": (
        "把 W_Q、W_K、W_V 的 d_out = {d_out} 列平均分成 h = {h} 组，每组 d_head = {d_head} 列，"
        "各自做一次注意力；各头的输出拼接成 T×{d_out}，再乘 W_O（{d_out}×{d_in}）回到 d_model = {d_in}。"
        "训练过的头可以各自关注不同的关系；随机的头之间的不同只是偶然。",
        "Split the d_out = {d_out} {d_out:|column|columns} of W_Q, W_K, W_V into h = {h} "
        "{h:|group|groups} of d_head = {d_head}, one "
        "attention each; concatenate the heads' outputs into T×{d_out} and multiply by W_O ({d_out}×{d_in}) "
        "back to d_model = {d_in}. Each head can attend to a different relation — if its weights were "
        "trained to; random heads differ only by chance.",
    ),
    "attention.head": ("头 {n} 的权重 A（d_head = {d_head}）", "Head {n}'s weights A (d_head = {d_head})"),
    # CBOW vs attention
    "attention.cbow_explain": (
        "CBOW（C5）把中心词前后各 {w} 个词（窗口 ±{w}，中心词本身除外）的词向量直接相加："
        "窗口里每个词权重都一样（左图按行缩放成加起来等于 1：每个邻居 1/{n}，句首句尾邻居少、各占得多），"
        "窗口外的词权重为 0，不管它是哪个词、对谁有用。注意力给每个词自己的一行权重，由 q_i·k_j 决定，"
        "可以看整句的任何词——看的是作者**选了哪些词**（C8）。至于**词序**：两者都看不出来（见下一节），"
        "Transformer 要另加位置信息。"
        "（这一页的模型训练时用的窗口是 ±{model_w}；word2vec 还会把每个窗口随机缩小到 1…窗口。）",
        "CBOW (C5) simply adds the vectors of the {w} {w:|word|words} on each side of the centre "
        "(window ±{w}, the "
        "centre itself excluded): every word in the window weighs the same (left, scaled to rows of 1: "
        "1/{n} per neighbour; near the sentence's ends fewer neighbours each weigh more), every word outside "
        "it weighs 0, whatever it is and whoever needs it. Attention gives each token its own row of "
        "weights over the whole sentence, set by q_i·k_j — it looks at **which words** the author chose "
        "(C8). As for **word order**: neither can see it (next section); a Transformer adds positional "
        "information. (This page's model was trained with window ±{model_w}; word2vec also shrinks each "
        "window at random to 1…window.)",
    ),
    "attention.cbow_window": ("CBOW 窗口（每侧）", "CBOW window (each side)"),
    "attention.cbow_map": ("CBOW：窗口 ±{w} 内均匀平均", "CBOW: uniform over the ±{w} window"),
    "attention.attn_map": ("注意力：按内容加权 A", "Attention: weighted by content, A"),
    # permutation
    "attention.perm_seed": ("打乱用的种子", "Shuffle seed"),
    "attention.perm_explain": (
        "新顺序：{order}。没有位置信息（也不加掩码）时，把 X 的行打乱，输出的行只是跟着同样打乱："
        "max|attention(PX) − P·attention(X)| = {delta}。注意力本身分不清“狗咬人”和“人咬狗”。",
        "New order: {order}. Without positional information (and without a mask), permuting X's rows only "
        "permutes the output's rows: max|attention(PX) − P·attention(X)| = {delta}. Attention by itself "
        "cannot tell “dog bites man” from “man bites dog”.",
    ),
    "attention.perm_a": ("attention(P·X)", "attention(P·X)"),
    "attention.perm_b": ("P·attention(X)", "P·attention(X)"),
    # the "show the code" expander
    "attention.code": (
        "看代码：core.attention.attention_steps（这一页的每个矩阵都由它算出）",
        "Show the code: core.attention.attention_steps (every matrix on this page comes from it)",
    ),
}
