"""The translator's attention, all of it (the Transformer page): head, model and neuron views of the
encoder's self-attention, the decoder's masked self-attention and cross-attention; the alignment table;
the training replay; and the lab that tests whether attention explains the translation (ablation)."""

import numpy as np
import pandas as pd
import streamlit as st

import ui
from core import translation as tl
from core.attention import uniform_weight
from core.threads import torch_threads
from core.translation_corpus import aligned
from ui import attention_view_charts, attention_views, transformer_charts
from ui.transformer_jobs import corpus

VIEWS = ("head", "model", "neuron", "replay", "ablate")
MODES = ("uniform", "shuffle")  # how the lab ablates a head (core.translation_model.Probe)


def maps(model: tl.Translator, zh: str, ablate=None, mode="uniform") -> tl.AttentionMaps:
    """model.attention(zh), once per translator and sentence for every session (read-only)."""
    spec = tuple(ablate or ())

    def build():
        with torch_threads(1):
            return model.attention(zh, list(spec) or None, mode)

    return ui.memo(model.model, ("attention", zh, spec, mode), build)


def alignment_panel(model: tl.Translator, zh: str, t) -> None:
    """对齐: each English word beside the Chinese word the last layer's cross-attention reads most."""
    m = maps(model, zh)
    st.markdown(f"**{t('transformer.align')}**")
    table = attention_views.alignment(m.src, m.tgt, m.cross, t)
    ui.table(table, key="tf_align")
    gold = aligned(m.src, m.tgt)
    best = m.cross[-1].mean(0).argmax(1)  # (T,)
    hits = sum(best[i] in where for i, where in gold.items())
    st.caption(t("transformer.align_caption", layer=len(m.cross), hits=hits, n=len(gold)))
    ui.plot(transformer_charts.cross_attention(m.src, m.tgt, m.cross[-1].mean(0)), key="tf_heatmap")


def _kind_name(t):
    """A format_func with this run's labels (see attention_views._layer_name)."""
    return {kind: t(f"transformer.kind_{kind}") for kind in tl.KINDS}.__getitem__


def _all_or_number(t, n: int):
    return {None: t("transformer.all"), **{i: str(i + 1) for i in range(n)}}.__getitem__


def section(model: tl.Translator, zh: str, seed: int, t) -> None:
    """Which attention (kind) and which view of it."""
    st.subheader(t("transformer.attention_all"))
    st.markdown(t("transformer.attention_intro"))
    c_kind, c_view = st.columns([2, 3])
    kind = c_kind.radio(
        t("transformer.kind"), tl.KINDS, index=2, key="tf_kind", format_func=_kind_name(t), horizontal=True
    )
    view = c_view.radio(
        t("transformer.view"),
        VIEWS,
        key="tf_view",
        horizontal=True,
        format_func={v: t(f"transformer.view_{v}") for v in VIEWS}.__getitem__,
    )
    m = maps(model, zh)
    queries, keys, weights = m.of(kind)
    st.caption(t(f"transformer.kind_{kind}_explain"))
    if view == "head":
        attention_views.head_view(queries, keys, weights, t, "tf_hv")
    elif view == "model":
        attention_views.model_view(queries, keys, weights, t, "tf_mv")
    elif view == "neuron":
        attention_views.neuron_view(queries, keys, m.qkv[kind], weights, t, "tf_nv")
    elif view == "replay":
        replay_panel(model, zh, kind, m, t)
    else:
        ablation_panel(model, zh, seed, t)


