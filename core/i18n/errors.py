"""Translated messages of core.errors.LabError codes: "error.<code>" -> (中文, English).
Placeholders are the error's params."""

STRINGS: dict[str, tuple[str, str]] = {}
