"""The classroom's sidebar (ui/classroom.py) in AppTest: the presenter's key (refused, limited, taken out of
the address), following, and questions seen by the presenter and by a follower."""

import pytest
from conftest import APP_TIMEOUT, ROOT
from streamlit.testing.v1 import AppTest

from core import classroom as cr
from core import i18n

KEY = "correct-horse-battery"


def zh(key, **params):
    return i18n.text(key, "zh", **params)


def errors(at) -> list[str]:
    return [e.value for e in at.sidebar.error]


@pytest.fixture
def fresh(monkeypatch):
    """A process with a teacher key and an empty in-memory class."""
    monkeypatch.setenv(cr.KEY_ENV, KEY)
    monkeypatch.delenv(cr.REDIS_ENV, raising=False)
    monkeypatch.setattr(cr, "_key_check", None)
    monkeypatch.setattr(cr, "_classroom", None)


def login(at, key):
    at.sidebar.text_input(key="class_key").input(key)
    next(b for b in at.sidebar.button if b.label == zh("classroom.present")).click()
    at.run()


def test_without_a_teacher_key_nobody_presents(app, monkeypatch):
    monkeypatch.delenv(cr.KEY_ENV, raising=False)
    monkeypatch.setattr(cr, "_key_check", None)
    assert not [t for t in app.sidebar.text_input if t.key == "class_key"]  # no key field at all
    app.query_params["teacher"] = ""
    app.run()
    assert zh("classroom.login_off") in errors(app)
    assert not app.session_state["class_presenter"] if "class_presenter" in app.session_state else True
    assert "teacher" not in app.query_params


def test_a_wrong_key_is_refused_and_attempts_are_limited(app, fresh):
    app.run()
    login(app, "wrong")
    assert zh("classroom.login_bad") in errors(app)
    assert "class_presenter" not in app.session_state or not app.session_state["class_presenter"]
    for _ in range(4):
        login(app, "still wrong")
    login(app, KEY)  # the sixth attempt of this session within a minute: refused although right
    assert zh("classroom.login_locked") in errors(app)
    assert not app.session_state["class_presenter"] if "class_presenter" in app.session_state else True


def test_the_right_key_in_the_address_makes_a_presenter_and_leaves_the_address(app, fresh):
    app.query_params["teacher"] = KEY
    app.run()
    assert "teacher" not in app.query_params
    assert app.session_state["class_presenter"]
    assert not errors(app)
    assert zh("classroom.stop_presenting") in [b.label for b in app.sidebar.button]
    view, _ = cr.classroom().snapshot()
    assert view is not None and view.page == "why" and view.params["lang"] == "zh"


def test_the_key_field_makes_a_presenter(app, fresh):
    app.run()
    login(app, KEY)
    assert app.session_state["class_presenter"]
    assert not [t for t in app.sidebar.text_input if t.key == "class_key"]


def test_follow_from_the_address_and_the_toggle(fresh):
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=APP_TIMEOUT)
    app.query_params["follow"] = "1"  # a new session opened at /?follow=1
    app.run()
    app.run()  # see the `app` fixture: AppTest's first run differs
    toggle = app.sidebar.toggle(key="class_follow")
    assert toggle.value
    assert app.query_params["follow"] == "1"  # kept while following (a reconnect follows again)
    assert zh("classroom.waiting") in [c.value for c in app.sidebar.caption]
    cr.classroom().publish("attention", {"lang": "en"})
    app.run()
    assert app.session_state["lang"] == "en"  # the presenter's language, applied
    following = i18n.text("classroom.following", "en", version=1)
    assert following in [c.value for c in app.sidebar.caption]
    app.sidebar.toggle(key="class_follow").set_value(False).run()
    assert "follow" not in app.query_params
    cr.classroom().publish("attention", {"lang": "en", "att_step": "5"})
    app.run()
    assert app.session_state["_class_seen"][0] == 1  # no longer moved
    assert "att_step" not in app.session_state or app.session_state["att_step"] != 5
    captions = [c.value for c in app.sidebar.caption]
    for lang in ("zh", "en"):
        shown = (i18n.text("classroom.following", lang, version=2), i18n.text("classroom.waiting", lang))
        assert not set(shown) & set(captions)


