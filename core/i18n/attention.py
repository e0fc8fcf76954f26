"""UI strings of the attention page: key -> (中文, English)."""

STRINGS: dict[str, tuple[str, str]] = {}
