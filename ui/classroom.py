"""The classroom in the sidebar: the presenter's login and panel (publish the view, open a question, watch
the answers arrive, reveal), and the students' "follow the teacher" (mirror the presenter's page, language
and view; answer the open question once). The state lives in core.classroom (this process, or Redis)."""

import secrets
import time

import streamlit as st

import ui
from core import classroom as cr
from core.lecture import PAGES
from ui import wake
from ui.links import current_view, open_view

FOLLOW_POLL_S = 2.0  # where ui.wake cannot wake followers, each asks for the presenter's view this often
# Where it can, a follower still asks this seldom: Streamlit's browser code reruns a page after reconnecting
# (to another worker, when one died) only if the page has such a timer.
FOLLOW_CHECK_S = 30.0
RETRY_S = 2.0  # a follower whose page or language strayed from the view applies it again this often
POLL_S = 1.0  # the presenter's panel and live chart refresh this often
NOT_FOLLOWED = {"presentation"}  # the projector's large text is the presenter's alone
TOUR = "tour"  # the Lesson page: followed too, step by step (each student still answers alone)


def sidebar() -> None:
    """The classroom's part of the sidebar; call it after st.navigation (the page is known)."""
    _login_from_address()
    room = cr.classroom()
    if st.session_state.get("class_presenter"):
        _presenter(room)
        return
    if "class_follow" not in st.session_state and st.query_params.get("follow") == "1":
        st.session_state["class_follow"] = True  # /?follow=1 opens a session that follows
    following = st.toggle(ui.t("classroom.follow"), key="class_follow", help=ui.t("classroom.follow_help"))
    # The address says whether this browser follows: a student whose worker died reconnects to another
    # worker as a new session, and goes on following.
    if following and st.query_params.get("follow") != "1":
        st.query_params["follow"] = "1"
    elif not following and "follow" in st.query_params:
        st.query_params.pop("follow")
    if following:
        _follow()
    else:
        wake.unfollow(_session_id())
    _key_field()
    refused = {
        "bad": ui.t("classroom.login_bad"),
        "locked": ui.t("classroom.login_locked"),
        "off": ui.t("classroom.login_off"),
    }.get(st.session_state.get("_class_login"))
    if refused:
        st.error(refused, icon=":material/lock:")


# ---------------------------------------------------------------- who presents


def _login(given: str) -> None:
    failures = st.session_state.setdefault("_class_failures", [])
    result = cr.key_check().check(given, failures)
    if result == "ok":
        st.session_state["class_presenter"] = True
        st.session_state["class_follow"] = False
        st.session_state.pop("_class_published", None)
    st.session_state["_class_login"] = result


def _login_from_address() -> None:
    """/?teacher=<key>: checked, then taken out of the address bar (accepted or not)."""
    given = st.query_params.get("teacher")
    if given is not None:
        st.query_params.pop("teacher")
        _login(given)


def _key_field() -> None:
    """The key field, only where a key is configured (without one, nobody can present)."""
    if not cr.key_check().secret:
        return
    with st.expander(ui.t("classroom.teacher"), icon=":material/co_present:"):
        with st.form("class_login", clear_on_submit=True, border=False):
            st.text_input(ui.t("classroom.key"), type="password", key="class_key")
            # a callback: it runs before the sidebar's widgets, so it may switch following off
            st.form_submit_button(
                ui.t("classroom.present"),
                key="class_login_submit",
                on_click=lambda: _login(st.session_state.get("class_key", "")),
            )


# ---------------------------------------------------------------- the presenter


def _presenter(room: cr.Classroom) -> None:
    _presenting()
    if st.button(ui.t("classroom.stop_presenting"), key="class_stop"):
        st.session_state["class_presenter"] = False
        st.rerun()
    _, q = room.snapshot()
    if q is None:
        _ask(room)
    else:
        _live(q.id)


def after_run(page: str) -> None:
    """At the end of a run on `page` (url path), once ui.links has written the address: the presenter
    publishes the view; a follower's address keeps follow=1 (the view's parameters replaced it)."""
    st.session_state["_class_page"] = page
    publish_view()
    if st.session_state.get("class_follow") and st.query_params.get("follow") != "1":
        st.query_params["follow"] = "1"
    ctx = _ctx()
    if ctx is not None:
        st.session_state["_class_page_hash"] = ctx.page_script_hash
        fragment_id = st.session_state.get("_class_fragment")
        if st.session_state.get("class_follow") and fragment_id and wake.available():
            # the page and address this run ended on: what a wake's fragment run must claim to be
            seen = st.session_state.get("_class_state", ())
            wake.follow(ctx.session_id, fragment_id, ctx.page_script_hash, ctx.query_string, seen)


