"""core.translation: the fruit-world parallel corpus, the tiny Transformer's attention against PyTorch,
and a live-trained translator that translates held-out combinations (lecture C1, C13)."""

import numpy as np
import pytest
import torch

from core.errors import LabError
from core.translation import HELD_OUT, build_translator, parallel_corpus, train_translator, training
from core.translation_corpus import LEXICON, tokenize_zh
from core.translation_model import KINDS, Attention, Probe, TinyTransformer, TransformerConfig

SEED = 0


@pytest.fixture(scope="module")
def corpus():
    return parallel_corpus(SEED)


@pytest.fixture(scope="module")
def trained(translator):
    """One full training run (seed 0), shared by the slow tests and the pages' tests."""
    return translator


def held_pairs(zh: str) -> set:
    words = set(tokenize_zh(zh))
    return {pair for pair in HELD_OUT if set(pair) <= words}


# ---- the parallel corpus ---------------------------------------------------------------------------


def test_held_out_combinations_never_meet_in_training_and_every_test_sentence_has_one(corpus):
    train, test = corpus
    assert len(train) >= 1000 and len(test) >= 100
    assert not any(held_pairs(zh) for zh, _ in train)
    assert all(held_pairs(zh) for zh, _ in test)
    assert {p for zh, _ in test for p in held_pairs(zh)} == set(HELD_OUT)  # every held-out pair is tested


def test_no_test_sentence_leaks_into_training_but_its_words_were_all_seen(corpus):
    train, test = corpus
    assert not {zh for zh, _ in test} & {zh for zh, _ in train}
    assert not {en for _, en in test} & {en for _, en in train}
    zh_seen = {w for zh, _ in train for w in tokenize_zh(zh)}
    en_seen = {w for _, en in train for w in en.split()}
    for zh, en in test:  # each word alone is familiar; only the combination is new
        assert set(tokenize_zh(zh)) <= zh_seen and set(en.split()) <= en_seen, (zh, en)


def test_corpus_is_deterministic_in_its_seed():
    assert parallel_corpus(3) == parallel_corpus(3)
    assert parallel_corpus(3)[0] != parallel_corpus(4)[0]


def test_lecture_sentence_and_tokenisation(corpus):
    train, test = corpus
    assert ("这是一个红苹果", "this is a red apple") in train  # the lecture's sentence
    assert tokenize_zh("这是一个红苹果。") == ["这", "是", "一", "个", "红", "苹果"]
    assert tokenize_zh("我们买了两个绿香蕉") == ["我们", "买了", "两", "个", "绿", "香蕉"]
    for zh, _ in train + test:  # the segmentation covers the sentence, word for word from the lexicon
        words = tokenize_zh(zh)
        assert "".join(words) == zh and set(words) <= LEXICON


def test_english_follows_grammar_the_model_must_learn(corpus):
    pairs = dict(corpus[0])
    assert pairs["这是一个苹果"] == "this is an apple" and pairs["这是一个甜苹果"] == "this is a sweet apple"
    assert all(
        en.split()[1] in ("likes", "has", "wants", "bought", "ate")
        for zh, en in pairs.items()
        if zh[0] in "他她" and zh[1] != "们"
    )  # third person -s


# ---- the model's parts against PyTorch ---------------------------------------------------------------


def test_attention_equals_torch_multihead_attention():
    torch.manual_seed(0)
    d, H = 48, 4
    ours = Attention(d, H, dropout=0.0).eval()
    ref = torch.nn.MultiheadAttention(d, H, batch_first=True).eval()
    with torch.no_grad():
        ref.in_proj_weight.copy_(torch.cat([ours.W_Q.weight, ours.W_K.weight, ours.W_V.weight]))
        ref.in_proj_bias.copy_(torch.cat([ours.W_Q.bias, ours.W_K.bias, ours.W_V.bias]))
        ref.out_proj.weight.copy_(ours.W_O.weight)
        ref.out_proj.bias.copy_(ours.W_O.bias)
    x, memory = torch.randn(3, 5, d), torch.randn(3, 7, d)  # (B, Tq, d), (B, Tk, d)
    pad = torch.zeros(3, 7, dtype=torch.bool)
    pad[1, 5:] = True  # the second sentence is 2 words shorter
    out, w = ours(x, memory, pad.unsqueeze(1))
    out_ref, w_ref = ref(x, memory, memory, key_padding_mask=pad, average_attn_weights=False)
    torch.testing.assert_close(out, out_ref, atol=1e-5, rtol=1e-4)
    torch.testing.assert_close(w, w_ref, atol=1e-6, rtol=1e-5)
    assert w[1, :, :, 5:].abs().max() == 0  # padding gets no attention


