"""The Latent space page through AppTest: both languages, Find with neighbours checked against brute force,
the cloze showing colour/taste words, isolate, a good upload and a malformed one (one message, vectors
kept)."""

import json

import numpy as np
import pytest
from conftest import texts

from core import i18n
from core.errors import LabError
from core.vectors import load_bytes

COLOUR_TASTE = set("红 绿 黄 紫 甜 酸 苦 香".split())


@pytest.fixture
def space(app, apple_model):
    app.session_state["model"] = apple_model("zh")
    app.switch_page("pages/space.py").run()
    assert not app.exception
    return app


def chart(at, key: str) -> dict:
    """The plotly figure (as JSON) of the chart with this key."""
    for element in at.get("plotly_chart"):
        if element.proto.id.endswith(key):
            return json.loads(element.proto.spec)
    raise AssertionError(f"no chart {key}")


def test_renders_in_both_languages(space):
    assert space.title[0].value == i18n.text("space.title", "zh")
    assert i18n.text("space.intro", "zh") in texts(space)
    space.radio(key="lang").set_value("en").run()
    assert not space.exception
    assert space.title[0].value == i18n.text("space.title", "en")
    assert i18n.text("space.tab_cloze", "en") in space.radio(key="space_section").options


def test_find_lists_the_brute_force_neighbours(space, apple_model):
    model = apple_model("zh")
    space.text_input(key="space_find").set_value("甜").run()
    assert not space.exception
    assert i18n.text("space.neighbours_of", "zh", word="甜", k=10, d=32) in texts(space)
    table = space.dataframe[0].value  # the neighbours, beside the plot
    W = model.W.numpy().astype(np.float64)
    unit = W / np.linalg.norm(W, axis=1, keepdims=True)
    cos = unit @ unit[model.index["甜"]]
    cos[model.index["甜"]] = -np.inf
    expected = [model.words[i] for i in np.argsort(-cos)[:10]]
    assert list(table.iloc[:, 0]) == expected
    np.testing.assert_allclose(table.iloc[:, 2], np.sort(cos)[::-1][:10], atol=1e-3)
    highlighted = [
        t
        for t in chart(space, "space_scatter")["data"]
        if t.get("name") == i18n.text("space.highlight_query", "zh")
    ]
    assert highlighted and highlighted[0]["text"] == ["甜"]


def test_isolate_reprojects_the_selection(space):
    space.text_input(key="space_find").set_value("苹果").run()
    space.button(key="space_isolate").click().run()
    assert not space.exception
    assert i18n.text("space.isolated", "zh", n=11) in texts(space)
    drawn = sum(len(t["text"]) for t in chart(space, "space_scatter")["data"] if t.get("opacity") == 0.3)
    assert drawn == 11
    space.button(key="space_show_all").click().run()
    assert i18n.text("space.isolated", "zh", n=11) not in texts(space)


def test_cloze_shows_colour_and_taste_words(space):
    space.text_input(key="space_cloze_zh").set_value("这是一个__苹果").run()
    assert not space.exception
    bars = chart(space, "space_cloze_bars")["data"][0]
    top = bars["y"][::-1]  # drawn bottom-up
    assert top[0] in COLOUR_TASTE
    assert len(COLOUR_TASTE & set(top[:8])) >= 6
    space.text_input(key="space_cloze_zh").set_value("没有空位").run()
    assert i18n.error_text(LabError("cloze_blank", "", found=0), "zh") in [e.value for e in space.error]


def test_uploaded_vectors_and_a_malformed_file(space):
    space.radio(key="space_source").set_value("upload").run()
    rng = np.random.default_rng(0)
    lines = [f"{30} 4"] + [f"w{i} " + " ".join(f"{v:.4f}" for v in rng.standard_normal(4)) for i in range(30)]
    space.file_uploader(key="space_upload").set_value(
        ("mine.vec", "\n".join(lines).encode(), "text/plain")
    ).run()
    assert not space.exception
    assert i18n.text("space.loaded", "zh", name=r"mine\.vec", n="30", d=4) in texts(space)
    assert i18n.text("space.no_W_prime", "zh") in texts(space)

    bad = b"3 2\nfoo 1 x\n"
    with pytest.raises(LabError) as expected:
        load_bytes(bad, "bad.vec")
    space.file_uploader(key="space_upload").set_value(("bad.vec", bad, "text/plain")).run()
    assert not space.exception
    assert [e.value for e in space.error] == [i18n.error_text(expected.value, "zh")]
    assert i18n.text("space.kept_model", "zh") in texts(space)
    assert i18n.text("space.shown", "zh", shown="30", total="30") in texts(space)  # the previous vectors stay


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_section_renders_without_error(space, lang, monkeypatch):
    import ui

    space.radio(key="lang").set_value(lang).run()
    # AppTest calls the radios' format_func in this thread, outside the session, where ui.lang() is "zh"
    monkeypatch.setattr(ui, "lang", lambda: lang)
    for section in ("cloze", "forces", "analogy", "odd", "film", "wwp", "export"):
        space.radio(key="space_section").set_value(section).run()
        assert not space.exception, section
        if lang == "zh":  # the English examples are not in the Chinese model's vocabulary
            assert not space.error, (section, [e.value for e in space.error])


