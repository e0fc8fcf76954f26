"""The classroom: the presenter's view that following students mirror, and live questions answered once per
student. Two stores behind one interface: in process (one `streamlit run app.py`, the default) and Redis
(`LATENT_LAB_REDIS_URL`, several workers behind nginx). `Classroom` is what the app uses: Redis when it is
configured and reachable, else this process alone; it never raises because Redis went away, says so
(`shared`), and writes back what changed meanwhile once Redis answers again.

The presenter is whoever gives `LATENT_LAB_TEACHER_KEY`: compared in constant time, failed attempts limited
per session and per process (`KeyCheck`); without the variable nobody can present."""

from __future__ import annotations

import collections
import hmac
import itertools
import json
import logging
import os
import secrets
import threading
import time
from dataclasses import dataclass, field, replace
from typing import Protocol

log = logging.getLogger("latent_lab.classroom")

KEY_ENV = "LATENT_LAB_TEACHER_KEY"
REDIS_ENV = "LATENT_LAB_REDIS_URL"
LANGS = ("zh", "en")
MAX_CHOICES = 8
MAX_TEXT = 500  # a question or a choice typed on the spot
TTL_S = 12 * 3600  # Redis forgets a class after a day's lectures
RETRY_S = 1.0  # after Redis failed, this process works alone this long before asking again
TIMEOUT_S = 0.3  # one Redis call; a page rerun must not wait on a dead server


@dataclass(frozen=True)
class View:
    """What the presenter shows: a page and its link parameters (lang included), stamped when published."""

    page: str
    params: dict[str, str]
    version: int
    at: float  # time.time() of publishing: followers' lag is measured from it

    @property
    def stamp(self) -> tuple[int, float]:
        """What a follower compares: versions alone could repeat between Redis and a process's own count."""
        return self.version, self.at


@dataclass(frozen=True)
class Question:
    """A question the presenter opened: its text and choices per language, the right choices (0-based)."""

    id: str
    texts: dict[str, tuple[str, tuple[str, ...]]]  # lang -> (question, choices)
    answer: frozenset[int]
    several: bool = False  # choose all that apply
    revealed: bool = False
    at: float = 0.0

    def text(self, lang: str) -> tuple[str, tuple[str, ...]]:
        """(question, choices) in `lang`, else in the language it was written in."""
        return self.texts.get(lang) or next(iter(self.texts.values()))

    @property
    def n_choices(self) -> int:
        return len(self.text(LANGS[0])[1])


def typed_question(text: str, choices: list[str], answer: set[int], several: bool = False) -> Question:
    """A question typed on the spot (the same text in both languages); ValueError if it is not one:
    empty text, fewer than 2 or more than MAX_CHOICES choices, a right answer that is not a choice."""
    text = text.strip()
    choices = [c.strip() for c in choices if c.strip()]
    if not text or len(text) > MAX_TEXT or any(len(c) > MAX_TEXT for c in choices):
        raise ValueError("text")
    if not 2 <= len(choices) <= MAX_CHOICES:
        raise ValueError("choices")
    if not answer or not all(0 <= i < len(choices) for i in answer) or (len(answer) > 1 and not several):
        raise ValueError("answer")
    pair = (text, tuple(choices))
    return Question(secrets.token_hex(6), {lang: pair for lang in LANGS}, frozenset(answer), several)


def tour_question(step) -> Question:
    """A question from a lesson's step (core.tour.Step: texts per language, the right choices)."""
    texts = {lang: (t.question, tuple(t.choices)) for lang, t in step.texts.items()}
    return Question(secrets.token_hex(6), texts, frozenset(step.answer), bool(step.several))


def counts(q: Question, answers: list[tuple[int, ...]]) -> list[int]:
    """How many students chose each choice of `q` (a student choosing several counts for each)."""
    out = [0] * q.n_choices
    for chosen in answers:
        for i in chosen:
            if 0 <= i < len(out):
                out[i] += 1
    return out