def test_decoder_cannot_see_future_english_words():
    torch.manual_seed(0)
    model = TinyTransformer(20, 30, TransformerConfig(dropout=0.0)).eval()
    src = torch.tensor([[3, 4, 5, 6]])
    a, b = torch.tensor([[1, 7, 8, 9]]), torch.tensor([[1, 7, 8, 12]])
    la, lb = model(src, a), model(src, b)  # (1, T, n_tgt)
    torch.testing.assert_close(la[:, :3], lb[:, :3])  # positions before the change are untouched
    assert not torch.allclose(la[:, 3], lb[:, 3])


# ---- training ----------------------------------------------------------------------------------------


def test_progress_receives_step_loss_seconds_and_can_stop(corpus):
    seen = []

    def progress(step, loss, seconds):
        seen.append((step, loss, seconds))
        return step >= 40

    before = torch.get_num_threads()
    model = train_translator(corpus[0], seed=SEED, progress=progress, threads=1)
    assert [s for s, _, _ in seen] == [20, 40] and not model.finished
    assert all(loss > 0 and np.isfinite(loss) and sec > 0 for _, loss, sec in seen)
    assert seen[0][2] < seen[1][2]
    assert torch.get_num_threads() == before


def test_training_generator_stops_on_send_and_cleans_up_on_close(corpus):
    """core.translation.training, the form a background job runs: send(True) ends the run with the
    translator so far; close() abandons it and restores the torch thread setting."""
    before = torch.get_num_threads()
    run = training(corpus[0], seed=SEED)
    first = next(run)
    assert (first.step, first.steps) == (20, 500) and first.loss > 0
    with pytest.raises(StopIteration) as end:
        run.send(True)
    model = end.value.value
    assert model.losses == [(20, first.loss, first.seconds)] and not model.finished
    run = training(corpus[0], seed=SEED)
    next(run)
    assert torch.get_num_threads() == 1  # one thread while it runs
    run.close()
    assert torch.get_num_threads() == before


def test_max_seconds_cuts_a_run_short(corpus):
    model = train_translator(corpus[0], seed=SEED, max_seconds=0.5)
    assert not model.finished and model.losses and model.seconds < 10


def test_the_corpus_teaches_phrases_as_well_as_sentences(corpus):
    """Bare noun phrases, quantities and two adjectives are in training (so 绿香蕉 is not forced into a
    sentence template), and the held-out pairs stay out of every shape."""
    train, test = corpus
    sources = {zh for zh, _ in train}
    assert {"香蕉", "三个梨", "红苹果"} <= sources
    assert any(
        len(set(tokenize_zh(zh)) & {"红", "绿", "黄", "紫", "甜", "酸", "大", "小"}) == 2 for zh in sources
    )
    assert not any(held_pairs(zh) for zh in sources)  # so 绿香蕉 and 红梨 are never seen whole


@pytest.mark.slow
@pytest.mark.parametrize(
    "zh, en",
    [
        ("绿香蕉", "green banana"),  # a held-out pair, as a bare phrase (the page's example)
        ("红梨", "red pear"),
        ("三个绿香蕉", "three green bananas"),
        ("紫苹果", "purple apple"),
        ("这个紫苹果很甜", "this purple apple is very sweet"),  # two adjectives, one held-out pair
        ("五个黄芒果", "five yellow mangoes"),
        ("一个酸西瓜", "a sour watermelon"),
    ],
)
def test_translates_phrases_outside_the_sentence_templates(trained, zh, en):
    assert trained.translate(zh) == en


@pytest.mark.slow
def test_translates_held_out_combinations(trained, corpus):
    _, test = corpus
    assert trained.finished
    assert 50_000 <= trained.n_parameters <= 300_000
    accuracy = trained.accuracy(test)
    assert accuracy >= 0.95, accuracy
    losses = [loss for _, loss, _ in trained.losses]
    assert losses[-1] < 0.2 * losses[0]


@pytest.mark.slow
def test_embedding_matrices_trained_with_the_model(trained, corpus):
    start = build_translator(corpus[0], seed=SEED).embeddings()  # the same initialisation
    end = trained.embeddings()
    for name, words in (("W_src", trained.src_words), ("W_tgt", trained.tgt_words)):
        assert start[name].shape == end[name].shape == (len(words), trained.model.config.d)
        moved = dict(zip(words, np.abs(end[name] - start[name]).max(1)))  # per word
        # Every word the model reads moved; <eos> is only ever predicted, never read, so its row stays put.
        assert all(moved[w] > 1e-2 for w in words if w not in ("<pad>", "<eos>")), name
        assert moved.get("<eos>", 0) == 0


