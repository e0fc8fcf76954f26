"""Latent Lab: the router and the sidebar (language, presentation mode, the active model)."""

import streamlit as st

import ui
from core.lecture import PAGES
from ui import chart_export, classroom, links, transformer_jobs

# Icons for the browser tab must be emoji: Streamlit fetches a Material icon's favicon from a CDN, while an
# emoji becomes an inline SVG. Hence no icons on st.Page (the current page's icon becomes the favicon).
st.set_page_config(page_title="Latent Lab", page_icon="🍎", layout="wide")

links.restore()  # a link, a reload, a tour's "show me" or the teacher's view: before any widget is drawn
links.keep()  # each page's choices survive visits to the other pages
classroom.keep()  # and so do following and presenting
ui.warm_up()

with st.sidebar:
    st.radio(
        ui.t("sidebar.language"),
        ["zh", "en"],
        key="lang",
        horizontal=True,
        format_func={"zh": "中文", "en": "English"}.get,
    )
    st.toggle(ui.t("sidebar.presentation"), key="presentation")
ui.keep_choices()  # before any page's widgets
chart_export.install(ui.t("common.export_svg"))  # every chart: PNG and SVG, drawn in the browser

# A label never ends in "…": Streamlit cuts a widget's label to one line; let it wrap instead.
st.html(
    "<style>.stMarkdownEllipsis, .stMarkdownEllipsis p { white-space: normal !important;"
    " overflow: visible !important; text-overflow: clip !important; }</style>"
)
if ui.presentation():  # a projector: every text larger (charts: ui.plot), less empty space at the top
    st.html(
        "<style>.stApp, .stApp p, .stApp li, .stApp label { font-size: 1.3rem !important; }"
        ".stApp h1 { font-size: 3rem !important; }"
        ".stApp input, .stApp textarea, .stApp [data-baseweb='select'] div,"
        " .stApp button p, .stApp [data-testid='stTickBarMin'], .stApp [data-testid='stTickBarMax'],"
        " .stApp [data-testid='stSliderThumbValue'], .stApp [data-testid='stMetricValue'] div"
        " { font-size: 1.3rem !important; }"
        ".stApp code, .stApp pre { font-size: 1.1rem !important; }"
        ".stApp [data-testid='stTable'] :is(td, th) { font-size: 1.2rem !important; }"
        ".stApp [data-testid='stMainBlockContainer'] { padding-top: 2.5rem !important; }</style>"
    )

pages = [
    st.Page(f"pages/{name}.py", title=f"{i}. {ui.t(f'nav.{name}')}", url_path=name)
    for i, name in enumerate(PAGES, 1)
]


def home() -> None:
    """The root URL opens the first page under its own name: Streamlit serves its default page at the
    root only, so a link to /why would otherwise end in "Page not found"."""
    st.switch_page(pages[0], query_params=st.query_params.to_dict())


# The lesson walks through all the pages, so it is not one of the numbered steps: an entry of its own, first,
# where a student finds it; the root still opens the first page.
lesson = st.Page("pages/tour.py", title=ui.t("nav.tour"), url_path="tour")


def not_found() -> None:
    """A mistyped address: said in the session's language, with a link to every page (Streamlit's own
    "Page not found" dialog is English only)."""
    st.title(ui.t("common.not_found_title"))
    st.markdown(ui.t("common.not_found_text", page=ui.md_escape(st.session_state.get("_not_found", ""))))
    for page in (lesson, *pages):
        st.page_link(page)


missing = st.Page(not_found, title=ui.t("common.not_found_title"), url_path="not-found", visibility="hidden")
ui.catch_unknown_page({"", "tour", "not-found", *PAGES}, missing)
nav = st.navigation([st.Page(home, default=True, visibility="hidden"), lesson, *pages, missing])

with st.sidebar:
    classroom.sidebar()  # presenter, follow the teacher, live questions
    st.caption(ui.t("sidebar.model"))
    model = st.session_state.get("model")
    st.markdown(ui.model_summary(model) if model else ui.t("sidebar.model_default"))

# The safety net: an unexpected error becomes one translated line with an incident id.
try:
    if nav.url_path in (*PAGES, "tour"):
        ui.header_first(nav.url_path)  # the first paint: before the page imports its heavy modules
    ui.guarded(nav.run)()
finally:  # also after st.stop(): the address bar always shows what the page shows
    st.session_state.pop("_header_drawn", None)
    if nav.url_path in PAGES:
        links.write(nav.url_path)
        links.show_notes()
        with st.sidebar:  # after the page: the link carries the choices its widgets just made
            links.share_panel(nav.url_path)
    else:  # the lesson keeps its own address (?step=…); the language and presentation mode join it
        links.write_sidebar()
    classroom.after_run(nav.url_path)  # the presenter publishes this view; a follower's keeps follow=1
    transformer_jobs.warm_up()  # after the first paint: the shared translator, built by a child process
