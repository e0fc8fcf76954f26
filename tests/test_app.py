"""The shell: navigation in the lecture's order, the language switch, the default model."""

from conftest import texts

from core import i18n
from core.lecture import PAGES


def test_opens_on_the_first_page_in_chinese_without_exception(app):
    assert not app.exception
    assert app.title[0].value == i18n.text("why.title", "zh")


def test_language_switch_changes_the_text(app):
    before = texts(app)
    app.radio(key="lang").set_value("en").run()
    assert not app.exception
    assert app.title[0].value == i18n.text("why.title", "en")
    assert texts(app) != before
    assert i18n.text("sidebar.presentation", "en") in [t.label for t in app.sidebar.toggle]


def test_every_page_renders_in_both_languages(app):
    for lang in ("zh", "en"):
        for name in PAGES:
            app.switch_page(f"pages/{name}.py").run()
            # AppTest may replay a stale language on a page switch (a browser keeps it: test_browser.py)
            if app.radio(key="lang").value != lang:
                app.radio(key="lang").set_value(lang).run()
            assert not app.exception, f"{name} ({lang}): {app.exception}"
            assert app.title[0].value == i18n.text(f"{name}.title", lang)


def test_presentation_mode_enlarges_text(app):
    app.toggle(key="presentation").set_value(True).run()
    assert not app.exception
    assert any("font-size" in h.proto.body for h in app.get("html"))


def test_every_string_exists_in_both_languages():
    for key, pair in i18n.STRINGS.items():
        assert len(pair) == 2 and all(isinstance(s, str) and s.strip() for s in pair), key