# ---------------------------------------------------------------- the stores


class Store(Protocol):
    def publish(self, page: str, params: dict[str, str]) -> View: ...
    def snapshot(self) -> tuple[View | None, Question | None]: ...
    def open_question(self, q: Question) -> None: ...
    def reveal(self, qid: str) -> None: ...
    def close_question(self) -> None: ...
    def answer(self, qid: str, student: str, chosen: tuple[int, ...]) -> bool: ...
    def answers(self, qid: str) -> dict[str, tuple[int, ...]]: ...


class MemoryStore:
    """The class in this process's memory (thread-safe: every session's script runs in its own thread)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._versions = itertools.count(1)
        self.view: View | None = None
        self.question: Question | None = None
        self._answers: dict[str, dict[str, tuple[int, ...]]] = {}

    def publish(self, page, params, at=None, version=None) -> View:
        with self._lock:
            v = View(page, dict(params), version or next(self._versions), time.time() if at is None else at)
            self.view = v
            return v

    def snapshot(self):
        with self._lock:
            return self.view, self.question

    def open_question(self, q):
        with self._lock:
            if self.question is None or self.question.id != q.id:
                self._answers = {q.id: self._answers.get(q.id, {})}
            self.question = q

    def reveal(self, qid):
        with self._lock:
            if self.question is not None and self.question.id == qid:
                self.question = replace(self.question, revealed=True)

    def close_question(self):
        with self._lock:
            self.question, self._answers = None, {}

    def answer(self, qid, student, chosen) -> bool:
        """True if recorded: the question is the open one and this student had not answered it."""
        with self._lock:
            if self.question is None or self.question.id != qid:
                return False
            given = self._answers.setdefault(qid, {})
            if student in given:
                return False
            given[student] = tuple(chosen)
            return True

    def answers(self, qid):
        with self._lock:
            return dict(self._answers.get(qid, {}))


def _question_json(q: Question) -> str:
    texts = {lang: [text, list(choices)] for lang, (text, choices) in q.texts.items()}
    fields = dict(id=q.id, texts=texts, answer=sorted(q.answer), several=q.several, revealed=q.revealed)
    return json.dumps({**fields, "at": q.at})


def _question_from(raw) -> Question | None:
    if not raw:
        return None
    d = json.loads(raw)
    texts = {lang: (text, tuple(choices)) for lang, (text, choices) in d["texts"].items()}
    return Question(d["id"], texts, frozenset(d["answer"]), d["several"], d["revealed"], d["at"])


class RedisStore:
    """The class in Redis, shared by every worker. Raises redis's errors: `Classroom` handles them."""

    def __init__(self, url: str, prefix: str = "latentlab"):
        import redis
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        self.r = redis.Redis.from_url(
            url,
            socket_timeout=TIMEOUT_S,
            socket_connect_timeout=TIMEOUT_S,
            retry=Retry(NoBackoff(), 0),  # no retry: the caller falls back at once
            decode_responses=True,
        )
        self.k = {name: f"{prefix}:{name}" for name in ("view", "version", "question")}
        self.prefix = prefix

    def _answers_key(self, qid: str) -> str:
        return f"{self.prefix}:answers:{qid}"

    def ping(self) -> None:
        self.r.ping()

    def publish(self, page, params, at=None, version=None) -> View:
        version = int(self.r.incr(self.k["version"]))
        v = View(page, dict(params), version, time.time() if at is None else at)
        raw = json.dumps({"page": page, "params": v.params, "version": version, "at": v.at})
        self.r.set(self.k["view"], raw, ex=TTL_S)
        return v

    def snapshot(self):
        raw_view, raw_q = self.r.mget(self.k["view"], self.k["question"])
        view = None
        if raw_view:
            d = json.loads(raw_view)
            view = View(d["page"], d["params"], d["version"], d["at"])
        return view, _question_from(raw_q)

    def open_question(self, q):
        self.r.set(self.k["question"], _question_json(q), ex=TTL_S)

    def reveal(self, qid):
        q = _question_from(self.r.get(self.k["question"]))
        if q is not None and q.id == qid:
            self.open_question(replace(q, revealed=True))

    def close_question(self):
        self.r.delete(self.k["question"])

    def answer(self, qid, student, chosen) -> bool:
        q = _question_from(self.r.get(self.k["question"]))
        if q is None or q.id != qid:
            return False
        key = self._answers_key(qid)
        added = self.r.hsetnx(key, student, json.dumps(list(chosen)))  # once per student, atomically
        self.r.expire(key, TTL_S)
        return bool(added)

    def answers(self, qid):
        return {s: tuple(json.loads(c)) for s, c in self.r.hgetall(self._answers_key(qid)).items()}


