"""How many threads torch, BLAS and OpenMP may use inside a block: the one home for that setting.

The app's matrices are small and the machine is shared (a class on one laptop, 2 cores): a second thread
gains nothing on them and collapses many-fold whenever anything else uses a core (bench/RESULTS.md). So
core functions run their arithmetic inside `torch_threads(1)` / `one_blas_thread()`, from many sessions'
threads at once, and these blocks must leave the process as they found it whatever order they end in.

- torch: `torch.set_num_threads` sets the calling thread's OpenMP count, and also the process-wide count
  that every thread starts with when it first uses torch. Saving and restoring around each call is wrong
  when blocks overlap: a thread that starts while another block is open reads that block's 1 as its
  "before", and if it ends last it leaves every later thread of the process on one thread. So the first
  of overlapping blocks records the process's setting, and each thread's outermost block restores that.
- BLAS (OpenBLAS under numpy/scipy): its thread count is process-wide only, and threadpoolctl (≥ 3.8)
  lets one thread at a time control it: a limit set from another thread while one is in force is ignored,
  and a limit must be lifted by the thread that set it. So users take turns (a re-entrant lock, so blocks
  nest) and each lifts its own limit; BLAS-limited work of two sessions runs one after the other.
- OpenMP libraries other than torch (sklearn's t-SNE): per calling thread, so a plain threadpoolctl block.
"""

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import torch
from threadpoolctl import threadpool_limits

_torch_lock = threading.Lock()
_torch_users = 0  # torch_threads blocks open, in all threads
_torch_process = 0  # torch's setting when the first of them opened
_torch_stack = threading.local()  # .previous: per thread, the setting each open block restores
_blas_turn = threading.RLock()


@contextmanager
def torch_threads(n: int = 1) -> Iterator[None]:
    """Run the calling thread's torch work on `n` threads inside the block; other threads keep theirs.
    Nests; overlapping blocks in many threads leave torch's setting as the process had it. A generator
    holding the block (a training run) must be finished or closed in the thread that started it."""
    global _torch_users, _torch_process
    with _torch_lock:
        if _torch_users == 0:
            _torch_process = torch.get_num_threads()
        _torch_users += 1
        stack = _torch_stack.__dict__.setdefault("previous", [])
        # a thread's outermost block restores the process's setting: this thread's own reading may be
        # another block's n, inherited when the thread first used torch
        stack.append(torch.get_num_threads() if stack else _torch_process)
        if torch.get_num_threads() != n:  # switching the count costs; re-setting the same one is skipped
            torch.set_num_threads(n)
    try:
        yield
    finally:
        with _torch_lock:
            _torch_users -= 1
            previous = stack.pop()
            if _torch_users == 0 or torch.get_num_threads() != previous:
                torch.set_num_threads(previous)  # the last block always sets it: the process-wide count


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """numpy/scipy BLAS on one thread inside the block (process-wide: other threads' blocks wait)."""
    with _blas_turn, threadpool_limits(limits=1, user_api="blas"):
        yield


@contextmanager
def one_openmp_thread() -> Iterator[None]:
    """OpenMP libraries (sklearn's t-SNE, torch's own pool) on one thread for the calling thread."""
    with threadpool_limits(limits=1, user_api="openmp"):
        yield
