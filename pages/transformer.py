"""Placeholder until this page's own issue lands: an honest 'coming' note, no fake content."""

from pages import ui

ui.header("transformer")
ui.st.caption(ui.t("common.coming", what=ui.t("nav.transformer")))
