"""The Lesson page through AppTest: a step from the link, a right and a wrong answer, the reveal opening
the step's view, Back/Next keeping progress in the URL, and links whose step is not a step."""

import pytest
from conftest import texts

from core import i18n, tour
from core.lecture import PAGES
from ui.tour_panels import LESSONS

STEPS = tour.load(LESSONS / "tour.toml").steps


@pytest.fixture
def lesson(app):
    app.switch_page("pages/tour.py").run()
    assert not app.exception
    return app


def at_step(at, step: str, lang: str = "zh"):
    """The Lesson page opened by a link with ?step=`step`, in `lang`."""
    if at.radio(key="lang").value != lang:
        at.radio(key="lang").set_value(lang).run()
    at.query_params["step"] = step
    at.run()
    assert not at.exception, at.exception
    return at


def answer(at, i: int, chosen: list[int]):
    """Choose `chosen` (0-based) for step i and press Check."""
    key = f"tour_answer_tour_{i}"
    if STEPS[i].several:
        at.pills(key=key).set_value(chosen)
    else:
        at.radio(key=key).set_value(chosen[0])
    at.button(key="tour_check").click().run()
    assert not at.exception, at.exception


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_link_opens_its_step_in_both_languages(lesson, lang):
    last = len(STEPS)
    at_step(lesson, str(last), lang)
    text = STEPS[-1].texts[lang]
    assert lesson.title[0].value == i18n.text("tour.title", lang)
    assert lesson.subheader[0].value == f"{STEPS[-1].claim} · {text.title}"
    assert lesson.radio(key=f"tour_answer_tour_{last - 1}").label == text.question
    assert lesson.query_params["step"] == str(last)
    assert lesson.button(key="tour_next").disabled and not lesson.button(key="tour_back").disabled
    # predict first: the view stays shut until the answer is checked
    assert lesson.button(key="tour_reveal").disabled
    assert text.explain not in texts(lesson)


def test_opens_at_step_one_without_a_link(lesson):
    assert lesson.subheader[0].value.startswith("C1 · ")
    assert lesson.query_params["step"] == "1"
    assert lesson.button(key="tour_back").disabled


@pytest.mark.parametrize(
    "raw", ["0", str(len(STEPS) + 1), "-3", "abc", "2.5", "9" * 5000, "![x](http://example.com/x.png)"]
)
def test_a_step_that_is_not_one_opens_step_one_with_a_note(lesson, raw):
    at_step(lesson, raw)
    assert lesson.subheader[0].value.startswith("C1 · ")
    assert lesson.query_params["step"] == "1"
    notes = [c.value for c in lesson.caption]
    assert any(
        n.startswith(i18n.text("tour.bad_step", "zh", raw="", n=len(STEPS)).split("“")[0]) for n in notes
    )
    assert not any("http://" in n and "\\:" not in n for n in notes)  # shown literally, never fetched


def test_the_right_answer(lesson):
    at_step(lesson, "8", "en")  # C8: the neighbours of "red"
    answer(lesson, 7, sorted(STEPS[7].answer))
    assert [s.value for s in lesson.success] == [i18n.text("tour.right", "en")]
    assert STEPS[7].texts["en"].explain in [i.value for i in lesson.info]
    assert not lesson.button(key="tour_reveal").disabled
    assert i18n.text("tour.score", "en", answered=1, n=len(STEPS), right=1) in texts(lesson)
    # away and back: the answer given is still chosen, with its verdict
    lesson.button(key="tour_next").click().run()
    lesson.button(key="tour_back").click().run()
    assert lesson.radio(key="tour_answer_tour_7").value == min(STEPS[7].answer)
    assert [s.value for s in lesson.success] == [i18n.text("tour.right", "en")]


def test_a_wrong_answer_says_the_right_one(lesson):
    at_step(lesson, "7")  # C7: several right answers; choosing only some of them is wrong
    answer(lesson, 6, [0, 3])
    right = " · ".join(STEPS[6].texts["zh"].choices[a] for a in sorted(STEPS[6].answer))
    assert [e.value for e in lesson.error] == [i18n.text("tour.wrong", "zh", answer=right)]
    assert STEPS[6].texts["zh"].explain in [i.value for i in lesson.info]
    assert i18n.text("tour.score", "zh", answered=1, n=len(STEPS), right=0) in texts(lesson)