def test_forces_cosines_are_the_core_numbers(space, apple_model):
    from core.corpus import tokenize
    from core.space import forces

    model = apple_model("zh")
    space.radio(key="space_section").set_value("forces").run()
    tokens = [t for t in tokenize("奶奶在市场买了三个红苹果", "jieba") if t in model.index]
    ids = [model.index[t] for t in tokens]
    f = forces(ids, tokens.index("红"), model.W.numpy(), model.W_prime.numpy(), window=2)
    shown = {m.label: m.value for m in space.metric}
    assert shown[i18n.text("space.forces_cos", "zh")] == f"{f.cosine:.3f}"
    assert shown[i18n.text("space.forces_cos_out", "zh")] == f"{f.cosine_output:.3f}"


def _drawn_with_pca(at) -> bool:
    """PCA's axes name the share of variance each explains; UMAP's do not."""
    layout = chart(at, "space_scatter")["layout"]
    return "%" in layout.get("scene", layout)["xaxis"]["title"]["text"]


def test_umap_chosen_while_it_is_prepared_stays_chosen_pca_drawn_meanwhile(app, apple_model, monkeypatch):
    """UMAP is the default whether or not it is ready: a choice made while it is prepared survives its
    readiness (and the address carries it throughout); PCA is drawn meanwhile, with a note that goes away
    with the next run once UMAP is ready (the note's fragment timer asks for that run)."""
    import ui

    ready = False
    monkeypatch.setattr(ui, "umap_ready", lambda: ready)
    app.session_state["model"] = apple_model("zh")
    app.switch_page("pages/space.py").run()
    assert not app.exception
    warming = i18n.text("space.umap_warming", "zh")
    assert app.radio(key="space_method").value == "umap" and warming in texts(app)
    assert app.query_params["space_method"] == "umap"
    assert _drawn_with_pca(app)
    app.radio(key="space_dims").set_value(2).run()
    assert app.radio(key="space_method").value == "umap" and warming in texts(app)
    ready = True
    app.run()
    assert not app.exception and warming not in texts(app)
    assert app.radio(key="space_method").value == "umap" and app.radio(key="space_dims").value == 2
    assert app.query_params["space_method"] == "umap" and app.query_params["space_dims"] == "2"
    assert not _drawn_with_pca(app)


