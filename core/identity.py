"""C4, the identity trap: encode a token with W, decode it with W_prime back into the same token, and train
on the difference. The loss goes to ~0 and argmax reconstruction becomes perfect, yet W learns nothing
about meaning: any W whose rows are distinct works once W_prime undoes it (softmax(W_prime @ W.T) ≈ I).
Also `neighbour_agreement`, the category check that tells a meaningful embedding from an arbitrary one.

The trap's W′W is V × V: it runs on a model's `TRAP_WORDS` most frequent words (`frequent_words`), never its
whole vocabulary (50,000 words would make each V × V float32 matrix 10 GB)."""

import time
from collections.abc import Generator, Iterator
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from core.errors import LabError
from core.threads import torch_threads


@dataclass
class IdentityTrap:
    words: list[str]
    W: torch.Tensor  # (V, d) encoder: token i -> row i
    W_prime: torch.Tensor  # (V, d) decoder: row j scores output token j

    def product(self) -> torch.Tensor:
        """The lecture's W′W in our storage: W_prime @ W.T, (V, V); column i = scores for input token i."""
        return self.W_prime @ self.W.T  # (V, V)

    def reconstruct(self) -> torch.Tensor:
        """argmax decoding of every token: (V,) ids; equal to arange(V) when reconstruction is perfect."""
        return self.product().argmax(dim=0)  # (V,)

    def accuracy(self) -> float:
        """Fraction of tokens decoded back to themselves."""
        ids = torch.arange(len(self.words))
        return float((self.reconstruct() == ids).float().mean())

    def singular_values(self) -> np.ndarray:
        """Singular values of W_prime @ W.T, descending (V,): at most d are non-zero, since rank ≤ d < V."""
        product = self.W_prime.double() @ self.W.double().T  # (V, V) in float64: float32 rounding noise
        return torch.linalg.svdvals(product).numpy()  # would hide the exact zeros


# The trap's vocabulary at most: V × V matrices of 1–2 MB, and 1,000 full-batch steps short enough to watch.
TRAP_WORDS = 500


def frequent_words(words: list[str], counts, limit: int = TRAP_WORDS) -> list[str]:
    """The `limit` most frequent of `words` (counts[i] is words[i]'s count), kept in their original order;
    all of them when there are no more than `limit`."""
    if len(words) <= limit:
        return list(words)
    keep = np.sort(np.argsort(-np.asarray(counts), kind="stable")[:limit])  # (limit,) ids, vocabulary order
    return [words[i] for i in keep]


@dataclass
class IdentityProgress:
    step: int
    steps: int
    loss: float  # cross-entropy of "token -> same token", averaged over the vocabulary
    accuracy: float  # fraction of tokens whose argmax decoding is the token itself
    seconds: float
    done: bool


def build_identity(words: list[str], dim: int, seed: int = 1) -> IdentityTrap:
    """Initialised like word2vec: W uniform ±0.5/d, W_prime zeros."""
    if not 1 <= dim <= 1024:
        raise LabError(
            "config_invalid", f"dim must be 1..1024, got {dim}", field="dim", value=dim, allowed="1–1024"
        )
    if len(words) < 2:
        raise LabError("why_vocab_small", "the vocabulary needs at least 2 words", n=len(words))
    gen = torch.Generator().manual_seed(seed)
    W = (torch.rand(len(words), dim, generator=gen) - 0.5) / dim  # (V, d)
    W_prime = torch.zeros(len(words), dim)  # (V, d)
    return IdentityTrap(list(words), W, W_prime)


