"""Lesson links: which choices a page's address carries, and how each one is read back safely.

A link is the page's path plus query parameters named after the session_state keys of the widgets they set
(`/space?lang=en&space_method=umap&space_find=green`). Every parameter has a rule: a value outside it, or a
name no page knows, is ignored and reported — a link can never put a widget in a state it refuses. The
ranges repeat the widgets' own (tests/test_page_links.py checks each against the widget the page draws)."""

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Int:
    lo: int
    hi: int

    def parse(self, s: str):
        value = int(s)
        if str(value) != s or not self.lo <= value <= self.hi:  # " 3", "٣", "+3", "03" are not numbers here
            raise ValueError(s)
        return value


@dataclass(frozen=True)
class Float:
    lo: float
    hi: float

    def parse(self, s: str):
        if not re.fullmatch(r"\d+(\.\d+)?(e-?\d+)?", s):
            raise ValueError(s)
        value = float(s)
        if not (math.isfinite(value) and self.lo <= value <= self.hi):
            raise ValueError(s)
        return value


@dataclass(frozen=True)
class Options:
    """One of a fixed list; the address holds str(option) ("umap", "3", "0.25")."""

    values: tuple

    def parse(self, s: str):
        for value in self.values:
            if str(value) == s:
                return value
        raise ValueError(s)


@dataclass(frozen=True)
class Bool:
    def parse(self, s: str):
        if s not in ("0", "1"):
            raise ValueError(s)
        return s == "1"


@dataclass(frozen=True)
class Text:
    max_len: int = 200

    def parse(self, s: str):
        if len(s) > self.max_len or any(ord(c) < 32 for c in s):
            raise ValueError(s)
        return s


def _per_language(name: str, rule) -> dict:
    """Inputs whose default is an example sentence in the model's language have one key per language."""
    return {f"{name}_{lang}": rule for lang in ("zh", "en")}


# The sidebar's choices, on every page.
SIDEBAR = {"lang": Options(("zh", "en")), "presentation": Bool()}

# Each page's choices that change what it shows (not buttons, uploads or hand-typed matrices).
CHOICES: dict[str, dict] = {
    "why": {
        **_per_language("why_left", Text(100)),
        **_per_language("why_right", Text(100)),
        **_per_language("why_blend_a", Text(50)),
        **_per_language("why_blend_b", Text(50)),
        "why_onehot_word": Text(50),
        "why_trap_d": Int(2, 64),
        "why_trap_steps": Options(tuple(range(50, 1001, 50))),
        "why_trap_lr": Options((0.001, 0.003, 0.01, 0.03, 0.1)),
        "why_pinv_d": Options((8, 16, 32, 64)),
        "why_pinv_max_square": Options((200, 500, 1000, 1500, 2000)),
        **_per_language("why_linear_context", Text()),
        "why_linear_epochs": Int(1, 10),
    },
    "train": {
        "train_source": Options(("apples_zh", "apples_en", "upload")),
        "train_tokenizer": Options(("auto", "words", "jieba", "chars")),
        "train_arch": Options(("cbow", "skipgram")),
        "train_output": Options(("softmax", "negative")),
        "train_cbow_mean": Bool(),
        "train_dim": Int(2, 300),
        "train_window": Int(1, 10),
        "train_negative": Int(1, 20),
        "train_epochs": Int(1, 200),
        "train_alpha": Float(0.0001, 1.0),
        "train_min_count": Int(1, 1000),
        "train_sample": Float(0.0, 0.1),
        "train_seed": Int(0, 2**31 - 1),
        "train_pace": Bool(),
    },
    "space": {
        "space_method": Options(("pca", "umap", "tsne")),
        "space_dims": Options((3, 2)),
        "space_matrix": Options(("W", "W_prime")),
        "space_metric": Options(("cosine", "euclidean")),
        "space_points": Int(1, 5000),
        "space_labels": Bool(),
        "space_find": Text(100),
        "space_k": Int(1, 100),
        "space_section": Options(("cloze", "forces", "analogy", "odd", "film", "wwp", "export")),
        "space_cloze_k": Int(3, 50),
        "space_forces_window": Int(1, 10),
        "space_zoom": Text(50),  # a category name of the model's corpus, or "" for all
        **_per_language("space_cloze", Text()),
        **_per_language("space_forces", Text()),
        **_per_language("space_odd", Text()),
        **{key: rule for n in "abc" for key, rule in _per_language(f"space_an_{n}", Text(50)).items()},
    },
    "attention": {
        "att_sentence": Text(),
        "att_source": Options(("model", "onehot", "integers")),
        "att_mask": Options(("none", "causal", "padding")),
        "att_n_pad": Int(1, 4),
        "att_init": Options(("learned", "random", "identity", "hand")),
        "att_tl_text": Text(),
        "att_layer": Options((0, 1)),
        "att_head": Options((0, 1, 2, 3)),
        "att_same": Bool(),
        "att_d_out": Int(1, 128),
        "att_seed": Int(0, 9999),
        "att_layout": Bool(),
        "att_show_w": Bool(),
        "att_temperature": Options((0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 10.0)),
        "att_heads": Int(1, 8),
        "att_section": Options(("steps", "heads", "cbow", "perm")),
        "att_all": Bool(),
        "att_step": Int(0, 7),
        "att_perm_seed": Int(0, 9999),
        "att_cbow_window": Int(1, 8),
    },
    "transformer": {
        "tf_infer": Bool(),
        "tf_infer_step": Int(1, 50),
        "tf_seed": Int(0, 99),
        "tf_text": Text(100),
        "tf_kind": Options(("encoder", "decoder", "cross")),
        "tf_view": Options(("head", "model", "neuron", "replay", "ablate")),
        "tf_ab_kind": Options(("encoder", "decoder", "cross")),
        "tf_ab_mode": Options(("uniform", "shuffle")),
    },
    "arc": {
        "arc_source": Options(("apples_zh", "apples_en", "upload")),
        "arc_seed": Int(0, 99),
        "arc_sentence": Int(0, 199),
        "arc_position": Options(tuple(range(32))),  # the slider spans the sentence shown: a range of its own
        **_per_language("arc_prompt", Text(100)),
        "arc_temperature": Float(0.0, 2.0),
        "arc_top_k": Int(0, 50),
        "arc_gen_seed": Int(0, 9999),
        "arc_gen_words": Int(1, 40),
        "arc_gen_step": Options(tuple(range(1, 41))),  # the slider spans the text written
    },
}
# Parameters that are not a page's choices but that the app reads itself: the tour's (at: a panel of
# core.lecture.ANCHORS), the classroom's.
OTHERS = {"model", "step", "lesson", "follow", "teacher", "at"}


