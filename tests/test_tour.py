"""core/tour.py: the bundled lesson walks C1–C15 once each, in the lecture's order, with answers among its
choices; a malformed lesson file gives one clear LabError whose code has a translated message."""

from pathlib import Path

import pytest

from core import i18n, tour
from core.errors import LabError
from core.lecture import PAGES

ROOT = Path(__file__).resolve().parent.parent
LESSONS = ROOT / "lessons"

GOOD_STEP = """
[[step]]
claim = "C15"
page = "attention"
answer = 3
params = { att_section = "steps" }
[step.zh]
params = { att_sentence = "奶奶买了三个甜苹果" }
title = "Q、K、V"
text = "两三句话。"
question = "T = 6 时 Q·Kᵀ 是什么形状？"
choices = ["6 × d_out", "d_out × d_out", "6 × 6"]
explain = "T × T。"
[step.en]
title = "Q, K, V"
text = "Two or three sentences."
question = "What shape is Q·Kᵀ for T = 6?"
choices = ["6 × d_out", "d_out × d_out", "6 × 6"]
explain = "T × T."
"""


def test_the_bundled_tour_walks_c1_to_c15_once_in_order_then_the_arc():
    lessons, errors = tour.load_all(LESSONS)
    assert errors == []
    steps = lessons[tour.BUNDLED].steps
    assert [s.claim for s in steps[:15]] == [f"C{i}" for i in range(1, 16)]
    assert [s.page for s in steps[15:]] == ["arc", "arc"]  # the lecture's arc, measured
    assert next(iter(lessons)) == tour.BUNDLED  # the page opens it first


def test_every_bundled_step_is_complete_in_both_languages():
    for step in tour.load(LESSONS / "tour.toml").steps:
        assert step.page in PAGES
        n = len(step.texts["zh"].choices)
        assert n == len(step.texts["en"].choices) >= 2
        assert step.answer and all(0 <= a < n for a in step.answer), step.claim
        assert step.several == (len(step.answer) > 1)
        for lang in ("zh", "en"):
            text = step.texts[lang]
            assert all(s.strip() for s in (text.title, text.text, text.question, text.explain))
        # the same view in both languages: only language-bound inputs (the example sentence) differ
        assert set(step.params["zh"]) - {k for k in step.params["zh"] if k.endswith("_zh")} == set(
            step.params["en"]
        ) - {k for k in step.params["en"] if k.endswith("_en")}


def test_a_parsed_step_keeps_what_the_file_says():
    step = tour.parse(GOOD_STEP, "mine").steps[0]
    assert (step.claim, step.page, step.answer, step.several) == ("C15", "attention", {2}, False)
    # shared params, and each language's own merged over them
    assert step.params == {
        "zh": {"att_section": "steps", "att_sentence": "奶奶买了三个甜苹果"},
        "en": {"att_section": "steps"},
    }
    assert step.texts["en"].choices == ("6 × d_out", "d_out × d_out", "6 × 6")
    assert step.check([2]) and not step.check([1]) and not step.check([]) and not step.check([1, 2])


def test_several_answers_must_all_be_chosen():
    step = tour.parse(GOOD_STEP.replace("answer = 3", "answer = [1, 3]"), "mine").steps[0]
    assert step.several and step.answer == {0, 2}
    assert step.check([2, 0]) and not step.check([0]) and not step.check([0, 1, 2])


def _bad(source: str) -> LabError:
    with pytest.raises(LabError) as caught:
        tour.parse(source, "mine")
    err = caught.value
    for lang in ("zh", "en"):  # translated, every placeholder filled (no fallback to str(err))
        assert i18n.error_text(err, lang) == i18n.text(f"error.{err.code}", lang, **err.params)
    return err


