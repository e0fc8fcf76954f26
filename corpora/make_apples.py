"""Generate the lecture's running example: apples_zh.txt / apples_en.txt (one sentence per line) and
their *.categories.tsv (word<TAB>category). Deterministic (fixed seed): rerunning rewrites the same bytes.

Words of one category fill the same slots of the same templates, so they share contexts and word2vec
puts them close together (C7: 红, 绿, 甜 all fit "这是一个__苹果"). Every category also has templates of its
own (颜色 / 味道 / 口感 / 价格 …) so that categories stay apart from each other.
Templates are written token by token (spaces mark the intended jieba split; Chinese is joined without them).

    python corpora/make_apples.py
"""

import random
from pathlib import Path

SEED = 20240521
N_SENTENCES = 3000
HERE = Path(__file__).resolve().parent

WORDS = {
    "zh": {
        "colour": ["红", "绿", "黄", "紫"],
        "taste": ["甜", "酸", "苦", "香"],
        "texture": ["脆", "软", "硬", "多汁"],
        "price": ["便宜", "实惠", "昂贵", "划算"],
        "size": ["大", "小", "巨大", "迷你"],
        "number": ["两个", "三个", "四个", "五个", "六个", "七个", "八个", "九个", "十个"],
        "fruit": ["苹果", "香蕉", "橙子", "葡萄", "柠檬", "桃子", "草莓", "西瓜", "芒果", "樱桃"],
        "person": ["妈妈", "爸爸", "奶奶", "爷爷", "姐姐", "哥哥", "老师", "邻居"],
        "place": ["超市", "市场", "果园", "水果店", "商店", "农场"],
        "verb": ["买", "摘", "洗", "吃", "卖", "挑"],
    },
    "en": {
        "colour": ["red", "green", "yellow", "purple"],
        "taste": ["sweet", "sour", "bitter", "fragrant"],
        "texture": ["crisp", "soft", "hard", "juicy"],
        "price": ["cheap", "affordable", "expensive", "pricey"],
        "size": ["big", "small", "huge", "tiny"],
        "number": ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"],
        "fruit": [
            "apple",
            "banana",
            "orange",
            "grape",
            "lemon",
            "peach",
            "strawberry",
            "watermelon",
            "mango",
            "cherry",
        ],
        "person": ["mom", "dad", "grandma", "grandpa", "sister", "brother", "teacher", "neighbour"],
        "place": ["supermarket", "market", "orchard", "shop", "store", "farm"],
        "verb": ["bought", "picked", "washed", "ate", "sold", "chose"],
    },
}
# Content words of the fixed template text, labelled too (the app colours every labelled point).
EXTRA = {
    "zh": {"颜色": "colour", "味道": "taste", "口感": "texture", "价格": "price"},
    "en": {"colour": "colour", "flavour": "taste", "texture": "texture", "price": "price"},
}
# Everything else in the corpora: pronouns, particles, determiners, adverbs, light verbs (是/有/去).
FUNCTION_WORDS = {
    "zh": set(
        "一个 一共 一起 了 今天 去 又 和 在 很 很多 我 是 有 有点 正在 每天 特别 的 这个 这是 都 起来".split()
    ),
    "en": set(
        "a all an and are at every day i in inside is many of often over rather still surprisingly "
        "the there this today together very were little".split()
    ),
}
# jieba's dictionary joins these slot neighbours into one word (紫葡萄, 小苹果 …); the generated user
# dictionary (corpora/jieba_userdict.txt, loaded by core.corpus) gives them frequency 0 so they split.
JIEBA_SPLIT = ["大樱桃", "小苹果", "摘葡萄", "甜橙", "紫葡萄", "红樱桃", "红葡萄", "酸葡萄", "黄橙子"]
PLURAL = {"peach": "peaches", "strawberry": "strawberries", "mango": "mangoes", "cherry": "cherries"}