def rules() -> dict:
    """Every parameter a link may carry, by name: the sidebar's and every page's (names are unique across
    pages, so a link keeps the choices of pages other than its own too)."""
    merged = dict(SIDEBAR)
    for choices in CHOICES.values():
        merged.update(choices)
    return merged


def parse(query: Mapping[str, str]) -> tuple[dict, list[str]]:
    """(values to set, names ignored): each parameter read by its rule; unknown names and values outside
    their rule are ignored. (`model` is read by parse_model.)"""
    known, values, ignored = rules(), {}, []
    for name, raw in query.items():
        if name in OTHERS:
            continue
        try:
            values[name] = known[name].parse(str(raw))
        except (KeyError, ValueError, OverflowError):
            ignored.append(name)
    return values, ignored


def encode(value) -> str:
    """A value as its address holds it: the inverse of the rules' parse."""
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


# ---------------------------------------------------------------- the session's model in a link

# The word2vec settings a model link carries, each behind a one-letter tag: corpus~arch~output~d32~w5…
_MODEL_FIELDS = {
    "d": ("dim", Int(1, 300)),
    "w": ("window", Int(1, 10)),
    "n": ("negative", Int(1, 20)),
    "e": ("epochs", Int(1, 200)),
    "m": ("min_count", Int(1, 1000)),
    "s": ("sample", Float(0.0, 0.1)),
    "a": ("alpha", Float(0.0001, 1.0)),
    "r": ("seed", Int(0, 2**31 - 1)),
    "t": ("tokenizer", Options(("auto", "words", "jieba", "chars"))),
    "c": ("cbow_mean", Bool()),
}
BUNDLED = ("apples_zh", "apples_en")
UNLINKED = "upload"  # the link's author had a model no link can rebuild (an upload, a stopped run)


def model_param(corpus: str, config) -> str:
    """A model trained to the end on a bundled corpus, as one parameter: it is retrained from this (one
    thread and the same seed give the same vectors)."""
    output = "softmax" if config.softmax else "negative"
    tags = [f"{tag}{encode(getattr(config, field))}" for tag, (field, _) in _MODEL_FIELDS.items()]
    return "~".join([corpus, config.arch, output, *tags])


def parse_model(s: str) -> tuple[str, dict]:
    """(bundled corpus, Config keyword arguments) from model_param's text; ValueError if it is not one."""
    corpus, arch, output, *tags = s.split("~")
    if corpus not in BUNDLED or arch not in ("cbow", "skipgram") or output not in ("softmax", "negative"):
        raise ValueError(s)
    settings = dict(arch=arch, softmax=output == "softmax", threads=1)
    for tag in tags:
        field, rule = _MODEL_FIELDS[tag[:1]] if tag[:1] in _MODEL_FIELDS else (None, None)
        if field is None or field in settings:
            raise ValueError(s)
        settings[field] = rule.parse(tag[1:])
    if len(settings) != len(_MODEL_FIELDS) + 3:
        raise ValueError(s)
    return corpus, settings
