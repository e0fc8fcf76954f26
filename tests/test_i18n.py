"""The string tables of core.i18n: both languages, the same placeholders, no key defined twice, no key
that nothing uses, and every key the code asks for (literally or built from a documented prefix) exists."""

import ast
import string
from pathlib import Path

import pytest

from core import i18n, lecture
from core.corpus import load_categories
from ui import transformer_charts

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "core" / "i18n"
CODE = [
    ROOT / "app.py",
    *sorted((ROOT / "pages").glob("*.py")),
    *sorted((ROOT / "ui").glob("*.py")),
    *sorted(p for p in (ROOT / "core").rglob("*.py") if I18N not in p.parents),
]


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), str(path))


def _constant(path: Path, name: str):
    """The literal value assigned to the module-level `name` in `path` (pages import streamlit, so the
    test reads their constants instead of importing them)."""
    for node in _tree(path).body:
        targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
        if any(isinstance(t, ast.Name) and t.id == name for t in targets):
            return ast.literal_eval(node.value)
    raise LookupError(f"{name} not found in {path}")


# Functions that build a LabError from their first argument, the code (core/vectors.py: _bad(code, line, …),
# which adds the param `line`): name -> params they add.
ERROR_BUILDERS = {"LabError": set(), "_bad": {"line"}}
# Where a LabError's code may be a variable: inside _bad itself, and core/reading.py re-raising here the
# LabError its child process raised (whose code was checked where the child raised it).
VARIABLE_CODE = {"vectors.py", "reading.py"}


def _lab_error_calls():
    """(path, code, keyword names or None when **params hides them) of every LabError(...) in the code."""
    for path in CODE:
        for node in ast.walk(_tree(path)):
            builder_body = path.name in VARIABLE_CODE and _is_builder_body(node)
            if _callee(node) in ERROR_BUILDERS and not builder_body:
                assert node.args and isinstance(node.args[0], ast.Constant), f"{path}:{node.lineno}: code"
                names = [k.arg for k in node.keywords]
                yield (
                    path,
                    node.args[0].value,
                    None if None in names else set(names) | ERROR_BUILDERS[_callee(node)],
                )


def _is_builder_body(node: ast.Call) -> bool:
    """A LabError(code, …) whose code is a variable (a builder's parameter, a re-raised error's code)."""
    return _callee(node) == "LabError" and bool(node.args) and isinstance(node.args[0], ast.Name)


def _callee(node: ast.AST) -> str:
    """The called name of a Call node (`t` for both t(...) and ui.t(...)), else ''."""
    return getattr(node.func, "id", getattr(node.func, "attr", "")) if isinstance(node, ast.Call) else ""


def _categories() -> set[str]:
    return {c for path in (ROOT / "corpora").glob("*.categories.tsv") for c in load_categories(path).values()}


PAGES = (*lecture.PAGES, "tour")  # and the Lesson page, pages/tour.py (ui.header, nav.tour)
BLOCKS = list(transformer_charts.BLOCKS)  # the figure module names the blocks
KINDS = _constant(ROOT / "core" / "translation_model.py", "KINDS")  # the three kinds of attention
MODES = ("train", "infer")

