"""The lecture's fruit world as a Chinese→English parallel corpus, with some combinations held out.

"这是一个红苹果" ↔ "this is a red apple": colours, tastes, sizes, quantities, fruits, prices, people,
places. Every sentence comes from a small grammar enumerated in full: bare phrases ("绿香蕉", "三个梨"),
sentences, an adjective before the fruit and another after 很 ("这个紫苹果很甜"), two joined by 又…又…的
("又甜又脆的红苹果" ↔ "sweet and crisp red apples") and a place ("妈妈在超市买了…" ↔ "mom bought … at the
market"), so that every Chinese sentence the app itself shows is inside the world. A fixed list of (adjective,
fruit) pairs is held out of training entirely — no training sentence contains both words of a pair (e.g.
绿 + 香蕉), so "这个香蕉很绿" can only be translated by combining what was learned apart (lecture C1).

Chinese tokenisation: greedy longest match against the grammar's fixed word list (`LEXICON`). It is
deterministic and needs no dictionary file; a run of characters that matches no word is split into
words by jieba, so the translator can name exactly the words it does not know.
"""

import logging
import random
import re

# Chinese word -> English (singular, plural) for fruits.
FRUITS = {
    "苹果": ("apple", "apples"),
    "香蕉": ("banana", "bananas"),
    "橘子": ("orange", "oranges"),
    "葡萄": ("grape", "grapes"),
    "梨": ("pear", "pears"),
    "桃子": ("peach", "peaches"),
    "芒果": ("mango", "mangoes"),
    "西瓜": ("watermelon", "watermelons"),
}
COLOURS = {"红": "red", "绿": "green", "黄": "yellow", "紫": "purple"}
TASTES = {"甜": "sweet", "酸": "sour", "脆": "crisp"}
SIZES = {"大": "big", "小": "small"}
ADJECTIVES = {**COLOURS, **TASTES, **SIZES}
# Chinese person -> (English, takes the third-person -s).
PEOPLE = {
    "我": ("I", False),
    "你": ("you", False),
    "他": ("he", True),
    "她": ("she", True),
    "我们": ("we", False),
    "他们": ("they", False),
    "妈妈": ("mom", True),
    "奶奶": ("grandma", True),
}
PLACES = {"超市": "the market", "市场": "the market"}  # 在超市 / 在市场 ↔ "at the market"
# Chinese verb -> (base form, third-person singular form).
VERBS = {
    "有": ("have", "has"),
    "买了": ("bought", "bought"),
    "吃了": ("ate", "ate"),
    "想要": ("want", "wants"),
}
NUMBERS = {"一": "one", "两": "two", "三": "three", "四": "four", "五": "five"}
FUNCTION_WORDS = ("这", "是", "这个", "这些", "个", "很", "喜欢", "块钱", "在", "又", "的")
LEXICON = frozenset([*FRUITS, *ADJECTIVES, *PEOPLE, *VERBS, *NUMBERS, *PLACES, *FUNCTION_WORDS])
_LONGEST = max(map(len, LEXICON))

# Held out of training entirely: no training sentence contains both words of a pair.
HELD_OUT = (("绿", "香蕉"), ("紫", "苹果"), ("红", "梨"), ("酸", "西瓜"), ("大", "葡萄"), ("黄", "芒果"))

# Training keeps every sentence of the small shapes (~3.4k) and samples this many of each large one
# (a person, a verb, a quantity: ~150k sentences in all).
N_LARGE = 700
N_TEST = 240
LARGE = ("has", "has at", "has two", "has two at")
# Bare phrases are few beside the many "…买了三个绿香蕉" with a plural: each is seen this many times, or the
# translator learns to answer 绿香蕉 with "green bananas".
PHRASE_REPEATS = 4


