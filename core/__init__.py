"""Latent Lab's computing core: no streamlit here; every function is tested directly."""
