"""The Lesson page's panels: which lesson and step (from the link), the step's question with its check and
reveal, and Back/Next. Progress lives in the URL (?step=…, 1-based; ?lesson=… when there are several)."""

import streamlit as st

import ui
from core import tour
from core.lecture import ANCHORS
from core.tour import Lesson
from ui.links import open_view

LESSONS = ui.ROOT / "lessons"


def lessons() -> tuple[dict[str, Lesson], list]:
    """The well-formed lessons (read on every run: a teacher's edit shows at once) and the others' errors."""
    return tour.load_all(LESSONS)


def choose_lesson(lessons: dict[str, Lesson], t) -> Lesson:
    """The link's lesson (?lesson=…), else the one chosen last in this session, else the bundled tour;
    a selectbox when there are several."""
    raw = st.query_params.get("lesson")
    name = raw if raw in lessons else st.session_state.get("tour_lesson")
    name = name if name in lessons else next(iter(lessons))
    if raw is not None and raw not in lessons:
        st.caption(t("tour.bad_lesson", raw=ui.md_escape(raw[:40]), title=lessons[name].titles[ui.lang()]))
    st.session_state["tour_lesson"] = name
    if len(lessons) > 1:
        st.selectbox(
            t("tour.lesson"),
            list(lessons),
            key="tour_lesson",
            # labels bound now: a lambda would read the language later, outside this run (ui.keep_choices)
            format_func={n: lesson.titles[ui.lang()] for n, lesson in lessons.items()}.__getitem__,
            on_change=_pick,
            args=(lessons,),
        )
        st.query_params["lesson"] = name
    return lessons[name]


def _pick(lessons: dict[str, Lesson]) -> None:
    """The selectbox's callback: the chosen lesson, from its first step, in the URL too."""
    name = st.session_state["tour_lesson"]
    st.query_params["lesson"] = name
    _go(lessons[name], 0)


def current_step(lesson: Lesson, t) -> int:
    """The 0-based step: the link's ?step= (1-based), else where this session was in this lesson, else the
    first. A step that is not one of the lesson's opens the first with a note, never an error."""
    n = len(lesson.steps)
    raw = st.query_params.get("step")
    if raw is None:
        saved = st.session_state.get("tour_step", (None, 0))
        i = saved[1] if saved[0] == lesson.name and saved[1] < n else 0
    else:
        i = tour.step_index(raw, n)
        if i is None:
            st.caption(t("tour.bad_step", raw=ui.md_escape(raw[:20]), n=n))
            i = 0
    _go(lesson, i)
    return i


def _go(lesson: Lesson, i: int) -> None:
    """Make step i (0-based) of `lesson` the current one, in the URL and in the session."""
    st.query_params["step"] = str(i + 1)
    st.session_state["tour_step"] = (lesson.name, i)


def step_panel(lesson: Lesson, i: int, t) -> None:
    """Step i: the claim and its sentences, the question, Check (right or not, and why), then the reveal."""
    step, n = lesson.steps[i], len(lesson.steps)
    text = step.texts[ui.lang()]
    st.progress((i + 1) / n, text=t("tour.progress", i=i + 1, n=n, claim=step.claim))
    st.subheader(f"{step.claim} · {text.title}")
    st.markdown(text.text)
    labels = dict(enumerate(text.choices))
    key = f"tour_answer_{lesson.name}_{i}"  # integer choices: an answer survives the language switch
    checked = st.session_state.setdefault("tour_checked", {})  # (lesson, step) -> the answer checked
    answered = checked.get((lesson.name, i))
    if answered is not None and key not in st.session_state:  # back from the view: the answer given
        st.session_state[key] = list(answered) if step.several else answered[0]
    if step.several:
        # pills, not a multiselect: every choice in sight before predicting
        chosen = st.pills(
            f"{text.question}  \n{t('tour.choose')}",
            list(labels),
            selection_mode="multi",
            format_func=labels.get,
            key=key,
        )
    else:
        one = st.radio(text.question, list(labels), index=None, format_func=labels.get, key=key)
        chosen = [] if one is None else [one]
    if st.button(t("tour.check"), type="primary", key="tour_check"):
        if chosen:
            checked[(lesson.name, i)] = tuple(sorted(chosen))
        else:
            st.warning(t("tour.choose_first"), icon=":material/help:")
    answered = checked.get((lesson.name, i))
    if answered is not None:
        if step.check(answered):
            st.success(t("tour.right"), icon=":material/check_circle:")
        else:
            right = " · ".join(text.choices[a] for a in sorted(step.answer))
            st.error(t("tour.wrong", answer=right), icon=":material/cancel:")
        st.info(text.explain, icon=":material/lightbulb:")
    # predict, then reveal: the view opens only once the answer has been checked
    if st.button(
        t("tour.reveal", page=t(f"nav.{step.page}")),
        disabled=answered is None,
        help=t("tour.reveal_help"),
        icon=":material/visibility:",
        key="tour_reveal",
    ):
        open_view(step.page, view_params(step, ui.lang()))


def view_params(step, lang: str) -> dict[str, str]:
    """The address of a step's view: its parameters, and the panel to scroll to (core.lecture.ANCHORS)."""
    at = ANCHORS.get((step.page, step.claim))
    return {**step.params[lang], **({"at": at} if at else {})}


def nav_panel(lesson: Lesson, i: int, t) -> None:
    """Back and Next through the steps, and the score so far."""
    n = len(lesson.steps)
    st.divider()
    c_back, c_score, c_next = st.columns([1, 4, 1], vertical_alignment="center")
    c_back.button(t("tour.back"), disabled=i == 0, on_click=_go, args=(lesson, i - 1), key="tour_back")
    c_next.button(t("tour.next"), disabled=i == n - 1, on_click=_go, args=(lesson, i + 1), key="tour_next")
    checked = st.session_state.get("tour_checked", {})
    mine = [(j, a) for (name, j), a in checked.items() if name == lesson.name and j < n]
    right = sum(lesson.steps[j].check(a) for j, a in mine)
    c_score.caption(t("tour.score", answered=len(mine), n=n, right=right))
