"""Chinese → English with a tiny Transformer trained live on the fruit world (lecture C13, C1).

train, test = parallel_corpus(seed=0)
model = train_translator(train, seed=0, max_seconds=60, progress=None)
run = training(train, seed=0)            # the same as a generator of TrainProgress (for a background job)
model.translate("这个香蕉很绿")        # "this banana is very green" — a combination never seen in training
model.cross_attention("这是一个红苹果")  # (src_tokens, tgt_tokens, weights (T, S)): 红 ↔ red
model.attention("这是一个红苹果")        # every head of all three kinds: encoder, decoder, cross (L, H, ·, ·)
model.accuracy(test, ablate=[("cross", None, None)])  # every cross-attention head made uniform
model.greedy_steps("这是一个红苹果")     # each step's top candidates and their probabilities
"""

import math
import time
from collections.abc import Callable, Generator
from dataclasses import dataclass, field

import numpy as np
import torch

from core.errors import LabError
from core.threads import torch_threads
from core.translation_corpus import HELD_OUT, parallel_corpus, tokenize_zh, unknown_words
from core.translation_model import KINDS, Probe, TinyTransformer, TransformerConfig

__all__ = [
    "HELD_OUT",
    "KINDS",
    "AttentionMaps",
    "Step",
    "TrainProgress",
    "Translator",
    "parallel_corpus",
    "train_translator",
    "training",
]

PAD, BOS, EOS = "<pad>", "<bos>", "<eos>"
# Training keeps the weights at these steps (and at its last), for the replay of attention being learned:
# dense at the start, where alignment appears; ~0.4 MB each, so a run holds ≤ 5 MB of them.
SNAPSHOTS = (0, 20, 40, 60, 80, 100, 130, 160, 200, 260, 330, 420)


@dataclass
class TrainConfig:
    steps: int = 500  # the run stops here (or at max_seconds, whichever comes first)
    batch: int = 64
    lr: float = 3e-3
    warmup: int = 100  # steps of linearly rising learning rate, then cosine decay to 0


@dataclass
class Step:
    """One greedy decoding step: the English so far, the top candidates for the next word, the choice."""

    prefix: list[str]
    candidates: list[tuple[str, float]]  # (word, probability), most probable first
    chosen: str


@dataclass
class AttentionMaps:
    """Every attention weight of one translation, per layer and head (numpy, float32). Rows are
    probability distributions over the keys the mask allows."""

    src: list[str]  # (S,) the Chinese words
    tgt: list[str]  # (T,) the translation and <eos>: what each decoder position chose
    tgt_in: list[str]  # (T,) <bos> and the translation: what each decoder position read
    encoder: np.ndarray  # (L, H, S, S) encoder self-attention
    decoder: np.ndarray  # (L, H, T, T) decoder masked self-attention (query tgt_in[i], key tgt_in[j])
    cross: np.ndarray  # (L, H, T, S) cross-attention (query tgt_in[i], key src[j])
    # kind -> (q (L, H, Tq, d_k), k (L, H, Tk, d_k), v (L, H, Tk, d_k))
    qkv: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]

    def of(self, kind: str) -> tuple[list[str], list[str], np.ndarray]:
        """(query labels, key labels, weights (L, H, Tq, Tk)) of one kind. Cross-attention's rows are
        labelled with the English word being chosen (as in an alignment); the decoder's self-attention
        with the word each position read, as its keys are."""
        queries = {"encoder": self.src, "decoder": self.tgt_in, "cross": self.tgt}[kind]
        return queries, self.tgt_in if kind == "decoder" else self.src, getattr(self, kind)


# An ablation: (kind, layer, head) triples; None for the layer or head means all of them.
Ablation = list[tuple[str, int | None, int | None]]