def _view() -> tuple[str, dict[str, str]]:
    """(page, parameters) this session showed last: a lecture page's link, or the lesson and its step."""
    page = st.session_state.get("_class_page")
    if page == TOUR:
        params = {"lang": ui.lang(), "step": st.query_params.get("step", "1")}
        if st.session_state.get("tour_lesson"):
            params["lesson"] = st.session_state["tour_lesson"]
        return page, params
    return current_view() if page in PAGES else (page or "", {})  # the root opens a page at once


def publish_view() -> None:
    """The presenter's page and view, published if they changed since it last did."""
    if not st.session_state.get("class_presenter"):
        return
    page, params = _view()
    params = {k: v for k, v in params.items() if k not in NOT_FOLLOWED}
    last = st.session_state.get("_class_published")
    if page in (*PAGES, TOUR) and (last is None or last[:2] != [page, params]):
        view = cr.classroom().publish(page, params)
        st.session_state["_class_published"] = [page, params, view.version]


@st.fragment(run_every=POLL_S)
@ui.guarded
def _presenting() -> None:
    if _in_fragment_run():  # a full run publishes at its end, once the page has set its choices
        publish_view()
    last = st.session_state.get("_class_published")
    st.success(ui.t("classroom.presenting", version=last[2] if last else 0), icon=":material/co_present:")
    if cr.classroom().shared is False:
        st.warning(ui.t("classroom.alone"), icon=":material/cloud_off:")


def _tour_steps() -> list:
    """The bundled tour's steps (core.tour, lessons/tour.toml), or none if they are not there."""
    try:
        from core import tour
    except ImportError:
        return []
    return _tour(tour)


@st.cache_resource(show_spinner=False)
def _tour(tour) -> list:
    lessons, _ = tour.load_all(ui.ROOT / "lessons")
    lesson = lessons.get(tour.BUNDLED)
    return list(lesson.steps) if lesson else []


def _ask(room: cr.Classroom) -> None:
    """Open a question: one of the tour's, or one typed on the spot."""
    with st.expander(ui.t("classroom.ask"), icon=":material/quiz:", expanded=False):
        steps = _tour_steps()
        if steps:
            i = st.selectbox(
                ui.t("classroom.from_tour"),
                range(len(steps)),
                format_func=lambda i: f"{steps[i].claim}: {steps[i].texts[ui.lang()].question}",
                key="class_tour_pick",
            )
            if st.button(ui.t("classroom.open_tour"), key="class_open_tour"):
                room.open_question(cr.tour_question(steps[i]))
                st.rerun()
        with st.form("class_typed", border=False):
            text = st.text_input(ui.t("classroom.q_text"), max_chars=cr.MAX_TEXT, key="class_q_text")
            choices = st.text_area(ui.t("classroom.q_choices"), key="class_q_choices")
            right = st.text_input(ui.t("classroom.q_right"), key="class_q_right")
            if st.form_submit_button(ui.t("classroom.open"), key="class_q_open"):
                try:
                    numbers = {int(s) - 1 for s in right.replace("，", ",").split(",") if s.strip()}
                    q = cr.typed_question(text, choices.splitlines(), numbers, several=len(numbers) > 1)
                except ValueError:
                    st.error(ui.t("classroom.q_bad", n=cr.MAX_CHOICES), icon=":material/error:")
                else:
                    room.open_question(q)
                    st.rerun()


@st.fragment(run_every=POLL_S)
@ui.guarded
def _live(qid: str) -> None:
    """The open question and its answers as they arrive (counts only: anonymous); reveal, close."""
    room = cr.classroom()
    _, q = room.snapshot()
    if q is None or q.id != qid:
        st.rerun(scope="app")
    text, choices = q.text(ui.lang())
    st.markdown(f"**{ui.md_escape(text)}**")
    answers = room.answers(q.id)
    n = cr.counts(q, list(answers.values()))
    labels = [f"{i + 1}. {c}{' ✓' if q.revealed and i in q.answer else ''}" for i, c in enumerate(choices)]
    import pandas as pd  # the presenter's alone: not on every session's first page

    st.bar_chart(pd.DataFrame({ui.t("classroom.count"): n}, index=labels), horizontal=True, height=200)
    st.caption(ui.t("classroom.answered", n=len(answers)))
    c_reveal, c_close = st.columns(2)
    if not q.revealed:  # callbacks: they run before the (fragment's) rerun that shows their effect
        c_reveal.button(ui.t("classroom.reveal"), key="class_reveal", on_click=room.reveal, args=(q.id,))
    c_close.button(ui.t("classroom.close"), key="class_close", on_click=room.close_question)


# ---------------------------------------------------------------- a following student


def _student() -> str:
    """This browser session's anonymous id (nothing about the student)."""
    return st.session_state.setdefault("_class_student", secrets.token_hex(8))