def test_zoom_to_a_cluster_keeps_its_choice_across_languages(space):
    space.selectbox(key="space_zoom").set_value("colour").run()
    assert not space.exception
    fig = chart(space, "space_scatter")
    axes = fig["layout"].get("scene", fig["layout"])
    assert "range" in axes["xaxis"] and "range" in axes["yaxis"]  # the view fits the colours
    labelled = {w for tr in fig["data"] if "text" in tr.get("mode", "") for w in tr.get("text", [])}
    assert {"红", "绿"} <= labelled  # the cluster's words are named
    space.radio(key="lang").set_value("en").run()
    assert not space.exception and space.selectbox(key="space_zoom").value == "colour"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_forces_and_analogy_say_what_the_default_model_shows(app, lang, monkeypatch):
    """Issue 26: the English default window has cos(h, W′[red]) = 0.36 — the page called it "usually clearly
    positive" and drew no dashed arrow. Now it states this model's numbers and how strong the pull is, the
    arrows to W[centre] and W′[centre] are dashed, and the analogy shows its baseline and verdict."""
    import ui
    from core import facts
    from core.corpus import tokenize
    from core.space import Index, analogy, forces
    from ui.space_data import EXAMPLES

    app.radio(key="lang").set_value(lang).run()
    monkeypatch.setattr(ui, "lang", lambda: lang)
    app.switch_page("pages/space.py").run()
    app.radio(key="space_section").set_value("forces").run()
    assert not app.exception and not app.error
    model = ui._default_model(lang)
    tokens = [t for t in tokenize(EXAMPLES[lang]["forces"], model.tokenizer) if t in model.index]
    centre = {"zh": "红", "en": "red"}[lang]
    f = forces(
        [model.index[t] for t in tokens], tokens.index(centre), model.W.numpy(), model.W_prime.numpy(), 2
    )
    pull = facts.forces_pull(f)
    numbers = dict(word=centre, out=f"{pull.cos_output:.2f}", inp=f"{pull.cos_input:.2f}")
    shown = texts(app)
    assert i18n.text(f"space.forces_verdict_{pull.strength}", lang, **numbers) in shown
    assert "usually clearly positive" not in shown and "通常明显为正" not in shown
    dashed = [t for t in chart(app, "space_forces_plot")["data"] if t.get("line", {}).get("dash") == "dash"]
    assert len(dashed) == 2  # W[centre] and W′[centre]

    app.radio(key="space_section").set_value("analogy").run()
    assert not app.exception and not app.error
    a, b, c = (model.index[w] for w in EXAMPLES[lang]["analogy"])
    index = Index(model.W.numpy())
    result = analogy(index, a, b, c)
    check = facts.analogy_check(index, a, b, c, int(result.ids[0]))
    table = app.dataframe[0].value
    assert list(table.iloc[:, 3]) == [model.words[i] for i in check.baseline]
    verdict = "space.analogy_only_neighbour" if check.only_neighbour else "space.analogy_moved"
    words = dict(zip("abc", EXAMPLES[lang]["analogy"]), answer=model.words[result.ids[0]])
    expected = i18n.text(
        verdict, lang, **words, nearest=model.words[check.baseline[0]], cos=f"{check.cos_ab:.2f}"
    )
    assert expected in texts(app)
    if lang == "en":
        assert words["answer"] == "price" and not check.only_neighbour


def test_a_search_survives_a_language_switch(space):
    """Issue 26: 红 searched in Chinese became a red "not in the vocabulary" error after switching to
    English. Each language keeps its own search."""
    space.session_state["model"] = None  # the default model of each language
    space.text_input(key="space_find").set_value("红").run()
    assert not space.error
    space.radio(key="lang").set_value("en").run()
    assert not space.exception and not space.error, [e.value for e in space.error]
    space.text_input(key="space_find").set_value("red").run()
    assert i18n.text("space.neighbours_of", "en", word="red", k=10, d=32) in texts(space)
    space.radio(key="lang").set_value("zh").run()
    assert not space.error and space.text_input(key="space_find").value == "红"


def test_a_category_keeps_its_colour_in_both_languages(space):
    """Issue 26: fruit was cyan in Chinese and orange in English (colours followed the translated names'
    sort order). Every bundled category now has one colour in both languages, on the scatter and the cloze."""

    def colours(lang):
        space.session_state["model"] = None  # each language's default model
        space.radio(key="lang").set_value(lang).run()
        assert not space.exception
        traces = [t for t in chart(space, "space_scatter")["data"] if "marker" in t]
        by_name = {t.get("name"): t["marker"]["color"] for t in traces}
        kinds = ("fruit", "colour", "taste", "person")
        found = {c: by_name.get(i18n.text(f"space.cat.{c}", lang)) for c in kinds}
        assert None not in found.values(), list(by_name)
        return found

    assert colours("zh") == colours("en")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_3d_plot_names_the_categories_words_not_the_function_words(space, lang):
    """Issue 26: the 3-D scatter named ~20 of 86 words, half of them "the", "of", "a", "是"…, overlapping the
    clusters. It now names the categories' own words (at least one for 8 of the 10 categories), and its
    axes carry no meaningless numbers."""
    from conftest import ROOT

    from core.corpus import load_categories

    space.session_state["model"] = None
    space.radio(key="lang").set_value(lang).run()
    figure = chart(space, "space_scatter")
    named = [w for t in figure["data"] if t.get("mode") == "markers+text" for w in t["text"]]
    labels = load_categories(ROOT / "corpora" / f"apples_{lang}.categories.tsv")
    assert named and all(w in labels for w in named), [w for w in named if w not in labels]
    assert len({labels[w] for w in named}) >= 8
    assert not any(
        figure["layout"]["scene"][a].get("showticklabels", True) for a in ("xaxis", "yaxis", "zaxis")
    )
