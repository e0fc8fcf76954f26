"""Lesson (C1–C15): the lecture's claims as predict-then-reveal questions, read from lessons/*.toml. For each
step: the claim in two or three sentences, a question, Check, then the page and view that shows why."""

import streamlit as st

import ui
from ui import tour_panels as tour

ui.header("tour")
t = ui.t
lessons, errors = tour.lessons()
for err in errors:  # a teacher's malformed file: say what is wrong, keep the others
    ui.show_error(err)
if not lessons:
    st.warning(t("tour.none"))
    st.stop()
lesson = tour.choose_lesson(lessons, t)
i = tour.current_step(lesson, t)
tour.step_panel(lesson, i, t)
tour.nav_panel(lesson, i, t)
