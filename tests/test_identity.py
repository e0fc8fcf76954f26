"""The why-embeddings core: lookup table vs embedding (C1, C2), the identity trap (C4), pinv vs a gradient
step (C10), the linear network (C10, C11) — checked against torch autograd, numpy and brute force."""

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from core.corpus import Corpus, load_categories, tokenize
from core.errors import LabError
from core.identity import (
    TRAP_WORDS,
    build_identity,
    frequent_words,
    nearest_words,
    neighbour_agreement,
    train_identity,
)
from core.linear_net import hidden_layer, train_cbow
from core.lookup import LookupTable, blend, embedding_answer, one_hot_times_W
from core.pinv_cost import _gradient_step, measure
from core.word2vec import Config, build, train_all

CORPORA = Path(__file__).resolve().parent.parent / "corpora"


@pytest.fixture(scope="module", params=["zh", "en"])
def world(request):
    """The apple corpus, its categories and a CBOW model trained on it (the app's default settings)."""
    cfg = Config(arch="cbow", softmax=True, dim=32, window=5, epochs=20, min_count=1, seed=1)
    corpus = Corpus.from_path(CORPORA / f"apples_{request.param}.txt", min_count=1)
    model = build(corpus, cfg)
    train_all(model, corpus)
    return request.param, corpus, load_categories(CORPORA / f"apples_{request.param}.categories.tsv"), model


# ------------------------------------------------------------------ C4 the identity trap


def test_identity_trap_reaches_zero_loss_but_learns_no_meaning(world):
    lang, corpus, categories, cbow = world
    trap = build_identity(cbow.words, dim=16, seed=1)
    events = list(train_identity(trap, steps=300, lr=0.01, report_every=20))
    assert [e.step for e in events] == list(range(20, 301, 20)) and events[-1].done
    assert events[0].loss > 10 * events[-1].loss
    assert events[-1].loss < 0.02 and events[-1].accuracy == 1.0
    # perfect argmax reconstruction comes early, long before the loss is small
    assert next(e.step for e in events if e.accuracy == 1.0) <= 100

    # the reported loss is the cross-entropy of the stored W, W_prime (brute force in float64)
    scores = trap.W.double().numpy() @ trap.W_prime.double().numpy().T  # (V, V) row = input token
    log_p = (
        scores
        - np.log(np.exp(scores - scores.max(1, keepdims=True)).sum(1, keepdims=True))
        - scores.max(1, keepdims=True)
    )
    assert events[-1].loss == pytest.approx(-np.mean(np.diag(log_p)), rel=1e-3, abs=1e-6)

    trapped = neighbour_agreement(trap.W, trap.words, categories)
    learned = neighbour_agreement(cbow.W.detach(), cbow.words, categories)
    assert trapped.chance == learned.chance and trapped.n_words == learned.n_words >= 50
    assert trapped.score < trapped.chance + 0.1  # arbitrary neighbours: chance level
    assert learned.score > learned.chance + 0.5  # CBOW on the same corpus: meaningful neighbours


def test_identity_product_has_rank_at_most_d_and_is_not_the_identity(world):
    _, _, _, cbow = world
    d = 8
    trap = build_identity(cbow.words, dim=d, seed=2)
    for _ in train_identity(trap, steps=300, lr=0.01, report_every=300):
        pass
    P = trap.W_prime.double().numpy() @ trap.W.double().numpy().T  # (V, V) W′W
    np.testing.assert_allclose(P, trap.product().numpy(), rtol=1e-4, atol=1e-4)
    V = len(cbow.words)
    assert P.shape == (V, V) and d < V
    sv = trap.singular_values()
    np.testing.assert_allclose(sv, np.linalg.svd(P, compute_uv=False), rtol=1e-6, atol=1e-6 * sv[0])
    assert np.sum(sv > 1e-9 * sv[0]) == d
    assert np.linalg.matrix_rank(P) <= d
    # reconstruction by argmax is already perfect, though P is far from any multiple of I
    assert (trap.reconstruct().numpy() == np.arange(V)).all()
    c = np.trace(P) / V
    assert np.linalg.norm(P - c * np.eye(V)) > 0.3 * np.linalg.norm(c * np.eye(V))


