"""UI strings of the Why-embeddings page: key -> (中文, English)."""

STRINGS: dict[str, tuple[str, str]] = {
    "why.title": (
        "为什么要嵌入：查找表、恒等陷阱与伪逆",
        "Why embeddings: lookup tables, the identity trap, the pseudo-inverse",
    ),
    "why.intro": (
        "C1–C2：查找表只能回答它存过的键，嵌入矩阵 W 把 V 维的独热向量降到 d 维，能回答从没见过的情况。"
        "C3–C4：word2vec 要的是参数 W，而不是预测；把一个词编码再解码回它自己，损失会降到 0，"
        "却什么意义也学不到。C10–C11：这个网络只有一层隐藏层，没有偏置、没有激活函数；W′ 理论上可以由 W "
        "求伪逆得到，但实际上两者各自用梯度下降学习。",
        "C1–C2: a lookup table only answers for the keys it holds; the embedding matrix W reduces a "
        "V-dimensional one-hot vector to d numbers and answers cases it has never seen. C3–C4: word2vec "
        "wants the parameters W, not the predictions — encode a word and decode it back into itself, and the "
        "loss reaches 0 while nothing meaningful is learned. C10–C11: the network has one hidden layer, no "
        "bias, no activation; W′ could in theory be solved from W as a pseudo-inverse, but in practice both "
        "are learned by gradient descent.",
    ),
    "why.word": ("词", "Word"),
    "why.category": ("类别", "Category"),
    # 1. lookup table vs embedding
    "why.lookup.title": ("1 · 查找表 vs 嵌入（C1、C2）", "1 · Lookup table vs embedding (C1, C2)"),
    "why.lookup.text": (
        "查找表把语料里见过的**上下文**（空格左右各最多 2 个词）映射到出现在中间的词。嵌入的做法是 CBOW："
        "把上下文词的 W 行相加，再用 W′ 解码。换一个语料里没出现过的上下文试试：表格无话可说，"
        "嵌入仍然给出合理的答案。",
        "The lookup table maps every **context** seen in the corpus (up to 2 words each side of the blank) "
        "to the words found in the middle. The embedding answers the CBOW way: add the context words' rows "
        "of W and decode with W′. Try a context the corpus never contains: the table has nothing to say, the "
        "embedding still answers sensibly.",
    ),
    "why.lookup.fallback": (
        "当前模型来自上传的语料（原文未保存），这一节使用默认的苹果语料模型。",
        "The active model comes from an uploaded corpus (its text is not kept); this section uses the "
        "default apple-corpus model.",
    ),
    "why.lookup.left": ("空格左边", "Left of the blank"),
    "why.lookup.right": ("空格右边", "Right of the blank"),
    "why.lookup.key": (
        "表格查找的键：**{left}** ＿ **{right}**",
        "The key the table looks up: **{left}** ＿ **{right}**",
    ),
    "why.lookup.table": ("查找表（{keys:,} 个键）", "Lookup table ({keys:,} keys)"),
    "why.lookup.no_key": (
        "没有这个键：查找表无法回答它没存过的问题。",
        "No such key: the table cannot answer beyond what it stored.",
    ),
    "why.lookup.table_answer": (
        "语料中出现过的中间词（频率）",
        "Middle words seen in the corpus (frequency)",
    ),
    "why.lookup.embedding": ("嵌入：softmax(W′ · Σ W[上下文])", "Embedding: softmax(W′ · Σ W[context])"),
    "why.lookup.embedding_answer": ("解码出的概率（前 5）", "Decoded probabilities (top 5)"),
    "why.blend.title": ("两个词之间的点", "A point between two words"),
    "why.blend.a": ("词 A", "Word A"),
    "why.blend.b": ("词 B", "Word B"),
    "why.blend.text": (
        "没有哪张表有“{a} 和 {b} 之间”这个键。在嵌入空间里它只是两行 W 的平均；离它最近的词（余弦相似度，"
        "不含 A、B 本身）：",
        'No table has a key "between {a} and {b}". In the embedding it is just the mean of two rows of W; '
        "the words nearest to it (cosine, A and B themselves excluded):",
    ),
    "why.onehot.title": ("独热向量 × W = W 的一行：降维", "One-hot × W = one row of W: dimension reduction"),
    "why.onehot.text": (
        "一个词先是 V = {V} 维的独热向量（只有一个 1）。乘以 W（V × d）只是**选出**它的那一行：d = {d} "
        "个数（下图左边的细条是 x，深蓝的那一格是 1）。所以嵌入层就是查行——但这张“表”的内容是学出来的，"
        "而且相近的词得到相近的行。",
        "A word starts as a V = {V}-dimensional one-hot vector (a single 1). Multiplying by W (V × d) just "
        "**selects** its row: d = {d} numbers (the thin strip x on the left; its dark blue cell is the 1). "
        "So an embedding layer is a row lookup — but the rows are learned, and similar words get similar "
        "rows.",
    ),
    "why.onehot.x": ("x", "x"),
    "why.onehot.W": ("W（V × d）", "W (V × d)"),
    "why.onehot.row": ("x · W（{d} 维）", "x · W ({d}-dim)"),
    "why.onehot.equal": (
        "x · W 与 W 的那一行逐项相同：最大差 = {diff:g}",
        "x · W equals that row of W entry by entry: max difference = {diff:g}",
    ),
    # 2. the identity trap
    "why.trap.title": ("2 · 恒等陷阱（C4）", "2 · The identity trap (C4)"),
    "why.trap.text": (
        "把一个词用 W 编码成 d 维向量，再用 W′ 解码回**同一个词**，用交叉熵训练。只要 W′ 把 W“抵消”掉，"
        "输出就等于输入——不管这些向量有没有意义。按下训练，看损失降到接近 0，再比较学到的 W 的近邻和当前 "
        "word2vec 模型的近邻。",
        "Encode a word with W into a d-dim vector, decode it with W′ back into **the same word**, train with "
        "cross-entropy. Whenever W′ undoes W the output equals the input — whether or not the vectors mean "
        "anything. Press Train, watch the loss go to ~0, then compare the learned W's neighbours with those "
        "of the session's word2vec model.",
    ),
    "why.trap.d": ("维度 d", "Dimension d"),
    "why.trap.steps": ("训练步数（每步用全部词）", "Steps (each uses every word)"),
    "why.trap.lr": ("学习率（Adam）", "Learning rate (Adam)"),
    "why.trap.train": ("训练恒等陷阱", "Train the identity trap"),
    "why.trap.press": (
        "按“训练恒等陷阱”开始（几秒钟）。",
        'Press "Train the identity trap" to start (a few seconds).',
    ),
    "why.trap.loss": ("损失（交叉熵）", "Loss (cross-entropy)"),
    "why.trap.accuracy": ("argmax 还原正确率", "argmax reconstruction"),
    "why.trap.step": ("步", "step"),
    "why.trap.final_loss": ("最终损失", "Final loss"),
    "why.trap.reconstruction": ("还原正确率", "Reconstruction accuracy"),
    "why.trap.first_perfect": ("首次 100% 还原的步数", "First step with 100% reconstruction"),
    "why.trap.neighbours": ("学到了意义吗？近邻对比", "Did it learn meaning? Neighbours side by side"),
    "why.trap.agree_model": ("{arch} 模型：近邻同类比例", "{arch} model: neighbours of the same category"),
    "why.trap.agree_trap": ("恒等陷阱：近邻同类比例", "Identity trap: neighbours of the same category"),
    "why.trap.agree_chance": ("随机水平", "Chance level"),
    "why.trap.agree_help": (
        "对 {n} 个带类别的词（颜色、味道、水果……），看它余弦最近的 5 个带类别的词里有多少和它同类。",
        "For each of {n} labelled words (colour, taste, fruit…): how many of its 5 nearest labelled words "
        "(cosine) share its category.",
    ),
    "why.trap.no_categories": (
        "当前模型的语料没有类别标注，无法计算近邻同类比例；下表仍可对比近邻。",
        "The active model's corpus has no category labels, so no agreement score; the table below still "
        "compares neighbours.",
    ),
    "why.trap.near_model": ("{arch} 模型的近邻", "{arch} model's neighbours"),
    "why.trap.near_trap": ("恒等陷阱的近邻", "Identity trap's neighbours"),
    "why.trap.product_title": ("W′W 只能近似单位矩阵", "W′W can only approximate I"),
    "why.trap.product_text": (
        "W′W（在我们的存储中是 W_prime @ W.T，V × V）的秩不超过 d = {d} < V = {V}，所以它不可能等于单位矩阵 "
        "I。但每一列最大的数都在对角线上，这就够让 argmax 还原 100% 正确——损失很低，W "
        "却可以是任意一组互不相同的向量。",
        "W′W (in our storage W_prime @ W.T, V × V) has rank at most d = {d} < V = {V}, so it can never equal "
        "the identity I. Yet the largest entry of every column sits on the diagonal, which is all argmax "
        "reconstruction needs — a tiny loss, while W can be any set of distinct vectors.",
    ),
    "why.trap.heatmap": ("W′W（列 = 输入词，行 = 输出词）", "W′W (column = input word, row = output word)"),
    "why.trap.sv": ("W′W 的奇异值（对数轴）", "Singular values of W′W (log axis)"),
    "why.trap.sv_d": ("d = {d}", "d = {d}"),
    "why.trap.sv_caption": (
        "{V} 个奇异值中只有 {nonzero} 个非零；第 d+1 个与最大值之比为 {ratio:.1e}（float64 舍入误差）。I 的 "
        "{V} 个奇异值都是 1。",
        "Only {nonzero} of the {V} singular values are non-zero; the (d+1)-th over the largest is "
        "{ratio:.1e} (float64 rounding). I has all {V} singular values equal to 1.",
    ),
    # 3. pseudo-inverse vs gradient steps
    "why.pinv.title": ("3 · 伪逆 vs 梯度步（C10）", "3 · Pseudo-inverse vs gradient steps (C10)"),
    "why.pinv.text": (
        "讲座说：W′ 理论上可以由 W 直接求（伪）逆得到，但求逆的代价约 O(n³)，而一次梯度步约 O(n)。"
        "这里在本机上实测，V 从 100 增加到 20,000：细长 W（V × d）的伪逆、一次完整 softmax 的 CBOW 梯度步，"
        "以及方阵 V × V 的求逆（没有降维时的情形，d = V）。",
        "The lecture: W′ could be solved from W as a (pseudo-)inverse, but inverting costs about O(n³) while "
        "a gradient step costs about O(n). Measured here on this machine as V grows from 100 to 20,000: the "
        "pseudo-inverse of the thin W (V × d), one full-softmax CBOW gradient step, and the inverse of a "
        "square V × V matrix (the picture without dimension reduction, d = V).",
    ),
    "why.pinv.d": ("维度 d", "Dimension d"),
    "why.pinv.largest": ("最大的 V", "Largest V"),
    "why.pinv.max_square": ("方阵求逆实测到 V =", "Square inverse measured up to V ="),
    "why.pinv.measure": ("开始测量", "Measure"),
    "why.pinv.measuring": (
        "测量中（单线程，每个规模取最快的一次）…",
        "Measuring (one thread, best of several runs per size)…",
    ),
    "why.pinv.press": (
        "按“开始测量”在本机实测（几秒钟）。",
        'Press "Measure" to time it on this machine (a few seconds).',
    ),
    "why.pinv.square": ("方阵 V × V 求逆（实测）", "Square V × V inverse (measured)"),
    "why.pinv.square_extrapolated": ("方阵求逆（按 V³ 外推）", "Square inverse (extrapolated as V³)"),
    "why.pinv.pinv": ("pinv(W)，W 为 V × {d}（实测）", "pinv(W), W is V × {d} (measured)"),
    "why.pinv.step": ("一次梯度步，d = {d}（实测）", "One gradient step, d = {d} (measured)"),
    "why.pinv.ref_cubic": ("参考 c·V³（过第一个点）", "Reference c·V³ (through the first point)"),
    "why.pinv.ref_linear": ("参考 c·V（过第一个点）", "Reference c·V (through the first point)"),
    "why.pinv.seconds": ("秒", "seconds"),
    "why.pinv.extrapolated": ("外推", "extrapolated"),
    "why.pinv.caption": (
        "实线是实测（单线程，每个规模取多次中最快的一次）；方阵求逆只实测到 V = {max_square}，更大的 V "
        "用过最后一个实测点的 a·V³ 外推（虚线），并未真的运行。注意：对 d 固定的细长 W，伪逆只要 O(V·d²)，随 "
        "V 线性增长——O(n³) 是方阵（d = V）的代价。",
        "Solid lines are measured (one thread, the best of several runs per size); the square inverse is "
        "measured only up to V = {max_square}, larger V are extrapolated as a·V³ through the last measured "
        "point (dashed) and never run. Note: for a thin W with fixed d, the pseudo-inverse costs only "
        "O(V·d²), linear in V — O(n³) is the cost for a square matrix (d = V).",
    ),
    "why.pinv.growth": (
        "本机实测：V 从 {v0} 到 {v1}（{k} 倍的词），方阵求逆的时间变成 {square} 倍（约 V^{p_square}），"
        "一次梯度步变成 {step} 倍（约 V^{p_step}）。",
        "Measured on this machine: from V = {v0} to {v1} ({k}× the words) the square inverse took {square}× "
        "the time (about V^{p_square}), a gradient step {step}× (about V^{p_step}).",
    ),
    "why.pinv.independent": (
        "真正的 word2vec 并不由 W 求出 W′：W 和 W′ 是两个独立的矩阵，各自通过反向传播学习。"
        "而且只有恒等任务才要求 W′W ≈ I——CBOW 的 W′ 要从上下文之和预测中间词，它本来就不是 W 的伪逆。",
        "Real word2vec does not solve W′ from W: W and W′ are two independent matrices, each learned by "
        "back-propagation. And only the identity task asks for W′W ≈ I — CBOW's W′ predicts the middle word "
        "from the sum of the context, so it is not W's pseudo-inverse in the first place.",
    ),
    # 4. the linear network
    "why.linear.title": (
        "4 · 线性网络：一层隐藏层，无偏置，无激活（C10、C11）",
        "4 · The linear network: one hidden layer, no bias, no activation (C10, C11)",
    ),
    "why.linear.text": (
        "输入层是上下文词的独热向量之和 x（V 维），隐藏层 h = x · W，正好等于这些词的 W 行之和；"
        "输出层是线性映射 W′h，再经 softmax 得到每个词的概率。隐藏层和输出层只是在同一个空间里把向量相加、"
        "再分解。",
        "The input is the sum x of the context words' one-hot vectors (V-dim); the hidden layer h = x · W is "
        "exactly the sum of those words' rows of W; the output is the linear map W′h, turned into one "
        "probability per word by softmax. Hidden and output layers only add vectors and decompose them in "
        "one space.",
    ),
    "why.linear.context": ("上下文（几个词）", "Context (a few words)"),
    "why.linear.x": ("x 中非零的项（共 {V} 维）：{items}", "Non-zero entries of x (of {V}): {items}"),
    "why.linear.via_one_hot": ("x · W", "x · W"),
    "why.linear.via_rows": ("Σ W[上下文]", "Σ W[context]"),
    "why.linear.equal": (
        "两种算法的 h（{d} 维，上表只显示前 8 维）最大差 = {diff:.1e}",
        "h both ways ({d} {d:|dim|dims}, the first 8 shown): max difference = {diff:.1e}",
    ),
    "why.linear.output": ("输出 softmax(W′h)（前 5）", "Output softmax(W′h) (top 5)"),
    "why.linear.compare_title": ("加一个激活函数会怎样？", "What would an activation change?"),
    "why.linear.compare_text": (
        "在苹果语料上用同样的设置训练三个 CBOW（完整 softmax，d = 16，Adam）：隐藏层不加激活（word2vec）、加 "
        "ReLU、加 tanh，比较损失、近邻的同类比例，以及“可加性误差” ‖f(a+b) − (f(a)+f(b))‖ / ‖f(a+b)‖：0 "
        "表示向量像力一样相加。",
        "Train three CBOW networks on the apple corpus with the same settings (full softmax, d = 16, Adam): "
        "no activation on the hidden layer (word2vec), ReLU, tanh. Compare the loss, the neighbours' "
        "category agreement, and the additivity error ‖f(a+b) − (f(a)+f(b))‖ / ‖f(a+b)‖: 0 means vectors add "
        "like forces.",
    ),
    "why.linear.epochs": ("训练轮数", "Epochs"),
    "why.linear.compare": ("训练并比较", "Train and compare"),
    "why.linear.training": ("训练三个网络…", "Training three networks…"),
    "why.linear.press": (
        "按“训练并比较”实测（每轮约 1 秒）。",
        'Press "Train and compare" to measure it (about 1 s per epoch).',
    ),
    "why.linear.none": ("无激活", "no activation"),
    "why.linear.loss": ("每轮平均损失", "Mean loss per epoch"),
    "why.linear.epoch": ("轮", "epoch"),
    "why.linear.hidden": ("隐藏层", "Hidden layer"),
    "why.linear.final_loss": ("最终损失", "Final loss"),
    "why.linear.agreement": ("近邻同类比例", "Neighbour agreement"),
    "why.linear.chance": ("随机", "chance"),
    "why.linear.additivity": ("可加性误差", "Additivity error"),
    "why.linear.seconds": ("秒", "Seconds"),
    "why.linear.verdict": (
        "**不会改变的**：嵌入层仍然只是查 W 的行，"
        "在这个语料上损失和近邻质量几乎一样——激活函数没有带来更好的词向量。**会改变的**："
        "隐藏层不再是向量之和，f(a+b) ≠ f(a)+f(b)，上下文向量不再像分力那样相加（C6），"
        "“词向量可以加减”的几何图景被打破。",
        "**What does not change**: the embedding layer is still a lookup of W's rows, and on this corpus the "
        "loss and neighbour quality come out about the same — the activation buys no better word vectors. "
        "**What changes**: the hidden layer is no longer a sum of vectors, f(a+b) ≠ f(a)+f(b), so context "
        "vectors no "
        'longer add like component forces (C6) and the "word vectors add and subtract" geometry is lost.',
    ),
    # issue 13: the identity trap is bounded and runs as a background job
    "why.trap.limit": (
        "陷阱最多用 {limit} 个词——当前模型里最常见的那些（本模型 V = {V}，这里用 {n} 个）：V × V "
        "的矩阵因此很小；若用 50,000 个词，每个这样的矩阵要 10 GB。",
        "The trap uses at most {limit} words — the active model's most frequent ones (this model has V = "
        "{V}; {n} are used here) — so its V × V matrices stay small; 50,000 words would need 10 GB per "
        "matrix.",
    ),
    "why.trap.queued": (
        "排队中：前面还有 {ahead} 个恒等陷阱在训练，马上轮到你。",
        "In line: {ahead} identity-trap run(s) ahead of yours; yours starts shortly.",
    ),
    "why.trap.training": ("训练中：第 {step} / {steps} 步", "Training: step {step} of {steps}"),
    "why.trap.heatmap_part": (
        "热图只画出最常见的 {shown} 个词（共 {V} 个）；右边的奇异值来自完整的 {V} × {V} 矩阵。",
        "The heatmap draws the {shown} most frequent of the {V} words; the singular values on the right are "
        "those of the full {V} × {V} matrix.",
    ),
    "why.onehot.window": (
        "图中只画出 W 的第 {lo}–{hi} 行（共 {V} 行），选中的词在其中。",
        "The picture draws rows {lo}–{hi} of W's {V} rows, around the chosen word.",
    ),
}
