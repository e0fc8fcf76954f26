"""A stand-in for ui/links.py (the lead's view-state layer, not yet on main) with the same two functions,
so that ui/classroom.py can be written and tested now. It knows only a few choices; delete it once
ui.links lands."""

import streamlit as st

import ui
from core.lecture import PAGES

_KNOWN = {  # key -> how its address text becomes the session's value
    "att_step": int,
    "att_section": str,
    "att_all": lambda s: s == "1",
    "att_mask": str,
    "space_method": str,
    "space_section": str,
}


def _encode(value) -> str:
    return ("1" if value else "0") if isinstance(value, bool) else str(value)


def current_view() -> tuple[str, dict[str, str]]:
    """(page, parameters) this session shows now."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    page = ""
    if ctx is not None:
        info = ctx.pages_manager.get_pages().get(ctx.pages_manager.current_page_script_hash)
        page = (info or {}).get("url_pathname", "")
    params = {"lang": ui.lang()}
    params.update({k: _encode(st.session_state[k]) for k in _KNOWN if k in st.session_state})
    return (page if page in PAGES else ""), params


def open_view(page: str, params: dict[str, str]) -> None:
    """Apply `params` to the session and show `page`."""
    for key, raw in params.items():
        if key == "lang" and raw in ("zh", "en"):
            st.session_state["lang"] = raw
        elif key in _KNOWN:
            try:
                st.session_state[key] = _KNOWN[key](raw)
            except ValueError:
                pass
    st.switch_page(f"pages/{page}.py")
