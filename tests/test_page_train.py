"""The Train page (pages/train.py, train_charts.py, train_step.py) through AppTest: a whole run, step mode,
and every bad upload's message — the session's model always survives."""

import json
import time

import pytest
import torch
from conftest import texts

from core import i18n
from core.corpus import read_text
from core.errors import LabError
from ui import md_escape


@pytest.fixture
def train(app):
    app.switch_page("pages/train.py").run()
    assert not app.exception
    return app


def _run_to_the_end(at, epochs=2):
    at.number_input(key="train_epochs").set_value(epochs).run()
    at.button(key="train_start").click().run()
    job = at.session_state["train_job"]
    job.join(120)
    assert job.state == "done", job.state
    at.run()
    assert not at.exception
    return job


def test_renders_in_both_languages(train):
    assert train.title[0].value == i18n.text("train.title", "zh")
    train.radio(key="lang").set_value("en").run()
    assert not train.exception
    assert train.title[0].value == i18n.text("train.title", "en")
    assert i18n.text("train.start", "en") in [b.label for b in train.button]


def test_start_finish_use_leaves_the_model_in_session_state(train):
    job = _run_to_the_end(train)
    losses = list({e.epoch: e.epoch_loss for e in job.events}.values())  # each epoch's last report
    assert job.events[-1].done and job.events[-1].epoch == 2
    assert i18n.text("train.state.done", "zh") in texts(train)
    train.button(key="train_use").click().run()
    assert not train.exception
    model = train.session_state["model"]
    assert model.corpus_name == "apples_zh.txt" and torch.equal(model.W, job.model.W)
    assert model is not job.model  # a copy: training on does not change what the other pages show
    # the model learned: measured 3.60 -> 2.49 per example; the second epoch is clearly lower
    assert len(losses) == 2 and 0 < losses[1] < 0.85 * losses[0], losses
    # and the page's per-epoch loss curve shows exactly what the trainer reported
    _, data = _live_chart(train)
    assert list(data[data.kind == "epoch"].y) == pytest.approx(losses, rel=1e-12)


def _live_chart(at):
    """The live loss chart as the page sends it: (Vega-Lite spec, its data as a DataFrame)."""
    from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df

    specs = [(json.loads(c.proto.spec), c) for c in at.get("vega_lite_chart")]
    loss = [(spec, c) for spec, c in specs if "report" in json.dumps(spec.get("layer", [])[:1])]
    assert len(loss) == 1, len(specs)
    spec, chart = loss[0]
    return spec, convert_arrow_bytes_to_pandas_df(chart.proto.data.data)


def test_pause_and_stop_keep_a_complete_model(train):
    train.number_input(key="train_epochs").set_value(100).run()
    train.button(key="train_start").click().run()
    job = train.session_state["train_job"]
    train.button(key="train_pause").click().run()
    assert job.state == "paused"
    assert train.button(key="train_pause").label == i18n.text("train.resume", "zh")
    train.button(key="train_pause").click().run()
    assert job.state == "running"
    train.button(key="train_stop").click().run()
    job.join(10)
    assert job.state == "stopped" and not job.events[-1].done
    train.run()
    assert not train.exception
    assert i18n.text("train.use", "zh") in [b.label for b in train.button]


def test_step_shows_one_training_example(train):
    train.button(key="train_step").click().run()
    assert not train.exception
    result = train.session_state["train_step_result"].result
    shown = texts(train)
    assert i18n.text("train.step_title", "zh") in shown
    assert abs(result.probs.sum() - 1) < 1e-4
    assert result.centre in result.changed_W_prime  # softmax: the true word's output row moved


@pytest.mark.parametrize(
    "name,data,code",
    [
        ("empty.txt", b"", "file_empty"),
        ("binary.txt", bytes(range(256)) * 64, "file_binary"),
        ("huge.txt", b"apple " * (9 * 2**20), "file_too_large"),
    ],
)
def test_bad_uploads_give_one_clear_message_and_keep_the_model(train, name, data, code):
    _run_to_the_end(train, epochs=1)
    train.button(key="train_use").click().run()
    model = train.session_state["model"]
    train.radio(key="train_source").set_value("upload").run()
    train.file_uploader(key="train_upload").set_value((name, data, "text/plain")).run()
    assert not train.exception
    with pytest.raises(LabError) as promised:
        read_text(data, max_bytes=50 * 2**20)
    assert promised.value.code == code
    assert [e.value for e in train.error] == [i18n.error_text(promised.value, "zh")]
    assert train.session_state["model"] is model


