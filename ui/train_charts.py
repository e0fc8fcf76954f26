"""The Train page's live view of a run: state, progress bar with time left, loss and learning rate."""

import json

import pandas as pd
import streamlit as st

import ui
from core.jobs import TrainJob


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "…"
    return f"{seconds:.0f} s" if seconds < 90 else f"{seconds / 60:.1f} min"


def show(job: TrainJob) -> None:
    last = job.latest()
    st.markdown(f"**{ui.t('train.state.' + job.state)}**")
    if last is None:
        st.progress(0.0)
        return
    numbers = dict(
        epoch=last.epoch,
        epochs=last.epochs,
        done=last.words_done,
        total=last.total_words,
        wps=last.words_per_sec,
    )
    text = (
        ui.t("train.progress", left=_duration(job.seconds_left()), **numbers)
        if job.busy
        else ui.t("train.progress_ended", **numbers)
    )  # a stopped run has no time left to tell
    st.progress(min(last.words_done / max(last.total_words, 1), 1.0), text=text)
    if job.pace:  # say how much of the run is the pace: the training itself is far faster
        st.caption(ui.t("train.pace_note", pace=f"{job.pace:.0f}", seconds=f"{last.seconds:.1f}"))
    live_chart(job)
    st.caption(ui.t("train.loss_note"))


LOSS, EPOCH, ALPHA = "#636efa", "#ef553b", "#00cc96"


def table(job: TrainJob) -> pd.DataFrame:
    """The live chart's points, one row each: `kind` "report" (mean loss per example over a report's
    interval), "epoch" (over a finished epoch) or "alpha" (the learning rate at a report); `x` where it is
    drawn (words processed: a mean at the middle of the stretch [x0, x1] it is a mean over, α at its
    report); `y` its value. No smoothing, so no curve lags behind the run."""
    events = list(job.events)  # the training thread appends; work on a snapshot
    per_epoch = events[-1].total_words // events[-1].epochs  # corpus tokens: the words of one epoch
    starts = [0] + [e.words_done for e in events[:-1]]  # each report's interval begins at the one before
    rows = [("report", (a + e.words_done) / 2, e.loss, a, e.words_done) for a, e in zip(starts, events)]
    # an epoch's last report, and only it, has read the whole epoch (a stopped run's last one too)
    rows += [
        ("epoch", (e.epoch - 0.5) * per_epoch, e.epoch_loss, (e.epoch - 1) * per_epoch, e.words_done)
        for e in events
        if e.words_done == e.epoch * per_epoch
    ]
    rows += [("alpha", e.words_done, e.alpha, e.words_done, e.words_done) for e in events]
    return pd.DataFrame(rows, columns=["kind", "x", "y", "x0", "x1"])


def live_chart(job: TrainJob) -> None:
    """Loss (left) and learning rate (right), drawn with Vega-Lite: while a run goes on only the data
    changes, and the browser updates the charts in place (a plotly chart is built anew on every change,
    st.plotly_chart keys it by its figure, and blinks at every report)."""
    data = table(job)
    cfg, total = job.model.config, job.events[-1].total_words
    left, right = st.columns([0.65, 0.35])
    with left:
        st.vega_lite_chart(data, _loss_spec(total), width="stretch")
    with right:
        st.vega_lite_chart(data, _alpha_spec(cfg.alpha, cfg.min_alpha, total), width="stretch")


def _config() -> dict:
    """Fonts for CJK text; larger in presentation mode (as ui.plot does for plotly)."""
    size = 20 if ui.presentation() else 12
    return {
        "font": ui.FONT,
        "axis": {"labelFontSize": size, "titleFontSize": size},
        "legend": {"labelFontSize": size, "orient": "bottom", "labelLimit": 0},
        "title": {"fontSize": size + 2},
    }


def _x_axis(total: int) -> dict:
    """Words processed, the whole run's from the start: the curves grow from left to right."""
    return {
        "field": "x",
        "type": "quantitative",
        "title": ui.t("train.words_done"),
        "axis": {"format": "~s"},
        "scale": {"domain": [0, total]},
    }


def _loss_spec(total: int) -> dict:
    series = {"field": "series", "type": "nominal", "title": None}
    names = [ui.t("train.loss_interval"), ui.t("train.loss_epoch")]
    colour = {**series, "scale": {"domain": names, "range": [LOSS, EPOCH]}}
    y = {"field": "y", "type": "quantitative", "title": ui.t("train.loss"), "scale": {"zero": False}}
    tooltip = [{"field": "y", "type": "quantitative", "format": ".4f"}, {"field": "x", "format": ","}]

    def named(kind: str, name: str) -> list[dict]:
        return [{"filter": {"field": "kind", "equal": kind}}, {"calculate": json.dumps(name), "as": "series"}]

    return {
        "title": ui.t("train.loss"),
        "height": 300,
        "config": _config(),
        "layer": [
            {
                "transform": named("report", names[0]),
                "mark": {"type": "line", "point": {"size": 25}, "strokeWidth": 2},
                "encoding": {"x": _x_axis(total), "y": y, "color": colour, "tooltip": tooltip},
            },
            {
                "transform": named("epoch", names[1]),
                "mark": {"type": "rule", "strokeWidth": 2},
                "encoding": {
                    "x": {**_x_axis(total), "field": "x0"},
                    "x2": {"field": "x1"},
                    "y": y,
                    "color": colour,
                },
            },
            {
                "transform": named("epoch", names[1]),
                "mark": {"type": "point", "shape": "diamond", "filled": True, "size": 110, "opacity": 1},
                "encoding": {"x": _x_axis(total), "y": y, "color": colour, "tooltip": tooltip},
            },
        ],
    }


def _alpha_spec(alpha: float, min_alpha: float, total: int) -> dict:
    x = _x_axis(total)
    y = {"field": "y", "type": "quantitative", "title": "α"}
    return {
        "title": ui.t("train.lr"),
        "height": 300,
        "config": _config(),
        "layer": [
            {  # the schedule: a straight line from α to min_alpha over the whole run
                "data": {"values": [{"x": 0, "y": alpha}, {"x": total, "y": min_alpha}]},
                "mark": {"type": "line", "color": "lightgray", "strokeDash": [6, 4]},
                "encoding": {"x": x, "y": y},
            },
            {
                "transform": [{"filter": {"field": "kind", "equal": "alpha"}}],
                "mark": {"type": "line", "color": ALPHA, "strokeWidth": 3},
                "encoding": {"x": x, "y": y},
            },
        ],
    }
