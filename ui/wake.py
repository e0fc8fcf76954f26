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

from core import classroom as cr

log = logging.getLogger(__name__)

WATCH_S = 0.2  # how often the thread looks at the classroom: the wake's share of the follow lag

# session id -> (its follow fragment's id, the page script hash and query string its last full run ended on)
_followers: dict[str, tuple[str, str, str]] = {}
_lock = threading.Lock()
_watcher: threading.Thread | None = None


def follow(session_id: str, fragment_id: str, page_hash: str, query_string: str) -> None:
    """Called at the end of a follower's full run: wake this session's `fragment_id` on the next change,
    on the page it is on. (Not the session's saved client state: that is the page of its previous run
    while a page change runs, and a fragment run for a page the browser has left empties the page.)"""
    global _watcher
    with _lock:
        _followers[session_id] = (fragment_id, page_hash, query_string)
        if _watcher is None or not _watcher.is_alive():
            _watcher = threading.Thread(target=_watch, name="latent-lab-follow-wake", daemon=True)
            _watcher.start()


def unfollow(session_id: str) -> None:
    with _lock:
        _followers.pop(session_id, None)


def available() -> bool:
    """True inside a running Streamlit server whose internals this module knows (not under AppTest)."""
    try:
        from streamlit.runtime import Runtime

        return Runtime.exists() and hasattr(Runtime.instance(), "_session_mgr")
    except Exception:
        return False


def _state(room: cr.Classroom) -> tuple:
    """What followers show of the classroom: the view's stamp and the open question's state."""
    view, q = room.snapshot()
    return (view and view.stamp, q and (q.id, q.revealed))


def _watch() -> None:
    room = cr.classroom()
    last = None
    while True:
        time.sleep(WATCH_S)
        try:
            now = _state(room)
            if now != last:
                if last is not None:
                    wake_all()
                last = now
        except Exception:  # the thread must outlive any one failure; the followers' polls remain
            log.exception("follow wake: watching the classroom failed")


def wake_all() -> int:
    """Ask every registered follower session to rerun its follow fragment; returns how many were asked.
    A session that closed, or whose fragment is gone, is dropped (it registers again when it runs)."""
    if not available():
        return 0
    from streamlit.proto.ClientState_pb2 import ClientState
    from streamlit.runtime import Runtime

    sessions = Runtime.instance()._session_mgr
    with _lock:
        followers = list(_followers.items())
    asked = 0
    for session_id, (fragment_id, page_hash, query_string) in followers:
        info = sessions.get_active_session_info(session_id)
        if info is None:
            unfollow(session_id)
            continue
        session = info.session
        state = ClientState(
            fragment_id=fragment_id,
            page_script_hash=page_hash,
            query_string=query_string,
            is_auto_rerun=True,  # as the browser's own run_every poll would
        )
        # AppSession is not thread-safe: hand the request to the server's event loop
        session._event_loop.call_soon_threadsafe(session.request_rerun, state)
        asked += 1
    return asked
