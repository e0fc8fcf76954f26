"""Train word2vec (C5, C6, C9): pick a corpus and settings, watch CBOW or skip-gram learn live,
step through one training example, and make the result the session's model."""

import ui
from ui import train_panels as panels
from ui.train_setup import corpus_and_settings

ui.header("train")
corpus, config = corpus_and_settings()
job, busy, step_clicked, again_clicked = panels.controls(corpus, config)
panels.progress_panel(corpus, busy)
panels.step_panel(job, busy, corpus, config, step_clicked, again_clicked)
