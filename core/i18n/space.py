"""UI strings of the space page: key -> (中文, English)."""

STRINGS: dict[str, tuple[str, str]] = {
    "space.title": ("潜空间：意义变成几何", "Latent space: meaning as geometry"),
    "space.intro": (
        "word2vec 用一个词的邻居来解释它，就像词典用别的词解释一个词（C8）：训练之后，"
        "能填进“这是一个__苹果”的词——颜色（红、绿）、味道（甜、酸）、大小——在空间里靠在一起，离水果、"
        "人和地点都远；同一类靠得最近（C7）。下面把 W 的每一行画成三维空间里的一个点，按类别上色；"
        "“合力”一栏把上下文向量当作分力相加，和中心词的向量比较（C6）。",
        "word2vec explains a word by its neighbours, as a dictionary explains a word by other words (C8): "
        "after training, the words that fit “this is a __ apple” — colours (red, green), tastes (sweet, "
        "sour), sizes — sit close together, far from fruits, people and places, and each kind closest to its "
        "own (C7). Each row of W is drawn below as a point in 3-D, coloured by category; the Forces panel "
        "adds the context vectors like component forces and compares their resultant with the centre word's "
        "vector (C6).",
    ),
    # source and view controls
    "space.source": ("向量来源", "Vectors"),
    "space.source_model": ("当前模型：{name}", "Session model: {name}"),
    "space.source_upload": ("上传词向量文件", "Upload a vector file"),
    "space.upload": (
        "词向量文件（word2vec 文本/二进制、fastText .vec、GloVe、Projector TSV；最大 {limit_mb} MB）",
        "Vector file (word2vec text/binary, fastText .vec, GloVe, Projector TSV; at most {limit_mb} MB)",
    ),
    "space.upload_meta": (
        "可选：元数据 TSV（词<TAB>类别，或 Projector metadata.tsv）",
        "Optional: metadata TSV (word<TAB>category, or a Projector metadata.tsv)",
    ),
    "space.upload_hint": ("上传一个文件后，这里会显示它的词向量。", "Upload a file to see its vectors here."),
    "space.loaded": (
        "已载入 {name}：{n} 个词，{d} 维。",
        "Loaded {name}: {n} {n:|word|words}, {d} {d:|dimension|dimensions}.",
    ),
    "space.kept_model": ("仍在显示之前的向量。", "Still showing the previous vectors."),
    "space.method": ("投影方法", "Projection"),
    "space.dims": ("维数", "Dimensions"),
    "space.matrix": ("显示哪个矩阵", "Matrix shown"),
    "space.matrix_W": ("W（输入向量，词典）", "W (input vectors, the dictionary)"),
    "space.matrix_W_prime": ("W′（输出向量）", "W′ (output vectors)"),
    "space.no_W_prime": ("导入的向量只有 W，没有 W′。", "Imported vectors have W only, no W′."),
    "space.metric": ("距离", "Distance"),
    "space.metric_cosine": ("余弦相似度", "cosine similarity"),
    "space.metric_euclidean": ("欧氏距离", "euclidean distance"),
    "space.points": ("画出最常见的前 N 个词", "Draw the N most frequent words"),
    "space.zoom": ("放大到一类词", "Zoom to a cluster"),
    "space.zoom_all": ("（全部）", "(everything)"),
    "space.zoom_help": (
        "只放大视图，并标出这一类的词。平面图上也可以拖出一个框来放大、双击还原；三维图用滚轮缩放。"
        "图上只标出重要的词（最常见的、查找的词和它的近邻），其余的词把鼠标移上去就能看到。",
        "Zooms the view to that category and names its words. On a 2-D plot you can also drag a box to "
        "zoom and double-click to zoom out; on a 3-D plot, scroll. Only the important words are named on "
        "the plot (the most frequent, the searched word and its neighbours); hover over any point for "
        "its word.",
    ),
    "space.labels": ("显示词标签", "Show word labels"),
    "space.projecting": ("正在计算 {method} 投影…", "Computing the {method} projection…"),
    "space.explained": (
        "PCA 各轴解释的方差：{axes}（合计 {total}）",
        "Variance explained by each PCA axis: {axes} (total {total})",
    ),
    "space.shown": (
        "画出 {shown} / {total} 个词；近邻搜索覆盖全部 {total} 个词。",
        "{shown} of {total} {total:|word|words} drawn; neighbours are searched over all {total}.",
    ),
    "space.uncategorised": ("其他", "other"),
    # the bundled corpora's categories (core/corpus.py names them in English in both languages)
    "space.cat.colour": ("颜色", "colour"),
    "space.cat.taste": ("味道", "taste"),
    "space.cat.texture": ("口感", "texture"),
    "space.cat.price": ("价格", "price"),
    "space.cat.size": ("大小", "size"),
    "space.cat.number": ("数量", "number"),
    "space.cat.fruit": ("水果", "fruit"),
    "space.cat.person": ("人物", "person"),
    "space.cat.place": ("地点", "place"),
    "space.cat.verb": ("动词", "verb"),
    # find
    "space.find": ("查找词（也可以用正则表达式）", "Find a word (or a regular expression)"),
    "space.find_help": ("例如 苹果、^红、apple|pear", "e.g. apple, ^red, apple|pear"),
    "space.k": ("近邻个数 k", "Neighbours k"),
    "space.matches": ("匹配到 {n} 个词：{words}", "{n} words match: {words}"),
    "space.neighbours_of": (
        "“{word}”的 {k} 个最近邻（在原始 {d} 维空间中计算）",
        "The {k} nearest {k:|neighbour|neighbours} of “{word}” (computed in the original {d}-D space)",
    ),
    "space.col_word": ("词", "word"),
    "space.col_category": ("类别", "category"),
    "space.col_cosine": ("余弦相似度", "cosine"),
    "space.col_distance": ("欧氏距离", "distance"),
    "space.col_probability": ("概率", "probability"),
    "space.isolate": ("只看这些词，重新投影", "Isolate these words and re-project"),
    "space.show_all": ("显示全部", "Show all"),
    "space.isolated": ("只显示选中的 {n} 个词。", "Showing only the {n} selected {n:|word|words}."),
    "space.highlight_query": ("查找的词", "searched"),
    "space.highlight_neighbour": ("近邻", "neighbour"),
    # sections
    "space.section": ("工具", "Tool"),
    "space.tab_analogy": ("类比", "Analogies"),
    "space.tab_odd": ("找不同", "Odd one out"),
    "space.tab_cloze": ("完形填空（C7）", "The cloze (C7)"),
    "space.tab_forces": ("合力（C6）", "Forces (C6)"),
    "space.tab_film": ("训练影片", "Training film"),
    "space.tab_wwp": ("W 与 W′", "W vs W′"),
    "space.tab_export": ("导出", "Export"),
    # analogy
    "space.analogy_help": (
        "a − b + c：从 a 出发，减去 b，再加上 c，看终点附近是哪些词。右表把每个答案和“只看 c 自己的最近邻”"
        "并排（Linzen 2016 的基线）：两列一样时，类比什么也没学到，只是 c 的邻居。",
        "a − b + c: start at a, subtract b, add c, and see which words lie near the end point. The table "
        "puts each answer beside the baseline “the nearest neighbours of c alone” (Linzen 2016): where "
        "the two columns agree, the analogy found nothing but c's neighbourhood.",
    ),
    "space.analogy_antonyms": (
        "反义词在这里靠在一起：这个模型里 cos({a}, {b}) = {cos}。word2vec 只看上下文，"
        "而“一个{a}苹果”“一个{b}苹果”的上下文完全一样（C8）——所以 a − b 这样的差常常几乎为零。",
        "Antonyms sit together here: cos({a}, {b}) = {cos} in this model. word2vec sees only contexts, and "
        "“a {a} apple” and “a {b} apple” share all of theirs (C8) — so a difference such as a − b is often "
        "nearly zero.",
    ),
    "space.analogy_only_neighbour": (
        "{answer} 也正是 {c} 自己的最近邻：在这个模型里，这个类比只显示了 {c} 的邻居，不是一种关系"
        "（cos({a}, {b}) = {cos}）。",
        "{answer} is also {c}'s own nearest neighbour: on this model the analogy shows only {c}'s "
        "neighbourhood, not a relation (cos({a}, {b}) = {cos}).",
    ),
    "space.analogy_moved": (
        "{answer} 不是 {c} 自己的最近邻（那是 {nearest}）：差 {a} − {b} 把终点移出了 {c} 的邻居"
        "（cos({a}, {b}) = {cos}）。",
        "{answer} is not {c}'s own nearest neighbour (that is {nearest}): the offset {a} − {b} moved the "
        "end point out of {c}'s neighbourhood (cos({a}, {b}) = {cos}).",
    ),
    "space.col_baseline": ("{c} 的近邻（基线）", "neighbours of {c} (baseline)"),
    "space.col_baseline_cos": ("基线余弦", "baseline cosine"),
    "space.analogy_a": ("a", "a"),
    "space.analogy_b": ("− b", "− b"),
    "space.analogy_c": ("+ c", "+ c"),
    "space.analogy_result": ("{a} − {b} + {c} ≈ {answer}", "{a} − {b} + {c} ≈ {answer}"),
    "space.analogy_plot": (
        "向量路径（W 的主成分平面，线性投影保留加减）",
        "The vector path (principal plane of W; a linear projection keeps sums as sums)",
    ),
    # odd one out
    "space.odd_help": (
        "输入几个词（空格或逗号分隔），找出和其余最不像的那个。",
        "Type a few words (spaces or commas) and find the one least like the others.",
    ),
    "space.odd_words": ("词", "Words"),
    "space.odd_result": ("最不合群的是：{word}", "The odd one out: {word}"),
    "space.col_fit": ("与组平均方向的余弦", "cosine to the group's mean direction"),
    # cloze
    "space.cloze_help": (
        "用 __ 标出空位。空位两边的词（各取最多一个窗口）经 W 相加成 h，再经 W′ 和 softmax "
        "得到每个词填进空位的概率。几个答案同时都说得通——模型不需要知道是哪一个，"
        "重要的是它们在空间里靠在一起。",
        "Mark the blank with __. The words around it (up to one window each side) go through W and add up to "
        "h; W′ and a softmax turn h into a probability for every word. Several answers fit at once — the "
        "model need not know which; what matters is that they end up close together.",
    ),
    "space.cloze_sentence": ("带空位的句子", "Sentence with a blank"),
    "space.cloze_topk": ("显示前 k 个", "Show the top k"),
    "space.cloze_context": ("用到的上下文：{words}", "Context used: {words}"),
    "space.cloze_unknown": ("不在词表中、已忽略：{words}", "Not in the vocabulary, ignored: {words}"),
    "space.cloze_ns_note": (
        "这个模型用负采样训练：softmax(W′h) 不是它直接优化的目标，只能当作近似。",
        "This model was trained with negative sampling: softmax(W′h) is not what it optimised directly, so "
        "read it as an approximation.",
    ),
    "space.cloze_fact_most": (
        "这个模型把 {share} 的概率给了颜色、味道、口感和大小——能填进空位的几类词。",
        "This model gives {share} of the probability to colours, tastes, textures and sizes — the kinds "
        "of word that fit the blank.",
    ),
    "space.cloze_fact_few": (
        "这个模型只把 {share} 的概率给了颜色、味道、口感和大小；其余大多给了常见的上下文词。",
        "This model gives only {share} of the probability to colours, tastes, textures and sizes; most "
        "goes to frequent context words.",
    ),
    "space.cloze_skipgram": (
        "这个模型是 skip-gram：它学的是从中心词预测上下文，从没学过把上下文相加来预测中心词；"
        "这里用的是 CBOW 的解码方式，所以排在前面的常是高频词。",
        "This model is skip-gram: it learned to predict the context from the centre word, never the centre "
        "from the summed context; this is CBOW's decoding, so frequent words tend to come first.",
    ),
    "space.cloze_by_category": ("按类别合计的概率", "Probability summed by category"),
    # forces
    "space.forces_help": (
        "像高中物理里的力的合成：窗口里每个上下文词的向量是一个分力，首尾相接相加得到合力 h。CBOW 训练把 h "
        "推向中心词的输出向量 W′[中心词]（紫色虚线），而不是它的输入向量 W[中心词]（红色虚线）：W[中心词] "
        "靠近的是和它用法相同的词（比如别的颜色），这些词很少出现在它自己的上下文里。"
        "图画在 h 和 W′[中心词] 所在的平面上：这两支箭头之间的夹角就是真实的夹角；"
        "其余向量是投影到这个平面上的（线性投影，所以图上的和仍是真的和）。下面一句话说的是这个模型、这个窗口的实际数字。",
        "Like composing forces in high-school physics: each context word's vector is a component force; "
        "placed head to tail they add up to the resultant h. CBOW training pulls h toward the centre word's "
        "output vector W′[centre] (purple, dashed), not toward its input vector W[centre] (red, dashed): "
        "W[centre] sits near words used like it (the other colours), which seldom occur in its own context. "
        "The plane drawn is the one through h and W′[centre]: the angle between those two arrows is their "
        "true angle; the other vectors are projected onto it (a linear projection, so the sum on screen is "
        "the true sum). The sentence below says what this model and this window show.",
    ),
    "space.forces_verdict_clear": (
        "这里 cos(h, W′[{word}]) = {out}：明显的拉力，并且大于 cos(h, W[{word}]) = {inp}。",
        "Here cos(h, W′[{word}]) = {out}: a clear pull, larger than cos(h, W[{word}]) = {inp}.",
    ),
    "space.forces_verdict_moderate": (
        "这里 cos(h, W′[{word}]) = {out}：这次训练里拉力中等，仍大于 cos(h, W[{word}]) = {inp}。",
        "Here cos(h, W′[{word}]) = {out}: a moderate pull in this run, still larger than "
        "cos(h, W[{word}]) = {inp}.",
    ),
    "space.forces_verdict_weak": (
        "这里 cos(h, W′[{word}]) = {out}：这次训练里拉力很弱（cos(h, W[{word}]) = {inp}）。",
        "Here cos(h, W′[{word}]) = {out}: the pull is weak in this run (cos(h, W[{word}]) = {inp}).",
    ),
    "space.forces_verdict_none": (
        "这里 cos(h, W′[{word}]) = {out}：在这个窗口里 h 并不指向 W′[{word}]（cos(h, W[{word}]) = {inp}）。",
        "Here cos(h, W′[{word}]) = {out}: in this window h does not point toward W′[{word}] "
        "(cos(h, W[{word}]) = {inp}).",
    ),
    "space.forces_input_closer": (
        "这里 cos(h, W[{word}]) = {inp} 大于 cos(h, W′[{word}]) = {out}：h 离 W[{word}] 反而更近，"
        "这个窗口没有显示出这种拉力。",
        "Here cos(h, W[{word}]) = {inp} exceeds cos(h, W′[{word}]) = {out}: h is nearer W[{word}] than "
        "W′[{word}], so this window does not show the pull.",
    ),
    "space.forces_skipgram": (
        "这个模型是 skip-gram：它从不把上下文相加，而是让每个上下文词单独去预测中心词；"
        "h 只是为了比较才画出来的。",
        "This model is skip-gram: it never adds the context up, but trains each context word against the "
        "centre word on its own; h is drawn for comparison only.",
    ),
    "space.forces_sentence": ("句子", "Sentence"),
    "space.forces_centre": ("中心词", "Centre word"),
    "space.forces_window": ("窗口半径", "Window radius"),
    "space.forces_resultant": ("合力 h = Σ 上下文向量", "resultant h = Σ context vectors"),
    "space.forces_centre_vec": (
        "中心词向量 W[{word}]（缩放到与 h 同长）",
        "centre vector W[{word}] (scaled to h's length)",
    ),
    "space.forces_cos": ("cos(h, W[中心词])", "cos(h, W[centre])"),
    "space.forces_cos_out": ("cos(h, W′[中心词])", "cos(h, W′[centre])"),
    "space.forces_cos_help": (
        "CBOW 的输出层比较的是 h 和 W′ 中的输出向量：训练提高的是这个余弦，而不是上面那个。",
        "CBOW's output layer compares h with the output vectors in W′: training raises this cosine, not the "
        "one above.",
    ),
    "space.forces_dropped": ("不在词表中、已去掉：{words}", "Not in the vocabulary, dropped: {words}"),
    # film
    "space.film_help": (
        "训练时保存的 W 快照。每一帧先用正交 Procrustes 对齐到最后一帧（去掉整体旋转，那不改变任何相似度），"
        "再用同一个 PCA 画出，所以动的是词，不是坐标轴。按 ▶ 播放，或拖动滑块。",
        "Snapshots of W kept during training. Each frame is aligned to the last by orthogonal Procrustes "
        "(removing whole-space rotations, which change no similarity) and drawn with one PCA, so the words "
        "move, not the axes. Press ▶ to play, or drag the slider.",
    ),
    "space.film_none": (
        "这组向量没有训练快照（导入的向量、或尚未训练的模型）。",
        "These vectors have no training snapshots (imported vectors, or an untrained model).",
    ),
    "space.film_frame": ("已训练词数", "words trained"),
    "space.film_play": ("▶ 播放", "▶ Play"),
    "space.film_pause": ("‖ 暂停", "‖ Pause"),  # not ⏸: CJK fonts lack U+23F8 and it showed as a box
    # W vs W'
    "space.wwp_help": (
        "每个词有两个向量：W 中的输入向量（我们要的词典）和 W′ 中的输出向量。它们分别学习，"
        "同一个词的两个向量并不相同——下面是每个词两者的余弦。一个词很少出现在自己的上下文里（“红红”很少见）："
        "i 在上下文里时，要预测的中心词几乎从来不是 i 自己，"
        "所以训练不断压低 W′[i]·W[i]，把两者推向相反的方向。",
        "Every word has two vectors: its input vector in W (the dictionary we want) and its output vector in "
        "W′. They are learned separately and a word's two vectors differ — below, the cosine between them "
        'per word. A word seldom occurs in its own context ("red red" is rare): whenever i is in the '
        "context, the word to predict is almost never i itself, so training keeps lowering W′[i]·W[i] and "
        "pushes the two apart.",
    ),
    "space.wwp_fact_all": (
        "在这个模型里，每个词的余弦都是负的，连最像的也是（最大 {highest}）。",
        "In this model every word's cosine is negative, even the most alike (highest {highest}).",
    ),
    "space.wwp_fact_most": (
        "在这个模型里，{share} 的词的余弦是负的；最像的词达到 {highest}。",
        "In this model {share} of the words have a negative cosine; the most alike reach {highest}.",
    ),
    "space.wwp_fact_few": (
        "在这个模型里，只有 {share} 的词的余弦是负的（最大 {highest}）：这里没有显示出这种推开。",
        "In this model only {share} of the words have a negative cosine (highest {highest}): it does not "
        "show the push apart.",
    ),
    "space.wwp_hist": ("cos(W[i], W′[i]) 的分布", "Distribution of cos(W[i], W′[i])"),
    "space.wwp_most": ("两者最像的词", "Most alike"),
    "space.wwp_least": ("两者最不像的词", "Least alike"),
    "space.col_wwp": ("cos(W, W′)", "cos(W, W′)"),
    # export
    "space.export_coords": ("下载投影坐标（CSV）", "Download projected coordinates (CSV)"),
    "space.export_w2v": ("下载向量（word2vec 文本）", "Download vectors (word2vec text)"),
    "space.export_tsv": ("下载向量（Projector vectors.tsv）", "Download vectors (Projector vectors.tsv)"),
    "space.export_meta": (
        "下载元数据（Projector metadata.tsv）",
        "Download metadata (Projector metadata.tsv)",
    ),
    "space.umap_warming": (
        "UMAP 正在准备（安装后第一次启动时编译），先用 PCA 显示；准备好后自动换成 UMAP。",
        "UMAP is being prepared (compiled at the first start after installing): PCA meanwhile, replaced"
        " by UMAP as soon as it is ready.",
    ),
}
