"""UI strings of the transformer page: key -> (中文, English)."""

STRINGS: dict[str, tuple[str, str]] = {}
