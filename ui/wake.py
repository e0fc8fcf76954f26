"""Wake the followers of this process when the presenter's view or question changes.

Followers that polled the classroom twice a second made, with 40 of them, 80 script runs a second in one
interpreter, most finding nothing new, queued in front of the reruns that do show the new view
(bench/LOAD.md). Instead one thread per process watches the classroom (its memory, or one Redis read per
tick for all its sessions) and, when something changed, asks each follower's session to run its follow
fragment now, as Streamlit itself reruns a session when a source file is saved. Where this process cannot
wake them (`available()` False), followers poll every ui.classroom.FOLLOW_POLL_S."""

import logging
import threading
import time
from dataclasses import dataclass

from core import classroom as cr

log = logging.getLogger(__name__)

WATCH_S = 0.2  # how often the thread looks at the classroom: the wake's share of the follow lag
_CLIENT_STATE = ("fragment_id", "page_script_hash", "query_string", "is_auto_rerun")  # what a wake sets


@dataclass
class _Follower:
    fragment_id: str  # its follow fragment
    page_hash: str  # the page script hash and query string its last full run ended on
    query_string: str
    seen: tuple  # the classroom's state (`state`) it last read


_followers: dict[str, _Follower] = {}  # by session id
_lock = threading.Lock()
_watcher: threading.Thread | None = None


def follow(session_id: str, fragment_id: str, page_hash: str, query_string: str, seen: tuple) -> None:
    """Called at the end of a follower's full run: wake this session's `fragment_id`, on the page it is on,
    as soon as the classroom's state is not `seen`, the one its follow fragment read. (Not the session's
    saved client state: that is the page of its previous run while a page change runs, and a fragment run
    for a page the browser has left empties the page.)"""
    global _watcher
    with _lock:
        _followers[session_id] = _Follower(fragment_id, page_hash, query_string, seen)
        if _watcher is None or not _watcher.is_alive():
            _watcher = threading.Thread(target=_watch, name="latent-lab-follow-wake", daemon=True)
            _watcher.start()


def unfollow(session_id: str) -> None:
    with _lock:
        _followers.pop(session_id, None)


def available() -> bool:
    """True inside a running Streamlit server (not under AppTest) that has every internal this module uses:
    a Streamlit release that renamed one gets followers that poll instead (tests/test_browser_first_minute.py
    hides one and checks that they still follow)."""
    try:
        from streamlit.proto.ClientState_pb2 import ClientState
        from streamlit.runtime import Runtime

        if not Runtime.exists():
            return False
        sessions = Runtime.instance()._session_mgr
        fields = ClientState.DESCRIPTOR.fields_by_name
        return callable(sessions.get_active_session_info) and all(f in fields for f in _CLIENT_STATE)
    except Exception:
        return False


def state(view: cr.View | None, q) -> tuple:
    """What followers show of the classroom: the view's stamp and the open question's state."""
    return (view and tuple(view.stamp), q and (q.id, q.revealed))


def _watch() -> None:
    room = cr.classroom()
    while True:
        time.sleep(WATCH_S)
        try:
            wake_behind(state(*room.snapshot()))
        except Exception:  # the thread must outlive any one failure
            log.exception("follow wake: watching the classroom failed")


def wake_behind(now: tuple) -> int:
    """Ask every registered follower that has not seen `now` to rerun its follow fragment; returns how many
    were asked. Each is asked once per state: a change between its run and this thread's look is not
    missed. A session that closed is dropped (it registers again when it runs)."""
    if not available():
        return 0
    from streamlit.proto.ClientState_pb2 import ClientState
    from streamlit.runtime import Runtime

    sessions = Runtime.instance()._session_mgr
    with _lock:
        behind = [(sid, f) for sid, f in _followers.items() if f.seen != now]
        for _, f in behind:
            f.seen = now
    asked = 0
    for session_id, f in behind:
        info = sessions.get_active_session_info(session_id)
        if info is None:
            unfollow(session_id)
            continue
        session = info.session
        rerun = ClientState(
            fragment_id=f.fragment_id,
            page_script_hash=f.page_hash,
            query_string=f.query_string,
            is_auto_rerun=True,  # as the browser's own run_every poll would
        )
        # AppSession is not thread-safe: hand the request to the server's event loop
        session._event_loop.call_soon_threadsafe(session.request_rerun, rerun)
        asked += 1
    return asked
