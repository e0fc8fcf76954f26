"""UI strings of the space page: key -> (中文, English)."""

STRINGS: dict[str, tuple[str, str]] = {}
