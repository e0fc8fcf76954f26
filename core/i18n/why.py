"""UI strings of the why page: key -> (中文, English)."""

STRINGS: dict[str, tuple[str, str]] = {}
