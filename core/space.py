"""Questions asked of a vector space (C6–C8): nearest neighbours, find by regex, analogies, odd-one-out,
the cloze "这是一个__苹果" decoded through W and W′, context vectors adding up like forces, and how
alike each word's input (W) and output (W′) vectors are.

Inputs are plain arrays — words (list), W (V, d) and, where the question needs the output layer,
W_prime (V, d) — so imported vectors (no W′) work for everything but the cloze and W-vs-W′."""

import re
from dataclasses import dataclass

import numpy as np

from core.errors import LabError

METRICS = ("cosine", "euclidean")
BLANK = re.compile(r"_{2,}|＿+|\[MASK\]|\[mask\]")


def unit(x: np.ndarray) -> np.ndarray:
    """`x` with every row (or `x` itself, if a vector) scaled to length 1 (a zero row stays zero)."""
    return x / np.maximum(np.linalg.norm(x, axis=-1, keepdims=True), 1e-12)


class Index:
    """k-nearest-neighbour search over all rows, in the original space. Built once per vector set:
    cosine keeps unit rows (float32), euclidean keeps rows and their squared norms, so one query is
    one matrix-vector product plus an argpartition (bench/space_speed.py times it)."""

    def __init__(self, vectors, metric: str = "cosine"):
        if metric not in METRICS:
            raise LabError(
                "config_invalid",
                f"unknown metric {metric!r}",
                field="metric",
                value=metric,
                allowed=", ".join(METRICS),
            )
        x = np.ascontiguousarray(vectors, dtype=np.float32)  # (n, d)
        self.metric = metric
        self.rows = unit(x) if metric == "cosine" else x  # (n, d)
        self.sq_norms = None if metric == "cosine" else np.einsum("ij,ij->i", x, x)  # (n,)

    def __len__(self) -> int:
        return len(self.rows)

    def scores(self, q) -> np.ndarray:
        """(n,) cosine similarity to q, or minus the euclidean distance: larger is nearer either way."""
        q = np.asarray(q, dtype=np.float32)  # (d,)
        if self.metric == "cosine":
            return self.rows @ unit(q)  # (n,)
        sq = self.sq_norms - 2 * (self.rows @ q) + q @ q  # |x - q|² = |x|² - 2x·q + |q|²
        return -np.sqrt(np.maximum(sq, 0))

    def nearest(self, q, k: int = 10, exclude=()) -> tuple[np.ndarray, np.ndarray]:
        """(ids (≤k,), values (≤k,)) nearest first; values are cosines, or euclidean distances."""
        s = self.scores(q)
        if len(exclude):
            s[np.asarray(list(exclude), dtype=np.int64)] = -np.inf
        k = int(min(k, len(s) - len(set(exclude))))
        if k <= 0:
            return np.empty(0, np.int64), np.empty(0, np.float32)
        top = np.argpartition(-s, k - 1)[:k]
        top = top[np.argsort(-s[top], kind="stable")]
        values = s[top] if self.metric == "cosine" else -s[top]
        return top, values.astype(np.float32)

    def neighbours(self, i: int, k: int = 10) -> tuple[np.ndarray, np.ndarray]:
        """The k nearest rows to row i, itself excluded."""
        return self.nearest(self.rows[i], k, exclude=[i])


def lookup(word: str, index: dict[str, int]) -> int:
    """The id of `word` (as typed, else lower-cased); LabError word_unknown otherwise."""
    word = word.strip()
    for w in (word, word.lower()):
        if w in index:
            return index[w]
    raise LabError("word_unknown", f"“{word}” is not in the vocabulary", word=word)


MAX_PATTERN = 200  # characters of a search pattern; RE2 bounds the rest (repeats ≤ 1000, program ≤ 8 MB)
_ANY_BYTE = re.compile(r"(?<!\\)(?:\\\\)*\\C")  # RE2's \C (one byte) would cross the words' separators


