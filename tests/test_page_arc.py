"""The Arc page through AppTest: both languages; a short run of the three models in the background, its
table and its verdict true to the numbers; one held-out sentence through all three; the GPT writing
(greedy at temperature 0, repeatable with a seed); Stop; a bad upload's one message."""

import pytest
from conftest import texts

from core import i18n, lm
from ui import arc_panels


@pytest.fixture
def page(app):
    app.switch_page("pages/arc.py").run()
    assert not app.exception, app.exception
    return app


def trained(page, seconds: float = 6):
    page.session_state["arc_seconds"] = seconds  # the test hook: a short run
    page.button(key="arc_train").click().run()
    job = page.session_state["arc_job"]  # a background job: the click returned at once
    job.join(240)
    assert job.state == "done", (job.state, job.error)
    page.run()
    assert not page.exception, page.exception
    return page


def written(page) -> str:
    return next(m.value for m in page.markdown if m.value.startswith("### "))


def test_renders_in_both_languages_before_training(page):
    assert page.title[0].value == i18n.text("arc.title", "zh")
    assert page.radio(key="arc_source").value == "apples_zh"  # the fruit world in the UI's language
    assert i18n.text("arc.train", "zh", seconds=int(lm.SECONDS)) in [b.label for b in page.button]
    zh = texts(page)
    page.radio(key="lang").set_value("en").run()
    assert not page.exception, page.exception
    assert page.title[0].value == i18n.text("arc.title", "en")
    assert texts(page) != zh


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_run_shows_the_table_three_answers_and_writing(page, lang, monkeypatch):
    page.radio(key="lang").set_value(lang).run()
    page.radio(key="arc_source").set_value(f"apples_{lang}").run()
    page = trained(page)
    table = page.dataframe[0].value
    assert len(table) == 3
    arc = arc_panels.runs.current(f"apples_{lang}", 0, None)
    ppl = [arc.perplexity[m] for m in lm.MODELS]
    assert table.iloc[:, 2].tolist() == [round(p, 2) for p in ppl]
    monkeypatch.setattr(arc_panels.ui, "lang", lambda: lang)  # verdict() outside the page's run
    assert any(m.value == arc_panels.verdict(arc) for m in page.markdown)
    assert len(page.get("plotly_chart")) >= 6  # losses, three answers, candidates, heads
    page.slider(key="arc_temperature").set_value(0.0).run()
    greedy = written(page)
    page.number_input(key="arc_gen_seed").set_value(7).run()
    assert written(page) == greedy  # temperature 0: the seed does not matter
    page.slider(key="arc_temperature").set_value(1.5).run()
    first = written(page)
    page.number_input(key="arc_gen_seed").set_value(8).run()
    page.number_input(key="arc_gen_seed").set_value(7).run()
    assert written(page) == first  # the same seed writes the same text
    assert not page.exception, page.exception


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_verdict_says_no_more_than_the_numbers(lang, monkeypatch):
    monkeypatch.setattr(arc_panels.ui, "lang", lambda: lang)
    text = i18n.text

    def arc(lookup, embedding, transformer):
        return lm.Arc(None, {}, dict(lookup=lookup, embedding=embedding, transformer=transformer), 0.1)

    names = arc_panels.names()
    clear = arc_panels.verdict(arc(10.0, 5.0, 4.0))
    assert clear.startswith(
        text("arc.verdict_clear", lang, best=names["transformer"], ratio=2.5, ppl=4, lookup=10)
    )
    slight = arc_panels.verdict(arc(10.0, 9.5, 9.0))
    assert slight == text(
        "arc.verdict_slight", lang, best=names["transformer"], ratio=10 / 9, ppl=9, lookup=10
    )
    worst = arc_panels.verdict(arc(60.0, 90.0, 95.0))
    assert worst == text("arc.verdict_lookup_best", lang, best=names["lookup"])
    assert text("arc.verdict_embedding_over_transformer", lang) in arc_panels.verdict(arc(10.0, 4.0, 5.0))


def test_stop_cancels_the_run(page):
    page.session_state["arc_seconds"] = 60
    page.radio(key="arc_source").set_value("apples_en").run()
    page.number_input(key="arc_seed").set_value(42).run()  # a seed no other test trains
    page.button(key="arc_train").click().run()
    job = page.session_state["arc_job"]
    page.button(key="arc_stop").click().run()
    assert job.state == "stopped" and job.result is None
    page.run()
    assert not page.exception, page.exception
    assert not page.dataframe  # no table for a run that did not finish


def test_a_bad_upload_gets_one_message(page):
    page.radio(key="arc_source").set_value("upload").run()
    page.file_uploader(key="arc_upload").set_value(("bad.txt", bytes(range(256)) * 64, "text/plain")).run()
    page.button(key="arc_train").click().run()
    page.session_state["arc_job"].join(30)
    page.run()
    assert not page.exception, page.exception
    assert [e.value for e in page.error] == [i18n.text("error.file_binary", "zh")]


def test_an_upload_trains_shows_its_table_and_writes(page):
    lines = [
        f"the {c} {f} is {t}" for c in ("red", "green", "old") for f in ("car", "cup") for t in ("big", "new")
    ]
    page.radio(key="arc_source").set_value("upload").run()
    page.file_uploader(key="arc_upload").set_value(
        ("mine.txt", "\n".join(lines * 5).encode(), "text/plain")
    ).run()
    page = trained(page, seconds=3)
    assert len(page.dataframe[0].value) == 3
    assert "mine\\.txt" in " ".join(c.value for c in page.caption)  # escaped: a name is shown literally
    assert written(page).startswith("### ")  # the GPT writes from an empty start too
