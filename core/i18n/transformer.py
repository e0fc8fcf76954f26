"""UI strings of the transformer page: key -> (中文, English)."""

STRINGS: dict[str, tuple[str, str]] = {
    "transformer.title": ("Transformer：编码器与解码器", "Transformer: encoder and decoder"),
    "transformer.intro": (
        "C13：Transformer 左边是编码器、右边是解码器，以机器翻译为例——推理时中文进、英文一个词一个词地出；"
        "训练时两边都是输入，图的顶端是损失；两边的词都先经过一个同样在训练中学习的嵌入矩阵变成词向量。C1："
        "下面的小翻译器从没见过“绿香蕉”这样的组合，却能把它们翻译对——这是查找表做不到的。"
        "它只学过一个小小的水果世界：8 种水果、颜色/味道/大小 8 个形容词、一到五、几个人和动词，"
        "以及由它们组成的短语（绿香蕉、三个梨）和句子（这个紫苹果很甜）；"
        "超出这套说法的句子即使每个词都认识也会翻错（试试“这个苹果是红”），"
        "词表之外的词（如“比”）它会直接指出来。",
        "C13: a Transformer has the encoder on the left and the decoder on the right; in machine translation "
        "Chinese goes in and English comes out word by word at inference, while in training both sides are "
        "inputs and the top of the figure is the loss. Both sides first become word vectors through an "
        "embedding matrix that is itself trained. C1: the tiny translator below has never seen combinations "
        "such as "
        '"green banana", yet translates them — which no lookup table can do. It has learned only a tiny '
        "fruit world: 8 fruits, 8 adjectives (colour, taste, size), one to five, a few people and verbs, and "
        "the phrases (绿香蕉, 三个梨) and sentences (这个紫苹果很甜) made of them; a sentence outside these "
        "patterns it gets "
        "wrong even when it knows every word (try 这个苹果是红), and words "
        "outside its vocabulary (such as 比) it names.",
    ),
    # the figure
    "transformer.figure": ("编码器–解码器结构图", "The encoder–decoder figure"),
    "transformer.mode_infer": ("推理模式", "Inference mode"),
    "transformer.mode_help": (
        "打开：解码器一个词一个词地输出；关闭：训练模式，两边都是输入，顶端是损失。",
        "On: the decoder emits one word at a time. Off: training mode, both sides are inputs and the top is "
        "the loss.",
    ),
    "transformer.infer_step": ("解码到第几个词", "Decoding step"),
    "transformer.figure_help": (
        "点击图中的方块（或在下面选择）查看它做什么。",
        "Click a block in the figure (or pick it below) to see what it does.",
    ),
    "transformer.block": ("方块", "Block"),
    "transformer.encoder": ("编码器 ×{n}", "Encoder ×{n}"),
    "transformer.decoder": ("解码器 ×{n}", "Decoder ×{n}"),
    "transformer.memory": ("k, v", "k, v"),
    "transformer.loop": ("输出接到输入", "output fed back in"),
    "transformer.see_attention": (
        "注意力页：一步步算 q·kᵀ → softmax → ·v",
        "Attention page: q·kᵀ → softmax → ·v step by step",
    ),
    "transformer.b_src_in": ("中文输入", "Chinese input"),
    "transformer.b_src_emb": ("嵌入 W_src + 位置", "Embedding W_src + position"),
    "transformer.b_enc_self": ("自注意力", "Self-attention"),
    "transformer.b_enc_ff": ("前馈网络", "Feed-forward"),
    "transformer.b_tgt_in_train": ("英文输入（右移一位）", "English input (shifted right)"),
    "transformer.b_tgt_in_infer": ("已输出的英文", "English so far"),
    "transformer.b_tgt_emb": ("嵌入 W_tgt + 位置", "Embedding W_tgt + position"),
    "transformer.b_dec_self": ("带掩码的自注意力", "Masked self-attention"),
    "transformer.b_dec_cross": ("交叉注意力", "Cross-attention"),
    "transformer.b_dec_ff": ("前馈网络", "Feed-forward"),
    "transformer.b_out": ("线性层 + softmax", "Linear + softmax"),
    "transformer.b_top_train": ("损失：交叉熵", "Loss: cross-entropy"),
    "transformer.b_top_infer": ("输出下一个词", "Next word out"),
    "transformer.x_src_in": (
        "编码器的输入：一句中文，切成词（按固定词表最长匹配）。整句一次性送进去，不分先后。",
        "The encoder's input: one Chinese sentence cut into words (longest match against a fixed word list). "
        "The whole sentence goes in at once.",
    ),
    "transformer.x_src_emb": (
        "每个中文词查嵌入矩阵 W_src 的一行，变成一个 d 维词向量（C2），"
        "再加上表示位置的向量——注意力本身不知道词序。W_src 不是手工设定的：它和整个模型一起训练（C13）。",
        "Each Chinese word picks its row of the embedding matrix W_src: a d-dimensional word vector (C2), "
        "plus a vector for its position — attention by itself ignores word order. W_src is not set by hand: "
        "it trains with the whole model (C13).",
    ),
    "transformer.x_enc_self": (
        "自注意力：T 个词向量组成矩阵 X，乘 W_Q、W_K、W_V 得到 q、k、v；q·kᵀ/√d_k 经 softmax 变成权重，"
        "每个词按权重把所有词的 v 加起来（C14、C15）。输入 T 行，输出仍是 T 行。",
        "Self-attention: the T word vectors form X; times W_Q, W_K, W_V they give q, k, v; q·kᵀ/√d_k through "
        "a softmax gives weights, and each word adds up every word's v by those weights (C14, C15). T rows "
        "in, T rows out.",
    ),
    "transformer.x_enc_ff": (
        "前馈网络：对每个词向量单独做“线性 → ReLU → 线性”。注意力负责词与词之间交流，"
        "前馈网络负责每个词自己的加工。两者都带残差连接与层归一化；这样的一层叠 {n} 次。",
        "Feed-forward: each word vector alone goes through linear → ReLU → linear. Attention lets words talk "
        "to each other; the feed-forward block works on each word by itself. Both have a residual connection "
        "and layer norm; the layer is stacked {n} {n:|time|times}.",
    ),
    "transformer.x_tgt_in_train": (
        "训练时解码器的输入是正确的英文译文，前面加 <bos>、整体右移一位：读到 “<bos> this is a” 时要预测 "
        "“red”。所以训练时两边都是输入（C13），所有位置可以一次算完。",
        "In training the decoder reads the correct English, shifted right behind <bos>: having read "
        '"<bos> this is a" it must predict "red". So in training both sides are inputs (C13), and every '
        "position is computed at once.",
    ),
    "transformer.x_tgt_in_infer": (
        "推理时没有正确答案：解码器读自己已经说出的词（开头是 <bos>），每一步输出一个新词，"
        "再把它接到输入后面，直到输出 <eos>。",
        "At inference there is no answer to read: the decoder reads the words it has already said (starting "
        "with <bos>), emits one new word per step, appends it to its input, and stops at <eos>.",
    ),
    "transformer.x_tgt_emb": (
        "英文词查另一个嵌入矩阵 W_tgt，加上位置向量。它同样随训练更新（C13）。",
        "English words pick rows of a second embedding matrix, W_tgt, plus position vectors. It too is "
        "updated by training (C13).",
    ),
    "transformer.x_dec_self": (
        "带掩码的自注意力：英文词只能看它前面的词（q·kᵀ 中“未来”的格子在 softmax 前设为 −∞）。"
        "否则训练时它能直接偷看答案。",
        'Masked self-attention: an English word may only look at the words before it (the "future" cells of '
        "q·kᵀ are set to −∞ before the softmax). Otherwise training could simply copy the answer.",
    ),
    "transformer.x_dec_cross": (
        "交叉注意力：q 来自英文一侧，k 和 v 来自编码器的输出（中文）。"
        "它回答“说下一个英文词时该看哪个中文词”——下面的热力图里 red 看 红、apple 看 苹果。",
        "Cross-attention: q comes from the English side, k and v from the encoder's output (the Chinese). It "
        'answers "which Chinese word should I look at to say the next English word?" — in the heatmap below, '
        "red looks at 红 and apple at 苹果.",
    ),
    "transformer.x_dec_ff": (
        "解码器的前馈网络，同编码器：逐词加工，带残差与层归一化；解码器层叠 {n} 次。",
        "The decoder's feed-forward block, as in the encoder: per word, with residual and layer norm; the "
        "decoder layer is stacked {n} {n:|time|times}.",
    ),
    "transformer.x_out": (
        "最后一个线性层把每个位置的向量变成英文词表上每个词的分数，softmax 变成概率：下一个词是谁。这正是 "
        "word2vec 里 W′ 的角色——把向量解码回词。",
        "A final linear layer turns each position's vector into a score per English word; the softmax makes "
        "them probabilities for the next word. This is the role W′ plays in word2vec: decoding a vector back "
        "to a word.",
    ),
    "transformer.x_top_train": (
        "训练时图的顶端是损失（C13）：每个位置预测的概率与正确的下一个词比较（交叉熵），"
        "反向传播更新所有参数——包括两个嵌入矩阵。",
        "In training the top of the figure is the loss (C13): each position's predicted probabilities are "
        "compared with the true next word (cross-entropy), and back-propagation updates every parameter — "
        "including both embedding matrices.",
    ),
    "transformer.x_top_infer": (
        "推理时顶端输出概率最大的词（贪心解码），它被接回解码器的输入，再预测下一个。",
        "At inference the top emits the most probable word (greedy decoding); it is fed back into the "
        "decoder's input to predict the next one.",
    ),
    # the live translator
    "transformer.translator": (
        "现场训练一个中译英小翻译器",
        "A tiny Chinese → English translator, trained live",
    ),
    "transformer.corpus_info": (
        "平行语料来自讲座的水果世界：{n_train} 对训练句子，例如 “{zh}” ↔ “{en}”。"
        "这些组合从未出现在任何训练句子里：{held}。测试集的 {n_test} 句中文每句都至少含一个这样的组合。",
        'The parallel corpus is the lecture\'s fruit world: {n_train} training pairs such as "{zh}" ↔ '
        '"{en}". '
        "These combinations appear in no training sentence at all: {held}. Each of the {n_test} test "
        "sentences contains at least one of them.",
    ),
    "transformer.seed": ("随机种子", "Seed"),
    "transformer.train": ("训练（≤ {seconds} 秒）", "Train (≤ {seconds} s)"),
    "transformer.retrain": ("重新训练并观看", "Retrain and watch"),
    "transformer.waiting": (
        "另一位同学正在训练同一个种子的模型，稍等……",
        "Another student is training this seed's model; waiting…",
    ),
    "transformer.training": (
        "训练中：第 {step} 步，损失 {loss:.3f}，{seconds:.1f} 秒",
        "Training: step {step}, loss {loss:.3f}, {seconds:.1f} s",
    ),
    "transformer.loss_curve": ("训练损失", "Training loss"),
    "transformer.step": ("步数", "step"),
    "transformer.loss": ("损失（交叉熵）", "loss (cross-entropy)"),
    "transformer.no_model": (
        "还没有训练好的模型：点“训练”，看损失下降。",
        "No trained model yet: press Train and watch the loss fall.",
    ),
    "transformer.shared_model": (
        "本服务器上已经有人训练过这个种子的模型，直接可用；也可以重新训练并观看。",
        "A model for this seed was already trained on this server and is ready; you can still retrain it and "
        "watch.",
    ),
    "transformer.cut_short": (
        "训练在时间上限处停止（未跑完全部步数），译文可能不准。",
        "Training stopped at the time limit before its last step; translations may be off.",
    ),
    "transformer.params": ("参数", "Parameters"),
    "transformer.seconds": ("训练用时", "Training time"),
    "transformer.accuracy": ("未见组合上的完全正确率", "Exact match on unseen combinations"),
    "transformer.input": ("输入一句中文", "Type a Chinese sentence"),
    "transformer.suggestions": ("训练中从未出现的组合，试试：", "Combinations never seen in training — try:"),
    "transformer.output": ("英文译文", "English translation"),
    "transformer.unseen_badge": ("训练集里没有这句话", "This sentence is not in the training set"),
    "transformer.seen_badge": ("这句话在训练集里", "This sentence is in the training set"),
    "transformer.steps": ("贪心解码，一步一词", "Greedy decoding, one word per step"),
    "transformer.col_step": ("步", "step"),
    "transformer.col_prefix": ("已输出", "so far"),
    "transformer.col_chosen": ("选中", "chosen"),
    "transformer.col_prob": ("概率", "probability"),
    "transformer.col_others": ("其他候选", "other candidates"),
    "transformer.heldout_table": (
        "测试集：全部未见组合的译文",
        "Test set: every unseen-combination translation",
    ),
    "transformer.col_zh": ("中文", "Chinese"),
    "transformer.col_expected": ("正确译文", "expected"),
    "transformer.col_got": ("模型译文", "model"),
    "transformer.col_ok": ("对", "ok"),
    # issue 13: the translator trains as a background job, one (or a few) at a time per server
    "transformer.queued": (
        "排队中：前面还有 {ahead} 个训练（你的种子：{seed}）。服务器同时只训练 {slots} 个翻译器，"
        "这样全班的页面都不会变慢；可以先看上面的结构图。",
        "In line: {ahead} training run(s) ahead of yours (your seed: {seed}). This server trains {slots} "
        "translator(s) at a time so that nobody's page slows down; explore the figure above meanwhile.",
    ),
    "transformer.starting": ("种子 {seed} 的训练正在开始……", "Training for seed {seed} is starting…"),
    # issue 24: the translator's attention, all of it
    "transformer.align": (
        "对齐：每个英文词读得最多的中文词",
        "Alignment (对齐): the Chinese word each English word reads most",
    ),
    "transformer.align_caption": (
        "按第 {layer} 层（最后一层）交叉注意力各头的平均。有明确对应中文词的 {n} 个英文词里，"
        "{hits} 个读得最多的正是它的译文。每一行是说出这个英文词时的注意力（加起来为 1）；最后一行是 <eos>。",
        "From layer {layer}'s (the last layer's) cross-attention, averaged over its heads. Of the {n} "
        "English words with a Chinese counterpart, {hits} read their own translation most. Each row is "
        "where the decoder looked while saying that word (rows sum to 1); the last row is <eos>.",
    ),
    "transformer.attention_all": (
        "它的注意力：三种、每层、每个头",
        "Its attention: all three kinds, every layer and head",
    ),
    "transformer.attention_intro": (
        "这些是训练好的翻译器在翻译上面这句话时真正用到的注意力权重（不是随机数）。选一种注意力，再选一种看法："
        "头视图（连线）、模型视图（每层每头一张小图）、神经元视图（一个词的 q、k 逐维相乘到输出），"
        "训练回放（看对齐怎样出现），以及消融实验（注意力真的解释了译文吗？）。",
        "These are the attention weights the trained translator really uses to translate the sentence above "
        "(not random numbers). Pick a kind of attention, then a view: the head view (lines), the model view "
        "(one small map per layer and head), the neuron view (one token's q and k, dimension by dimension, "
        "through to the output), the training replay (alignment appearing) and the ablation lab (does "
        "attention explain the translation?).",
    ),
    "transformer.kind": ("哪种注意力", "Kind"),
    "transformer.kind_encoder": ("编码器自注意力", "encoder self-attention"),
    "transformer.kind_decoder": ("解码器带掩码自注意力", "decoder masked self-attention"),
    "transformer.kind_cross": ("交叉注意力", "cross-attention"),
    "transformer.kind_encoder_explain": (
        "编码器自注意力：每个中文词（左）读整句中文（右），不加掩码。",
        "Encoder self-attention: each Chinese word (left) reads the whole Chinese sentence (right), no mask.",
    ),
    "transformer.kind_decoder_explain": (
        "解码器带掩码自注意力：第 i 个位置读 <bos> 和它之前已经说出的英文词，看不到后面的词。",
        "Decoder masked self-attention: position i reads <bos> and the English words already said, never a "
        "later one.",
    ),
    "transformer.kind_cross_explain": (
        "交叉注意力：解码器在说出左边这个英文词时，读右边的中文句子（q 来自英文一侧，k、v 来自中文）。",
        "Cross-attention: while saying the English word on the left, the decoder reads the Chinese sentence "
        "on the right (q from the English side, k and v from the Chinese).",
    ),
    "transformer.view": ("看法", "View"),
    "transformer.view_head": ("头视图", "head view"),
    "transformer.view_model": ("模型视图", "model view"),
    "transformer.view_neuron": ("神经元视图", "neuron view"),
    "transformer.view_replay": ("训练回放", "training replay"),
    "transformer.view_ablate": ("注意力能解释吗？", "does attention explain?"),
    "transformer.replay_none": (
        "这个翻译器没有保存训练中的快照（训练得太短）：重新训练一次即可回放。",
        "This translator kept no snapshots during training (its run was too short): retrain it to replay.",
    ),
    "transformer.replay_caption": (
        "第 {layer} 层各头平均，{n} 个训练快照（第 {first}–{last} 步），拖动滑块或按 ▶ 播放。"
        "每行最大权重的平均值从 {start}（全都一样大时是 {uniform}）变成 {end}。",
        "Layer {layer}, mean of its heads, {n} snapshots kept during training (steps {first}–{last}): drag "
        "the slider or press ▶. The mean largest weight per row went from {start} (all equal would be "
        "{uniform}) to {end}.",
    ),
    "transformer.replay_aligned": ("对齐是训练出来的。", "The alignment is learned."),
    "transformer.replay_focused": ("训练让注意力更集中了。", "Training made the attention more focused."),
    "transformer.replay_flat": (
        "这一层的注意力在训练中没有变得更集中。",
        "This layer's attention did not become more focused during training.",
    ),
    "transformer.all": ("全部", "all"),
    "transformer.ablate_intro": (
        "把选中的头换成均匀权重（每个允许的词一样多），或者把它的权重随机打乱，然后重新翻译这句话和整个测试集。",
        "Replace the chosen heads' weights by uniform ones (every allowed token the same), or shuffle them, "
        "then translate this sentence and the whole test set again.",
    ),
    "transformer.ablate_mode": ("怎么破坏", "Ablation"),
    "transformer.ablate_uniform": ("均匀", "uniform"),
    "transformer.ablate_shuffle": ("打乱", "shuffled"),
    "transformer.ablate_acc_before": ("测试集正确率（完整模型）", "Test accuracy (intact)"),
    "transformer.ablate_acc_after": ("测试集正确率（消融后）", "Test accuracy (ablated)"),
    "transformer.ablate_col_model": ("译文", "translation"),
    "transformer.ablate_intact": ("完整模型", "intact"),
    "transformer.ablate_ablated": ("消融后", "ablated"),
    "transformer.ablate_what": (
        "{kind}（层：{layer}，头：{head}）{mode}",
        "{kind} (layer: {layer}, head: {head}) {mode}",
    ),
    "transformer.ablate_changed": (
        "把 {what} 之后，这句话的译文变了；测试集正确率从 {before} 变成 {after}。",
        "With {what}, this sentence's translation changed; test accuracy went from {before} to {after}.",
    ),
    "transformer.ablate_same": (
        "把 {what} 之后，这句话的译文没变；测试集正确率从 {before} 变成 {after}。",
        "With {what}, this sentence's translation stayed the same; test accuracy went from {before} to "
        "{after}.",
    ),
    "transformer.ablate_literature": (
        "注意力图显示一个头从哪里读，不说明模型为什么这样回答（Jain & Wallace 2019；Wiegreffe & Pinter "
        "2019）——相信之前先动手检验，就像这里。",
        "An attention map shows where a head reads from, not why the model answered (Jain & Wallace 2019; "
        "Wiegreffe & Pinter 2019) — test it before believing it, as here.",
    ),
}
