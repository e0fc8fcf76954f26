"""Lesson links (core/links.py): what a link may set, read back safely; the ranges agree with the widgets."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core import links
from core.lecture import PAGES
from core.word2vec import Config


def test_parse_reads_each_rule_and_ignores_the_rest():
    values, ignored = links.parse(
        {
            "lang": "en",
            "space_method": "umap",
            "space_dims": "2",
            "space_labels": "0",
            "train_alpha": "0.05",
            "att_temperature": "0.25",
            "space_find": "绿",
            "att_seed": "10000",  # above its widget's 9999
            "train_dim": "3.5",
            "space_labels2": "1",  # no such choice
            "train_arch": "CBOW",  # options are case-sensitive values, not labels
            "att_sentence": "a\x00b",  # control characters never reach a widget
            "model": "whatever",  # read by parse_model, not here
        }
    )
    assert values == {
        "lang": "en",
        "space_method": "umap",
        "space_dims": 2,
        "space_labels": False,
        "train_alpha": 0.05,
        "att_temperature": 0.25,
        "space_find": "绿",
    }
    assert sorted(ignored) == ["att_seed", "att_sentence", "space_labels2", "train_arch", "train_dim"]


def sample_values(rule):
    if isinstance(rule, links.Int):
        return [rule.lo, rule.hi, (rule.lo + rule.hi) // 2]
    if isinstance(rule, links.Float):
        return [rule.lo, rule.hi, (rule.lo + rule.hi) / 3]
    if isinstance(rule, links.Options):
        return list(rule.values)
    if isinstance(rule, links.Bool):
        return [True, False]
    return ["这是一个红苹果", "this is a __ apple", ""]


@pytest.mark.parametrize("name", sorted(links.rules()))
def test_encode_then_parse_gives_the_value_back(name):
    rule = links.rules()[name]
    for value in sample_values(rule):
        values, ignored = links.parse({name: links.encode(value)})
        assert ignored == [] and values[name] == value and type(values[name]) is type(value)


@pytest.mark.parametrize("bad", ["nan", "inf", "-1", "1e400", "", " 3", "0x10"])
def test_numbers_outside_their_rule_are_ignored(bad):
    assert links.parse({"train_alpha": bad, "train_dim": bad})[0] == {}


def test_every_page_has_choices_and_names_are_unique():
    pages_with_choices = set(links.CHOICES)
    assert pages_with_choices <= set(PAGES) and {"why", "train", "space", "attention", "transformer"} <= (
        pages_with_choices
    )
    names = [n for c in links.CHOICES.values() for n in c] + list(links.SIDEBAR)
    assert len(names) == len(set(names))


def test_a_model_link_round_trips_and_builds_a_valid_config():
    cfg = Config(arch="skipgram", softmax=False, dim=24, window=3, epochs=7, min_count=2, sample=1e-3, seed=5)
    param = links.model_param("apples_en", cfg)
    corpus, settings_ = links.parse_model(param)
    assert corpus == "apples_en"
    rebuilt = Config(**settings_)
    rebuilt.validate()
    for field in ("arch", "softmax", "dim", "window", "negative", "epochs", "min_count", "sample", "alpha"):
        assert getattr(rebuilt, field) == getattr(cfg, field), field
    assert rebuilt.seed == 5 and rebuilt.threads == 1


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "apples_en",
        "../etc/passwd~cbow~softmax",
        "my_upload~cbow~softmax~d32~w5~n5~e20~m1~s0.0~a0.025~r1~tauto~c0",  # not a bundled corpus
        "apples_en~cbow~softmax~d999~w5~n5~e20~m1~s0.0~a0.025~r1~tauto~c0",  # dim out of range
        "apples_en~cbow~softmax~d32~d32~n5~e20~m1~s0.0~a0.025~r1~tauto~c0",  # a field twice
        "apples_en~cbow~softmax~d32~w5~n5~e20~m1~s0.0~a0.025~r1~tauto",  # a field missing
        "apples_en~cbow~softmax~d32~w5~n5~e20~m1~s0.0~a0.025~r1~tauto~c0~x1",  # an unknown field
    ],
)
def test_malformed_model_links_are_refused(bad):
    with pytest.raises(ValueError):
        links.parse_model(bad)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text(max_size=20), st.text(max_size=300), max_size=8))
def test_any_query_is_parsed_or_ignored_never_an_exception(query):
    values, ignored = links.parse(query)
    assert set(values) | set(ignored) == set(query) - links.OTHERS
    for name, value in values.items():
        assert links.parse({name: links.encode(value)})[0][name] == value
        if isinstance(value, float):
            assert math.isfinite(value)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=120))
def test_any_model_text_is_a_model_or_a_value_error(text):
    try:
        links.parse_model(text)
    except ValueError:
        pass
