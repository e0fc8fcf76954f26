"""core/classroom.py: the presenter's view, questions answered once per student, the presenter's key, and
the Redis store — a real redis-server started here, stopped mid-test to check the fallback and the resume."""

import shutil
import subprocess
import time
from contextlib import contextmanager

import pytest

from core import classroom as cr


@contextmanager
def redis_server(sock):
    """A private redis-server on a unix socket (no TCP port, no persistence); stopped on exit."""
    proc = subprocess.Popen(
        ["redis-server", "--port", "0", "--unixsocket", str(sock), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while not sock.exists():
            assert proc.poll() is None and time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.05)
        yield proc
    finally:
        proc.terminate()
        proc.wait(10)


needs_redis = pytest.mark.skipif(not shutil.which("redis-server"), reason="apt-get install redis-server")


@pytest.fixture
def redis_url(tmp_path):
    if not shutil.which("redis-server"):
        pytest.skip("apt-get install redis-server")
    sock = tmp_path / "redis.sock"
    with redis_server(sock):
        yield f"unix://{sock}"


@pytest.fixture(params=["memory", "redis"])
def room(request, tmp_path):
    if request.param == "memory":
        yield cr.Classroom()
        return
    if not shutil.which("redis-server"):
        pytest.skip("apt-get install redis-server")
    sock = tmp_path / "redis.sock"
    with redis_server(sock):
        yield cr.Classroom(cr.RedisStore(f"unix://{sock}"))


def q3(**kw):
    return cr.typed_question("Which?", ["a", "b", "c"], {1}, **kw)


def test_published_views_get_new_versions_and_are_seen(room):
    assert room.snapshot() == (None, None)
    v1 = room.publish("attention", {"lang": "en", "att_step": "1"})
    v2 = room.publish("attention", {"lang": "en", "att_step": "2"})
    assert v2.version > v1.version and v2.at >= v1.at
    view, q = room.snapshot()
    assert (view.page, view.params, view.stamp) == ("attention", {"lang": "en", "att_step": "2"}, v2.stamp)
    assert q is None


def test_each_student_answers_once_and_counts_add_up(room):
    q = q3()
    assert not room.answer(q.id, "s1", (0,))  # nothing is open yet
    room.open_question(q)
    assert room.snapshot()[1].id == q.id
    assert room.answer(q.id, "s1", (1,))
    assert not room.answer(q.id, "s1", (2,))  # a second answer is refused, the first one stays
    assert room.answer(q.id, "s2", (2,))
    assert room.answer(q.id, "s3", (1,))
    answers = room.answers(q.id)
    assert answers == {"s1": (1,), "s2": (2,), "s3": (1,)}
    assert cr.counts(q, list(answers.values())) == [0, 2, 1]


def test_reveal_and_a_new_question_drops_the_old_answers(room):
    q = q3()
    room.open_question(q)
    room.answer(q.id, "s1", (1,))
    assert not room.snapshot()[1].revealed
    room.reveal("other")  # a stale reveal changes nothing
    assert not room.snapshot()[1].revealed
    room.reveal(q.id)
    assert room.snapshot()[1].revealed and room.snapshot()[1].answer == {1}
    second = cr.typed_question("Next?", ["x", "y"], {0})
    room.open_question(second)
    assert not room.answer(q.id, "s2", (1,))  # the old question is closed
    assert room.answers(second.id) == {}
    room.close_question()
    assert room.snapshot()[1] is None


def test_a_tour_question_keeps_both_languages(room):
    class T:
        def __init__(self, question, choices):
            self.question, self.choices = question, choices

    class Step:
        texts = {"zh": T("哪个？", ["甲", "乙"]), "en": T("Which?", ["one", "two"])}
        answer = frozenset({0, 1})
        several = True

    q = cr.tour_question(Step())
    room.open_question(q)
    seen = room.snapshot()[1]
    assert seen.text("zh") == ("哪个？", ("甲", "乙")) and seen.text("en") == ("Which?", ("one", "two"))
    assert seen.several and seen.answer == {0, 1}
    room.answer(q.id, "s1", (0, 1))
    assert cr.counts(seen, list(room.answers(q.id).values())) == [1, 1]


@pytest.mark.parametrize(
    "text, choices, answer, several",
    [
        ("", ["a", "b"], {0}, False),
        ("Q", ["a"], {0}, False),
        ("Q", ["a", "  "], {0}, False),
        ("Q", ["a", "b"], {2}, False),
        ("Q", ["a", "b"], set(), False),
        ("Q", ["a", "b"], {0, 1}, False),
        ("Q", [str(i) for i in range(cr.MAX_CHOICES + 1)], {0}, False),
        ("x" * (cr.MAX_TEXT + 1), ["a", "b"], {0}, False),
    ],
)
def test_a_typed_question_that_is_not_one_is_refused(text, choices, answer, several):
    with pytest.raises(ValueError):
        cr.typed_question(text, choices, answer, several)


def test_the_key_is_compared_and_failures_are_limited():
    check = cr.KeyCheck("s3cret", per_session=5, per_process=8, window=60)
    mine, other = [], []
    assert check.check("s3cret", mine, now=0) == "ok"
    assert [check.check("wrong", mine, now=1) for _ in range(5)] == ["bad"] * 5
    assert check.check("s3cret", mine, now=2) == "locked"  # even the right key, from this session
    assert check.check("s3cret", other, now=2) == "ok"  # another session is not locked by this one…
    assert [check.check("nope", other, now=3) for _ in range(3)] == ["bad"] * 3
    third = []
    assert check.check("s3cret", third, now=4) == "locked"  # …until the process has seen 8 failures
    assert check.check("s3cret", mine, now=62) == "ok"  # a minute later, all is forgiven
    assert check.check("s3cret", third, now=64) == "ok"


def test_without_a_key_nobody_presents():
    assert cr.KeyCheck(None).check("", []) == "off"
    assert cr.KeyCheck("").check("anything", []) == "off"


def test_a_classroom_without_redis_is_not_shared():
    assert cr.Classroom().shared is None


@needs_redis
def test_two_workers_share_the_class_through_redis(redis_url):
    one, two = cr.Classroom(cr.RedisStore(redis_url)), cr.Classroom(cr.RedisStore(redis_url))
    v = one.publish("space", {"lang": "zh"})
    assert two.snapshot()[0].stamp == v.stamp
    q = q3()
    one.open_question(q)
    assert two.answer(q.id, "s9", (2,))
    assert one.answers(q.id) == {"s9": (2,)}
    assert one.shared and two.shared


@needs_redis
def test_redis_going_away_and_coming_back(tmp_path, monkeypatch):
    monkeypatch.setattr(cr, "RETRY_S", 0.2)
    sock = tmp_path / "redis.sock"
    url = f"unix://{sock}"
    with redis_server(sock) as server:
        presenter, student = cr.Classroom(cr.RedisStore(url)), cr.Classroom(cr.RedisStore(url))
        presenter.publish("why", {"lang": "zh"})
        q = q3()
        presenter.open_question(q)
        assert student.snapshot()[1].id == q.id and student.shared
        server.terminate()
        server.wait(10)
    # Redis is gone: no exception anywhere; each process goes on with what it knew, alone.
    v = presenter.publish("attention", {"lang": "en"})
    assert presenter.shared is False
    assert presenter.snapshot()[0].stamp == v.stamp
    assert student.snapshot()[0].page == "why" and student.shared is False  # the last view it saw
    assert student.answer(q.id, "s1", (1,))  # answered on its own worker
    assert presenter.answers(q.id) == {}
    presenter.reveal(q.id)
    sock.unlink(missing_ok=True)
    with redis_server(sock):  # an empty Redis, as after a restart
        time.sleep(0.25)
        deadline = time.monotonic() + 5
        while not (presenter.snapshot() and student.snapshot() and presenter.shared and student.shared):
            assert time.monotonic() < deadline, "the class did not resume"
            time.sleep(0.05)
        view, seen = student.snapshot()
        assert (view.page, view.params) == ("attention", {"lang": "en"})  # the presenter's, written back
        assert seen.id == q.id and seen.revealed
        assert presenter.answers(q.id) == {"s1": (1,)}  # the student's, written back
        assert not student.answer(q.id, "s1", (0,))
        v2 = presenter.publish("space", {"lang": "en"})
        assert student.snapshot()[0].stamp == v2.stamp


def test_a_dead_redis_costs_no_exception_and_little_time(monkeypatch, tmp_path):
    room = cr.Classroom(cr.RedisStore(f"unix://{tmp_path}/nothing.sock"))
    t0 = time.perf_counter()
    for _ in range(50):
        room.publish("why", {"lang": "zh"})
        room.snapshot()
    assert room.shared is False
    assert time.perf_counter() - t0 < 2
    assert room.snapshot()[0].page == "why"


@pytest.mark.parametrize("url", ["not a url", "redis://127.0.0.1:1/0"])
def test_a_bad_or_dead_redis_url_leaves_a_working_classroom(monkeypatch, url):
    monkeypatch.setenv(cr.REDIS_ENV, url)
    monkeypatch.setattr(cr, "_classroom", None)
    room = cr.classroom()
    room.publish("why", {"lang": "en"})
    assert room.snapshot()[0].params == {"lang": "en"}