def _compile_search(query: str):
    """`query` compiled by RE2 (linear time, no backtracking) to search the words joined by newlines:
    never_nl keeps every match inside one word, (?m) makes ^ and $ a word's ends. LabError regex_too_long,
    or regex_invalid for what RE2 refuses (bad syntax, backreferences, look-around, too large)."""
    import re2

    if len(query) > MAX_PATTERN:
        raise LabError(
            "regex_too_long",
            f"the pattern is longer than {MAX_PATTERN} characters",
            limit=MAX_PATTERN,
            length=len(query),
        )
    options = re2.Options()
    options.case_sensitive = False
    options.never_nl = True
    options.log_errors = False  # RE2 would print every refused pattern to stderr
    try:
        if _ANY_BYTE.search(query):
            raise re2.error("\\C is not supported")
        return re2.compile(("(?m)" + query).encode("utf-8"), options)
    except (re2.error, UnicodeEncodeError) as e:
        reason = e.args[0].decode("utf-8", "replace") if e.args and isinstance(e.args[0], bytes) else str(e)
        raise LabError(
            "regex_invalid",
            f"“{query}” is not a regular expression this search supports: {reason}",
            pattern=query.encode("utf-8", "replace").decode("utf-8"),
        ) from None


def find(words: list[str], query: str, limit: int = 200) -> list[int]:
    """Ids of the words matching `query`: the exact word if present, else the words in which the regular
    expression (RE2 syntax, case-insensitive) finds a match (at most `limit`). The search runs once over
    the words joined by newlines, in time linear in their length whatever the pattern.
    LabError selection_empty / regex_too_long / regex_invalid / word_unknown."""
    query = query.strip()
    if not query:
        raise LabError("selection_empty", "type a word or a regular expression")
    exact = [i for i, w in enumerate(words) if w == query]
    if exact:
        return exact
    pattern = _compile_search(query)
    encoded = [w.encode("utf-8", "surrogatepass") for w in words]
    text = b"\n".join(encoded)
    starts = np.cumsum([0] + [len(w) + 1 for w in encoded[:-1]])  # (V,) byte offset of each word
    found, pos = [], 0
    while len(found) < limit and pos <= len(text):
        match = pattern.search(text, pos)
        if match is None:
            break
        i = int(np.searchsorted(starts, match.start(), side="right")) - 1  # the word holding the match
        found.append(i)
        pos = int(starts[i + 1]) if i + 1 < len(starts) else len(text) + 1
    if not found:
        raise LabError("word_unknown", f"“{query}” matches no word in the vocabulary", word=query)
    return found


@dataclass
class Analogy:
    a: int
    b: int
    c: int
    path: np.ndarray  # (3, d): a, a − b, a − b + c (unit vectors, as gensim's most_similar)
    ids: np.ndarray  # (k,) nearest words to a − b + c, inputs excluded
    cosines: np.ndarray  # (k,)


def analogy(index: Index, a: int, b: int, c: int, k: int = 5) -> Analogy:
    """a − b + c (e.g. 国王 − 男人 + 女人): the words nearest the end point, a, b and c excluded."""
    u = unit(index.rows[[a, b, c]])  # (3, d)
    path = np.stack([u[0], u[0] - u[1], u[0] - u[1] + u[2]])  # (3, d)
    cosine_index = index if index.metric == "cosine" else Index(index.rows)
    ids, cosines = cosine_index.nearest(path[-1], k, exclude=sorted({a, b, c}))
    return Analogy(a, b, c, path, ids, cosines)


def odd_one_out(vectors, ids) -> tuple[int, np.ndarray]:
    """(the id that fits least, cosine of each word to the mean direction of all): the word farthest
    from the group's mean unit vector, as gensim's doesnt_match."""
    ids = list(ids)
    if len(ids) < 3:
        raise LabError("selection_too_small", "give at least three words", need=3)
    u = unit(np.asarray(vectors, dtype=np.float32)[ids])  # (m, d)
    cosines = u @ unit(u.mean(0))  # (m,)
    return ids[int(np.argmin(cosines))], cosines


# ---------------------------------------------------------------- the cloze (C7)