@dataclass
class Translator:
    model: TinyTransformer
    src_words: list[str]  # id -> Chinese word (0 = <pad>)
    tgt_words: list[str]  # id -> English word (0 = <pad>, 1 = <bos>, 2 = <eos>)
    losses: list[tuple[int, float, float]] = field(default_factory=list)  # (step, loss, seconds)
    seconds: float = 0.0
    finished: bool = False  # True when the run reached its step budget (not cut short by time or the caller)
    snapshots: list[tuple[int, dict]] = field(default_factory=list)  # (step, state_dict) during training

    def __post_init__(self):
        self.src_index = {w: i for i, w in enumerate(self.src_words)}
        self.tgt_index = {w: i for i, w in enumerate(self.tgt_words)}

    @property
    def n_parameters(self) -> int:
        return sum(p.numel() for p in self.model.parameters())

    def tokens(self, zh: str) -> list[str]:
        """The Chinese words of `zh`; LabError "translation_unknown_words" names any outside the
        vocabulary."""
        words = tokenize_zh(zh)
        if not words:
            raise LabError("translation_empty", "Type a Chinese sentence to translate.")
        unknown = [w for w in unknown_words(zh) if w not in self.src_index]
        if unknown:
            known = "、".join(w for w in self.src_words[1:])
            raise LabError(
                "translation_unknown_words",
                f"Words outside the translator's vocabulary: {', '.join(unknown)}",
                words="、".join(unknown),
                known=known,
            )
        if len(words) + 1 > self.model.config.max_len:
            raise LabError(
                "translation_too_long",
                "The sentence is too long for this tiny translator.",
                limit=self.model.config.max_len - 1,
            )
        return words

    def probe(self, ablate: Ablation | None = None, mode: str = "uniform", keep: bool = False):
        """A Probe that makes the heads in `ablate` "uniform" or "shuffle"d and, if `keep`, records every
        head (None when there is nothing to do)."""
        if not ablate and not keep:
            return None
        c = self.model.config
        layers = {"encoder": c.n_enc, "decoder": c.n_dec, "cross": c.n_dec}
        heads: dict[tuple[str, int], dict[int, str]] = {}
        for kind, layer, head in ablate or []:
            if kind not in KINDS:
                raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
            for lay in range(layers[kind]) if layer is None else [layer]:
                for h in range(c.n_head) if head is None else [head]:
                    heads.setdefault((kind, lay), {})[h] = mode
        return Probe(ablate=heads, keep=keep)

    @torch.no_grad()
    def _greedy(self, src_ids: torch.Tensor, top: int = 0, probe: Probe | None = None):
        """Greedy decoding of a batch src_ids (B, S). Returns (out (B, ≤max_len) ids without <bos>,
        per step (B, top) candidate ids and probabilities if top > 0)."""
        self.model.eval()
        memory, pad_mask = self.model.encode(src_ids, probe)
        B = src_ids.shape[0]
        tgt = torch.full((B, 1), self.tgt_index[BOS], dtype=torch.long)  # (B, 1)
        done = torch.zeros(B, dtype=torch.bool)
        steps = []
        for _ in range(self.model.config.max_len - 1):
            logits = self.model.decode(tgt, memory, pad_mask, probe)[0][:, -1]  # (B, n_tgt)
            probs = logits.softmax(-1)
            if top:
                steps.append(probs.topk(top, -1))
            nxt = probs.argmax(-1).masked_fill(done, self.tgt_index[PAD])  # (B,)
            tgt = torch.cat([tgt, nxt[:, None]], 1)
            done |= nxt == self.tgt_index[EOS]
            if done.all():
                break
        return tgt[:, 1:], steps

    def _src_batch(self, sentences: list[list[str]]) -> torch.Tensor:
        S = max(map(len, sentences))
        return torch.tensor(
            [[self.src_index[w] for w in s] + [0] * (S - len(s)) for s in sentences]
        )  # (B, S)

    def _words(self, ids) -> list[str]:
        out = []
        for i in ids.tolist():
            if self.tgt_words[i] in (EOS, PAD):
                break
            out.append(self.tgt_words[i])
        return out

    def translate(self, zh: str, ablate: Ablation | None = None, mode: str = "uniform") -> str:
        """The English of `zh`; `ablate` lists heads made "uniform" or "shuffle"d (`mode`) meanwhile."""
        return " ".join(self.translate_tokens(zh, ablate, mode))

    def translate_tokens(self, zh: str, ablate: Ablation | None = None, mode: str = "uniform") -> list[str]:
        out, _ = self._greedy(self._src_batch([self.tokens(zh)]), probe=self.probe(ablate, mode))
        return self._words(out[0])

    def translate_many(
        self, sentences: list[str], ablate: Ablation | None = None, mode: str = "uniform"
    ) -> list[str]:
        """Batched greedy translation (for measuring accuracy quickly)."""
        src = self._src_batch([self.tokens(zh) for zh in sentences])
        out, _ = self._greedy(src, probe=self.probe(ablate, mode))
        return [" ".join(self._words(row)) for row in out]

    def accuracy(self, pairs, ablate: Ablation | None = None, mode: str = "uniform") -> float:
        """Fraction of pairs translated exactly (word for word), with the heads in `ablate` ablated."""
        got = self.translate_many([zh for zh, _ in pairs], ablate, mode)
        return float(np.mean([g.split() == en.split() for g, (_, en) in zip(got, pairs)]))

    def greedy_steps(self, zh: str, top: int = 5) -> list[Step]:
        """Greedy decoding one word at a time: at each step the `top` most probable next words.
        The last step chooses <eos>."""
        out, steps = self._greedy(self._src_batch([self.tokens(zh)]), top=top)
        words = [self.tgt_words[i] for i in out[0].tolist()]
        result = []
        for t, (probs, ids) in enumerate(steps):
            cands = [(self.tgt_words[i], float(p)) for p, i in zip(probs[0].tolist(), ids[0].tolist())]
            result.append(Step(prefix=words[:t], candidates=cands, chosen=words[t]))
        return result

    def at(self, step: int) -> "Translator":
        """A copy of this translator with the weights it had at training step `step` (one of
        `snapshots`' steps)."""
        state = dict(self.snapshots)[step]
        model = TinyTransformer(len(self.src_words), len(self.tgt_words), self.model.config)
        model.load_state_dict(state)
        return Translator(model.eval(), self.src_words, self.tgt_words, finished=False)

    @torch.no_grad()
    def attention(
        self, zh: str, ablate: Ablation | None = None, mode: str = "uniform", output: list[str] | None = None
    ) -> AttentionMaps:
        """Every head's weights, q, k and v while the decoder re-reads its own greedy translation of `zh`
        (teacher forcing on that output gives the same weights as decoding it word by word, since the
        decoder cannot look ahead), or the English words `output` if given (e.g. the final translation
        replayed through an earlier snapshot). Not averaged over heads. The heads in `ablate` are ablated
        throughout."""
        src = self.tokens(zh)
        out = self.translate_tokens(zh, ablate, mode) if output is None else output
        self.model.eval()
        probe = self.probe(ablate, mode, keep=True)
        tgt_in = torch.tensor([[self.tgt_index[w] for w in [BOS, *out]]])  # (1, T)
        memory, pad_mask = self.model.encode(self._src_batch([src]), probe)
        self.model.decode(tgt_in, memory, pad_mask, probe)
        c = self.model.config

        def stack(kind, part):
            n = c.n_enc if kind == "encoder" else c.n_dec
            return torch.stack([probe.seen[(kind, i)][part][0] for i in range(n)]).numpy()  # (L, H, ·, ·)

        return AttentionMaps(
            src=src,
            tgt=[*out, EOS],
            tgt_in=[BOS, *out],
            **{kind: stack(kind, "weights") for kind in KINDS},
            qkv={kind: tuple(stack(kind, p) for p in "qkv") for kind in KINDS},
        )

    def cross_attention(self, zh: str, layer: int = -1, head: int | None = None):
        """(src_tokens, tgt_tokens, weights (T, S)): row t is how much the decoder, while choosing English
        word t (the last row: <eos>), looks at each Chinese word. Averaged over heads unless `head` is
        given; `layer` picks the decoder layer. Rows sum to 1."""
        maps = self.attention(zh)
        cross = maps.cross[layer]  # (H, T, S)
        return maps.src, maps.tgt, cross.mean(0) if head is None else cross[head]

    def embeddings(self) -> dict[str, np.ndarray]:
        """Copies of the two embedding matrices: {"W_src": (V_zh, d), "W_tgt": (V_en, d)}."""
        return {
            "W_src": self.model.W_src.weight.detach().numpy().copy(),
            "W_tgt": self.model.W_tgt.weight.detach().numpy().copy(),
        }