# The keys the code builds at run time: prefix -> every suffix it appends (where it is built; where the
# suffixes come from). A key under one of these prefixes counts as used only if its suffix is listed;
# every listed suffix must resolve. A new f"prefix.{x}" in the code needs a line here.
DYNAMIC: dict[str, set[str]] = {
    "nav.": set(PAGES),  # app.py: t(f"nav.{name}") for PAGES
    "error.": {code for _, code, _ in _lab_error_calls()},  # i18n.error_text: f"error.{err.code}"
    "train.state.": {"running", "paused", "stopped", "done", "failed"},  # train_charts: TrainJob.state
    "why.pinv.": {"square", "square_extrapolated", "pinv", "step", "ref_cubic", "ref_linear", "seconds"},
    "space.cat.": _categories(),  # ui.category_name: corpora/*.categories.tsv
    "space.matrix_": {"W", "W_prime"},  # pages/space.py format_func
    "space.metric_": {"cosine", "euclidean"},
    "space.highlight_": {"neighbour", "query"},
    "space.tab_": set(_constant(ROOT / "pages" / "space.py", "SECTIONS")),
    "attention.step_": set(_constant(ROOT / "ui" / "attention_panels.py", "STEPS")),
    "attention.explain_": set(_constant(ROOT / "ui" / "attention_panels.py", "STEPS")),
    "attention.source_": {"model", "onehot", "integers"},
    "space.forces_verdict_": {"clear", "moderate", "weak", "none"},  # ui/space_panels.py, core.facts.Pull
    "space.wwp_fact_": {"all", "most", "few"},  # ui/space_panels.py wwp_panel
    "transformer.replay_": {"aligned", "focused", "flat"},  # ui/transformer_attention.py replay_panel
    "attention.mask_": {"none", "causal", "padding"},
    "attention.which_": {"learned", "random", "identity", "hand"},  # ui/attention_learned.which_weights
    "attention.init_": {"learned", "random", "identity", "hand"},  # ui/attention_learned.py SOURCES
    "attention.section_": {"steps", "heads", "cbow", "perm"},
    "attention.": {"unscaled", "scaled"},  # the saturation curves' names
    "transformer.b_": set(BLOCKS),  # b_{block}, else b_{block}_{mode}
    "transformer.x_": set(BLOCKS),
    "transformer.kind_": {*KINDS, *(f"{kind}_explain" for kind in KINDS)},  # ui/transformer_attention.py
    "transformer.view_": set(_constant(ROOT / "ui" / "transformer_attention.py", "VIEWS")),
    "transformer.ablate_": {*_constant(ROOT / "ui" / "transformer_attention.py", "MODES"), "changed", "same"},
}
PER_PAGE = ("title", "intro")  # ui.header: t(f"{page}.title") for PAGES
PER_MODE = ("transformer.b_", "transformer.x_")  # the key may be split by MODES instead


def _expected(prefix: str, suffix: str) -> list[str]:
    """The key(s) the code reads for one suffix: one key, or one per mode when the page falls back."""
    key = prefix + suffix
    if prefix in PER_MODE and key not in i18n.STRINGS:
        return [f"{key}_{mode}" for mode in MODES]
    return [key]


def _placeholders(s: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(s) if name is not None}


def test_every_key_has_both_languages_with_the_same_placeholders():
    for key, pair in i18n.STRINGS.items():
        assert isinstance(pair, tuple) and len(pair) == 2, key
        zh, en = pair
        assert zh.strip() and en.strip(), f"{key}: empty translation"
        assert _placeholders(zh) == _placeholders(en), f"{key}: {_placeholders(zh)} != {_placeholders(en)}"


def test_placeholders_are_found_by_the_formatter():
    # guards the helper above: a check that found no placeholders anywhere could never fail
    assert _placeholders("{a} and {b:.2f} but not {{c}}") == {"a", "b"}
    assert sum(bool(_placeholders(zh)) for zh, _ in i18n.STRINGS.values()) > 50


def _written_twice(tree: ast.AST) -> set[str]:
    """Keys written more than once in one dict literal (Python silently keeps the last)."""
    twice = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            keys = [k.value for k in node.keys if isinstance(k, ast.Constant)]
            twice |= {k for k in keys if keys.count(k) > 1}
    return twice


@pytest.mark.parametrize("path", sorted(I18N.glob("*.py")), ids=lambda p: p.name)
def test_no_key_is_written_twice_in_one_module(path):
    assert not _written_twice(_tree(path)), path.name


def test_a_key_written_twice_is_found():
    source = 'S = {"a.b": ("甲", "a"), "a.c": ("", ""), "a.b": ("乙", "b")}'
    assert _written_twice(ast.parse(source)) == {"a.b"}