def test_a_follower_answers_once_and_sees_the_reveal(app, fresh):
    room = cr.classroom()
    q = cr.typed_question("2 + 2?", ["3", "4", "5"], {1})
    room.open_question(q)
    app.sidebar.toggle(key="class_follow").set_value(True).run()
    assert "**2 \\+ 2?**" in [m.value for m in app.sidebar.markdown]
    app.sidebar.radio(key=f"class_a_{q.id}").set_value(2).run()
    next(b for b in app.sidebar.button if b.label == zh("classroom.submit")).click().run()
    assert list(room.answers(q.id).values()) == [(2,)]
    assert not [r for r in app.sidebar.radio if r.key == f"class_a_{q.id}"]  # answered: no second chance
    room.reveal(q.id)
    app.run()
    assert zh("classroom.wrong", mine="5", right="4") in [w.value for w in app.sidebar.warning]


def test_the_presenter_opens_a_typed_question_and_sees_the_answers(app, fresh):
    app.query_params["teacher"] = KEY
    app.run()
    app.sidebar.text_input(key="class_q_text").input("Best fruit?")
    app.sidebar.text_area(key="class_q_choices").input("apple\nbanana")
    app.sidebar.text_input(key="class_q_right").input("1")
    next(b for b in app.sidebar.button if b.label == zh("classroom.open")).click().run()
    _, q = cr.classroom().snapshot()
    assert q is not None and q.text("zh") == ("Best fruit?", ("apple", "banana")) and q.answer == {0}
    cr.classroom().answer(q.id, "someone", (1,))
    app.run()
    assert zh("classroom.answered", n=1) in [c.value for c in app.sidebar.caption]
    next(b for b in app.sidebar.button if b.label == zh("classroom.reveal")).click().run()
    assert cr.classroom().snapshot()[1].revealed


def test_a_typed_question_without_choices_is_refused(app, fresh):
    app.query_params["teacher"] = KEY
    app.run()
    app.sidebar.text_input(key="class_q_text").input("Best fruit?")
    next(b for b in app.sidebar.button if b.label == zh("classroom.open")).click().run()
    assert zh("classroom.q_bad", n=cr.MAX_CHOICES) in errors(app)
    assert cr.classroom().snapshot()[1] is None


def test_the_presenter_opens_a_tour_question_in_both_languages(app, fresh):
    from core import tour

    lessons, _ = tour.load_all(ROOT / "lessons")
    step = lessons[tour.BUNDLED].steps[0]
    app.query_params["teacher"] = KEY
    app.run()
    assert app.sidebar.selectbox(key="class_tour_pick").value == 0
    next(b for b in app.sidebar.button if b.key == "class_open_tour").click().run()
    _, q = cr.classroom().snapshot()
    assert q.text("zh")[0] == step.texts["zh"].question and q.text("en")[0] == step.texts["en"].question
    assert q.answer == step.answer and q.several == step.several


def test_the_lesson_is_followed_step_by_step(fresh):
    """The presenter on the Lesson page, step 3, in English: a follower is moved there; its own answer stays
    its own (the step's question is still unanswered)."""
    teacher = AppTest.from_file(str(ROOT / "app.py"), default_timeout=APP_TIMEOUT)
    teacher.query_params["teacher"] = KEY
    teacher.run()
    teacher.switch_page("pages/tour.py")
    teacher.query_params["step"] = "3"
    teacher.run()
    teacher.radio(key="lang").set_value("en").run()
    view, _ = cr.classroom().snapshot()
    assert (view.page, view.params["step"], view.params["lang"]) == ("tour", "3", "en")

    student = AppTest.from_file(str(ROOT / "app.py"), default_timeout=APP_TIMEOUT)
    student.query_params["follow"] = "1"
    student.run()
    student.run()
    assert student.session_state["lang"] == "en"
    assert student.session_state["tour_step"][1] == 2  # 0-based: step 3
    assert student.query_params["step"] == "3" and student.query_params["follow"] == "1"
    assert not student.exception