def _vocab(sentences: list[list[str]], specials: list[str]) -> list[str]:
    return specials + sorted({w for s in sentences for w in s} - set(specials))


def build_translator(train_pairs, seed: int = 0, config: TransformerConfig | None = None) -> Translator:
    """An untrained translator whose vocabularies are the words of `train_pairs`."""
    torch.manual_seed(seed)
    src = [tokenize_zh(zh) for zh, _ in train_pairs]
    tgt = [en.split() for _, en in train_pairs]
    src_words, tgt_words = _vocab(src, [PAD]), _vocab(tgt, [PAD, BOS, EOS])
    model = TinyTransformer(len(src_words), len(tgt_words), config or TransformerConfig())
    return Translator(model, src_words, tgt_words)


def _tensors(tr: Translator, train_pairs):
    """(src (N, S), tgt_in (N, T), tgt_out (N, T)) padded id tensors; tgt_in = <bos> + en, tgt_out = en +
    <eos>."""
    src = tr._src_batch([tokenize_zh(zh) for zh, _ in train_pairs])
    en = [[tr.tgt_index[w] for w in e.split()] for _, e in train_pairs]
    T = max(map(len, en)) + 1
    tgt_in = torch.tensor([[1] + e + [0] * (T - 1 - len(e)) for e in en])  # (N, T)
    tgt_out = torch.tensor([e + [2] + [0] * (T - 1 - len(e)) for e in en])  # (N, T)
    return src, tgt_in, tgt_out


