"""UI strings of the Arc page (lookup table → embeddings → Transformer, measured): key -> (中文, English)."""

STRINGS: dict[str, tuple[str, str]] = {
    "nav.arc": ("从查找表到 GPT", "From lookup table to GPT"),
    "arc.title": (
        "讲座的主线，量一量：查找表 → 嵌入 → Transformer",
        "The lecture's arc, measured: lookup table → embeddings → Transformer",
    ),
    "arc.intro": (
        "同一个任务：看前面的词，猜下一个词。三个模型在同一批句子上训练，再在**没见过的**句子上打分。"
        "C1：查找表只能回答它存过的上下文；C2–C10：嵌入网络把前几个词的 W 行相加再用 W′ 解码，相似的词有"
        "相似的向量，"
        "所以没见过的组合也能猜；C12–C15：Transformer 用注意力把所有前面的词组合起来。最后让这个小 GPT 一"
        "个词一个词地写。",
        "One task: read the words so far, predict the next one. Three models train on the same sentences "
        "and are "
        "scored on sentences they **never saw**. C1: a lookup table only answers contexts it stored; C2–C"
        "10: the "
        "embedding network adds the previous words' rows of W and decodes with W′ — similar words get sim"
        "ilar "
        "vectors, so unseen combinations still get answers; C12–C15: a Transformer combines all the previ"
        "ous words "
        "through attention. Then the tiny GPT writes, one word at a time.",
    ),
    "arc.corpus": ("语料", "Corpus"),
    "arc.source_apples_zh": ("水果世界（中文，内置）", "Fruit world (Chinese, bundled)"),
    "arc.source_apples_en": ("水果世界（英文，内置）", "Fruit world (English, bundled)"),
    "arc.source_upload": ("上传 .txt", "Upload a .txt"),
    "arc.seed": ("随机种子", "Seed"),
    "arc.upload": (
        "选择文本文件（最大 {limit_mb} MB，每行一句）",
        "Choose a text file (at most {limit_mb} MB, one sentence per line)",
    ),
    "arc.upload_caps": (
        "上限：只用文本开头的 {tokens:,} 个训练词（另取 10% 的句子作留出集），词表最多 {vocab:,} 个词（其"
        "余记作 <unk>），"
        "一句超过 {words} 个词就切开。",
        "Limits: only the text's first {tokens:,} training words are used (10% of its sentences are held "
        "out), "
        "at most {vocab:,} words in the vocabulary (the rest become <unk>), and a sentence longer than {w"
        "ords} "
        "words is cut into pieces.",
    ),
    "arc.fruit_split": (
        "留出集：所有同时含有 {pairs} 之一组合的句子——训练句子里从来没有这些组合。",
        "Held out: every sentence combining one of {pairs} — no training sentence has these combinations.",
    ),
    "arc.train": ("训练三个模型（≤ {seconds} 秒）", "Train the three (≤ {seconds} s)"),
    "arc.retrain": ("重新训练（≤ {seconds} 秒）", "Train again (≤ {seconds} s)"),
    "arc.stop": ("停止", "Stop"),
    "arc.queued": (
        "排队中：前面还有 {ahead} 个训练。这台机器一次只训练一个，好让其他同学的页面保持流畅。",
        "Waiting in line: {ahead} run(s) ahead. This machine trains one at a time so everyone's pages sta"
        "y fast.",
    ),
    "arc.starting": ("正在读文本……", "Reading the text…"),
    "arc.scoring": ("在留出句子上打分", "Scoring the held-out sentences"),
    "arc.model_lookup": ("查找表", "Lookup table"),
    "arc.model_embedding": ("嵌入网络", "Embedding network"),
    "arc.model_transformer": ("Transformer（小 GPT）", "Transformer (tiny GPT)"),
    "arc.results": ("留出句子上的困惑度", "Perplexity on held-out sentences"),
    "arc.data_stats": (
        "{name}：训练 {train:,} 个词；留出 {sentences:,} 句、{heldout:,} 个词；词表 {vocab:,}（留出词中 {"
        "unk:.1%} 不在词表里）。",
        "{name}: {train:,} training words; {sentences:,} held-out sentences, {heldout:,} words; vocabulary "
        "{vocab:,} ({unk:.1%} of held-out words outside it).",
    ),
    "arc.col_model": ("模型", "Model"),
    "arc.col_sees": ("看到什么", "What it reads"),
    "arc.col_ppl": ("困惑度（越低越好）", "Perplexity (lower is better)"),
    "arc.col_seconds": ("训练秒数", "Training s"),
    "arc.sees_lookup": (
        "前 {k} 个词，作为表里的键（没见过就退到更短的键）",
        "the last {k} words, as a key (unseen: back off to a shorter key)",
    ),
    "arc.sees_embedding": (
        "前 {k} 个词的 W 行之和，再乘 W′",
        "the sum of the last {k} words' rows of W, times W′",
    ),
    "arc.sees_transformer": (
        "前面所有的词（最多 {k} 个位置），经注意力组合",
        "all the previous words (up to {k} positions), combined by attention",
    ),
    "arc.unseen": ("查找表没见过的上下文", "Contexts the lookup table never saw"),
    "arc.unseen_help": (
        "留出句子里，有多少个位置的完整上下文（前 {k} 个词）不在表里：这时表只能退回更短的上下文。",
        "Share of held-out positions whose full context (the last {k} words) is not a key of the table: t"
        "here "
        "it can only back off to a shorter context.",
    ),
    "arc.uniform": ("什么都不懂的模型的困惑度", "Perplexity of a model that knows nothing"),
    "arc.uniform_help": (
        "困惑度 = exp(留出词的平均 −log P)。均匀地猜整个词表，困惑度就等于词表大小；每次都确定且猜对，困"
        "惑度是 1。"
        "三个模型用同一个函数、同一个词表计算。查找表用插值绝对折扣平滑（D = 0.75），最后退到加一平滑的词"
        "频，所以没有概率为 0 的词。",
        "Perplexity = exp(mean −log P of the held-out words). Guessing uniformly over the vocabulary scor"
        "es its "
        "size; always sure and right scores 1. One function, one vocabulary for all three. The lookup tab"
        "le is "
        "smoothed by interpolated absolute discounting (D = 0.75) down to add-one word counts, so no word"
        " gets "
        "probability 0.",
    ),
    "arc.verdict_clear": (
        "在这些留出句子上，**{best}** 明显胜过查找表：困惑度 {ppl:.2f} 对 {lookup:.2f}，低了 {ratio:.1f} "
        "倍。",
        "On these held-out sentences the **{best}** clearly beats the lookup table: perplexity {ppl:.2f} "
        "against {lookup:.2f}, {ratio:.1f}× lower.",
    ),
    "arc.verdict_slight": (
        "在这些留出句子上，**{best}** 比查找表好，但只好一点：困惑度 {ppl:.2f} 对 {lookup:.2f}（低 {ratio"
        ":.2f} 倍）。",
        "On these held-out sentences the **{best}** beats the lookup table, but only slightly: perplexity "
        "{ppl:.2f} against {lookup:.2f} ({ratio:.2f}× lower).",
    ),
    "arc.verdict_lookup_best": (
        "在这些留出句子上，**{best}** 的困惑度最低。两个网络只训练了不到一分钟；更长的训练会不会改变名次"
        "，这里没有测。",
        "On these held-out sentences the **{best}** has the lowest perplexity. The networks trained for u"
        "nder "
        "a minute; whether longer training changes the order is not measured here.",
    ),
    "arc.verdict_embedding_over_transformer": (
        "这里嵌入网络的困惑度也比 Transformer 低。",
        "Here the embedding network also scores lower than the Transformer.",
    ),
    "arc.cut_short": (
        "Transformer 的时间预算用完了，没有跑完全部训练步数（机器忙时会这样）。",
        "The Transformer's time budget ran out before its last training step (this happens on a busy mach"
        "ine).",
    ),
    "arc.loss_title": ("训练损失（交叉熵）", "Training loss (cross-entropy)"),
    "arc.loss_x": ("训练进度", "Share of training done"),
    "arc.loss_y": ("损失", "Loss"),
    "arc.compare": ("同一个留出句子，三个模型的答案", "One held-out sentence, three answers"),
    "arc.sentence": ("留出句子", "Held-out sentence"),
    "arc.position": ("猜第几个词", "Which word to predict"),
    "arc.position_help": (
        "0 = 第一个词（只看到 <s>）；超过句长就是句末 </s>。",
        "0 = the first word (only <s> seen); past the end: the sentence's end </s>.",
    ),
    "arc.context": (
        "已经看到：{context} → 真正的下一个词：**{truth}**（橙色）",
        "Seen so far: {context} → the real next word: **{truth}** (orange)",
    ),
    "arc.p_truth": ("P({truth}) = {p:.3f}", "P({truth}) = {p:.3f}"),
    "arc.backoff": (
        "表里有这个上下文的最后 {k} 个词作为键。",
        "The table holds the context's last {k} word(s) as a key.",
    ),
    "arc.backoff_none": (
        "表里连最后 1 个词都没有：只剩词频。",
        "The table holds not even the last word: only word counts are left.",
    ),
    "arc.generate": ("小 GPT 怎样写：一次一个词", "How the tiny GPT writes: one word at a time"),
    "arc.generate_intro": (
        "每一步，模型给整个词表一个概率分布；温度把它变尖（< 1）或变平（> 1），温度 0 永远选最可能的词；t"
        "op-k 只留下最可能的 k 个词。"
        "然后按概率抽一个词，接到后面，再猜下一个。种子相同，写出的文字相同。",
        "At each step the model gives the whole vocabulary a probability; temperature sharpens it (< 1) or "
        "flattens it (> 1), temperature 0 always takes the most probable word; top-k keeps only the k most "
        "probable words. One word is drawn, appended, and the next one predicted. The same seed writes the "
        "same text.",
    ),
    "arc.prompt": ("开头", "Start"),
    "arc.prompt_unknown": (
        "不在词表里，当作 <unk>：{words}",
        "Not in the vocabulary, read as <unk>: {words}",
    ),
    "arc.temperature": ("温度", "Temperature"),
    "arc.temperature_help": (
        "0 = 贪心（总选最可能的词）；1 = 模型原本的分布；2 = 很平。",
        "0 = greedy (always the most probable word); 1 = the model's own distribution; 2 = very flat.",
    ),
    "arc.top_k": ("top-k（0 = 不限）", "top-k (0 = all words)"),
    "arc.top_k_help": ("只在最可能的 k 个词里抽。", "Draw only among the k most probable words."),
    "arc.gen_seed": ("抽样种子", "Sampling seed"),
    "arc.gen_words": ("最多写几个词", "Words to write, at most"),
    "arc.ended": (
        "模型选了句末 </s>：它认为句子写完了。",
        "The model chose the sentence end </s>: it considers the sentence done.",
    ),
    "arc.step": ("看第几步", "Show step"),
    "arc.candidates": ("候选词（抽中：{word}）", "Candidates (drawn: {word})"),
    "arc.p_raw": ("温度 1 时的概率", "P at temperature 1"),
    "arc.p_shaped": ("温度 {temperature:.1f}、top-k 之后", "after temperature {temperature:.1f} and top-k"),
    "arc.heads": ("写出“{word}”之前，每个头看了哪些词", "Where each head looked before writing “{word}”"),
    "arc.heads_caption": (
        "一开始选中的是最新的位置：正是它写出了这个词。每条线是一个头的权重 softmax(q·kᵀ/√d)，"
        "每个词的线加起来是 1；因果掩码让线只连到前面的词，从不连到后面。",
        "The newest position is picked first: it is the one that wrote the word. Each line is one head's "
        "weight softmax(q·kᵀ/√d), a word's lines add up to 1; the causal mask lets lines reach earlier "
        "words only, never later ones.",
    ),
    "error.lm_too_small": (
        "文本太少：训练部分和留出部分都需要有词（并且至少有一个词出现足够多次）。",
        "Too little text: both the training and the held-out part need words (and at least one word must "
        "occur often enough).",
    ),
}