def test_a_key_defined_in_two_modules_fails_the_import(monkeypatch):
    import types

    a, b = types.ModuleType("a"), types.ModuleType("b")
    a.STRINGS, b.STRINGS = {"x.same": ("甲", "a")}, {"x.same": ("乙", "b")}
    monkeypatch.setattr(i18n, "import_module", {"core.i18n.a": a, "core.i18n.b": b}.__getitem__)
    monkeypatch.setattr(i18n, "_MODULES", ("a", "b"))
    with pytest.raises(ValueError, match="x.same"):
        i18n._load()


def test_every_module_is_loaded():
    assert set(i18n._MODULES) == {p.stem for p in I18N.glob("*.py")} - {"__init__"}


def _literals() -> set[str]:
    return {
        node.value
        for path in CODE
        for node in ast.walk(_tree(path))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }


def test_every_key_is_used():
    literals = _literals()
    built = {key for prefix, suffixes in DYNAMIC.items() for s in suffixes for key in _expected(prefix, s)}
    built |= {f"{page}.{part}" for page in PAGES for part in PER_PAGE}
    dead = sorted(set(i18n.STRINGS) - literals - built)
    assert not dead, f"defined but never used in app.py, pages/, core/: {dead}"


def test_every_built_key_resolves():
    missing = [
        key
        for prefix, suffixes in DYNAMIC.items()
        for s in suffixes
        for key in _expected(prefix, s)
        if key not in i18n.STRINGS
    ]
    per_page = [f"{page}.{part}" for page in PAGES for part in PER_PAGE]
    missing += [key for key in per_page if key not in i18n.STRINGS]
    assert not missing, missing
    assert all(DYNAMIC.values()), "a prefix whose suffixes were not found"


def test_every_prefix_in_the_allow_list_is_built_by_the_code():
    """The allow-list holds no stale prefixes: each appears as the text before an f-string's (or a
    concatenation's) first field."""
    starts = set()
    for path in [*CODE, I18N / "__init__.py"]:
        for node in ast.walk(_tree(path)):
            first = (
                node.values[0]
                if isinstance(node, ast.JoinedStr) and node.values
                else (node.left if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add) else None)
            )
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                starts.add(first.value)
    named = {f"attention.{p}_" for p in ("source", "mask", "init", "section")}  # f"attention.{prefix}_"
    assert "attention." in starts
    assert not [p for p in DYNAMIC if p not in starts and p not in named]


def test_literal_keys_passed_to_t_exist():
    unknown = []
    for path in CODE:
        for node in ast.walk(_tree(path)):
            if _callee(node) in ("t", "text") and node.args and isinstance(node.args[0], ast.Constant):
                key = node.args[0].value
                if key not in i18n.STRINGS:
                    unknown.append(f"{path.relative_to(ROOT)}:{node.lineno}: {key}")
    assert not unknown, unknown


def test_every_error_message_gets_the_params_it_formats():
    """Each LabError's params fill its message's placeholders (else error_text falls back to English)."""
    bad = []
    for path, code, params in _lab_error_calls():
        needed = _placeholders(i18n.STRINGS[f"error.{code}"][0])
        if params is not None and not needed <= params:
            bad.append(f"{path.relative_to(ROOT)}: {code} lacks {sorted(needed - params)}")
    assert not bad, bad


def test_english_counts_agree_with_their_noun():
    from core.i18n import _FORMAT

    assert _FORMAT.format("{n} {n:|token|tokens}, {x:.1f}", n=1, x=0.25) == "1 token, 0.2"
    assert _FORMAT.format("{n} {n:|token|tokens}", n=2) == "2 tokens"
    assert i18n.text("attention.explain_output", "en", T=1, d_out=1).count(
        "1 row (C14), each of d_out = 1 dimension."
    )
    assert "T = 3 rows" in i18n.text("attention.explain_output", "en", T=3, d_out=4)
    assert "The 1 nearest neighbour of" in i18n.text("space.neighbours_of", "en", k=1, word="x", d=2)
    zh = i18n.text("attention.explain_output", "zh", T=1, d_out=1)
    assert "|" not in zh and "row" not in zh  # Chinese has no plural: the same text for every count