def decode(W, W_prime, context_ids, mean: bool = False) -> np.ndarray:
    """CBOW's forward pass: h = sum (or mean) of W[context]; probabilities = softmax(W_prime @ h). (V,)"""
    h = np.asarray(W, dtype=np.float64)[list(context_ids)].sum(0)  # (d,)
    if mean:
        h /= len(context_ids)
    scores = np.asarray(W_prime, dtype=np.float64) @ h  # (V,)
    p = np.exp(scores - scores.max())
    return p / p.sum()


@dataclass
class Cloze:
    left: list[str]  # tokens before the blank
    right: list[str]  # tokens after it
    context: list[int]  # ids of the known context tokens used
    unknown: list[str]  # context tokens not in the vocabulary (dropped)
    probs: np.ndarray  # (V,) sums to 1

    def top(self, k: int = 10) -> np.ndarray:
        return np.argsort(-self.probs, kind="stable")[:k]


def split_blank(sentence: str) -> tuple[str, str]:
    """The text before and after the one blank ("__", "＿" or "[MASK]")."""
    parts = BLANK.split(sentence)
    if len(parts) != 2:
        raise LabError("cloze_blank", "write the sentence with exactly one blank: __", found=len(parts) - 1)
    return parts[0], parts[1]


def cloze(
    sentence: str, index: dict[str, int], W, W_prime, tokenizer: str, window: int = 5, mean: bool = False
) -> Cloze:
    """The model's distribution for the blank of `sentence`: up to `window` tokens on each side form the
    context, their W rows add up to h, and softmax(W_prime @ h) spreads probability over every word —
    several answers (红, 绿, 甜…) at once."""
    from core.corpus import tokenize

    before, after = split_blank(sentence)
    left = tokenize(before, tokenizer)[-window:] if before.strip() else []
    right = tokenize(after, tokenizer)[:window] if after.strip() else []
    known = [tok for tok in left + right if tok in index]
    unknown = [tok for tok in left + right if tok not in index]
    if not known:
        raise LabError(
            "cloze_no_context",
            "none of the words around the blank is in the vocabulary",
            words=" ".join(unknown) or "—",
        )
    context = [index[tok] for tok in known]
    return Cloze(left, right, context, unknown, decode(W, W_prime, context, mean))


# ---------------------------------------------------------------- forces (C6)


@dataclass
class Forces:
    centre: int
    context: list[int]
    context_vectors: np.ndarray  # (C, d) the component forces, rows of W
    resultant: np.ndarray  # (d,) their sum: CBOW's hidden layer h
    centre_vector: np.ndarray  # (d,) W[centre]
    cosine: float  # cos(resultant, W[centre])
    cosine_output: float | None  # cos(resultant, W_prime[centre]) — what CBOW training pulls together


def _cos(u, v) -> float:
    return float(unit(np.asarray(u, np.float64)) @ unit(np.asarray(v, np.float64)))


def forces(token_ids: list[int], position: int, W, W_prime=None, window: int = 2) -> Forces:
    """The window around token_ids[position]: its context rows of W are the component forces, their sum
    the resultant, compared with the centre word's own vector (and its output vector, if given)."""
    if not 0 <= position < len(token_ids):
        raise LabError("selection_empty", "choose the centre word of the window")
    context = [
        token_ids[j]
        for j in range(max(0, position - window), min(len(token_ids), position + window + 1))
        if j != position
    ]
    if not context:
        raise LabError("selection_too_small", "the window needs at least one context word", need=2)
    W = np.asarray(W, dtype=np.float32)
    centre = token_ids[position]
    context_vectors = W[context]  # (C, d)
    resultant = context_vectors.sum(0)  # (d,)
    out = None if W_prime is None else _cos(resultant, np.asarray(W_prime)[centre])
    return Forces(centre, context, context_vectors, resultant, W[centre], _cos(resultant, W[centre]), out)


