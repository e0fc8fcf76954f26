"""ui.memo and ui.plot's styled copy: built once, shared, bounded, and gone with their owner."""

import gc

import plotly.graph_objects as go

import ui


class Owner:  # a model stands here: any object that can be weakly referenced
    pass


def test_memo_builds_once_per_owner_and_key_and_forgets_the_oldest():
    owner, other, built = Owner(), Owner(), []

    def build(x):
        built.append(x)
        return [x]

    first = ui.memo(owner, ("a",), lambda: build("a"))
    assert ui.memo(owner, ("a",), lambda: build("again")) is first  # shared, not rebuilt
    assert ui.memo(other, ("a",), lambda: build("other")) == ["other"]  # per owner
    for i in range(ui.MEMO_ENTRIES):
        ui.memo(owner, (i,), lambda i=i: build(i))
    assert built == ["a", "other", *range(ui.MEMO_ENTRIES)]
    assert ui.memo(owner, ("a",), lambda: build("a")) is not first  # the least recently used was dropped


def test_memo_is_dropped_with_its_owner():
    owner = Owner()
    ui.memo(owner, ("k",), lambda: object())
    n = len(ui._memos)
    del owner
    gc.collect()
    assert len(ui._memos) == n - 1


def test_plot_styles_a_figure_once_and_leaves_it_unchanged(monkeypatch):
    drawn = []
    monkeypatch.setattr(ui.st, "plotly_chart", lambda fig, **kw: drawn.append(fig))
    monkeypatch.setattr(ui, "presentation", lambda: False)
    fig = go.Figure(go.Bar(x=[1, 2], y=["a", "b"]))
    before = fig.to_dict()
    ui.plot(fig)
    ui.plot(fig)
    assert drawn[0] is drawn[1] and drawn[0] is not fig
    assert drawn[0].layout.font.family == ui.FONT
    monkeypatch.setattr(ui, "presentation", lambda: True)
    ui.plot(fig)
    assert drawn[2] is not drawn[0] and drawn[2].layout.font.size > drawn[0].layout.font.size
    assert fig.to_dict() == before