def test_check_without_an_answer_asks_for_one(lesson):
    lesson.button(key="tour_check").click().run()
    assert [w.value for w in lesson.warning] == [i18n.text("tour.choose_first", "zh")]
    assert lesson.button(key="tour_reveal").disabled


def test_next_and_back_keep_progress_in_the_url_and_the_session(lesson):
    lesson.button(key="tour_next").click().run()
    lesson.button(key="tour_next").click().run()
    assert lesson.query_params["step"] == "3" and lesson.subheader[0].value.startswith("C3 · ")
    lesson.button(key="tour_back").click().run()
    assert lesson.query_params["step"] == "2"
    # a visit to another page and back through the navigation (no ?step=) continues where it was
    lesson.switch_page("pages/why.py").run()
    lesson.query_params.pop("step", None)
    lesson.switch_page("pages/tour.py").run()
    assert not lesson.exception
    assert lesson.subheader[0].value.startswith("C2 · ")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_reveal_opens_the_view_of_c15(lesson, lang):
    at_step(lesson, "15", lang)
    answer(lesson, 14, sorted(STEPS[14].answer))
    lesson.button(key="tour_reveal").click().run()
    assert not lesson.exception, lesson.exception
    assert lesson.title[0].value == i18n.text("attention.title", lang)  # the language came along
    assert lesson.session_state["att_sentence"] == STEPS[14].params[lang]["att_sentence"]
    assert lesson.session_state["att_step"] == 3  # S = Q·Kᵀ
    assert len(lesson.selectbox(key="att_i").options) == 6  # T = 6: a 6 × 6 score matrix


def test_every_step_names_a_page_the_app_has():
    assert {s.page for s in STEPS} <= set(PAGES)


def test_a_teachers_lessons_beside_the_bundled_one(app, tmp_path, monkeypatch):
    """lessons/ with the bundled tour, a teacher's lesson and a broken file: the broken one is named in the
    student's language, the others are offered, ?lesson= picks one, an unknown name falls back with a note."""
    from test_tour import GOOD_STEP

    from ui import tour_panels

    (tmp_path / "tour.toml").write_bytes((LESSONS / "tour.toml").read_bytes())
    (tmp_path / "mine.toml").write_text('[title]\nzh = "我的课"\nen = "Mine"\n' + GOOD_STEP, encoding="utf-8")
    (tmp_path / "broken.toml").write_text(GOOD_STEP.replace('page = "attention"', 'page = "x"'), "utf-8")
    monkeypatch.setattr(tour_panels, "LESSONS", tmp_path)
    app.switch_page("pages/tour.py").run()
    assert not app.exception, app.exception
    broken = i18n.text("error.lesson_page", "zh", name="broken", step=1, page="x", pages=", ".join(PAGES))
    assert broken in [e.value for e in app.error]
    assert app.selectbox(key="tour_lesson").options == ["讲座导览：C1–C15", "我的课"]
    at_step(app, "1")
    app.query_params["lesson"] = "mine"
    app.run()
    assert app.subheader[0].value == "C15 · Q、K、V" and app.query_params["lesson"] == "mine"
    app.query_params["lesson"] = "nope"  # the session stays in the lesson it was in, and says so
    app.run()
    assert app.subheader[0].value == "C15 · Q、K、V" and app.query_params["lesson"] == "mine"
    assert i18n.text("tour.bad_lesson", "zh", raw="nope", title="我的课") in [c.value for c in app.caption]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_presentation_mode_joins_the_lessons_address(lesson, lang):
    """Issue 26: on the Lesson page presentation mode was lost on reload: its address (?step=…) did not
    carry it. Now it does, and switching it off takes it out again."""
    lesson.radio(key="lang").set_value(lang).run()
    lesson.toggle(key="presentation").set_value(True).run()
    assert lesson.query_params["presentation"] == "1" and lesson.query_params["lang"] == lang
    assert lesson.query_params["step"] == "1"
    lesson.toggle(key="presentation").set_value(False).run()
    assert "presentation" not in lesson.query_params
    assert lesson.toggle(key="presentation").value is False
