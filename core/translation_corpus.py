"""The lecture's fruit world as a Chinese→English parallel corpus, with some combinations held out.

"这是一个红苹果" ↔ "this is a red apple": colours, tastes, sizes, quantities, fruits, prices, people.
Every sentence comes from a small grammar enumerated in full: bare phrases ("绿香蕉", "三个梨"), sentences,
and an adjective before the fruit and another after 很 ("这个紫苹果很甜"). A fixed list of (adjective,
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
TASTES = {"甜": "sweet", "酸": "sour"}
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
}
# Chinese verb -> (base form, third-person singular form).
VERBS = {
    "有": ("have", "has"),
    "买了": ("bought", "bought"),
    "吃了": ("ate", "ate"),
    "想要": ("want", "wants"),
}
NUMBERS = {"一": "one", "两": "two", "三": "three", "四": "four", "五": "five"}
FUNCTION_WORDS = ("这", "是", "这个", "这些", "个", "很", "喜欢", "块钱")
LEXICON = frozenset([*FRUITS, *ADJECTIVES, *PEOPLE, *VERBS, *NUMBERS, *FUNCTION_WORDS])
_LONGEST = max(map(len, LEXICON))

# Held out of training entirely: no training sentence contains both words of a pair.
HELD_OUT = (("绿", "香蕉"), ("紫", "苹果"), ("红", "梨"), ("酸", "西瓜"), ("大", "葡萄"), ("黄", "芒果"))

N_TRAIN = 4000  # sampled from the ~10k sentences the grammar allows outside the held-out pairs
N_TEST = 240


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


def _grammar() -> list[tuple[str, str, tuple[str, ...], str, str]]:
    """Every sentence of the fruit world: (zh, en, its adjectives, fruit, shape), in a fixed order."""
    out = []
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
                for verb, forms in VERBS.items():
                    for num, n_en in NUMBERS.items():
                        zh, en = _noun_phrase(adj, fruit, num != "一")
                        qty = _article(en) if num == "一" else n_en
                        add("has", f"{person}{verb}{num}个{zh}", f"{p_en} {forms[third]} {qty} {en}")
            for very in ADJECTIVES:  # 很 + an adjective, after the fruit (and its own adjective, if any)
                if very == adj:
                    continue
                zh, en = _noun_phrase(adj, fruit, False)
                add("this is very", f"这个{zh}很{very}", f"this {en} is very {ADJECTIVES[very]}", (very,))
                zh, en = _noun_phrase(adj, fruit, True)
                add("these are very", f"这些{zh}很{very}", f"these {en} are very {ADJECTIVES[very]}", (very,))
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
    # Training keeps every sentence of the rare shapes and fills up with the common one ("他买了三个…").
    common = seen.pop("has")
    train = [pair for group in seen.values() for pair in group]
    train += rng.sample(common, N_TRAIN - len(train))
    rng.shuffle(train)
    # The test set takes each shape in turn, so the rare shapes ("这个香蕉很绿") are tested as well.
    groups = [rng.sample(g, len(g)) for g in unseen.values()]
    test: list[tuple[str, str]] = []
    while len(test) < N_TEST and any(groups):
        for g in groups:
            if g and len(test) < N_TEST:
                test.append(g.pop())
    return train, test