def _follow() -> None:
    """The follow fragment: woken by ui.wake when the class changes, polled often by the browser only
    where this process cannot wake it. (A browser's poll names the page it shows, and one sent while the
    page changes names the page being left: every such poll costs a full run to draw the view again.)"""
    (_follow_woken if wake.available() else _follow_polled)()


@ui.guarded
def _follow_view() -> None:
    """The presenter's newest view, applied when it changed; the open question."""
    if not st.session_state.get("class_follow"):
        return  # switched off since this poll was scheduled
    _wake_me()
    room = cr.classroom()
    view, q = room.snapshot()
    st.session_state["_class_state"] = wake.state(view, q)  # what ui.wake compares with the classroom's
    if view is None:
        st.caption(ui.t("classroom.waiting"))
    else:
        stamp = list(view.stamp)
        if _in_fragment_run() and st.session_state.get("_class_page_hash") not in (None, _page_hash()):
            # This run claimed another page than the last full run showed (requested while the page
            # changed): the browser now shows that page with an empty body. Draw the view again.
            open_view(view.page, view.params)
        if st.session_state.get("_class_seen") != stamp:
            # Opened as a link: the next run's links.restore applies it before any widget is drawn.
            st.session_state["_class_seen"] = stamp
            open_view(view.page, view.params)
        if (
            _in_fragment_run()
            and _strayed(view)
            and time.monotonic() > st.session_state.get("_class_retry", 0)
        ):
            # A browser that reconnected to another worker may send its old widget values (the language)
            # after the view was applied: apply it again, at most every RETRY_S.
            st.session_state["_class_retry"] = time.monotonic() + RETRY_S
            open_view(view.page, view.params)
        st.caption(ui.t("classroom.following", version=view.version))  # shown once applied
    if q is not None:
        _question(room, q)


_follow_woken = st.fragment(run_every=FOLLOW_CHECK_S)(_follow_view)
_follow_polled = st.fragment(run_every=FOLLOW_POLL_S)(_follow_view)


def _ctx():
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    return get_script_run_ctx()


def _session_id() -> str:
    ctx = _ctx()
    return ctx.session_id if ctx else ""


def _page_hash() -> str:
    """The page this run is for (a fragment run: the page its request named)."""
    ctx = _ctx()
    return ctx.page_script_hash if ctx else ""


def _wake_me() -> None:
    """Inside the follow fragment: remember its id; after_run registers it with ui.wake."""
    from streamlit.runtime.scriptrunner_utils.script_run_context import ThreadState

    st.session_state["_class_fragment"] = ThreadState.get().fragment_id


def _strayed(view: cr.View) -> bool:
    """True if this session's last full run showed another page or language than `view`."""
    return _view()[0] != view.page or ui.lang() != view.params.get("lang", ui.lang())


def _in_fragment_run() -> bool:
    ctx = _ctx()
    return bool(ctx and ctx.fragment_ids_this_run)


def keep() -> None:
    """At the top of a run: the classroom's own switches survive page changes (see ui.keep_choices)."""
    for key in ("class_follow", "class_presenter"):
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def _submit(room: cr.Classroom, qid: str, chosen: list[int]) -> None:
    room.answer(qid, _student(), tuple(chosen))  # False if this session answered before: the first stays
    st.session_state.setdefault("_class_answers", {})[qid] = chosen


def _question(room: cr.Classroom, q: cr.Question) -> None:
    """The open question for a follower: answer once, then see the reveal."""
    text, choices = q.text(ui.lang())
    st.markdown(f"**{ui.md_escape(text)}**")
    given = st.session_state.setdefault("_class_answers", {}).get(q.id)
    if given is None:
        options = list(range(len(choices)))
        label = ui.t("classroom.choose_all" if q.several else "classroom.choose")
        if q.several:
            chosen = st.multiselect(label, options, format_func=choices.__getitem__, key=f"class_a_{q.id}")
        else:
            one = st.radio(label, options, format_func=choices.__getitem__, index=None, key=f"class_a_{q.id}")
            chosen = [] if one is None else [one]
        st.button(
            ui.t("classroom.submit"),
            key=f"class_submit_{q.id}",
            disabled=not chosen,
            on_click=_submit,
            args=(room, q.id, sorted(chosen)),
        )
        return
    mine = ", ".join(choices[i] for i in given)
    if not q.revealed:
        st.info(ui.t("classroom.thanks", mine=ui.md_escape(mine)), icon=":material/how_to_vote:")
        return
    right = ", ".join(choices[i] for i in sorted(q.answer))
    key = "classroom.right" if set(given) == q.answer else "classroom.wrong"
    (st.success if set(given) == q.answer else st.warning)(
        ui.t(key, mine=ui.md_escape(mine), right=ui.md_escape(right))
    )
