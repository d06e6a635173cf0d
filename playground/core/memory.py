"""Give freed memory back to the system after the app drops large arrays.

Saving a digit rebuilds the training set and its split (tens of MB), and glibc keeps the freed
blocks for reuse rather than returning them, so over an hour of saving the resident size only
grew although the memory in use stayed flat. After such a rebuild, and when scenes change, the
app asks the C library to hand back what it no longer uses; elsewhere this does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from collections.abc import Callable
from functools import cache


@cache
def _trim() -> Callable[[int], int] | None:
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name).malloc_trim if name else None
    except (OSError, AttributeError):  # not glibc: no malloc_trim, nothing to do
        return None


def release_freed_memory() -> None:
    trim = _trim()
    if trim is not None:
        trim(0)