def tokenize_zh(text: str) -> list[str]:
    """Greedy longest match against LEXICON; runs that match no word are cut by jieba.
    Whitespace and punctuation are dropped."""
    tokens: list[str] = []
    for chunk in re.findall(r"\w+", text):
        i, unknown = 0, ""
        while i < len(chunk):
            for n in range(min(_LONGEST, len(chunk) - i), 0, -1):
                if chunk[i : i + n] in LEXICON:
                    break
            else:  # no word starts here
                unknown += chunk[i]
                i += 1
                continue
            tokens += _split_unknown(unknown)
            unknown = ""
            tokens.append(chunk[i : i + n])
            i += n
        tokens += _split_unknown(unknown)
    return tokens


def _split_unknown(run: str) -> list[str]:
    """A run of characters outside LEXICON, cut into words by jieba (only ever on this error path)."""
    if not run:
        return []
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba.lcut(run)


def unknown_words(text: str) -> list[str]:
    """The words of `text` outside LEXICON, in order of appearance, without repeats."""
    return list(dict.fromkeys(w for w in tokenize_zh(text) if w not in LEXICON))


def _article(word: str) -> str:
    return "an" if word[0] in "aeiou" else "a"


def _noun_phrase(adj: str | None, fruit: str, plural: bool) -> tuple[str, str]:
    """(Chinese, English) of an optional adjective before a fruit."""
    en = FRUITS[fruit][plural]
    return (adj or "") + fruit, f"{ADJECTIVES[adj]} {en}" if adj else en


def _two_tastes(a: str, b: str, colour: str | None, fruit: str, plural: bool) -> tuple[str, str]:
    """(Chinese, English) of 又a又b的 + an optional colour + a fruit: "sweet and crisp red apples"."""
    zh, en = _noun_phrase(colour, fruit, plural)
    return f"又{a}又{b}的{zh}", f"{TASTES[a]} and {TASTES[b]} {en}"


def _grammar() -> list[tuple[str, str, tuple[str, ...], str, str]]:
    """Every sentence of the fruit world: (zh, en, its adjectives, fruit, shape), in a fixed order."""
    out = []

    def has(shape, adjs, fruit, phrase):
        """Person (at a place) + verb + quantity + the noun phrase; phrase[plural] = (zh, en)."""
        for person, (p_en, third) in PEOPLE.items():
            for verb, forms in VERBS.items():
                for num, n_en in NUMBERS.items():
                    zh, en = phrase[num != "一"]
                    qty = _article(en) if num == "一" else n_en
                    said = f"{p_en} {forms[third]} {qty} {en}"
                    out.append((f"{person}{verb}{num}个{zh}", said, adjs, fruit, shape))
                    for place, place_en in PLACES.items():
                        zh_at = f"{person}在{place}{verb}{num}个{zh}"
                        out.append((zh_at, f"{said} at {place_en}", adjs, fruit, f"{shape} at"))

    for fruit in FRUITS:
        for adj in [None, *ADJECTIVES]:

            def add(shape, zh, en, also=(), adj=adj, fruit=fruit):
                out.append((zh, en, tuple(a for a in (adj, *also) if a), fruit, shape))

            zh, en = _noun_phrase(adj, fruit, False)
            add("phrase", zh, en)
            add("this is", f"这是一个{zh}", f"this is {_article(en)} {en}")
            for num, n_en in NUMBERS.items():
                add("this costs", f"这个{zh}{num}块钱", f"this {en} costs {n_en} yuan")
            for num, n_en in NUMBERS.items():
                zh, en = _noun_phrase(adj, fruit, num != "一")
                add("quantity", f"{num}个{zh}", f"{_article(en) if num == '一' else n_en} {en}")
            zh, en = _noun_phrase(adj, fruit, True)
            add("these are", f"这些是{zh}", f"these are {en}")
            for num, n_en in NUMBERS.items():
                add("these cost", f"这些{zh}{num}块钱", f"these {en} cost {n_en} yuan")
            for person, (p_en, third) in PEOPLE.items():
                add("likes", f"{person}喜欢{zh}", f"{p_en} {'likes' if third else 'like'} {en}")
            both = [_noun_phrase(adj, fruit, plural) for plural in (False, True)]
            has("has", tuple(a for a in (adj,) if a), fruit, both)
            for very in ADJECTIVES:  # 很 + an adjective, after the fruit (and its own adjective, if any)
                if very == adj:
                    continue
                zh, en = _noun_phrase(adj, fruit, False)
                add("this is very", f"这个{zh}很{very}", f"this {en} is very {ADJECTIVES[very]}", (very,))
                zh, en = _noun_phrase(adj, fruit, True)
                add("these are very", f"这些{zh}很{very}", f"these {en} are very {ADJECTIVES[very]}", (very,))
        for a in TASTES:  # 又a又b的 (+ a colour) + the fruit
            for b in TASTES:
                for colour in [None, *COLOURS] if a != b else []:
                    adjs = tuple(x for x in (a, b, colour) if x)
                    zh, en = _two_tastes(a, b, colour, fruit, False)
                    out.append((zh, en, adjs, fruit, "two tastes"))
                    has("has two", adjs, fruit, [_two_tastes(a, b, colour, fruit, p) for p in (False, True)])
    return out