def test_frequent_words_keeps_the_most_counted_in_vocabulary_order():
    words, counts = ["a", "b", "c", "d", "e"], [5, 50, 1, 50, 7]
    assert frequent_words(words, counts, limit=3) == ["b", "d", "e"]
    assert frequent_words(words, counts, limit=5) == words
    assert frequent_words(words, counts, limit=1) == ["b"]  # a tie goes to the earlier word


# A vocabulary of 50,000 words, dim 100: the whole vocabulary's W′W would be 10 GB (float32).
_BIG_TRAP = """
import json, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))   # a regression fails here, not on the machine
import numpy as np, torch
from core.identity import frequent_words, identity_run

V, d = 50_000, 100
rng = np.random.default_rng(0)
words = [f"w{i}" for i in range(V)]
counts = rng.integers(1, 10_000, V)
W = torch.rand(V, d)  # the session model's own matrices, as a page has them
# torch's one-time start-up (~90 MB), not the trap's
for _ in identity_run(words[:10], dim=8, steps=50, lr=0.03):
    pass
open("/proc/self/clear_refs", "w").write("5")                # peak RSS from here on
before = int(open("/proc/self/status").read().split("VmRSS:")[1].split()[0])
start = time.perf_counter()
run = identity_run(frequent_words(words, counts), dim=8, steps=300, lr=0.03)
reports = 0
try:
    while True:
        next(run)
        reports += 1
except StopIteration as end:
    trap, sv = end.value
peak = int(open("/proc/self/status").read().split("VmHWM:")[1].split()[0])
print(json.dumps(dict(seconds=time.perf_counter() - start, mib=(peak - before) / 1024, V=len(trap.words),
                      sv=len(sv), reports=reports,
                      top=bool(counts.max() in counts[[int(w[1:]) for w in trap.words]]))))
"""


