"""The address bar is the view: each page's choices live in session_state for the whole session and are
written to the URL's query parameters after every run, so a copied link (or a reload) reproduces the view.

- restore(): at the top of every run, parameters that differ from what this session last wrote (a link
  opened in a new browser, a reload, a tour's "show me", the teacher's view) are applied to session_state,
  before any widget is drawn. Widgets keep their own defaults; a link only overrides them.
- keep(): a page's widget state is dropped by Streamlit when another page runs; setting each choice again
  at the top of the run keeps it across page changes.
- write(page): at the end of the run, the page's choices (and the language, and a model that can be
  retrained) go into the address."""

from urllib.parse import urlencode

import streamlit as st

import ui
from core import links

_WRITTEN = "_link_written"  # the parameters this session last put in the address
_MODEL = "model_link"  # model_param of the session's model, if it can travel in a link
_NOTES = "_link_notes"  # restore()'s notes, shown by show_notes() after the page
_SCROLL = "_link_scroll"  # the panel a link asked for (an anchor name): anchor() scrolls there once
SECTIONS = {"space_section": "cloze", "att_section": "steps"}  # and the section each page opens on


def restore() -> None:
    query = st.query_params.to_dict()
    written = st.session_state.get(_WRITTEN, {})
    new = {k: v for k, v in query.items() if written.get(k) != v}
    if not new:
        return
    values, ignored = links.parse(new)
    for key, value in values.items():
        st.session_state[key] = value
    notes = []
    if new.get("model") == links.UNLINKED:
        notes.append(ui.t("links.model_unlinked"))
    elif "model" in new and not _restore_model(new["model"]):
        ignored.append("model")
    if ignored:
        notes.append(ui.t("links.ignored", names=", ".join(ui.md_escape(n) for n in ignored)))
    st.session_state[_NOTES] = notes
    if new.get("at"):  # the lesson names the panel its claim is about
        st.session_state[_SCROLL] = new["at"]
    elif any(values.get(key, first) != first for key, first in SECTIONS.items()):
        st.session_state[_SCROLL] = "section"
    st.session_state[_WRITTEN] = {**written, **new}


def anchor(name: str) -> None:
    """Where the panel `name` starts (core.lecture.ANCHORS; "section": a page's section choice): a link that
    asked for it — the lesson's "open the view" (?at=…), a link choosing another section than the first —
    brings it into view, once; a teacher's view lands on the panel, not on the page's top."""
    if st.session_state.get(_SCROLL) != name:
        return
    del st.session_state[_SCROLL]
    # Charts above still grow while the page settles: scroll again until they have, unless the student
    # scrolls first.
    st.html(
        f'<div id="latent-lab-{name}"></div><script>(() => {{'
        "let left = 6; const stop = () => { left = 0; };"
        'addEventListener("wheel", stop, {once: true});'
        'addEventListener("touchstart", stop, {once: true});'
        "const go = () => { if (left-- <= 0) return;"
        f'document.getElementById("latent-lab-{name}")?.scrollIntoView({{block: "start"}});'
        "setTimeout(go, 700); }; setTimeout(go, 500); })()</script>",
        unsafe_allow_javascript=True,
    )


def show_notes() -> None:
    """What restore() ignored, once, on the page the link opened (the root's redirect would lose it)."""
    for note in st.session_state.pop(_NOTES, []):
        st.toast(note, icon="⚠️")


def _restore_model(param: str) -> bool:
    """Make the linked model the session's (retrained, or from the process's cache); False if the
    parameter does not describe one."""
    try:
        corpus, settings = links.parse_model(param)
    except (ValueError, KeyError):
        return False
    if st.session_state.get(_MODEL) != param:
        with st.spinner(ui.t("links.training", corpus=corpus)):
            model = _linked_model(corpus, tuple(sorted(settings.items())))
        ui.set_model(model, link=param)
    return True


@st.cache_resource(show_spinner=False, max_entries=8)
def _linked_model(corpus: str, settings: tuple):
    """A model from a link, trained once per process and settings, shared read-only."""
    from core.word2vec import Config, build, train_all

    cfg = Config(**dict(settings))
    data = ui.bundled_corpus(corpus, cfg.tokenizer, cfg.min_count)
    model = build(data, cfg)
    train_all(model, data)
    return model


def keep() -> None:
    for key in links.rules():
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def view(page: str) -> dict[str, str]:
    """The parameters that reproduce `page` as this session shows it now."""
    params = {"lang": ui.lang()}
    if ui.presentation():
        params["presentation"] = "1"
    if st.session_state.get("model") is not None:  # else the default model, which every link opens with
        params["model"] = st.session_state.get(_MODEL) or links.UNLINKED
    for key in links.CHOICES.get(page, {}):
        if key in st.session_state:
            params[key] = links.encode(st.session_state[key])
    return params


def write(page: str) -> None:
    params = view(page)
    if st.query_params.to_dict() != params:
        st.query_params.from_dict(params)
    st.session_state[_WRITTEN] = params
    st.session_state["_link_page"] = page


def write_sidebar() -> None:
    """A page that keeps its own address (the lesson's ?step=…) gets the sidebar's choices added to it, so
    that a reload keeps the language and presentation mode there too."""
    params = {k: v for k, v in view("").items() if k in links.SIDEBAR}
    for key in links.SIDEBAR:
        if key in params and st.query_params.get(key) != params[key]:
            st.query_params[key] = params[key]
        elif key not in params and key in st.query_params:
            del st.query_params[key]
    written = {k: v for k, v in st.session_state.get(_WRITTEN, {}).items() if k not in links.SIDEBAR}
    st.session_state[_WRITTEN] = {**written, **params}


def current_view() -> tuple[str, dict[str, str]]:
    """(page, parameters) of what this session showed last: what a link to it (or a follower) needs."""
    return st.session_state.get("_link_page", "why"), dict(st.session_state.get(_WRITTEN, {}))


def open_view(page: str, params: dict[str, str]) -> None:
    """Go to `page` showing `params` (the next run's restore() applies them)."""
    st.switch_page(f"pages/{page}.py", query_params=params)


def model_link_note() -> str | None:
    """Why the session's model is not in the link, if it is not (an upload, a stopped run…)."""
    if st.session_state.get("model") is not None and not st.session_state.get(_MODEL):
        return ui.t("links.model_not_linked")
    return None


def share_panel(page: str) -> None:
    """The sidebar's "link to this view": the full address, with a copy button."""
    with st.popover(ui.t("links.share"), icon=":material/link:", width="stretch"):
        base = st.context.url.split("?")[0] if st.context.url else f"/{page}"
        st.code(f"{base}?{urlencode(view(page))}", language=None, wrap_lines=True)
        st.caption(ui.t("links.share_help"))
        note = model_link_note()
        if note:
            st.caption(note)