def replay_panel(model: tl.Translator, zh: str, kind: str, final: tl.AttentionMaps, t) -> None:
    """The same sentence's maps at each kept training step, on plotly's own slider: alignment appearing.
    Every snapshot re-reads the final translation, so the rows stay the same words throughout."""
    if len(model.snapshots) < 2:
        st.info(t("transformer.replay_none"), icon=":material/info:")
        return
    steps = [s for s, _ in model.snapshots]
    output = final.tgt_in[1:]

    def build():
        with torch_threads(1):
            return [model.at(s).attention(zh, output=output) for s in steps]

    runs = ui.memo(model.model, ("replay", zh), build)
    n_layers = getattr(final, kind).shape[0]
    layer = st.pills(
        t("views.layer"),
        list(range(n_layers)),
        default=n_layers - 1,
        key="tf_rp_layer",
        format_func={i: t("views.layer_n", n=i + 1) for i in range(n_layers)}.__getitem__,
    )
    layer = n_layers - 1 if layer is None else layer
    stack = np.stack([getattr(r, kind)[layer].mean(0) for r in runs])  # (n, Tq, Tk)
    queries, keys, _ = final.of(kind)
    fig = attention_view_charts.replay(stack, queries, keys, steps, t("transformer.step"))
    ui.plot(fig, key="tf_replay")
    sharp = stack.max(-1).mean(-1)  # (n,) the mean largest weight per row, at each step
    caption = t(
        "transformer.replay_caption",
        first=steps[0],
        last=steps[-1],
        start=f"{sharp[0]:.2f}",
        end=f"{sharp[-1]:.2f}",
        uniform=f"{uniform_weight(stack[-1]):.2f}",
        n=len(steps),
        layer=layer + 1,
    )
    # what the two numbers show, and "alignment" only where there is one: cross-attention
    verdict = ("aligned" if kind == "cross" else "focused") if sharp[-1] > sharp[0] else "flat"
    st.caption(f"{caption} {t(f'transformer.replay_{verdict}')}")


def _accuracy(model, seed, spec, mode) -> float:
    def build():
        with torch_threads(1):
            return model.accuracy(corpus(seed)[1], list(spec) or None, mode)

    return ui.memo(model.model, ("accuracy", seed, spec, mode), build)


def ablation_panel(model: tl.Translator, zh: str, seed: int, t) -> None:
    """Make heads uniform (or shuffle them), re-translate the sentence and the held-out test set."""
    st.markdown(t("transformer.ablate_intro"))
    c = model.model.config
    c_kind, c_layer, c_head, c_mode = st.columns(4)
    kind = c_kind.radio(t("transformer.kind"), tl.KINDS, index=2, key="tf_ab_kind", format_func=_kind_name(t))
    n_layers = c.n_enc if kind == "encoder" else c.n_dec
    layer = c_layer.radio(
        t("views.layer"), [None, *range(n_layers)], key="tf_ab_layer", format_func=_all_or_number(t, n_layers)
    )
    head = c_head.radio(
        t("views.head"), [None, *range(c.n_head)], key="tf_ab_head", format_func=_all_or_number(t, c.n_head)
    )
    mode = c_mode.radio(
        t("transformer.ablate_mode"),
        MODES,
        key="tf_ab_mode",
        format_func={m: t(f"transformer.ablate_{m}") for m in MODES}.__getitem__,
    )
    spec = ((kind, layer, head),)
    with torch_threads(1):
        before, after = model.translate(zh), model.translate(zh, list(spec), mode)
    acc_before, acc_after = _accuracy(model, seed, (), "uniform"), _accuracy(model, seed, spec, mode)
    c1, c2, c3 = st.columns([2, 2, 3])
    c1.metric(t("transformer.ablate_acc_before"), f"{acc_before:.1%}")
    delta = f"{(acc_after - acc_before) * 100:+.1f} pp"
    c2.metric(t("transformer.ablate_acc_after"), f"{acc_after:.1%}", delta)
    with c3:
        st.table(
            pd.DataFrame(
                {t("transformer.ablate_col_model"): [before, after]},
                index=[t("transformer.ablate_intact"), t("transformer.ablate_ablated")],
            )
        )
    what = t(
        "transformer.ablate_what",
        kind=_kind_name(t)(kind),
        layer=t("transformer.all") if layer is None else layer + 1,
        head=t("transformer.all") if head is None else head + 1,
        mode=t(f"transformer.ablate_{mode}"),
    )
    changed = "ablate_changed" if before != after else "ablate_same"
    st.markdown(t(f"transformer.{changed}", what=what, before=f"{acc_before:.1%}", after=f"{acc_after:.1%}"))
    st.info(t("transformer.ablate_literature"), icon=":material/menu_book:")
