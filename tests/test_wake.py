"""ui.wake against a stand-in for Streamlit's runtime: who is asked to rerun which fragment, and what is
dropped. The real server is tested in test_browser_classroom.py (a follower woken, not polled)."""

import asyncio
from types import SimpleNamespace

import pytest
from streamlit.proto.ClientState_pb2 import ClientState

from ui import wake

OLD, NEW, NEWER = ((1, "a"), None), ((2, "b"), None), ((2, "b"), ("q1", False))  # classroom states


class Session:
    def __init__(self, loop):
        self._event_loop = loop
        self.asked: list[ClientState] = []

    def request_rerun(self, state):
        self.asked.append(state)


@pytest.fixture
def runtime(monkeypatch):
    loop = asyncio.new_event_loop()
    sessions = {"s1": Session(loop), "s2": Session(loop)}
    info = lambda sid: SimpleNamespace(session=sessions[sid]) if sid in sessions else None  # noqa: E731
    mgr = SimpleNamespace(get_active_session_info=info)
    from streamlit.runtime import Runtime

    monkeypatch.setattr(Runtime, "exists", staticmethod(lambda: True))
    monkeypatch.setattr(Runtime, "instance", staticmethod(lambda: SimpleNamespace(_session_mgr=mgr)))
    monkeypatch.setattr(wake, "_followers", {})
    monkeypatch.setattr(wake, "_watcher", None)
    monkeypatch.setattr(wake.threading.Thread, "start", lambda self: None)  # no watcher: wake_all by hand
    yield sessions, loop
    loop.close()


def test_each_follower_reruns_its_own_fragment_on_the_page_it_ended_on(runtime):
    sessions, loop = runtime
    wake.follow("s1", "frag-1", "h-space", "follow=1", OLD)
    wake.follow("s2", "frag-2", "h-train", "lang=en&follow=1", OLD)
    wake.follow("gone", "frag-3", "h-why", "", OLD)  # a session that closed since it registered
    assert wake.wake_behind(NEW) == 2
    loop.run_until_complete(asyncio.sleep(0))  # the requests were handed to the event loop
    (a,), (b,) = sessions["s1"].asked, sessions["s2"].asked
    assert (a.fragment_id, a.page_script_hash, a.query_string, a.is_auto_rerun) == (
        "frag-1",
        "h-space",
        "follow=1",
        True,
    )
    assert (b.fragment_id, b.page_script_hash, b.query_string) == ("frag-2", "h-train", "lang=en&follow=1")
    assert set(wake._followers) == {"s1", "s2"}  # the closed one was dropped
    wake.unfollow("s2")
    assert wake.wake_behind(NEWER) == 1


def test_a_follower_is_woken_once_per_state_it_has_not_seen(runtime):
    """Compared with what each follower read, not with the watcher's last look: a change between a
    follower's run and the watcher's next tick still wakes it."""
    sessions, loop = runtime
    wake.follow("s1", "frag-1", "h", "", OLD)
    wake.follow("s2", "frag-2", "h", "", NEW)  # its run already read the newest state
    assert wake.wake_behind(NEW) == 1  # s1 only: the watcher's first look at NEW
    assert wake.wake_behind(NEW) == 0  # asked once, not at every tick
    assert wake.wake_behind(NEWER) == 2
    loop.run_until_complete(asyncio.sleep(0))
    assert (len(sessions["s1"].asked), len(sessions["s2"].asked)) == (2, 1)


def test_the_state_is_the_view_stamp_and_the_question():
    view = SimpleNamespace(stamp=[3, "abc"])
    q = SimpleNamespace(id="q1", revealed=False)
    assert wake.state(view, q) == ((3, "abc"), ("q1", False))
    assert wake.state(view, q) != wake.state(view, SimpleNamespace(id="q1", revealed=True))
    assert wake.state(None, None) == (None, None)


def test_without_a_server_nobody_is_woken(monkeypatch):
    from streamlit.runtime import Runtime

    monkeypatch.setattr(Runtime, "exists", staticmethod(lambda: False))
    monkeypatch.setattr(wake, "_followers", {"s1": wake._Follower("frag-1", "h-why", "", OLD)})
    assert not wake.available()
    assert wake.wake_behind(NEW) == 0
