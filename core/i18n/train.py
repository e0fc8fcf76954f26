"""UI strings of the train page: key -> (中文, English)."""

STRINGS: dict[str, tuple[str, str]] = {}
