"""UI strings of the Train word2vec page: key -> (中文, English)."""

STRINGS: dict[str, tuple[str, str]] = {
    "train.title": ("训练 word2vec：CBOW 与 skip-gram", "Train word2vec: CBOW and skip-gram"),
    "train.intro": (
        "C5：CBOW 取一个奇数窗口，挖掉中间的词，把其余词用**同一个**嵌入矩阵 W 映射成向量并相加，再用 W′ "
        "解码，与被挖掉的词比较得到损失。C9：skip-gram 反过来，从中心词的向量还原上下文。二者都是自监督的："
        "程序自己从文本里挖词，不需要标注。C6：上下文向量像分力，中心词的向量是它们的合力。",
        "C5: CBOW takes an odd window, blanks the middle word, maps the others through the **same** "
        "embedding matrix W, adds their vectors and decodes the sum with W′; the loss compares it with the "
        "blanked word. C9: skip-gram is the reverse — from the centre word's vector, recover its context. "
        "Both are self-supervised: a program blanks words out of any text, no labels. C6: the context "
        "vectors are component forces; the centre word's vector is their resultant.",
    ),
    "train.corpus": ("语料", "Corpus"),
    "train.corpus_zh": ("中文苹果语料（内置）", "Chinese apple corpus (bundled)"),
    "train.corpus_en": ("英文苹果语料（内置）", "English apple corpus (bundled)"),
    "train.corpus_upload": ("上传 .txt（≤ 50 MB，UTF-8 或 GBK）", "Upload a .txt (≤ 50 MB, UTF-8 or GBK)"),
    "train.upload": ("选择文本文件（最大 {limit_mb} MB）", "Choose a text file (at most {limit_mb} MB)"),
    "train.corpus_stats": (
        "{name}：{tokens:,} 个词，词表 {vocab:,} 个词（分词：{tokenizer}）",
        "{name} · tokens: {tokens:,} · vocabulary size: {vocab:,} (tokenizer: {tokenizer})",
    ),
    "train.tokenizer": ("分词方式", "Tokenizer"),
    "train.settings": ("超参数", "Settings"),
    "train.arch": ("架构", "Architecture"),
    "train.output": ("输出层", "Output layer"),
    "train.softmax": ("完整 softmax（精确）", "Full softmax (exact)"),
    "train.negative_sampling": ("负采样", "Negative sampling"),
    "train.dim": ("维度 d", "Dimension d"),
    "train.window": ("窗口（每侧）", "Window (each side)"),
    "train.negative": ("负样本数", "Negatives"),
    "train.epochs": ("轮数", "Epochs"),
    "train.alpha": ("学习率 α", "Learning rate α"),
    "train.min_count": ("最小词频", "min_count"),
    "train.sample": ("高频词下采样", "Subsampling"),
    "train.sample_help": (
        "word2vec 在大语料上常用 0.001：随机丢掉高频词（如“的”）的一部分出现。内置的苹果语料只有约 90 个词，"
        "下采样会丢掉几乎每个词的大部分出现，所以这里默认 0。",
        "word2vec uses 0.001 on large corpora: it randomly drops some occurrences of frequent words (like "
        "“the”). The bundled apple corpora have about 90 words, where subsampling would drop most "
        "occurrences of nearly every word, so the default here is 0.",
    ),
    "train.seed": ("随机种子", "Seed"),
    "train.cbow_mean": ("上下文取平均（而非相加）", "Average the context (instead of summing)"),
    "train.start": ("开始", "Start"),
    "train.pause": ("暂停", "Pause"),
    "train.resume": ("继续", "Resume"),
    "train.stop": ("停止", "Stop"),
    "train.step": ("单步", "Step"),
    "train.use": ("使用此模型", "Use this model"),
    "train.used": (
        "已设为本会话的模型：其他页面现在使用它。",
        "Now the session's model: the other pages use it.",
    ),
    "train.state.running": ("训练中…", "Training…"),
    "train.state.paused": ("已暂停", "Paused"),
    "train.state.stopped": ("已停止：保留最后一个完整状态", "Stopped: the last complete state is kept"),
    "train.state.done": ("训练完成", "Training finished"),
    "train.state.failed": ("训练失败", "Training failed"),
    "train.progress": (
        "第 {epoch}/{epochs} 轮 · {done:,}/{total:,} 词 · {wps:,.0f} 词/秒 · 剩余约 {left}",
        "epoch {epoch}/{epochs} · {done:,}/{total:,} words · {wps:,.0f} words/s · about {left} left",
    ),
    "train.progress_ended": (
        "第 {epoch}/{epochs} 轮 · {done:,}/{total:,} 词 · {wps:,.0f} 词/秒",
        "epoch {epoch}/{epochs} · {done:,}/{total:,} words · {wps:,.0f} words/s",
    ),
    "train.loss": ("损失", "Loss"),
    "train.loss_interval": ("每个报告区间的平均损失", "Mean loss per report interval"),
    "train.loss_epoch": ("每轮平均损失（横线 = 这一轮的词）", "Mean loss per epoch (bar: the epoch's words)"),
    "train.loss_note": (
        "每个点是一段词上每个样本的平均损失，画在这一段的中间；没有平滑，所以曲线不会落后于训练。"
        "小语料一轮只报告一次时，两种点重合。",
        "Each point is the mean loss per example over a stretch of words, drawn at the stretch's middle; "
        "nothing is smoothed, so no curve lags behind the run. On a small corpus that reports once per "
        "epoch the two kinds of points coincide.",
    ),
    "train.pace": ("讲课节奏（约 {pace} 秒）", "Lecture pace (about {pace} s)"),
    "train.pace_help": (
        "把一次训练拉长到约 {pace} 秒，好让全班看着损失曲线一点点下降，也来得及暂停、停止。训练本身的速度"
        "不变：只是在两次报告之间等待。关闭时按真实速度训练。",
        "Spreads a run over about {pace} s, so a class can watch the loss curve fall and has time to "
        "pause or stop. Training itself runs at full speed: the run only waits between reports. Off: real "
        "speed.",
    ),
    "train.pace_note": (
        "讲课节奏：这次训练被拉长到约 {pace} 秒；其中真正训练的时间（到目前为止）：{seconds} 秒。",
        "Lecture pace: this run is spread over about {pace} s; time spent training (so far): {seconds} s.",
    ),
    "train.lr": ("学习率（线性衰减）", "Learning rate (linear decay)"),
    "train.words_done": ("已处理的词", "Words processed"),
    "train.run_of": ("这次训练的语料：{name}，{arch}", "This run: corpus {name}, {arch}"),
    "train.run_hidden": (
        "上一次训练（语料 {name}）的结果不在这里显示：它不属于现在选的语料。选回那份语料即可再看到它。",
        "The last run's results (corpus {name}) are not shown here: they do not belong to the corpus now "
        "chosen. Choose that corpus again to see them.",
    ),
    "train.no_run": (
        "设置好超参数后点击「开始」；或点击「单步」看一个训练样本。",
        "Choose settings and press Start — or press Step to see one training example.",
    ),
    "train.step_title": ("一个训练样本（讲座里的图）", "One training example (the lecture's picture)"),
    "train.step_window_cbow": (
        "窗口：中心词被挖掉（CBOW 要猜它）",
        "Window: the centre is blanked (CBOW guesses it)",
    ),
    "train.step_window_sg": (
        "窗口：上下文被挖掉（skip-gram 从中心词猜它们）",
        "Window: the context is blanked (skip-gram guesses it from the centre)",
    ),
    "train.step_context_vectors": (
        "上下文向量（W 的行）与它们的和 h",
        "Context vectors (rows of W) and their sum h",
    ),
    "train.step_hidden": (
        "h = 上下文向量之和（隐藏层，没有偏置、没有激活函数）",
        "h = sum of the context vectors (the hidden layer: no bias, no activation)",
    ),
    "train.step_hidden_sg": ("h = 中心词的向量（W 的一行）", "h = the centre word's vector (a row of W)"),
    "train.step_probs": (
        "解码：softmax(W′h) 的前 {k} 个词（红色 = 真实的词）",
        "Decoded: the top {k} of softmax(W′h) (red = the true word)",
    ),
    "train.step_loss_softmax_cbow": (
        "这一步的损失：{loss} = −log p(真实词)，p = {p}（更新之前）",
        "Loss of this step: {loss} = −log p(true word), with p = {p} (before the update)",
    ),
    "train.step_loss_softmax_sg": (
        "这个窗口的损失：{loss}，是 n = {n} 个上下文词的 −log p 之和，每一项在它自己的更新之前算出；"
        "真实词在更新之前的平均概率：{p}",
        "Loss of this window: {loss}, the sum of −log p over its context words (n = {n}), each taken just "
        "before its own update; the true words' mean probability before the step: {p}",
    ),
    "train.step_loss_negative": (
        "这一步的损失：{loss}。负采样并不计算上面的柱子：它们是 softmax(W′h) 对全部 {v} 个词的分布，"
        "是模型的预测（真实词：{p}）。负采样的损失只给真实词和 k = {k} 个负样本打分，每个用 sigmoid："
        "−log σ(s_真) − Σ log σ(−s_负)，这里 σ(s_真) = {sigma}。所以损失不等于 −log p：两者量的是不同的东西，"
        "随着学习通常一起变好。",
        "Loss of this step: {loss}. Negative sampling does not compute the bars above: they are softmax(W′h) "
        "over all {v} words, the model's prediction (true word: {p}). Its loss scores only the true word and "
        "the negatives (k = {k}), each with a sigmoid: −log σ(s_true) − Σ log σ(−s_neg), here with "
        "σ(s_true) = {sigma}. So the loss is not −log p: they measure different things, and usually improve "
        "together as it learns.",
    ),
    "train.step_p_rose": (
        "同一个窗口上，真实词的概率在这一步之后上升了：{before} → {after}（{delta} 个百分点）。",
        "On this same window the true word's probability rose with this step: {before} → {after} "
        "({delta} percentage points).",
    ),
    "train.step_p_fell": (
        "同一个窗口上，真实词的概率在这一步之后下降了：{before} → {after}（{delta} 个百分点）。"
        "SGD 沿着它自己的损失的梯度走一步，并不保证每个量都变好。",
        "On this same window the true word's probability fell with this step: {before} → {after} "
        "({delta} percentage points). A step of SGD follows the gradient of its own loss; it does not "
        "promise that every quantity improves.",
    ),
    "train.step_p_same": (
        "同一个窗口上，真实词的概率在 float32 里没有变化：{before} → {after}。变化小于 float32 的精度"
        "（概率已经接近 1，或这一步太小）。",
        "On this same window the true word's probability did not change in float32: {before} → {after}. The "
        "change is below float32's precision (it is already close to 1, or the step is too small).",
    ),
    "train.step_repeats": (
        "同一个窗口连续走了 {n} 步：红线是真实词的概率，0 = 第一步之前，之后每个点 = 每一步之后。",
        "The same window, stepped {n} times in a row: the red line is the true word's probability, "
        "0 = before the first step, then after each step.",
    ),
    "train.step_slow_start": (
        "新模型从 W′ = 0、很小的 W（±1/d）开始：每个词的概率都是 1/V，一步只能把它挪动一点点。"
        "在同一个窗口上多走几步、先训练，或者调大 α，就能看到它爬升。",
        "A fresh model starts with W′ = 0 and a small W (±1/d): every word has probability 1/V, and one "
        "step moves it only a little. Step the same window again, train first, or raise α to see it climb.",
    ),
    "train.step_axis_steps": ("在这个窗口上走的步数", "steps on this window"),
    "train.step_again": ("同一窗口再走一步", "Same window again"),
    "train.step_again_help": (
        "用同一个窗口（和同样的负样本）再训练一步，看真实词的概率一步步上升。",
        "Train on the same window (and the same negatives) once more, to watch the true word's probability "
        "rise step after step.",
    ),
    "train.step_W": (
        "W（输入矩阵，V×d）：本步更新的行已标出",
        "W (input matrix, V×d): rows this step changed are marked",
    ),
    "train.step_W_prime": (
        "W′（输出矩阵，V×d）：本步更新的行已标出",
        "W′ (output matrix, V×d): rows this step changed are marked",
    ),
    "train.step_changed": (
        "这一步改变的行 —— W：{nw} / {v}；W′：{nwp} / {v}",
        "Rows changed by this step — W: {nw} of {v}; W′: {nwp} of {v}",
    ),
    "train.step_W_zero": (
        "W 没有变：W′ 从零开始（word2vec 的初始化），所以传回 h 的误差 error · W′[被打分的词] 是零，"
        "W 每一行的梯度也都是零。这一步只改变了 W′；从下一步起 W 也会动。",
        "W did not change: W′ starts at zero (word2vec's initialisation), so the error sent back to h, "
        "error · W′[scored words], was zero, and so was the gradient of every row of W. This step moved "
        "only W′; from the next step on, W moves too.",
    ),
    "train.step_W_some": (
        "W：h 里变了的行：{nw} / {inputs}；其余的变化小于 float32 能表示的精度。",
        "W: rows in h that changed: {nw} of {inputs}; the others moved by less than float32 can hold.",
    ),
    "train.step_W_all": (
        "W：组成 h 的那几行（输入词的行）都变了，而且只有它们：梯度到不了 W 的其他行。",
        "W: the rows that make up h (the input words' rows) changed, and only they: the gradient reaches "
        "no other row of W.",
    ),
    "train.step_Wp_all_softmax": (
        "W′：全部 {nwp} 行都变了：完整 softmax 给每个词打分，所以 W′ 的每一行都得到梯度 (p_j − y_j)·h。",
        "W′: all {nwp} rows changed: the full softmax scores every word, so every row of W′ gets a "
        "gradient (p_j − y_j)·h.",
    ),
    "train.step_Wp_all": (
        "W′：被打分的词的行都变了，也只有它们：真实词和抽到的（不重复的）负样本，共 {nwp} 行。",
        "W′: the rows of the scored words changed, and only they: the true word(s) and the distinct "
        "negatives drawn (rows: {nwp}).",
    ),
    "train.step_Wp_some": (
        "W′：被打分的 {scored} 行中有 {nwp} 行变了。其余 {rest} 行也得到了梯度，"
        "但太小（这些词的概率接近 0），"
        "α·梯度低于 float32 在它们的数值旁能表示的精度：存下来的数没有变。",
        "W′: {nwp} of the {scored} scored rows changed. The other {rest} also received a gradient, but so "
        "small (their words' probability is near 0) that α·gradient is below float32's precision next to "
        "their values: the stored numbers did not change.",
    ),
    "train.step_dW_prime_scale": (
        "图上看起来只有 ★ 那一行有颜色：它变了 {big}（最大 |Δ|），其余各行最多变了 {small}，小 {ratio} 倍，"
        "在同一个色标上几乎是白色——它们的梯度是 p_j·h，而真实词的是 (p − 1)·h。",
        "Only the ★ row looks coloured: it moved by up to {big} (largest |Δ|), every other row by at most "
        "{small}, {ratio}× less, which is near white on the same colour scale — their gradient is p_j·h, "
        "the true word's (p − 1)·h.",
    ),
    "train.step_dW": (
        "ΔW = 更新后的 W − 更新前的 W（变了的行）",
        "ΔW = W after − W before (the rows that changed)",
    ),
    "train.step_dW_prime": (
        "ΔW′ = 更新后的 W′ − 更新前的 W′（变了的行）",
        "ΔW′ = W′ after − W′ before (the rows that changed)",
    ),
    "train.step_after": ("这一步之后的 W 与 W′", "W and W′ after this step"),
    "train.step_big_vocab": (
        "热图显示 {v} 行中的 {n} 行：这个窗口的词、被改变的行和概率最高的词。",
        "The heatmaps show {n} of the {v} rows: this window's words, the rows that changed and the most "
        "probable words.",
    ),
    "train.neg_title": (
        "负采样：unigram^0.75 分布与本步抽到的负样本",
        "Negative sampling: the unigram^0.75 distribution and this step's negatives",
    ),
    "train.neg_explain": (
        "负采样不算完整的 softmax，只把真实词往上推、把按 unigram^0.75 抽到的负样本往下压：每个预测抽 "
        "k = {k} 个（CBOW 每个窗口一次预测；skip-gram 每个上下文词一次，各抽各的，和 word2vec.c、gensim "
        "一样）。0.75 次方让罕见词更常被抽到。",
        "Negative sampling skips the full softmax: it pushes the true word up and pushes down the negatives "
        "drawn from unigram^0.75, k = {k} for each prediction (CBOW: one per window; skip-gram: one per "
        "context word, each with its own draws, as in word2vec.c and gensim). The 0.75 power makes rare "
        "words drawn more often than their frequency.",
    ),
    "train.neg_freq": ("词频分布", "Word frequency"),
    "train.neg_dist": ("unigram^0.75", "unigram^0.75"),
    "train.neg_drawn": ("本步的负样本", "Negatives drawn this step"),
    "train.neg_none": (
        "当前使用完整 softmax：没有负样本，损失给词表里的每个词打分。",
        "Full softmax is on: no negatives; the loss scores every word of the vocabulary.",
    ),
    "train.busy": (
        "训练进行中：先暂停或停止，再单步。",
        "Training is running: pause or stop it before stepping.",
    ),
    # reading an upload in the background (ui/train_setup.py reading_view)
    "train.reading": ("正在读取并分词：{percent}", "Reading and splitting into words: {percent}"),
    "train.reading_queued": (
        "排队读取中：前面还有 {ahead} 个文件。服务器一次只读一个上传的文件。",
        "In line to be read: {ahead} file(s) ahead of yours. The server reads one upload at a time.",
    ),
    # the "show the code" expander of step mode
    "train.code": (
        "看代码：core.word2vec_reference（单步模式运行的就是它）",
        "Show the code: core.word2vec_reference (what step mode runs)",
    ),
    "train.code_kernel": (
        "“开始”训练用的是同样的 SGD，一次一个样本，只是用 numba 编译（core/w2v_kernel.py）："
        "每次预测抽 k 个负样本（skip-gram 每个（中心词，上下文词）对各抽 k 个，CBOW 每个窗口 k 个），"
        "和 word2vec.c、gensim 一样；skip-gram 按它们的顺序循环：每个上下文词的向量预测中心词"
        "（还是同样的词对）。tests/test_w2v_kernel.py 检查两者给定同样的窗口和负样本时，"
        "W 与 W′ 一致到 1e-5（float32）。",
        "Start trains with the same SGD, one example at a time, compiled with numba (core/w2v_kernel.py): "
        "k negatives for each prediction (k for every (centre, context) pair of skip-gram, k per CBOW "
        "window), as word2vec.c and gensim draw them; skip-gram is looped as they loop it, each context "
        "word's vector predicting the centre (the same pairs). tests/test_w2v_kernel.py checks that, given "
        "the same windows and negatives, both end with the same W and W′ to 1e-5 in float32.",
    ),
}
