"""The Arc page's writing GPT: a start typed by the student, continued word by word; each step's candidates
before and after temperature and top-k, and where each head looked."""

import streamlit as st

import ui
from core import lm
from core.lm_generate import MAX_NEW, generate
from ui import arc_charts, attention_views

t = ui.t
START = {"zh": "这是一个", "en": "this is a"}


def section(arc: lm.Arc, source: str) -> None:
    st.subheader(t("arc.generate"))
    st.caption(t("arc.generate_intro"))
    lang = source.removeprefix("apples_") if source != "upload" else ui.lang()
    prompt_key = f"arc_prompt_{lang}"
    if prompt_key not in st.session_state:
        st.session_state[prompt_key] = START[lang] if source != "upload" else ""
    prompt = st.text_input(t("arc.prompt"), key=prompt_key, max_chars=100)
    c1, c2, c3, c4 = st.columns(4)
    temperature = c1.slider(
        t("arc.temperature"), 0.0, 2.0, 1.0, 0.1, key="arc_temperature", help=t("arc.temperature_help")
    )
    top_k = c2.slider(t("arc.top_k"), 0, 50, 0, key="arc_top_k", help=t("arc.top_k_help"))
    seed = int(c3.number_input(t("arc.gen_seed"), 0, 9999, key="arc_gen_seed"))
    words = int(c4.number_input(t("arc.gen_words"), 1, MAX_NEW, 12, key="arc_gen_words"))
    data, gpt = arc.data, arc.models["transformer"]
    tokens = data.tokens(prompt)
    unknown = [w for w in tokens if w not in data.index]
    if unknown:
        st.warning(t("arc.prompt_unknown", words=ui.md_escape("、".join(unknown))))
    steps = ui.memo(
        arc,
        ("generate", tuple(tokens), temperature, top_k, seed, words),
        lambda: generate(gpt, data, tokens, temperature, top_k or None, seed, words),
    )
    joiner = "" if data.tokenizer in ("jieba", "chars") else " "
    written = joiner.join(s.word for s in steps if s.word != "</s>")
    st.markdown(f"### {ui.md_escape(joiner.join(tokens))}{joiner}**{ui.md_escape(written)}**")
    if steps[-1].word == "</s>":
        st.caption(t("arc.ended"))
    if st.session_state.get("arc_gen_step", 1) > len(steps):  # a shorter text than the last one
        st.session_state["arc_gen_step"] = len(steps)
    step = st.slider(t("arc.step"), 1, len(steps), 1, key="arc_gen_step") if len(steps) > 1 else 1
    shown = steps[min(step, len(steps)) - 1]
    ui.plot(
        arc_charts.candidates(
            shown.candidates,
            shown.word,
            (
                t("arc.candidates", word=shown.word),
                t("arc.p_raw"),
                t("arc.p_shaped", temperature=temperature),
            ),
        ),
        key="arc_candidates",
    )
    heads(shown, step)


def heads(shown, step: int) -> None:
    """The learned-attention head view (ui/attention_views.py) over the words the GPT had read, the newest
    position (the one that chose the word) picked whenever the step changes."""
    st.markdown(f"#### {t('arc.heads', word=ui.md_escape(shown.word))}")
    tokens = [w.replace("<s>", "⟨s⟩") for w in shown.context]  # plotly reads <s> as HTML
    if st.session_state.get("arc_views_step") != step:
        st.session_state["arc_views_step"] = step
        st.session_state["arc_hv_focus"] = len(tokens) - 1
    attention_views.head_view(tokens, tokens, shown.attention, t, "arc_hv")
    st.caption(t("arc.heads_caption"))
