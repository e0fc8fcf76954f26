"""The Why page's identity-trap runs: background jobs, a few at a time per process, one per session."""

import streamlit as st

import ui
from core import jobs
from core.identity import frequent_words, identity_run

# Identity-trap runs at once in the process.
TRAP_SLOTS = 1


@st.cache_resource(show_spinner=False)
def trap_pool() -> jobs.Pool:
    """Identity-trap runs at once in this process (each ~1–4 s of one core); the others wait in line."""
    return jobs.Pool(TRAP_SLOTS)


def start_trap(model) -> None:
    """Button callback: the trap on the model's most frequent words, as a background job."""
    words = frequent_words(model.words, model.counts)
    # The widgets' values as sent with the click (arguments bound at the last run could be older).
    d, steps, lr = (st.session_state[k] for k in ("why_trap_d", "why_trap_steps", "why_trap_lr"))
    job = jobs.BackgroundJob(
        lambda: identity_run(words, d, steps, lr),
        alive=ui.session_alive(),
        pool=trap_pool(),
        name="latent-lab-identity",
    ).start()
    st.session_state["why_trap_job"] = (job, model)


def collect_trap() -> None:
    """A finished run becomes the trap the page shows: (trap, events, model) and its singular values."""
    job, of_model = st.session_state.get("why_trap_job", (None, None))
    if job is not None and job.state == "done":
        trap, sv = job.result
        st.session_state["why_trap"] = (trap, job.events, of_model)
        st.session_state["why_trap_sv"] = sv
    if job is not None and job.state in ("done", "stopped"):
        del st.session_state["why_trap_job"]