@pytest.mark.parametrize(
    "old, new, code, params",
    [
        ('page = "attention"', 'page = "attentoin"', "lesson_page", {"page": "attentoin"}),
        ('claim = "C15"', 'claim = "C16"', "lesson_claim", {"claim": "C16"}),
        ("answer = 3", "answer = 4", "lesson_answer", {"answer": 4, "n": 3}),
        ("answer = 3", "answer = 0", "lesson_answer", {"answer": 0}),
        ("answer = 3", "answer = [1, 1]", "lesson_answer", {"answer": 1}),
        ("answer = 3", 'answer = "3"', "lesson_field", {"field": "answer"}),
        ("answer = 3", "answer = []", "lesson_field", {"field": "answer"}),
        ("answer = 3", "answer = true", "lesson_field", {"field": "answer"}),
        ("answer = 3\n", "", "lesson_field", {"field": "answer"}),
        ('explain = "T × T."\n', "", "lesson_field", {"field": "en.explain"}),
        (
            'question = "T = 6 时 Q·Kᵀ 是什么形状？"',
            'question = ""',
            "lesson_field",
            {"field": "zh.question"},
        ),
        (
            'choices = ["6 × d_out", "d_out × d_out", "6 × 6"]\nexplain = "T × T。"',
            'choices = ["6 × 6"]\nexplain = "T × T。"',
            "lesson_field",
            {"field": "zh.choices"},
        ),
        (
            '["6 × d_out", "d_out × d_out", "6 × 6"]\nexplain = "T × T."',
            '["6 × 6", "6 × 1"]\nexplain = "T × T."',
            "lesson_choices",
            {"zh": 3, "en": 2},
        ),
        ("[step.en]", "[step.fr]", "lesson_unknown", {"field": "fr"}),
        ('text = "Two', 'txet = "Two', "lesson_unknown", {"field": "en.txet"}),
        ('{ att_section = "steps" }', "{ att_step = 3 }", "lesson_field", {"field": "params"}),
        # a parameter the page does not take, another page's, or a value its rule refuses
        ('{ att_section = "steps" }', '{ att_sectoin = "steps" }', "lesson_param", {"page": "attention"}),
        ('{ att_section = "steps" }', '{ space_find = "红" }', "lesson_param", {"param": "space_find = 红"}),
        ('{ att_section = "steps" }', '{ att_step = "8" }', "lesson_param", {"param": "att_step = 8"}),
        ('{ att_section = "steps" }', '{ lang = "fr" }', "lesson_param", {"param": "lang = fr"}),
    ],
)
def test_a_malformed_step_names_its_problem(old, new, code, params):
    assert old in GOOD_STEP
    err = _bad(GOOD_STEP.replace(old, new, 1))
    assert err.code == code
    assert err.params["name"] == "mine" and err.params["step"] == 1
    assert params.items() <= err.params.items()


def test_a_languages_own_params_are_checked_too():
    err = _bad(
        GOOD_STEP.replace('att_sentence = "奶奶买了三个甜苹果"', 'att_sentence = "' + "长" * 201 + '"')
    )
    assert err.code == "lesson_param" and err.params["param"].startswith("att_sentence = ")


def test_the_step_number_in_an_error_counts_from_one():
    err = _bad(GOOD_STEP + GOOD_STEP.replace('page = "attention"', 'page = "nowhere"'))
    assert (err.code, err.params["step"]) == ("lesson_page", 2)


def test_not_toml_and_no_steps():
    err = _bad('title = "x"\n[[step]\nclaim = "C1"\n')
    assert (err.code, err.params["line"]) == ("lesson_toml", 2)
    assert _bad('title = { zh = "甲", en = "A" }\n').code == "lesson_empty"
    assert _bad("step = 3\n").code == "lesson_empty"
    assert _bad("[[step]]\n").code == "lesson_field"  # claim missing


def test_a_broken_file_does_not_hide_the_others(tmp_path):
    (tmp_path / "good.toml").write_text(GOOD_STEP, encoding="utf-8")
    (tmp_path / "broken.toml").write_text(GOOD_STEP.replace("answer = 3", "answer = 9"), encoding="utf-8")
    (tmp_path / "latin1.toml").write_bytes(GOOD_STEP.replace("两三句话", "").encode("utf-8") + b"\xe9\xff")
    (tmp_path / "huge.toml").write_text("# " + "x" * (tour.MAX_KB * 1024), encoding="utf-8")
    lessons, errors = tour.load_all(tmp_path)
    assert list(lessons) == ["good"]
    assert sorted(e.code for e in errors) == ["file_encoding", "file_too_large", "lesson_answer"]


def test_step_index_reads_a_link_and_refuses_anything_else():
    # a full-width digit, as a Chinese keyboard types it, is still a number
    assert [tour.step_index(raw, 15) for raw in ("1", "15", " 7 ", "３")] == [0, 14, 6, 2]
    for raw in (None, "", "0", "16", "-1", "2.0", "abc", "1e3", "9" * 5000):
        assert tour.step_index(raw, 15) is None, raw