def train_identity(
    trap: IdentityTrap, steps: int = 300, lr: float = 0.05, report_every: int = 10
) -> Iterator[IdentityProgress]:
    """Full-batch training of token -> W -> W_prime -> same token (every vocabulary word once per step).
    A generator: yields every `report_every` steps and at the end; trap.W / trap.W_prime are updated in place.
    Adam (not plain SGD) only so the demo reaches ~0 loss in a few seconds."""
    W = trap.W.clone().requires_grad_(True)
    W_prime = trap.W_prime.clone().requires_grad_(True)
    opt = torch.optim.Adam([W, W_prime], lr=lr)
    target = torch.arange(len(trap.words))  # (V,) each token is its own answer
    start = time.perf_counter()
    for step in range(1, steps + 1):
        with torch_threads(1):
            logits = W @ W_prime.T  # (V, V) row i = scores of every output token for input token i
            loss = F.cross_entropy(logits, target)
            opt.zero_grad()
            loss.backward()
            opt.step()
        if step % report_every == 0 or step == steps:
            with torch.no_grad(), torch_threads(1):
                trap.W.copy_(W)
                trap.W_prime.copy_(W_prime)
                # the loss of the parameters we just stored (the one above is from before the update)
                loss_now = F.cross_entropy(W @ W_prime.T, target).item()
            yield IdentityProgress(
                step, steps, loss_now, trap.accuracy(), time.perf_counter() - start, step == steps
            )


def identity_run(
    words: list[str], dim: int, steps: int, lr: float, seed: int = 1
) -> Generator[IdentityProgress, None, tuple[IdentityTrap, np.ndarray]]:
    """build_identity + train_identity as one generator, for a background job: about 50 progress reports,
    then returns (the trained trap, the singular values of its W′W)."""
    trap = build_identity(words, dim, seed)
    # One thread for the whole run: train_identity alone would switch torch's setting back and forth at
    # every step, and each switch costs (bench/RESULTS.md).
    with torch_threads(1):
        yield from train_identity(trap, steps=steps, lr=lr, report_every=max(steps // 50, 1))
        return trap, trap.singular_values()


@dataclass
class Agreement:
    score: float  # mean fraction of a word's k nearest labelled neighbours that share its category
    chance: float  # the same fraction expected from neighbours picked at random
    n_words: int  # labelled words that took part


def neighbour_agreement(
    vectors: np.ndarray | torch.Tensor, words: list[str], categories: dict[str, str], k: int = 5
) -> Agreement:
    """Nearest neighbours (cosine) among the labelled words of the vocabulary: how often they share the
    word's category. A meaningful embedding scores well above `chance`; an arbitrary one scores near it."""
    ids = [i for i, w in enumerate(words) if w in categories]
    if len(ids) <= k:
        raise LabError("why_few_labels", f"only {len(ids)} vocabulary words have a category", n=len(ids))
    X = torch.as_tensor(np.asarray(vectors)[ids], dtype=torch.float64)  # (N, d)
    X = F.normalize(X, dim=1)
    sim = X @ X.T  # (N, N) cosine
    sim.fill_diagonal_(-torch.inf)  # a word is not its own neighbour
    nearest = sim.topk(k, dim=1).indices.numpy()  # (N, k)
    labels = np.array([categories[words[i]] for i in ids])
    score = float((labels[nearest] == labels[:, None]).mean())
    _, inverse, sizes = np.unique(labels, return_inverse=True, return_counts=True)
    chance = float(((sizes[inverse] - 1) / (len(ids) - 1)).mean())
    return Agreement(score, chance, len(ids))


def nearest_words(vectors: np.ndarray | torch.Tensor, words: list[str], word: str, k: int = 5) -> list[str]:
    """The k nearest words (cosine) to `word` in `vectors` (V, d), the word itself excluded."""
    if word not in words:
        raise LabError("why_unknown_words", f"not in the vocabulary: {word}", words=word)
    X = F.normalize(torch.as_tensor(np.asarray(vectors), dtype=torch.float64), dim=1)  # (V, d)
    i = words.index(word)
    sim = X @ X[i]  # (V,)
    sim[i] = -torch.inf
    return [words[j] for j in sim.topk(min(k, len(words) - 1)).indices.tolist()]