def _by_shape(sentences) -> dict[str, list[tuple[str, str]]]:
    groups: dict[str, list[tuple[str, str]]] = {}
    for zh, en, _, _, shape in sentences:
        groups.setdefault(shape, []).append((zh, en))
    return groups


def parallel_corpus(seed: int = 0) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(train_pairs, test_pairs): lists of (zh, en). Training never contains a HELD_OUT pair; every test
    sentence contains one (so no test source sentence is in training). Deterministic in `seed`."""
    rng = random.Random(seed)
    held = set(HELD_OUT)
    sentences = _grammar()

    def holds_out(sentence) -> bool:
        return any((adj, sentence[3]) in held for adj in sentence[2])

    seen = _by_shape(s for s in sentences if not holds_out(s))
    unseen = _by_shape(s for s in sentences if holds_out(s))
    # Training keeps every sentence of the small shapes and a sample of each large one ("他买了三个…").
    large = [seen.pop(shape) for shape in LARGE]
    train = [pair for group in seen.values() for pair in group]
    train += seen["phrase"] * (PHRASE_REPEATS - 1)
    train += [pair for group in large for pair in rng.sample(group, N_LARGE)]
    rng.shuffle(train)
    # The test set takes each shape in turn, so the rare shapes ("这个香蕉很绿") are tested as well.
    groups = [rng.sample(g, len(g)) for g in unseen.values()]
    test: list[tuple[str, str]] = []
    while len(test) < N_TEST and any(groups):
        for g in groups:
            if g and len(test) < N_TEST:
                test.append(g.pop())
    return train, test


def _translations() -> dict[str, set[str]]:
    """English content word -> the Chinese words it translates (the word-alignment list)."""
    out: dict[str, set[str]] = {}

    def add(en, zh):
        out.setdefault(en, set()).add(zh)

    for zh, forms in FRUITS.items():
        for en in forms:
            add(en, zh)
    for zh, en in ADJECTIVES.items():
        add(en, zh)
    for zh, (en, _) in PEOPLE.items():
        add(en, zh)
    for zh, forms in VERBS.items():
        for en in forms:
            add(en, zh)
    for zh, en in NUMBERS.items():
        add(en, zh)
    for en in ("a", "an"):
        add(en, "一")
    for zh, en in PLACES.items():
        add(en.split()[-1], zh)
    add("yuan", "块钱")
    add("very", "很")
    add("likes", "喜欢"), add("like", "喜欢")
    return out


ALIGNMENT = _translations()  # English content word -> its Chinese words; function words are left out


def aligned(src: list[str], tgt: list[str]) -> dict[int, set[int]]:
    """For each English position whose word is in ALIGNMENT, the Chinese positions holding one of its
    translations (only positions that have at least one)."""
    out = {}
    for i, en in enumerate(tgt):
        where = {j for j, zh in enumerate(src) if zh in ALIGNMENT.get(en, ())}
        if where:
            out[i] = where
    return out