# ---------------------------------------------------------------- what the app uses


class Classroom:
    """The process's classroom. With a Redis store: every write and read goes to Redis and is kept in this
    process's memory too; when Redis fails, this process goes on from its memory (`shared` turns False) and
    asks Redis again every RETRY_S; once it answers, what was written meanwhile (the view, the question, the
    answers) is written back and the class is shared again. Without one: memory only (`shared` is None)."""

    def __init__(self, remote: RedisStore | None = None):
        self.remote = remote
        self.local = MemoryStore()
        self._lock = threading.Lock()
        self._down_since: float | None = None
        self._next_try = 0.0
        self._dirty: set[str] = set()  # "view", "question", "answers": written while Redis was away

    @property
    def shared(self) -> bool | None:
        """None: one process, nothing to share; True: through Redis; False: Redis unreachable, alone."""
        if self.remote is None:
            return None
        return self._down_since is None

    def _call(self, name: str, *args, dirty: str | None = None):
        """remote.name(*args), and the same on the local store; the local result if Redis is away."""
        if self.remote is not None and self._remote_ok():
            try:
                result = getattr(self.remote, name)(*args)
            except Exception as err:  # any failure of Redis (refused, timeout, reset, OOM…) means: alone
                self._went_away(err)
            else:
                self._mirror(name, args, result)
                return result
        if dirty:
            with self._lock:
                self._dirty.add(dirty)
        return getattr(self.local, name)(*args)

    def _mirror(self, name: str, args: tuple, result) -> None:
        """Keep this process's memory up to date, so that it can go on alone with the latest state."""
        if name == "snapshot":
            view, q = result
            if view is not None and (self.local.view is None or view.stamp != self.local.view.stamp):
                self.local.publish(view.page, view.params, view.at, view.version)
            if q is None:
                if self.local.question is not None:
                    self.local.close_question()
            elif self.local.question != q:
                self.local.open_question(q)
        elif name == "publish":
            self.local.publish(result.page, result.params, result.at, result.version)
        elif name != "answers":
            getattr(self.local, name)(*args)

    def _remote_ok(self) -> bool:
        """Is Redis to be asked now? After a failure, once per RETRY_S: a ping, then the write-back."""
        with self._lock:
            if self._down_since is None:
                return True
            if time.monotonic() < self._next_try:
                return False
            self._next_try = time.monotonic() + RETRY_S
        try:
            self.remote.ping()
            self._write_back()
        except Exception as err:
            self._went_away(err)
            return False
        with self._lock:
            log.warning("classroom: Redis is back after %.0f s", time.monotonic() - self._down_since)
            self._down_since = None
        return True

    def _went_away(self, err: Exception) -> None:
        with self._lock:
            if self._down_since is None:
                log.warning(
                    "classroom: Redis unreachable, this process goes on alone (%s)", type(err).__name__
                )
                self._down_since = time.monotonic()
            self._next_try = time.monotonic() + RETRY_S

    def _write_back(self) -> None:
        """What this process wrote while alone, to Redis: the newest view, the open question, its answers."""
        with self._lock:
            dirty, self._dirty = self._dirty, set()
        try:
            view, q = self.local.snapshot()
            if "view" in dirty and view is not None:
                self.remote.publish(view.page, view.params, view.at)
            if "question" in dirty:
                self.remote.open_question(q) if q is not None else self.remote.close_question()
            if q is not None and dirty & {"question", "answers"}:
                for student, chosen in self.local.answers(q.id).items():
                    self.remote.answer(q.id, student, chosen)
        except Exception:
            with self._lock:
                self._dirty |= dirty
            raise

    # -- the interface
    def publish(self, page: str, params: dict[str, str]) -> View:
        """Make (page, params) the presenter's view; returns it with its new version."""
        return self._call("publish", page, dict(params), dirty="view")

    def snapshot(self) -> tuple[View | None, Question | None]:
        """(the presenter's latest view, the open question), either None when there is none."""
        return self._call("snapshot")

    def open_question(self, q: Question) -> None:
        """`q` becomes the class's question (replacing any other, whose answers are dropped)."""
        self._call("open_question", replace(q, revealed=False, at=q.at or time.time()), dirty="question")

    def reveal(self, qid: str) -> None:
        """Show everyone the right answer of question `qid` (if it is still the open one)."""
        self._call("reveal", qid, dirty="question")

    def close_question(self) -> None:
        self._call("close_question", dirty="question")

    def answer(self, qid: str, student: str, chosen: tuple[int, ...]) -> bool:
        """Record `student`'s answer to the open question `qid`; False if it is not open or they answered."""
        return self._call("answer", qid, student, tuple(chosen), dirty="answers")

    def answers(self, qid: str) -> dict[str, tuple[int, ...]]:
        """Every answer to `qid` so far: student -> chosen choices."""
        return self._call("answers", qid)