def test_min_count_that_empties_the_vocabulary_is_explained(train):
    train.radio(key="train_source").set_value("upload").run()
    train.file_uploader(key="train_upload").set_value(
        ("tiny.txt", "红 苹果 很 甜".encode(), "text/plain")
    ).run()
    train.number_input(key="train_min_count").set_value(50).run()
    assert not train.exception
    assert len(train.error) == 1
    assert train.button(key="train_start").disabled


def test_a_language_switch_keeps_the_choices(train):
    train.radio(key="train_source").set_value("apples_en").run()
    train.radio(key="train_arch").set_value("skipgram").run()
    train.radio(key="train_output").set_value("negative").run()
    train.radio(key="lang").set_value("en").run()
    assert not train.exception
    assert train.radio(key="train_source").value == "apples_en"
    assert train.radio(key="train_arch").value == "skipgram"
    assert train.radio(key="train_output").value == "negative"
    assert train.radio(key="train_output").options[1] == i18n.text("train.negative_sampling", "en")


def test_a_stopped_run_tells_no_time_left(train):
    train.number_input(key="train_epochs").set_value(200).run()
    train.button(key="train_start").click().run()
    job = train.session_state["train_job"]
    while not job.events:  # the first report, then Stop
        time.sleep(0.05)
    train.button(key="train_stop").click().run()
    assert job.state == "stopped"
    texts = [p.proto.text for p in train.get("progress")]
    assert len(texts) == 1 and "left" not in texts[0] and "剩余" not in texts[0]
    last = job.latest()
    assert texts[0] == i18n.text(
        "train.progress_ended",
        "zh",
        epoch=last.epoch,
        epochs=last.epochs,
        done=last.words_done,
        total=last.total_words,
        wps=last.words_per_sec,
    )


def test_the_loss_chart_draws_what_the_trainer_reported_without_smoothing(train):
    job = _run_to_the_end(train, epochs=3)
    spec, data = _live_chart(train)
    layers = [(layer["mark"]["type"], layer["transform"][0]["filter"]["equal"]) for layer in spec["layer"]]
    assert layers == [("line", "report"), ("rule", "epoch"), ("point", "epoch")]  # nothing smoothed
    assert "EMA" not in json.dumps(spec)
    report, epoch = data[data.kind == "report"], data[data.kind == "epoch"]
    # every report's mean loss, at the middle of the words it was measured on, in a solid line
    assert list(report.y) == pytest.approx([e.loss for e in job.events], rel=1e-12)
    ends = [0] + [e.words_done for e in job.events]
    assert list(report.x) == pytest.approx([(a + b) / 2 for a, b in zip(ends, ends[1:])])
    assert spec["layer"][0]["mark"]["strokeWidth"] >= 2 and "opacity" not in spec["layer"][0]["mark"]
    # each epoch's mean over all its examples, at the epoch's middle, its bar spanning the epoch's words
    n = len(job.corpus.ids)
    assert list(epoch.x) == pytest.approx([n / 2, 3 * n / 2, 5 * n / 2])
    assert list(epoch.x0) == [0, n, 2 * n] and list(epoch.x1) == [n, 2 * n, 3 * n]
    last_of_epoch = [e for i, e in enumerate(job.events) if e.done or job.events[i + 1].epoch > e.epoch]
    assert list(epoch.y) == pytest.approx([e.epoch_loss for e in last_of_epoch], rel=1e-12)
    assert len(epoch) == 3
    # the learning rate at each report
    assert list(data[data.kind == "alpha"].y) == pytest.approx([e.alpha for e in job.events])


