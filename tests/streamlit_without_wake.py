"""`python -m streamlit`, with the Streamlit internal that ui.wake reads first (the runtime's session
manager) hidden from everything but Streamlit itself: a stand-in for a Streamlit release that renamed it.
tests/test_browser_first_minute.py starts the app with it to check that followers then poll, and follow."""

import sys

from streamlit.runtime import Runtime
from streamlit.web.cli import main


class _WithoutSessionManager:
    def __init__(self, runtime):
        self._runtime = runtime

    def __getattr__(self, name):
        if name == "_session_mgr":
            raise AttributeError(name)
        return getattr(self._runtime, name)


_instance = Runtime.instance.__func__
Runtime.instance = classmethod(lambda cls: _WithoutSessionManager(_instance(cls)))

if __name__ == "__main__":
    sys.exit(main())
