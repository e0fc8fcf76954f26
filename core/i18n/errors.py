"""Translated messages of core.errors.LabError codes: "error.<code>" -> (中文, English).
Placeholders are the error's params."""

STRINGS: dict[str, tuple[str, str]] = {
    # attention
    "error.attention_shape": (
        "{what} 的形状应为 {expected}，实际为 {got}",
        "{what} must have shape {expected}, got {got}",
    ),
    "error.attention_row_masked": (
        "第 {row} 行查询被完全遮蔽：它不能关注任何词",
        "Query row {row} is fully masked: it may attend to no token",
    ),
    "error.attention_temperature": (
        "温度必须大于 0（当前为 {value}）",
        "Temperature must be > 0 (got {value})",
    ),
    "error.attention_heads": (
        "d_out={d_out} 不能平均分成 {n_heads} 个头",
        "d_out={d_out} cannot be split into {n_heads} equal heads",
    ),
    "error.attention_mha_shape": (
        "nn.MultiheadAttention 要求 d_in = d_out（当前 d_in={d_in}，d_out={d_out}）",
        "nn.MultiheadAttention needs d_in = d_out (here d_in={d_in}, d_out={d_out})",
    ),
    # corpus and vector files (core/corpus.py, core/vectors.py)
    "error.file_missing": ("找不到文件：{path}", "File not found: {path}"),
    "error.file_empty": ("文件是空的。", "The file is empty."),
    "error.file_binary": ("这是二进制文件，不是文本。", "This is a binary file, not text."),
    "error.file_too_large": (
        "文件超过 {limit_mb} MB 的上限。",
        "The file is larger than the {limit_mb} MB limit.",
    ),
    "error.file_encoding": (
        "无法识别文本编码：请用 UTF-8、UTF-16（带 BOM）、GBK 或 GB18030。",
        "Unknown text encoding: use UTF-8, UTF-16 (with BOM), GBK or GB18030.",
    ),
    "error.vocab_empty": (
        "没有词出现至少 {min_count} 次：词表为空，请调低最小词频。",
        "No word occurs at least {min_count} times: the vocabulary is empty; lower min_count.",
    ),
    # word2vec trainer and CLI (core/word2vec.py, core/train.py)
    "error.config_invalid": (
        "参数 {field} = {value} 超出范围（允许：{allowed}）。",
        "{field} = {value} is out of range (allowed: {allowed}).",
    ),
    "error.diverged": (
        "训练发散了（损失无限增大），这些向量不能用；之前的模型保持不变。请调低学习率 alpha。",
        "Training diverged (the loss grew without bound); these vectors are not usable, and the previous "
        "model stays. Lower the learning rate alpha.",
    ),
    "error.softmax_vocab": (
        "完整 softmax 最多支持 {limit:,} 个词（这个词表有 {vocab:,} 个）：请改用负采样，或调高最小词频。",
        "The exact softmax is limited to {limit:,} words (this vocabulary has {vocab:,}): use negative "
        "sampling, or raise min_count.",
    ),
    "error.vocab_too_small": (
        "词表只有一个词：没有什么可以区分的。请换一篇有更多不同词的文本，或调低最小词频。",
        "The vocabulary has one word: there is nothing to tell apart. Use a text with more different words, "
        "or lower min_count.",
    ),
    "error.no_windows": (
        "下采样（sample）把所有训练窗口都丢掉了：请调低 sample，或换一篇更长的文本。",
        "Subsampling (sample) dropped every training window: lower sample, or use a longer text.",
    ),
    "error.corpus_too_short": (
        "没有一句话包含两个以上的已知词。",
        "No sentence has two or more known words.",
    ),
    "error.cli_usage": ("命令行参数有误。", "Bad command-line arguments."),
    "error.file_unwritable": ("无法写入文件：{path}", "Cannot write the file: {path}"),
    "error.categories_malformed": (
        "类别文件第 {line} 行格式错误：应为 词<TAB>类别。",
        "Category file, line {line}: expected word<TAB>category.",
    ),
    # transformer page (core/translation.py)
    "error.translation_unknown_words": (
        "翻译器的词表里没有这些词：{words}。它只认识这些词：{known}",
        "Words outside the translator's vocabulary: {words}. It knows only: {known}",
    ),
    "error.translation_empty": ("请输入一句要翻译的中文。", "Type a Chinese sentence to translate."),
    "error.translation_too_long": (
        "句子太长：这个小翻译器最多处理 {limit} 个词。",
        "The sentence is too long: this tiny translator takes at most {limit} words.",
    ),
    # why-embeddings page (core/identity.py, core/lookup.py, core/pinv_cost.py, core/linear_net.py)
    "error.why_unknown_words": ("词表里没有这些词：{words}", "Not in the vocabulary: {words}"),
    "error.why_context_empty": ("请至少输入一个词。", "Type at least one word."),
    "error.why_vocab_small": (
        "词表只有 {n} 个词，至少需要 2 个。",
        "The vocabulary has {n} words; at least 2 are needed.",
    ),
    "error.why_few_labels": (
        "词表里只有 {n} 个词带有类别，无法做近邻类别检验。",
        "Only {n} vocabulary words have a category: too few for the neighbour check.",
    ),
    "error.why_sizes_invalid": (
        "规模 V 至少要取两个，且都要大于 d = {dim}。",
        "Give at least two sizes V, all larger than d = {dim}.",
    ),
    # latent-space page (core/space.py, core/projection.py)
    "error.word_unknown": ("词表里没有“{word}”。", "“{word}” is not in the vocabulary."),
    "error.regex_invalid": (
        "不支持这个正则表达式：“{pattern}”。可能有语法错误，或用了这里不支持的写法（反向引用 \\1、环视 "
        "(?=…)、超过 1000 次的重复）。",
        "This regular expression is not supported: “{pattern}”. It may have a syntax error, or use what this "
        "search does not support (backreferences \\1, look-around (?=…), more than 1000 repetitions).",
    ),
    "error.selection_empty": ("请先输入或选择词。", "Type or choose some words first."),
    "error.selection_too_small": ("至少需要 {need} 个词。", "At least {need} words are needed."),
    "error.projection_too_few": (
        "只有 {n} 个向量：投影至少需要 {need} 个。",
        "Only {n} vectors: a projection needs at least {need}.",
    ),
    "error.film_empty": ("这个模型没有保存训练快照。", "This model kept no training snapshots."),
    "error.cloze_blank": (
        "请在句子里用 __ 标出恰好一个空位（现在有 {found} 个）。",
        "Mark exactly one blank in the sentence with __ (found {found}).",
    ),
    "error.cloze_no_context": (
        "空位周围的词都不在词表中：{words}",
        "None of the words around the blank is in the vocabulary: {words}",
    ),
    # bounded free text and uploads (issue 13): the search pattern, and one code per kind of bad vector file
    "error.regex_too_long": (
        "正则表达式太长：最多 {limit} 个字符（现在 {length} 个）。",
        "The regular expression is too long: at most {limit} characters (this one has {length}).",
    ),
    "error.vectors_header": (
        "词向量文件第 {line} 行（文件头）写的是 {n} 个词、{dim} 维：两者都至少应为 1。",
        "Vector file, line {line} (the header): {n} words of dimension {dim}; both must be at least 1.",
    ),
    "error.vectors_header_too_large": (
        "词向量文件第 {line} 行（文件头）声明的数字比文件里能装下的还多。",
        "Vector file, line {line} (the header): it announces more numbers than the file holds.",
    ),
    "error.vectors_count": (
        "词向量文件第 {line} 行：应有 {expected} 个数，实际有 {found} 个。",
        "Vector file, line {line}: expected {expected} numbers, found {found}.",
    ),
    "error.vectors_not_number": (
        "词向量文件第 {line} 行：“{value}”不是数字。",
        "Vector file, line {line}: “{value}” is not a number.",
    ),
    "error.vectors_not_finite": (
        "词向量文件第 {line} 行：向量里有 inf 或 NaN。",
        "Vector file, line {line}: the vector contains inf or NaN.",
    ),
    "error.vectors_no_numbers": (
        "词向量文件第 {line} 行：应为一个词，后面跟着若干个数。",
        "Vector file, line {line}: expected a word followed by numbers.",
    ),
    "error.vectors_word_empty": (
        "词向量文件第 {line} 行：词是空的。",
        "Vector file, line {line}: the word is empty.",
    ),
    "error.vectors_word_total": (
        "词向量文件第 {line} 行：文件头声明 {n} 个词，文件里有 {found} 个。",
        "Vector file, line {line}: the header announces {n} words, the file has {found}.",
    ),
    "error.vectors_word_encoding": (
        "二进制词向量文件第 {entry} 个词不是 UTF-8 编码。",
        "Binary vector file: word {entry} is not UTF-8.",
    ),
    "error.vectors_binary_word": (
        "二进制词向量文件第 {entry} 项（共 {n} 项）：找不到“词 + 空格”。",
        "Binary vector file, entry {entry} of {n}: no word followed by a space.",
    ),
    "error.vectors_truncated": (
        "二进制词向量文件在第 {entry} 个向量（共 {n} 个）中间就结束了。",
        "Binary vector file: it ends inside vector {entry} of {n}.",
    ),
    "error.vectors_trailing": (
        "词向量文件在文件头声明的 {n} 个向量之后还有多余的数据。",
        "Vector file: there is data after the {n} vectors the header announced.",
    ),
    "error.vectors_metadata_rows": (
        "元数据有 {rows} 行，向量有 {n} 个：应每个向量一行（可以多一行表头）。",
        "The metadata has {rows} rows for {n} vectors: one row per vector is needed (plus an optional header "
        "row).",
    ),
    "error.vectors_metadata_column": (
        "元数据第 {line} 行缺少词所在的那一列。",
        "Metadata, line {line}: the word column is missing.",
    ),
    # lessons (core/tour.py): a teacher's lessons/*.toml
    "error.lesson_toml": (
        "课程文件 {name}：第 {line} 行不是合法的 TOML。",
        "Lesson file {name}: line {line} is not valid TOML.",
    ),
    "error.lesson_empty": (
        "课程文件 {name} 里没有 [[step]]：至少要有一步。",
        "Lesson file {name} has no [[step]]: it needs at least one step.",
    ),
    "error.lesson_field": (
        "课程文件 {name}，第 {step} 步：字段 {field} 缺失、为空或类型不对。",
        "Lesson file {name}, step {step}: the field {field} is missing, empty or of the wrong type.",
    ),
    "error.lesson_unknown": (
        "课程文件 {name}，第 {step} 步：没有叫 {field} 的字段（拼错了吗？）。",
        "Lesson file {name}, step {step}: there is no field called {field} (a typo?).",
    ),
    "error.lesson_claim": (
        "课程文件 {name}，第 {step} 步：没有论点 {claim}（应为 C1 到 C15）。",
        "Lesson file {name}, step {step}: there is no claim {claim} (use C1 to C15).",
    ),
    "error.lesson_page": (
        "课程文件 {name}，第 {step} 步：没有页面 {page}（可用：{pages}）。",
        "Lesson file {name}, step {step}: there is no page {page} (use one of: {pages}).",
    ),
    "error.lesson_param": (
        "课程文件 {name}，第 {step} 步：{param} 不是页面 {page} 能打开的选项（见 core/links.py）。",
        "Lesson file {name}, step {step}: {param} is not a choice the page {page} can open (see "
        "core/links.py).",
    ),
    "error.lesson_choices": (
        "课程文件 {name}，第 {step} 步：中文有 {zh} 个选项，英文有 {en} 个，应该一样多。",
        "Lesson file {name}, step {step}: {zh} choices in Chinese but {en} in English; they must match.",
    ),
    "error.lesson_answer": (
        "课程文件 {name}，第 {step} 步：答案 {answer} 不是选项之一（选项从 1 数到 {n}，每个最多一次）。",
        "Lesson file {name}, step {step}: the answer {answer} is not a choice (count them 1 to {n}, each at "
        "most once).",
    ),
}