def test_the_trap_on_a_50000_word_vocabulary_stays_small_and_quick():
    """Run in a fresh process: its peak memory above the starting point and its time, for the trap on a
    session model of V = 50,000 (the page takes its 500 most frequent words)."""
    out = subprocess.run(
        [sys.executable, "-c", _BIG_TRAP],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["V"] == result["sv"] == TRAP_WORDS and result["top"] and result["reports"] == 50
    assert result["mib"] < 50, result  # V×V at 500 words: 1–2 MB a matrix
    assert result["seconds"] < 20, result  # ~1–2 s on an idle core


def test_reconstruct_is_argmax_over_outputs():
    trap = build_identity([f"w{i}" for i in range(20)], dim=3, seed=0)
    trap.W_prime.copy_(torch.randn(20, 3))
    brute = [max(range(20), key=lambda j: float(trap.W_prime[j] @ trap.W[i])) for i in range(20)]
    assert trap.reconstruct().tolist() == brute


def test_neighbour_agreement_matches_brute_force():
    rng = np.random.default_rng(0)
    words = [f"w{i}" for i in range(30)]
    vectors = rng.normal(size=(30, 4))
    categories = {w: "abc"[i % 3] for i, w in enumerate(words[:24])}  # 6 words unlabelled
    got = neighbour_agreement(vectors, words, categories, k=3)
    labelled = list(range(24))
    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    hits, chance = [], []
    for i in labelled:
        others = sorted((j for j in labelled if j != i), key=lambda j: -unit[i] @ unit[j])[:3]
        hits += [categories[words[j]] == categories[words[i]] for j in others]
        chance.append(sum(categories[words[j]] == categories[words[i]] for j in labelled if j != i) / 23)
    assert got.score == pytest.approx(np.mean(hits)) and got.chance == pytest.approx(np.mean(chance))
    assert got.n_words == 24
    with pytest.raises(LabError):
        neighbour_agreement(vectors, words, {"w0": "a"})


def test_nearest_words_of_cbow_share_the_category(world):
    lang, _, categories, cbow = world
    apple = {"zh": "苹果", "en": "apple"}[lang]
    near = nearest_words(cbow.W.detach(), cbow.words, apple, k=3)
    assert apple not in near and all(categories.get(w) == "fruit" for w in near)


# ------------------------------------------------------------------ C10 pinv vs a gradient step


def test_costs_are_measured_for_every_V_and_the_curves_follow_their_models():
    """How the times grow with V is wall-clock: bench/pinv_cost.py prints it. Here: what was measured,
    and the drawn curves (reference and extrapolation) through the right points with the stated powers."""
    costs = measure(sizes=(100, 2000, 20000), dim=32, max_square=500, repeats=3)
    assert list(costs.sizes) == [100, 2000, 20000]
    for series in (costs.pinv, costs.step):
        assert np.isfinite(series).all() and (series > 0).all()
    assert np.isfinite(costs.square[0])
    assert np.isnan(costs.square[1:]).all()  # 2000 > max_square: not measured, only extrapolated
    # reference curves go through the first point with the stated powers
    np.testing.assert_allclose(costs.ref_cubic, costs.square[0] * (costs.sizes / 100) ** 3)
    np.testing.assert_allclose(costs.ref_linear, costs.step[0] * (costs.sizes / 100))
    assert costs.square_extrapolated[0] == costs.square[0]
    np.testing.assert_allclose(costs.square_extrapolated, costs.square[0] * (costs.sizes / 100) ** 3)


def test_a_gradient_step_touches_every_row_of_W_prime_and_only_the_context_rows_of_W():
    """Why a step costs O(V·d): the full softmax updates all V rows of W_prime (d numbers each)."""
    gen = torch.Generator().manual_seed(0)
    W = 0.1 * torch.randn(400, 16, generator=gen, dtype=torch.float64)  # (V, d) small, as at the start
    W_prime = 0.1 * torch.randn(400, 16, generator=gen, dtype=torch.float64)  # (V, d) of training
    W0, W_prime0 = W.clone(), W_prime.clone()
    context = torch.tensor([3, 7, 7, 41])
    _gradient_step(W, W_prime, context, centre=9)
    assert (W_prime != W_prime0).any(dim=1).all()  # all 400 rows moved
    assert (W != W0).any(dim=1).nonzero().flatten().tolist() == [3, 7, 41]


def test_gradient_step_equals_autograd():
    torch.manual_seed(0)
    W, W_prime = torch.randn(50, 6, dtype=torch.float64), torch.randn(50, 6, dtype=torch.float64)
    context, centre, alpha = torch.tensor([3, 7, 7, 41]), 9, 0.1
    W_ref, Wp_ref = W.clone().requires_grad_(True), W_prime.clone().requires_grad_(True)
    F.cross_entropy((Wp_ref @ W_ref[context].sum(0))[None], torch.tensor([centre])).backward()
    _gradient_step(W, W_prime, context, centre, alpha)
    torch.testing.assert_close(W, W_ref.detach() - alpha * W_ref.grad)
    torch.testing.assert_close(W_prime, Wp_ref.detach() - alpha * Wp_ref.grad)


def test_measure_rejects_sizes_not_above_d():
    with pytest.raises(LabError):
        measure(sizes=(10, 100), dim=32)


# ------------------------------------------------------------------ C1, C2 lookup table vs embedding


def test_one_hot_times_W_selects_the_row(world):
    lang, _, _, cbow = world
    word = {"zh": "红", "en": "red"}[lang]
    product, row = one_hot_times_W(cbow, word)
    i = cbow.index[word]
    reference = F.one_hot(torch.tensor(i), len(cbow.words)).float() @ cbow.W.detach()  # (d,)
    np.testing.assert_array_equal(product, row)
    np.testing.assert_allclose(product, reference.numpy())
    assert row.shape == (cbow.config.dim,)


def test_lookup_table_answers_only_its_keys(world):
    lang, corpus, categories, cbow = world
    table = LookupTable.from_corpus(corpus, window=2)
    left, right = {"zh": (["这是", "一个"], ["苹果"]), "en": (["this", "is", "a"], ["apple"])}[lang]
    # brute force over the raw sentences: the centre words seen between exactly these neighbours
    seen = Counter()
    for sentence in corpus.sentences():
        tokens = [corpus.vocab.words[i] for i in sentence]
        for pos in range(len(tokens)):
            if tokens[max(0, pos - 2) : pos] == left[-2:] and tokens[pos + 1 : pos + 3] == right:
                seen[tokens[pos]] += 1
    answer = table.answer(left, right, k=100)
    assert answer is not None and dict(answer) == pytest.approx(
        {w: n / seen.total() for w, n in seen.items()}
    )
    assert any(categories.get(w) == "colour" for w, _ in answer)

    unseen = {"zh": (["苹果", "苹果"], ["苹果"]), "en": (["apple", "apple"], ["apple"])}[lang]
    assert table.answer(*unseen) is None
    # the embedding answers anyway: softmax(W_prime @ sum of context rows), a distribution over V
    emb = embedding_answer(cbow, *unseen, k=len(cbow.words))
    ids = [cbow.index[w] for w in unseen[0] + unseen[1]]
    probs = torch.softmax(cbow.W_prime @ cbow.W[ids].sum(0), 0)
    assert sum(p for _, p in emb) == pytest.approx(1.0, abs=1e-4)
    assert emb[0] == (cbow.words[int(probs.argmax())], pytest.approx(float(probs.max())))
    with pytest.raises(LabError) as err:
        embedding_answer(cbow, ["no-such-word"], [])
    assert err.value.code == "why_unknown_words"


def test_midpoint_of_red_and_green_is_a_colour(world):
    lang, _, categories, cbow = world
    red, green = {"zh": ("红", "绿"), "en": ("red", "green")}[lang]
    near = blend(cbow, [red, green], k=2)
    assert [categories[w] for w, _ in near] == ["colour", "colour"]
    assert red not in dict(near) and green not in dict(near)


# ------------------------------------------------------------------ C10, C11 the linear network


def test_hidden_layer_is_the_sum_of_rows(world):
    lang, _, _, cbow = world
    context = tokenize({"zh": "这是一个苹果", "en": "this is a apple"}[lang], cbow.tokenizer)
    layer = hidden_layer(cbow, context)
    np.testing.assert_allclose(layer.via_one_hot, layer.via_rows, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(layer.via_rows, cbow.hidden(layer.context).numpy(), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(
        torch.softmax(torch.from_numpy(layer.output), 0).numpy(),
        cbow.decode(torch.from_numpy(layer.via_rows)).numpy(),
        rtol=1e-4,
        atol=1e-6,
    )
    assert layer.one_hot_sum.sum() == len(context)


def test_nonlinearity_changes_addition_not_meaning():
    corpus = Corpus.from_path(CORPORA / "apples_zh.txt", min_count=1)
    categories = load_categories(CORPORA / "apples_zh.categories.tsv")
    results = {
        a: train_cbow(corpus, categories, a, dim=16, epochs=3, seed=1) for a in ("none", "relu", "tanh")
    }
    for r in results.values():
        assert r.losses[-1] < r.losses[0]
        assert r.agreement.score > r.agreement.chance + 0.4
    assert results["none"].additivity < 1e-6
    assert results["relu"].additivity > 0.05 and results["tanh"].additivity > 0.05
    with pytest.raises(LabError):
        train_cbow(corpus, categories, "sigmoid")