@pytest.mark.slow
def test_cross_attention_shapes_and_rows(trained):
    src, tgt, w = trained.cross_attention("这是一个红苹果")
    assert src == ["这", "是", "一", "个", "红", "苹果"]
    assert tgt[-1] == "<eos>" and " ".join(tgt[:-1]) == trained.translate("这是一个红苹果")
    assert w.shape == (len(tgt), len(src))
    np.testing.assert_allclose(w.sum(1), 1, atol=1e-5)
    assert (w >= 0).all()
    for layer in range(trained.model.config.n_dec):
        for head in range(trained.model.config.n_head):
            np.testing.assert_allclose(
                trained.cross_attention("这是一个红苹果", layer, head)[2].sum(1), 1, atol=1e-5
            )


@pytest.mark.slow
def test_greedy_steps_explain_the_translation(trained):
    steps = trained.greedy_steps("他买了三个红苹果", top=4)
    words = [s.chosen for s in steps]
    assert words[-1] == "<eos>" and " ".join(words[:-1]) == trained.translate("他买了三个红苹果")
    for i, s in enumerate(steps):
        probs = [p for _, p in s.candidates]
        assert len(probs) == 4 and probs == sorted(probs, reverse=True) and sum(probs) <= 1 + 1e-6
        assert s.chosen == s.candidates[0][0] and s.prefix == words[:i]


@pytest.mark.slow
def test_unknown_words_are_named(trained):
    with pytest.raises(LabError) as err:
        trained.translate("这是一个蓝莓")
    assert err.value.code == "translation_unknown_words" and err.value.params["words"] == "蓝莓"
    with pytest.raises(LabError) as err:
        trained.translate("我喜欢蓝色和白色的苹果")
    assert set(err.value.params["words"].split("、")) >= {"蓝色", "白色"}
    with pytest.raises(LabError) as err:
        trained.translate("  。")
    assert err.value.code == "translation_empty"


# ---- every head of all three kinds, and ablation ----------------------------------------------------------


@pytest.fixture(scope="module")
def untrained(corpus):
    return build_translator(corpus[0], seed=SEED)


def _mha(module: Attention, x, memory, mask):
    """torch.nn.MultiheadAttention holding `module`'s weights, on the same inputs: per-head weights."""
    d = x.shape[-1]
    ref = torch.nn.MultiheadAttention(d, module.n_head, batch_first=True).eval()
    with torch.no_grad():
        ref.in_proj_weight.copy_(torch.cat([module.W_Q.weight, module.W_K.weight, module.W_V.weight]))
        ref.in_proj_bias.copy_(torch.cat([module.W_Q.bias, module.W_K.bias, module.W_V.bias]))
        # MHA's masks: a (Tq, Tk) attn_mask for the decoder's look-ahead, key_padding_mask (B, Tk) otherwise
        if mask.shape[-2] > 1:
            return ref(x, memory, memory, attn_mask=mask[0], average_attn_weights=False)[1]
        return ref(x, memory, memory, key_padding_mask=mask[:, 0], average_attn_weights=False)[1]


@pytest.mark.parametrize("zh", ["这是一个红苹果", "妈妈在超市买了两个又甜又脆的红苹果"])
def test_every_head_equals_a_pytorch_recomputation(untrained, zh):
    """Translator.attention's maps, head by head, against nn.MultiheadAttention given each module's
    weights and the very inputs the module saw in that pass (captured by forward hooks)."""
    inputs = {}
    hooks = [
        m.register_forward_hook(lambda m, args, out: inputs.__setitem__(m.name, args[:3]))
        for m in untrained.model.modules()
        if isinstance(m, Attention)
    ]
    try:
        maps = untrained.attention(zh)  # the last call of each module is the pass the maps come from
    finally:
        for h in hooks:
            h.remove()
    c = untrained.model.config
    S, T = len(maps.src), len(maps.tgt)
    assert maps.tgt_in[0] == "<bos>" and maps.tgt_in[1:] == maps.tgt[:-1] and maps.tgt[-1] == "<eos>"
    assert maps.encoder.shape == (c.n_enc, c.n_head, S, S)
    assert maps.decoder.shape == (c.n_dec, c.n_head, T, T)
    assert maps.cross.shape == (c.n_dec, c.n_head, T, S)
    for kind in KINDS:
        weights = getattr(maps, kind)
        np.testing.assert_allclose(weights.sum(-1), 1, atol=1e-6)  # every row, every head
        for layer in range(weights.shape[0]):
            module = {"encoder": "encoder", "decoder": "decoder", "cross": "decoder"}[kind]
            block = getattr(untrained.model, module)[layer]
            attn = block.cross_attn if kind == "cross" else block.self_attn
            ref = _mha(attn, *inputs[(kind, layer)]).detach().numpy()[0]  # (H, Tq, Tk)
            np.testing.assert_allclose(weights[layer], ref, atol=1e-6)
        q, k, v = maps.qkv[kind]
        assert q.shape[:3] == weights.shape[:3] and k.shape == v.shape and k.shape[2] == weights.shape[3]
        d_k = q.shape[-1]
        scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(d_k)  # (L, H, Tq, Tk)
        if kind == "decoder":
            scores = np.where(np.triu(np.ones((T, T), bool), 1), -np.inf, scores)
        softmax = np.exp(scores - scores.max(-1, keepdims=True))
        np.testing.assert_allclose(softmax / softmax.sum(-1, keepdims=True), weights, atol=1e-6)
    assert (np.triu(maps.decoder, 1) == 0).all()  # no look-ahead: word i never reads a later word