def input_output_similarity(W, W_prime) -> np.ndarray:
    """(V,) cosine of each word's input vector W[i] with its output vector W_prime[i] (0 where one is
    zero)."""
    W = np.asarray(W, dtype=np.float64)
    W_prime = np.asarray(W_prime, dtype=np.float64)
    norms = np.linalg.norm(W, axis=1) * np.linalg.norm(W_prime, axis=1)
    dots = np.einsum("ij,ij->i", W, W_prime)
    return np.divide(dots, norms, out=np.zeros_like(dots), where=norms > 0).astype(np.float32)


def read_categories(data: bytes) -> dict[str, str]:
    """word -> category from an uploaded metadata TSV: word<TAB>category lines, or an Embedding Projector
    metadata.tsv with a header row (word column "word"/"token"/"label"/"name" or the first; category column
    "category"/"class"/"type"/"group"/"cluster", else the first other column). A one-column metadata.tsv
    (words only, as this app exports it) has no categories: {}. LabError categories_malformed / file_*."""
    from core.corpus import read_text

    lines = read_text(data).split("\n")  # not splitlines: a word may hold U+2028, U+0085…
    rows = [
        (number, line.removesuffix("\r").split("\t")) for number, line in enumerate(lines, 1) if line.strip()
    ]  # (line number, cells)
    if not rows:
        raise LabError("file_empty", "The file is empty.")
    if all(len(cells) == 1 for _, cells in rows):
        return {}
    first_line, first = rows[0]
    if len(first) < 2:
        raise LabError("categories_malformed", "expected word<TAB>category on every line", line=first_line)
    header = [h.strip().lower() for h in first]
    named = [header.index(c) for c in ("word", "token", "label", "name") if c in header]
    word_col = named[0] if named else 0
    if named:
        rows = rows[1:]
    labelled = [header.index(c) for c in ("category", "class", "type", "group", "cluster") if c in header]
    cat_col = labelled[0] if named and labelled else (1 if word_col != 1 else 0)
    out = {}
    for number, cells in rows:
        if len(cells) <= max(word_col, cat_col):
            raise LabError("categories_malformed", f"Line {number}: expected word<TAB>category.", line=number)
        out[cells[word_col].strip()] = cells[cat_col].strip()
    return out


# ---------------------------------------------------------------- helpers of the Space page's panels


def split_words(text: str) -> list[str]:
    """The words of a list typed by hand: separated by spaces or commas (, ， 、)."""
    return re.split(r"[\s,，、]+", text.strip()) if text.strip() else []


def category_totals(
    probs, words: list[str], categories: dict[str, str], other: str
) -> list[tuple[str, float]]:
    """(category, total probability) over every word, words without a category under `other`; the
    smallest total first."""
    totals: dict[str, float] = {}
    for word, p in zip(words, np.asarray(probs, dtype=np.float64)):
        name = categories.get(word, other)
        totals[name] = totals.get(name, 0.0) + float(p)
    return sorted(totals.items(), key=lambda item: item[1])


@dataclass
class ForceArrows:
    """A window's forces drawn in one plane: context vectors head to tail, their resultant h, and the
    centre word's input (and output) vector scaled to |h| so that only the directions compare."""

    chain: np.ndarray  # (C + 1, 2): the start of each context vector, then the end of the last
    resultant: np.ndarray  # (2,) h
    centre: np.ndarray  # (2,) W[centre] · |h| / |W[centre]|
    output: np.ndarray | None  # (2,) W_prime[centre] scaled alike; None without W′ or for a zero row


def force_arrows(f: Forces, basis: np.ndarray, W_prime=None) -> ForceArrows:
    """`f` projected onto `basis` (d, 2), one fixed plane for every window."""
    length = np.linalg.norm(f.resultant)
    chain = np.vstack([np.zeros(2), np.cumsum(f.context_vectors @ basis, axis=0)])  # (C + 1, 2)
    centre = unit(f.centre_vector) * length @ basis  # (2,)
    output = None
    if W_prime is not None and np.linalg.norm(W_prime[f.centre]) > 0:
        output = unit(np.asarray(W_prime[f.centre])) * length @ basis  # (2,)
    return ForceArrows(chain, f.resultant @ basis, centre, output)
