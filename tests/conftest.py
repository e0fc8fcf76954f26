"""Shared fixtures: AppTest helpers for the app and its pages."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent

APP_TIMEOUT = 120  # the first run trains the default model (cached for the rest of the process)


@pytest.fixture
def app():
    """Latent Lab as a student opens it (Chinese first), already run once."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=APP_TIMEOUT)
    # A process's first run treats pages/ as Streamlit's old multipage folder (app.py is then a page of
    # its own, with other widget ids); from the second run on, app.py's st.navigation is in charge.
    at.run()
    at.run()
    return at


def texts(at) -> str:
    """All the text a page shows (markdown, titles, captions, info/error boxes, button labels)."""
    parts = [e.value for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning",
                                  "error", "success")
             for e in getattr(at, kind)]
    parts += [b.label for b in at.button]
    return "\n".join(str(p) for p in parts)