def test_padding_is_never_attended(untrained):
    """A batch of two sentences, the second padded: no head of either kind reading the Chinese gives the
    padding any weight."""
    src = untrained._src_batch([untrained.tokens("这是一个红苹果"), untrained.tokens("红苹果")])  # (2, 6)
    probe = Probe(keep=True)
    with torch.no_grad():
        memory, pad = untrained.model.encode(src, probe)
        untrained.model.decode(torch.tensor([[1, 5, 6], [1, 7, 8]]), memory, pad, probe)
    for (kind, _), seen in probe.seen.items():
        w = seen["weights"]  # (B, H, Tq, Tk)
        if kind != "decoder":
            assert w[1, :, :, 2:].abs().max() == 0 and w[1, :, :, :2].sum(-1).sub(1).abs().max() < 1e-6


def test_ablation_makes_a_head_uniform_or_shuffles_it_and_leaves_the_others(untrained):
    zh = "这是一个红苹果"
    intact = untrained.attention(zh)
    uniform = untrained.attention(zh, ablate=[("encoder", 0, 1)])
    S = len(intact.src)
    np.testing.assert_allclose(uniform.encoder[0, 1], np.full((S, S), 1 / S), atol=1e-7)
    np.testing.assert_array_equal(uniform.encoder[0, [0, 2, 3]], intact.encoder[0, [0, 2, 3]])
    shuffled = untrained.attention(zh, ablate=[("encoder", 0, 1)], mode="shuffle")
    a, b = shuffled.encoder[0, 1], intact.encoder[0, 1]
    np.testing.assert_allclose(np.sort(a, -1), np.sort(b, -1), atol=1e-7)  # the same weights, moved
    assert not np.allclose(a, b)
    every = untrained.attention(zh, ablate=[("decoder", None, None)])  # all layers and heads of a kind
    T = every.decoder.shape[-1]
    allowed = np.tril(np.ones((T, T)))
    np.testing.assert_allclose(
        every.decoder,
        np.broadcast_to(allowed / allowed.sum(1, keepdims=True), every.decoder.shape),
        atol=1e-7,
    )
    with pytest.raises(ValueError):
        untrained.accuracy([(zh, "this is a red apple")], ablate=[("nonsense", 0, 0)])


@pytest.mark.slow
def test_all_cross_attention_heads_made_uniform_break_the_translation(trained, corpus):
    """Cross-attention is what carries the Chinese to the English: without it (every head uniform) the
    held-out accuracy falls below 50 %, while the intact model stays ≥ 95 %."""
    _, test = corpus
    assert trained.accuracy(test) >= 0.95
    assert trained.accuracy(test, ablate=[("cross", None, None)]) < 0.5
    assert trained.translate("这是一个红苹果") == "this is a red apple"
    assert trained.translate("妈妈在超市买了两个又甜又脆的红苹果") == (
        "mom bought two sweet and crisp red apples at the market"
    )


@pytest.mark.slow
def test_the_shared_translator_is_built_by_a_child_process_bit_for_bit(trained, tmp_path, monkeypatch):
    """The server's translator: a child process trains it and writes a checkpoint that loads safely
    (weights only) and equals, tensor for tensor, the same seed trained here — and the server never
    waits: ready() answers None at once while the child works."""
    import time

    from core.translation_cache import Builder

    monkeypatch.setenv("LATENT_LAB_CACHE", str(tmp_path))
    builder = Builder(0).start()
    t0 = time.perf_counter()
    assert builder.ready() is None and time.perf_counter() - t0 < 0.5
    deadline = time.monotonic() + 600
    while builder.ready() is None and time.monotonic() < deadline:
        assert builder.error is None, builder.error
        time.sleep(0.5)
    child = builder.ready()
    assert child is not None and child.finished and builder.child.returncode == 0
    for name, tensor in trained.model.state_dict().items():
        assert torch.equal(tensor, child.model.state_dict()[name]), name
    assert [s for s, _ in child.snapshots] == [s for s, _ in trained.snapshots]
    assert child.translate("这个香蕉很绿") == trained.translate("这个香蕉很绿")