_classroom: Classroom | None = None
_classroom_lock = threading.Lock()


def classroom() -> Classroom:
    """This process's classroom: through Redis if LATENT_LAB_REDIS_URL is set, else in memory."""
    global _classroom
    with _classroom_lock:
        if _classroom is None:
            url = os.environ.get(REDIS_ENV, "").strip()
            remote = None
            if url:
                try:
                    remote = RedisStore(url)
                except Exception as err:  # no redis package, a malformed URL: this process alone
                    log.error("classroom: %s=%r unusable (%s); this process alone", REDIS_ENV, url, err)
            _classroom = Classroom(remote)
        return _classroom


# ---------------------------------------------------------------- the presenter's key


@dataclass
class KeyCheck:
    """Checks a presenter key against `secret` in constant time, refusing every attempt (even the right key)
    once `per_session` failures of one session, or `per_process` failures of all sessions, fell within the
    last `window` seconds."""

    secret: str | None
    per_session: int = 5
    per_process: int = 20
    window: float = 60.0
    _failures: collections.deque = field(default_factory=collections.deque)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def check(self, given: str, session_failures: list[float], now: float | None = None) -> str:
        """ "ok", "bad" (wrong key; recorded in `session_failures` and the process's count), "locked" (too
        many failures lately; nothing compared) or "off" (no key configured: nobody can present)."""
        if not self.secret:
            return "off"
        now = time.monotonic() if now is None else now
        session_failures[:] = [t for t in session_failures if now - t < self.window]
        with self._lock:
            while self._failures and now - self._failures[0] >= self.window:
                self._failures.popleft()
            if len(session_failures) >= self.per_session or len(self._failures) >= self.per_process:
                return "locked"
            if hmac.compare_digest(given.encode("utf-8", "replace"), self.secret.encode("utf-8")):
                return "ok"
            self._failures.append(now)
        session_failures.append(now)
        return "bad"


_key_check: KeyCheck | None = None


def key_check() -> KeyCheck:
    """The process's KeyCheck for LATENT_LAB_TEACHER_KEY (read once per process)."""
    global _key_check
    with _classroom_lock:
        if _key_check is None:
            _key_check = KeyCheck(os.environ.get(KEY_ENV) or None)
        return _key_check
