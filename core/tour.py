"""Lessons kept as data: predict-then-reveal questions on the lecture's claims, one TOML file per lesson
(lessons/*.toml, the format in README.md under "Lessons"). Read, checked and answered here; the Lesson page
(pages/tour.py) only shows them."""

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from core import links
from core.errors import LabError
from core.lecture import PAGES

LANGS = ("zh", "en")
CLAIMS = tuple(f"C{i}" for i in range(1, 16))  # the lecture's claims (lecture/README.md)
BUNDLED = "tour"  # lessons/tour.toml: C1–C15 in the lecture's order
MAX_KB = 256  # a lesson is a page of text; anything larger is not one
STEP_FIELDS = {"claim", "page", "answer", "params", *LANGS}
TEXT_FIELDS = {"title", "text", "question", "choices", "explain", "params"}


@dataclass(frozen=True)
class Text:
    """One step in one language."""

    title: str  # the claim in a few words
    text: str  # two or three sentences
    question: str
    choices: tuple[str, ...]
    explain: str  # shown once the student has answered


@dataclass(frozen=True)
class Step:
    claim: str  # "C1" … "C15"
    page: str  # one of core.lecture.PAGES: where the view that shows the claim lives
    answer: frozenset[int]  # the right choices, 0-based
    several: bool  # the file gave a list: "choose all that apply"
    params: dict[str, dict[str, str]]  # language -> the view's link parameters (shared ones merged in)
    texts: dict[str, Text]  # language -> text

    def check(self, chosen: Iterable[int]) -> bool:
        """True when `chosen` (0-based choice indices) is exactly the right answer."""
        return frozenset(chosen) == self.answer


@dataclass(frozen=True)
class Lesson:
    name: str  # the file's stem: the lesson's name in a link (?lesson=…)
    titles: dict[str, str]  # language -> title
    steps: tuple[Step, ...]


def load(path: Path) -> Lesson:
    """The lesson in `path`, checked; LabError with the first problem found."""
    path = Path(path)
    if path.stat().st_size > MAX_KB * 1024:
        raise LabError("file_too_large", f"{path.name} is larger than {MAX_KB} KB", limit_mb=MAX_KB / 1024)
    try:
        source = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise LabError("file_encoding", f"{path.name} is not UTF-8") from None
    return parse(source, path.stem)


def load_all(folder: Path) -> tuple[dict[str, Lesson], list[LabError]]:
    """Every lessons/*.toml that is well formed (name -> lesson, the bundled tour first, then by name),
    and the errors of those that are not: one teacher's typo must not take the others away."""
    lessons, errors = {}, []
    paths = sorted(Path(folder).glob("*.toml"), key=lambda p: (p.stem != BUNDLED, p.stem))
    for path in paths:
        try:
            lessons[path.stem] = load(path)
        except LabError as err:
            errors.append(err)
    return lessons, errors


def parse(source: str, name: str) -> Lesson:
    """The lesson written in `source` (TOML), checked: every step has its fields in both languages, a
    known page and claim, as many choices in each language, and an answer among them."""
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as err:
        found = re.search(r"line (\d+)", str(err))
        line = int(found[1]) if found else source.count("\n") + 1  # "at end of document"
        raise LabError("lesson_toml", f"{name}: not valid TOML (line {line})", name=name, line=line) from None
    steps = data.get("step")
    if not isinstance(steps, list) or not steps or not all(isinstance(s, dict) for s in steps):
        raise LabError("lesson_empty", f"{name}: no [[step]] tables", name=name)
    titles = data.get("title", {})
    titles = {lang: str(titles.get(lang) or name) if isinstance(titles, dict) else name for lang in LANGS}
    return Lesson(name, titles, tuple(_step(s, name, n) for n, s in enumerate(steps, 1)))


