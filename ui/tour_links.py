"""Stand-in for ui.links.open_view until the lead's ui/links.py is on main; delete it then and import
open_view from ui.links. Here a view's parameters are the session_state keys of its page's widgets."""

import streamlit as st


def open_view(page: str, params: dict[str, str]) -> None:
    """Apply `params` (session_state key -> value as a link carries it) and switch to pages/<page>.py.
    Call it from a widget's callback: the sidebar's widgets can be set only before they are drawn."""
    # st.switch_page drops every widget's value (the browser sends none with it); values set this run
    # survive the switch, so set the sidebar's again
    for key in ("lang", "presentation"):
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]
    for key, value in params.items():
        st.session_state[key] = int(value) if value.isdecimal() else value  # att_step is an int
    st.session_state["_open_view"] = page


def switch_if_asked() -> None:
    """Switch to the page open_view asked for in this run's callback (a callback cannot switch pages)."""
    page = st.session_state.pop("_open_view", None)
    if page is not None:
        st.switch_page(f"pages/{page}.py")
