"""core.threads: blocks that limit threads, used from many sessions' threads at once and nested, leave the
process with the setting it had."""

import threading

import pytest
import torch
from threadpoolctl import threadpool_info

from core.threads import one_blas_thread, one_openmp_thread, torch_threads

PROCESS = 3  # not 1 and not the core count, so a restored setting cannot be mistaken for a default


@pytest.fixture(autouse=True)
def process_setting():
    before = torch.get_num_threads()
    torch.set_num_threads(PROCESS)
    yield
    torch.set_num_threads(before)


def in_new_thread(fn):
    """fn()'s result, called in a thread that never used torch before (it starts from the process's count)."""
    out = []
    th = threading.Thread(target=lambda: out.append(fn()))
    th.start()
    th.join(10)
    return out[0]


def test_torch_threads_restores_the_setting():
    before = torch.get_num_threads()
    with torch_threads(1):
        assert torch.get_num_threads() == 1
        with torch_threads(1):
            assert torch.get_num_threads() == 1
        assert torch.get_num_threads() == 1
    assert torch.get_num_threads() == before


def test_nested_blocks_restore_the_enclosing_setting():
    with torch_threads(1):
        assert torch.get_num_threads() == 1
        with torch_threads(1):
            assert torch.get_num_threads() == 1
        assert torch.get_num_threads() == 1
    assert torch.get_num_threads() == PROCESS
    with torch_threads(2):
        with torch_threads(1):
            assert torch.get_num_threads() == 1
        assert torch.get_num_threads() == 2
    assert torch.get_num_threads() == PROCESS
    assert in_new_thread(torch.get_num_threads) == PROCESS


def test_a_block_sets_only_its_own_thread():
    inside, release, seen = threading.Event(), threading.Event(), {}

    def user():
        with torch_threads(1):
            seen["inside"] = torch.get_num_threads()
            inside.set()
            release.wait(10)

    th = threading.Thread(target=user)
    th.start()
    inside.wait(10)
    seen["main meanwhile"] = torch.get_num_threads()
    release.set()
    th.join(10)
    assert seen == {"inside": 1, "main meanwhile": PROCESS}


def test_overlapping_blocks_ending_out_of_order_restore_the_process_setting():
    """A opens; B, a thread new to torch, opens (it first reads A's 1); A ends; B ends last. Saving and
    restoring around each block would leave the whole process on B's "before": one thread."""
    a_in, b_in, a_end, b_end = (threading.Event() for _ in range(4))
    seen = {}

    def a():
        with torch_threads(1):
            a_in.set()
            a_end.wait(10)

    def b():
        with torch_threads(1):
            seen["b inside"] = torch.get_num_threads()
            b_in.set()
            b_end.wait(10)
        seen["b after"] = torch.get_num_threads()

    ta, tb = threading.Thread(target=a), threading.Thread(target=b)
    ta.start()
    a_in.wait(10)
    tb.start()
    b_in.wait(10)
    a_end.set()
    ta.join(10)
    b_end.set()
    tb.join(10)
    assert seen == {"b inside": 1, "b after": PROCESS}
    assert torch.get_num_threads() == PROCESS
    assert in_new_thread(torch.get_num_threads) == PROCESS


def test_a_thread_that_used_torch_gets_one_thread_while_another_block_is_open():
    """Counting users is not enough: the second block must still set its own thread's count."""
    inside, release = threading.Event(), threading.Event()

    def other():
        with torch_threads(1):
            inside.set()
            release.wait(10)

    th = threading.Thread(target=other)
    th.start()
    inside.wait(10)
    assert torch.get_num_threads() == PROCESS  # this thread has used torch: it has its own count
    with torch_threads(1):
        seen = torch.get_num_threads()
    release.set()
    th.join(10)
    assert seen == 1 and torch.get_num_threads() == PROCESS


def test_many_threads_with_nested_blocks_leave_the_process_setting():
    start = threading.Barrier(8)
    seen = []

    def user(i):
        start.wait(10)
        for _ in range(50):
            with torch_threads(1 + i % 2):
                with torch_threads(1):
                    seen.append(torch.get_num_threads())
                seen.append(torch.get_num_threads() - (1 + i % 2))  # 0: the enclosing count is back

    workers = [threading.Thread(target=user, args=(i,)) for i in range(8)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(30)
    assert sorted(set(seen)) == [0, 1] and len(seen) == 8 * 50 * 2
    assert torch.get_num_threads() == PROCESS
    assert in_new_thread(torch.get_num_threads) == PROCESS


def blas_threads():
    return [lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"]


def test_blas_users_in_many_threads_each_get_one_thread_and_nest():
    """Users take turns; each, in whatever thread, gets one BLAS thread (threadpoolctl ignores a limit
    set from a second thread while the first thread's is in force), also after an earlier user in
    another thread ended, and also nested."""
    before = blas_threads()
    ones = [1] * len(before)
    with one_blas_thread():  # an earlier user, in the main thread
        assert blas_threads() == ones
    assert blas_threads() == before
    start, seen = threading.Barrier(4), []

    def user():
        start.wait(10)
        with one_blas_thread():
            outer = blas_threads()
            with one_blas_thread():
                seen.append((outer, blas_threads()))
            seen.append((outer, blas_threads()))

    workers = [threading.Thread(target=user) for _ in range(4)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(10)
    assert seen == [(ones, ones)] * 8
    assert blas_threads() == before


def test_openmp_limit_is_per_thread_and_restored():
    with one_openmp_thread():
        inside = torch.get_num_threads()  # torch's OpenMP is one of the libraries limited
        other = in_new_thread(torch.get_num_threads)
    assert (inside, other, torch.get_num_threads()) == (1, PROCESS, PROCESS)