def _step(raw: dict, name: str, n: int) -> Step:
    """Step number `n` (1-based, as the error messages count) of lesson `name`."""

    def field(table: dict, key: str, kind: type, where: str = ""):
        value = table.get(key)
        if not isinstance(value, kind) or isinstance(value, bool) or (isinstance(value, str) and not value):
            raise LabError(
                "lesson_field",
                f"{name}, step {n}: {where}{key} missing or wrong",
                name=name,
                step=n,
                field=where + key,
            )
        return value

    unknown = sorted(set(raw) - STEP_FIELDS) + [
        f"{lang}.{k}"
        for lang in LANGS
        if isinstance(raw.get(lang), dict)
        for k in raw[lang]
        if k not in TEXT_FIELDS
    ]
    if unknown:
        raise LabError(
            "lesson_unknown",
            f"{name}, step {n}: unknown field {unknown[0]}",
            name=name,
            step=n,
            field=unknown[0],
        )
    claim, page = field(raw, "claim", str), field(raw, "page", str)
    if claim not in CLAIMS:
        raise LabError(
            "lesson_claim", f"{name}, step {n}: unknown claim {claim}", name=name, step=n, claim=claim
        )
    if page not in PAGES:
        raise LabError(
            "lesson_page",
            f"{name}, step {n}: unknown page {page}",
            name=name,
            step=n,
            page=page,
            pages=", ".join(PAGES),
        )
    shared = _params(raw, name, n, "", page)
    texts, params = {}, {}
    for lang in LANGS:
        table = field(raw, lang, dict)
        where = f"{lang}."
        choices = field(table, "choices", list, where)
        if len(choices) < 2 or not all(isinstance(c, str) and c for c in choices):
            raise LabError(
                "lesson_field",
                f"{name}, step {n}: {where}choices",
                name=name,
                step=n,
                field=where + "choices",
            )
        texts[lang] = Text(
            field(table, "title", str, where),
            field(table, "text", str, where),
            field(table, "question", str, where),
            tuple(choices),
            field(table, "explain", str, where),
        )
        params[lang] = shared | _params(table, name, n, where, page)
    zh, en = (len(texts[lang].choices) for lang in LANGS)
    if zh != en:
        raise LabError(
            "lesson_choices",
            f"{name}, step {n}: {zh} choices in Chinese, {en} in English",
            name=name,
            step=n,
            zh=zh,
            en=en,
        )
    answer = raw.get("answer")
    several = isinstance(answer, list)
    numbers = answer if several else [answer]
    if not numbers or not all(isinstance(a, int) and not isinstance(a, bool) for a in numbers):
        raise LabError("lesson_field", f"{name}, step {n}: answer", name=name, step=n, field="answer")
    wrong = [a for a in numbers if not 1 <= a <= zh]
    if wrong or len(set(numbers)) != len(numbers):
        bad = wrong[0] if wrong else numbers[0]
        raise LabError(
            "lesson_answer",
            f"{name}, step {n}: answer {bad} is not one of 1…{zh}",
            name=name,
            step=n,
            answer=bad,
            n=zh,
        )
    return Step(claim, page, frozenset(a - 1 for a in numbers), several, params, texts)


def _params(table: dict, name: str, n: int, where: str, page: str) -> dict[str, str]:
    """A step's `params` table: link parameter -> value as a URL carries it (text), each one a choice of
    `page` (or the sidebar's) that core.links accepts — a view the link can really open."""
    params = table.get("params", {})
    if not isinstance(params, dict) or not all(isinstance(v, str) for v in params.values()):
        raise LabError(
            "lesson_field", f"{name}, step {n}: {where}params", name=name, step=n, field=where + "params"
        )
    allowed = links.SIDEBAR | links.CHOICES[page]
    for key, value in params.items():
        if key not in allowed or links.parse({key: value})[1]:
            raise LabError(
                "lesson_param",
                f"{name}, step {n}: {key} = {value} is not a choice of the page {page}",
                name=name,
                step=n,
                param=f"{key} = {value}",
                page=page,
            )
    return dict(params)


def step_index(raw: str | None, n: int) -> int | None:
    """The 0-based step of `raw`, a 1-based step number as a link carries it; None unless it is one of
    1…n."""
    raw = (raw or "").strip()
    if not raw.isdecimal() or len(raw) > 6:  # int() of a 5,000-digit string raises
        return None
    i = int(raw)
    return i - 1 if 1 <= i <= n else None