@dataclass
class TrainProgress:
    step: int
    steps: int  # the step budget
    loss: float  # mean loss since the previous report
    seconds: float


def training(
    train_pairs,
    seed: int = 0,
    max_seconds: float = 60,
    threads: int = 1,
    config: TrainConfig | None = None,
    model_config: TransformerConfig | None = None,
) -> Generator[TrainProgress, bool | None, Translator]:
    """Train a TinyTransformer on (zh, en) pairs with Adam, teacher forcing and cross-entropy, as a generator.

    Runs `config.steps` mini-batches or until `max_seconds`; yields a TrainProgress about every 20 steps
    and at the end, and returns the Translator. Sending True to the generator ends the run at that report
    (the translator so far is returned); closing it abandons the run. Uses `threads` torch threads
    in the calling thread (core.threads.torch_threads) and restores the setting afterwards. Deterministic
    in `seed` when the step budget, not the clock, ends the run."""
    cfg = config or TrainConfig()
    tr = build_translator(train_pairs, seed, model_config)
    src, tgt_in, tgt_out = _tensors(tr, train_pairs)
    gen = torch.Generator().manual_seed(seed)
    opt = torch.optim.Adam(tr.model.parameters(), lr=cfg.lr, betas=(0.9, 0.98))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / cfg.warmup, 0.5 * (1 + math.cos(math.pi * min(s / cfg.steps, 1))))
    )
    start = time.perf_counter()
    order = torch.randperm(len(src), generator=gen)
    pos, recent = 0, []
    tr.snapshots.append((0, _copy(tr.model)))
    try:
        with torch_threads(threads):
            tr.model.train()
            for step in range(1, cfg.steps + 1):
                if pos + cfg.batch > len(order):
                    order, pos = torch.randperm(len(src), generator=gen), 0
                idx = order[pos : pos + cfg.batch]
                pos += cfg.batch
                loss = _loss(tr.model, src[idx], tgt_in[idx], tgt_out[idx])
                opt.zero_grad(set_to_none=True)
                loss.backward()
                opt.step()
                sched.step()
                recent.append(loss.item())
                seconds = time.perf_counter() - start
                last = step == cfg.steps or seconds >= max_seconds
                if step in SNAPSHOTS or last:
                    tr.snapshots.append((step, _copy(tr.model)))
                if step % 20 == 0 or last:
                    mean = float(np.mean(recent))
                    recent = []
                    tr.losses.append((step, mean, seconds))
                    stop = yield TrainProgress(step, cfg.steps, mean, seconds)
                    if last or stop:
                        tr.finished = step == cfg.steps
                        if tr.snapshots[-1][0] != step:  # stopped by the caller between snapshots
                            tr.snapshots.append((step, _copy(tr.model)))
                        break
    finally:
        tr.seconds = time.perf_counter() - start
        tr.model.eval()
    return tr


def train_translator(
    train_pairs,
    seed: int = 0,
    max_seconds: float = 60,
    progress: Callable[[int, float, float], bool | None] | None = None,
    threads: int = 1,
    config: TrainConfig | None = None,
    model_config: TransformerConfig | None = None,
) -> Translator:
    """`training` run to its end: calls progress(step, loss, seconds) at each report — it may return True
    to stop early. Returns the Translator."""
    run = training(train_pairs, seed, max_seconds, threads, config, model_config)
    try:
        event = next(run)
        while True:
            stop = progress is not None and progress(event.step, event.loss, event.seconds) is True
            event = run.send(stop)
    except StopIteration as end:
        return end.value


def _copy(model) -> dict:
    return {name: t.detach().clone() for name, t in model.state_dict().items()}


def _loss(model, src, tgt_in, tgt_out):
    """Mean cross-entropy of each next English word; <pad> positions are ignored."""
    # Trim the batch to its longest sentence: less work, identical result.
    S = int((src != 0).sum(1).max())
    T = int((tgt_out != 0).sum(1).max())
    logits = model(src[:, :S], tgt_in[:, :T])  # (B, T, n_tgt)
    return torch.nn.functional.cross_entropy(logits.flatten(0, 1), tgt_out[:, :T].flatten(), ignore_index=0)