def test_a_failed_upload_does_not_show_the_last_runs_results_as_its_own(train):
    _run_to_the_end(train, epochs=1)
    train.button(key="train_step").click().run()
    assert _live_chart(train) and train.session_state["train_step_result"]
    train.radio(key="train_source").set_value("upload").run()
    train.file_uploader(key="train_upload").set_value(("bad.txt", bytes(range(256)) * 64, "text/plain")).run()
    assert not train.exception and len(train.error) == 1
    charts = [*train.get("plotly_chart"), *train.get("vega_lite_chart")]
    assert not charts  # neither the run's charts nor the step's
    assert "train_use" not in [b.key for b in train.button]
    assert i18n.text("train.run_hidden", "zh", name=md_escape("apples_zh.txt")) in texts(train)
    train.radio(key="train_source").set_value("apples_zh").run()  # its own corpus again: shown, labelled
    assert _live_chart(train)
    assert i18n.text("train.run_of", "zh", name=md_escape("apples_zh.txt"), arch="CBOW") in texts(train)


def test_lecture_pace_spreads_the_run_and_pause_and_stop_reach_it(train):
    train.toggle(key="train_pace").set_value(True).run()
    t0 = time.perf_counter()
    train.button(key="train_start").click().run()
    job = train.session_state["train_job"]
    assert job.pace == 25
    while len(job.events) < 3:
        time.sleep(0.05)
    assert 0.9 * 25 * job.events[2].words_done / job.events[2].total_words <= time.perf_counter() - t0
    train.run()
    assert i18n.text("train.pace_note", "zh", pace="25", seconds=f"{job.latest().seconds:.1f}") in texts(
        train
    )
    train.button(key="train_pause").click().run()
    assert job.state == "paused"
    train.button(key="train_stop").click().run()
    assert job.state == "stopped" and time.perf_counter() - t0 < 20  # stopped long before the pace's end
    assert not job.events[-1].done and job.seconds_left() > 1  # time was left, and the page does not say so:
    progress = [p.proto.text for p in train.get("progress")]
    assert len(progress) == 1 and "剩余" not in progress[0]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_corpus_follows_the_language_and_a_step_shows_its_change(app, lang):
    """Issue 26: /train?lang=en opened the Chinese corpus (Step showed "爸爸 正在 __ 柠檬" on the English
    page); every bar read "1.16 %" after a step; the ΔW′ caption said all rows changed while one looked
    coloured; 86 words were called a "large vocabulary"."""
    from core import facts

    app.radio(key="lang").set_value(lang).run()
    app.switch_page("pages/train.py").run()
    assert app.radio(key="train_source").value == f"apples_{lang}"
    app.button(key="train_step").click().run()
    app.button(key="train_step_again").click().run()
    assert not app.exception
    shown = app.session_state["train_step_result"]
    other = {"zh": "apples_en", "en": "apples_zh"}[lang]
    assert shown.model.corpus_name != other
    bars = next(
        json.loads(c.proto.spec) for c in app.get("plotly_chart") if c.proto.id.endswith("step_probs")
    )
    labels, values = bars["data"][0]["text"], bars["data"][0]["x"]
    assert len(set(labels)) == len(set(values)) > 1  # different probabilities never read the same
    scale = facts.row_change_scale(shown.dW_prime, shown.rows, set(shown.targets))
    big, small = scale
    assert big > 10 * small > 0
    numbers = dict(big=f"{big:.2e}", small=f"{small:.2e}", ratio=f"{big / small:.0f}")
    assert i18n.text("train.step_dW_prime_scale", lang, **numbers) in texts(app)
    assert "Large vocabulary" not in texts(app) and "词表较大" not in texts(app)


def test_the_vectors_download_as_the_same_three_files_as_on_the_space_page(train):
    """Issue 26: the vector downloads existed twice (Train and Space), with different labels and file names;
    one helper (ui.vector_downloads) now draws both."""
    _run_to_the_end(train)

    on_train = [b.proto.label for b in train.get("download_button")]
    train.switch_page("pages/space.py").run()
    train.radio(key="space_section").set_value("export").run()
    on_space = [b.proto.label for b in train.get("download_button")]
    assert on_train and set(on_train) <= set(on_space), (on_train, on_space)
