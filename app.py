"""Latent Lab: the router and the sidebar (language, presentation mode, the active model)."""

import streamlit as st

from pages import ui

st.set_page_config(page_title="Latent Lab", page_icon=":material/nutrition:", layout="wide")

PAGES = [  # the lecture's order
    ("why", "pages/why.py", ":material/lightbulb:"),
    ("train", "pages/train.py", ":material/model_training:"),
    ("space", "pages/space.py", ":material/scatter_plot:"),
    ("attention", "pages/attention.py", ":material/grid_on:"),
    ("transformer", "pages/transformer.py", ":material/translate:"),
]

with st.sidebar:
    st.radio(ui.t("sidebar.language"), ["zh", "en"], key="lang", horizontal=True, on_change=ui.keep_choices,
             format_func=lambda code: {"zh": "中文", "en": "English"}[code])
    st.toggle(ui.t("sidebar.presentation"), key="presentation")

if ui.presentation():
    st.html("<style>.stApp, .stApp p, .stApp li, .stApp label { font-size: 1.3rem !important; }"
            ".stApp h1 { font-size: 3rem !important; }</style>")

nav = st.navigation([st.Page(path, title=ui.t(f"nav.{name}"), url_path=name, icon=icon)
                     for name, path, icon in PAGES])

with st.sidebar:
    st.caption(ui.t("sidebar.model"))
    model = st.session_state.get("model")
    st.markdown(ui.model_summary(model) if model else ui.t("sidebar.model_default"))

nav.run()
