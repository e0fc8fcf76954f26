"""ui.wake against a stand-in for Streamlit's runtime: who is asked to rerun which fragment, and what is
dropped. The real server is tested in test_browser_classroom.py (a follower woken, not polled)."""

import asyncio
from types import SimpleNamespace

import pytest
from streamlit.proto.ClientState_pb2 import ClientState

from ui import wake


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
    wake.follow("s1", "frag-1", "h-space", "follow=1")
    wake.follow("s2", "frag-2", "h-train", "lang=en&follow=1")
    wake.follow("gone", "frag-3", "h-why", "")  # a session that closed since it registered
    assert wake.wake_all() == 2
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
    assert wake.wake_all() == 1


def test_without_a_server_nobody_is_woken(monkeypatch):
    from streamlit.runtime import Runtime

    monkeypatch.setattr(Runtime, "exists", staticmethod(lambda: False))
    monkeypatch.setattr(wake, "_followers", {"s1": ("frag-1", "h-why", "")})
    assert not wake.available()
    assert wake.wake_all() == 0
