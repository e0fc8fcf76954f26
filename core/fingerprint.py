"""One cache key for arrays: the pages cache what they compute from large matrices under this key
instead of letting Streamlit hash the matrices on every call."""

import hashlib

import numpy as np


def fingerprint(*arrays) -> str:
    """A 32-hex-digit digest of the arrays' shapes, dtypes and bytes, in order (None counts as a value of
    its own): equal for equal arrays, different when any shape, dtype or element differs."""
    h = hashlib.blake2b(digest_size=16)
    for a in arrays:
        if a is None:
            h.update(b"None;")
            continue
        a = np.ascontiguousarray(a)
        h.update(f"{a.dtype.str}{a.shape};".encode())
        h.update(a.data)
    return h.hexdigest()
