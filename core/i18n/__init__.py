"""Every UI string in both languages. Each page owns one module here holding
STRINGS = {"key": ("中文", "English")}; keys are prefixed by the page ("train.start").
`text(key, lang, **params)` formats one string; a missing key is a bug and raises KeyError.
English counts agree with their noun through a plural field: "{n} {n:|token|tokens}" gives "1 token",
"2 tokens" (Chinese has no plural and writes just "{n} 个词")."""

import string
from importlib import import_module

_MODULES = (
    "common",
    "errors",
    "why",
    "train",
    "space",
    "attention",
    "transformer",
    "arc",
    "views",
    "tour",
    "classroom",
)


def _load() -> dict[str, tuple[str, str]]:
    merged: dict[str, tuple[str, str]] = {}
    for name in _MODULES:
        strings = import_module(f"{__name__}.{name}").STRINGS
        clash = merged.keys() & strings.keys()
        if clash:  # not `assert`: python -O would skip it and one module would silently win
            raise ValueError(f"i18n keys defined in two modules: {sorted(clash)}")
        merged.update(strings)
    return merged


STRINGS = _load()


class _Plural(string.Formatter):
    """str.format, plus the format spec "|one|many": `one` if the value is 1, else `many`."""

    def format_field(self, value, format_spec):
        if format_spec.startswith("|"):
            one, many = format_spec[1:].split("|")
            return one if value == 1 else many
        return super().format_field(value, format_spec)


_FORMAT = _Plural()


def text(key: str, lang: str = "zh", **params) -> str:
    zh, en = STRINGS[key]
    s = zh if lang == "zh" else en
    return _FORMAT.format(s, **params) if params else s


def error_text(err, lang: str = "zh", params: dict | None = None) -> str:
    """The translated message of a core.errors.LabError (its English text if no translation exists),
    filled with `params` instead of the error's own if given (e.g. escaped for Markdown)."""
    key = f"error.{err.code}"
    if key not in STRINGS:
        return str(err)
    try:
        return text(key, lang, **(err.params if params is None else params))
    except (KeyError, IndexError):
        return str(err)
