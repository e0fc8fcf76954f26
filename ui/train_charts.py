"""The Train page's live view of a run: state, progress bar with time left, loss and learning rate."""

import plotly.graph_objects as go
import streamlit as st
from plotly.subplots import make_subplots

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
    ui.plot(figure(job), key="train_live_chart")
    st.caption(ui.t("train.loss_note"))


def figure(job: TrainJob) -> go.Figure:
    """Loss per report interval (a line) and per finished epoch (markers), and the learning rate, all
    against words processed. Each loss is a mean over a stretch of words and is drawn at that stretch's
    middle, an epoch's with a bar spanning its words: no smoothing, so no curve lags behind the run."""
    events = list(job.events)  # the training thread appends; work on a snapshot
    starts = [0] + [e.words_done for e in events[:-1]]  # each report's interval begins at the one before
    x = [(a + e.words_done) / 2 for a, e in zip(starts, events)]
    epoch_ends = [
        e
        for i, e in enumerate(events)
        if i + 1 == len(events) and e.done or i + 1 < len(events) and events[i + 1].epoch != e.epoch
    ]
    per_epoch = events[-1].total_words / events[-1].epochs  # corpus tokens: the words of one epoch

    fig = make_subplots(
        rows=1, cols=2, column_widths=[0.65, 0.35], subplot_titles=(ui.t("train.loss"), ui.t("train.lr"))
    )
    fig.add_trace(
        go.Scatter(
            x=x,
            y=[e.loss for e in events],
            mode="lines+markers" if len(events) <= 60 else "lines",
            name=ui.t("train.loss_interval"),
            line=dict(color="#636efa", width=2),
            marker=dict(size=5),
        ),
        1,
        1,
    )
    fig.add_trace(
        go.Scatter(
            x=[(e.epoch - 0.5) * per_epoch for e in epoch_ends],
            y=[e.epoch_loss for e in epoch_ends],
            mode="markers",
            name=ui.t("train.loss_epoch"),
            marker=dict(color="#ef553b", size=10, symbol="diamond"),
            error_x=dict(type="constant", value=per_epoch / 2, width=0, thickness=2, color="#ef553b"),
        ),
        1,
        1,
    )
    cfg = job.model.config
    total = events[-1].total_words
    fig.add_trace(
        go.Scatter(
            x=[0, total],
            y=[cfg.alpha, cfg.min_alpha],
            mode="lines",
            showlegend=False,
            line=dict(color="lightgray", dash="dash"),
        ),
        1,
        2,
    )
    fig.add_trace(
        go.Scatter(
            x=[e.words_done for e in events],  # α is the rate at the report, not a mean over its interval
            y=[e.alpha for e in events],
            mode="lines",
            name="α",
            line=dict(color="#00cc96", width=3),
        ),
        1,
        2,
    )
    fig.update_xaxes(title_text=ui.t("train.words_done"))
    fig.update_layout(height=360, margin=dict(l=10, r=10, t=40, b=10), legend=dict(orientation="h", y=-0.25))
    return fig