# (weight, template). {fruits} is the English plural; {fruit_s} agrees with a following number.
TEMPLATES = {
    "zh": [
        (6, "这是 一个 {colour} {fruit}"),
        (6, "这是 一个 {taste} {fruit}"),
        (5, "这是 一个 {price} 的 {fruit}"),
        (4, "这是 一个 {size} {fruit}"),
        (4, "这是 一个 {texture} 的 {fruit}"),
        (6, "{person} 在 {place} {verb} 了 {number} {colour} {fruit}"),
        (5, "{person} 在 {place} {verb} 了 {number} 又 {taste} 又 {texture} 的 {colour} {fruit}"),
        (4, "我 {verb} 了 {number} 又 {taste} 又 {texture} 的 {colour} {fruit}"),
        (4, "{person} 去 {place} {verb} 了 {number} {size} {fruit}"),
        (3, "这个 {fruit} 的 颜色 是 {colour} 的"),
        (3, "这个 {fruit} 是 {colour} 的"),
        (3, "这个 {fruit} 吃 起来 有点 {taste}"),
        (3, "{fruit} 的 味道 有点 {taste}"),
        (3, "这个 {fruit} 的 口感 是 {texture} 的"),
        (3, "{fruit} 的 口感 特别 {texture}"),
        (3, "今天 {place} 的 {fruit} 很 {price}"),
        (3, "{fruit} 的 价格 很 {price}"),
        (3, "{person} 挑 了 一个 {size} {fruit}"),
        (3, "这个 {fruit} 特别 {size}"),
        (3, "{place} 有 {number} {fruit}"),
        (3, "{person} 一共 {verb} 了 {number} {fruit}"),
        (3, "{person} 每天 都 吃 {fruit}"),
        (3, "{person} 和 {person} 一起 去 了 {place}"),
        (3, "{place} 有 很多 {fruit}"),
        (3, "{person} 每天 都 去 {place}"),
        (3, "{person} 正在 {verb} {fruit}"),
    ],
    "en": [
        (6, "this is a {colour} {fruit}"),
        (6, "this is a {taste} {fruit}"),
        (5, "this is a {price} {fruit}"),
        (4, "this is a {size} {fruit}"),
        (4, "this is a {texture} {fruit}"),
        (6, "{person} {verb} {number} {colour} {fruits} at the {place}"),
        (5, "{person} {verb} {number} {taste} and {texture} {colour} {fruits} at the {place}"),
        (4, "i {verb} {number} {taste} and {texture} {colour} {fruits}"),
        (4, "at the {place} {person} {verb} {number} {size} {fruits}"),
        (3, "the colour of this {fruit} is {colour}"),
        (3, "this {fruit} is {colour} all over"),
        (3, "this {fruit} is rather {taste}"),
        (3, "the flavour of the {fruit} is a little {taste}"),
        (3, "the texture of this {fruit} is {texture}"),
        (3, "this {fruit} is {texture} inside"),
        (3, "today the {fruits} at the {place} are very {price}"),
        (3, "the price of the {fruit} is {price}"),
        (3, "{person} chose a {size} {fruit}"),
        (3, "this {fruit} is surprisingly {size}"),
        (3, "there are still {number} {fruits} at the {place}"),
        (3, "{person} {verb} {number} {fruits} in all"),
        (3, "{person} ate {fruits} every day"),
        (3, "{person} and {person} were at the {place} together"),
        (3, "there are many {fruits} in the {place}"),
        (3, "{person} is at the {place} every day"),
        (3, "{person} often {verb} {fruits}"),
    ],
}


# The lecture's own sentences open each corpus.
LECTURE = {
    "zh": ["这是 一个 红 苹果", "我 买 了 三个 又 甜 又 脆 的 绿 苹果"],
    "en": ["this is a red apple", "i bought three sweet and crisp green apples"],
}


def plural(fruit: str) -> str:
    return PLURAL.get(fruit, fruit + "s")


def fill(template: str, words: dict, rng: random.Random) -> list[str]:
    """The template's tokens with every {slot} drawn uniformly from its category."""
    tokens = []
    for tok in template.split():
        if tok.startswith("{"):
            slot = tok[1:-1]
            if slot == "fruits":
                tokens.append(plural(rng.choice(words["fruit"])))
            else:
                tokens.append(rng.choice(words[slot]))
        else:
            tokens.append(tok)
    return tokens


def render(tokens: list[str], lang: str) -> str:
    if lang == "zh":
        return "".join(tokens) + "。"
    out = []
    for i, tok in enumerate(tokens):
        if tok == "a" and i + 1 < len(tokens) and tokens[i + 1][0] in "aeiou":
            tok = "an"
        out.append(tok)
    s = " ".join(out)
    return s[0].upper() + s[1:].replace(" i ", " I ") + "."


def sentences(lang: str, n: int = N_SENTENCES, seed: int = SEED) -> list[str]:
    """The lecture's sentences, then sentences drawn with a fixed seed (short templates repeat, as in
    real text); n in all."""
    rng = random.Random(f"{seed}-{lang}")
    weights = [w for w, _ in TEMPLATES[lang]]
    templates = [t for _, t in TEMPLATES[lang]]
    out = [render(s.split(), lang) for s in LECTURE[lang]]
    return out + [
        render(fill(rng.choices(templates, weights)[0], WORDS[lang], rng), lang) for _ in range(n - len(out))
    ]


def categories(lang: str) -> list[tuple[str, str]]:
    """(word, category) for every content word, as the tokenizer will see it (English plurals included)."""
    rows = []
    for category, words in WORDS[lang].items():
        for w in words:
            rows.append((w, category))
            if lang == "en" and category == "fruit":
                rows.append((plural(w), category))
    return rows + list(EXTRA[lang].items())


def write(out_dir: Path = HERE) -> None:
    """Write both corpora, their categories and the jieba user dictionary into out_dir."""
    for lang in ("zh", "en"):
        (out_dir / f"apples_{lang}.txt").write_text("\n".join(sentences(lang)) + "\n", encoding="utf-8")
        tsv = "".join(f"{w}\t{c}\n" for w, c in categories(lang))
        (out_dir / f"apples_{lang}.categories.tsv").write_text(tsv, encoding="utf-8")
    (out_dir / "jieba_userdict.txt").write_text("".join(f"{w} 0\n" for w in JIEBA_SPLIT), encoding="utf-8")


if __name__ == "__main__":
    write()
