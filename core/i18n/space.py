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
        "a − b + c：从 a 出发，减去 b，再加上 c，看终点附近是哪些词。",
        "a − b + c: start at a, subtract b, add c, and see which words lie near the end point.",
    ),
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
    "space.cloze_by_category": ("按类别合计的概率", "Probability summed by category"),
    # forces
    "space.forces_help": (
        "像高中物理里的力的合成：窗口里每个上下文词的向量是一个分力，首尾相接相加得到合力 h。CBOW 训练把 h "
        "推向中心词的输出向量 W′[中心词]（紫色虚线，右边它的余弦通常明显为正），而不是它的输入向量 "
        "W[中心词]（红色虚线）：W[中心词] 靠近的是和它用法相同的词（比如别的颜色），"
        "这些词很少出现在它自己的上下文里，所以 cos(h, W[中心词]) 可能是负的。图是 W 的主成分平面（线性投影，"
        "所以图上的和就是真的和）。",
        "Like composing forces in high-school physics: each context word's vector is a component force; "
        "placed head to tail they add up to the resultant h. CBOW training pulls h toward the centre word's "
        "output vector W′[centre] (purple, dashed; its cosine on the right is usually clearly positive), not "
        "toward its input vector W[centre] (red, dashed): W[centre] sits near words used like it (the other "
        "colours), which seldom occur in its own context, so cos(h, W[centre]) may well be negative. The "
        "plane is W's principal plane (a linear projection, so the sum on screen is the true sum).",
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
        "CBOW 的输出层比较的是 h 和 W′ 中的输出向量，所以这个余弦通常更大。",
        "CBOW's output layer compares h with the output vector in W′, so this cosine is usually the larger "
        "one.",
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
        "同一个词的两个向量并不相同——下面是每个词两者的余弦。它们多半是负的，连“最像”的也是："
        "一个词很少出现在自己的上下文里（“红红”很少见）。i 在上下文里时，h 含有 W[i]，"
        "而要预测的中心词几乎从来不是 i 自己，所以每一步都在压低 W′[i]·W[i]。",
        "Every word has two vectors: its input vector in W (the dictionary we want) and its output vector in "
        "W′. They are learned separately and a word's two vectors differ — below, the cosine between them "
        'per word. Most are negative, even the "most alike": a word seldom occurs in its own context '
        '("red red" is rare). Whenever i is in the context, h contains W[i] and the centre word to predict '
        "is almost never i itself, so every such step lowers W′[i]·W[i].",
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
